"""An election cycle (2021, 2026) and the rules it carries as data (filled from
cycle_defaults.py, edited by administrators)."""

from django.db import models


class Cycle(models.Model):
    """An election cycle (2021, 2026) and the rules it carries as data."""

    code = models.CharField("mã chu kỳ", max_length=8, unique=True)
    name = models.CharField("tên", max_length=200)
    na_term = models.CharField("khóa Quốc hội", max_length=50, blank=True)
    council_term = models.CharField("nhiệm kỳ HĐND", max_length=50, blank=True)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    forms_resolution = models.CharField(
        "nghị quyết biểu mẫu", max_length=200, blank=True
    )
    admin_levels = models.JSONField("các cấp hành chính", default=list)
    contest_kinds = models.JSONField("các cuộc bầu cử", default=list)
    max_seats = models.JSONField("số đại biểu tối đa mỗi đơn vị", default=dict)
    candidate_surplus = models.JSONField("số dư người ứng cử tối thiểu", default=dict)
    entitlements = models.JSONField("phạm vi bỏ phiếu theo nơi cư trú", default=dict)
    turnout_slots = models.JSONField("mốc báo cáo tiến độ mặc định", default=list)
    body_sizes = models.JSONField(
        "số thành viên tổ chức phụ trách bầu cử", default=dict
    )
    deadlines = models.JSONField(
        "mốc thời gian (ngày so với ngày bầu cử)", default=dict
    )
    forms = models.JSONField("danh mục biểu mẫu", default=dict)

    class Meta:
        verbose_name = "chu kỳ bầu cử"
        verbose_name_plural = "chu kỳ bầu cử"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)
