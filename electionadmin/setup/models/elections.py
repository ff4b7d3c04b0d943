"""An election and its contests (one per tier held)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import rules
from .cycles import Cycle
from .units import AdminUnit, AdminUnitSet


class Election(models.Model):
    code = models.CharField("mã cuộc bầu cử", max_length=30, unique=True)
    name = models.CharField("tên", max_length=300)
    election_date = models.DateField("ngày bầu cử")
    cycle = models.ForeignKey(
        Cycle, models.PROTECT, related_name="elections", verbose_name="chu kỳ"
    )
    unit_set = models.ForeignKey(
        AdminUnitSet,
        models.PROTECT,
        related_name="elections",
        verbose_name="danh mục đơn vị hành chính",
    )
    province = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tỉnh/thành phố",
    )
    polls_open = models.TimeField("giờ bắt đầu bỏ phiếu", default=datetime.time(7, 0))
    polls_close = models.TimeField(
        "giờ kết thúc bỏ phiếu", default=datetime.time(19, 0)
    )
    turnout_slots = models.JSONField("mốc báo cáo tiến độ", default=list, blank=True)
    is_rehearsal = models.BooleanField(
        "bầu cử diễn tập",
        default=False,
        help_text="Cuộc bầu cử dùng để tập dượt: mọi màn hình và biểu mẫu in đều ghi "
        "rõ DIỄN TẬP, không công bố ra trang công khai, xóa được toàn bộ dữ liệu.",
    )

    class Meta:
        verbose_name = "cuộc bầu cử"
        verbose_name_plural = "cuộc bầu cử"
        ordering = ["-election_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(polls_open__lt=models.F("polls_close")),
                name="election_polls_open_before_close",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def natural_key(self):
        return (self.code,)

    def clean(self):
        if self.pk and self.election_date:
            self._check_early_voting()
        if self.unit_set_id and self.election_date:
            in_force = AdminUnitSet.objects.in_force_on(self.election_date)
            if not in_force.filter(pk=self.unit_set_id).exists():
                raise ValidationError(
                    {
                        "unit_set": "Danh mục đơn vị hành chính phải là danh mục có "
                        "hiệu lực vào ngày bầu cử."
                    }
                )

    def _check_early_voting(self):
        """Areas voting early must still vote before (or on) the new date."""
        late = self.voting_areas.filter(voting_date__gt=self.election_date)
        keys = [area.key for area in late.select_related("commune")[:5]]
        if keys:
            raise ValidationError(
                {
                    "election_date": f"Khu vực bỏ phiếu {', '.join(keys)} bỏ phiếu sớm "
                    f"sau ngày {self.election_date:%d/%m/%Y}; ngày bỏ phiếu sớm phải "
                    "trước ngày bầu cử. Sửa ngày bỏ phiếu sớm của các khu vực đó "
                    "trước."
                }
            )

    def slots(self) -> list[str]:
        return self.turnout_slots or list(self.cycle.turnout_slots)

    @property
    def list_posting_date(self) -> datetime.date:
        """The day the voter list is posted (the cycle's `voter_list_posted`)."""
        return rules.list_posting_date(self.election_date, self.cycle.deadlines)


class Contest(models.Model):
    """One council (or the National Assembly) elected on the day."""

    class Kind(models.TextChoices):
        QH = "QH", "Đại biểu Quốc hội"
        HDND_TINH = "HDND_TINH", "Đại biểu HĐND cấp tỉnh"
        HDND_HUYEN = "HDND_HUYEN", "Đại biểu HĐND cấp huyện"
        HDND_XA = "HDND_XA", "Đại biểu HĐND cấp xã"

    election = models.ForeignKey(
        Election, models.CASCADE, related_name="contests", verbose_name="cuộc bầu cử"
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    council_unit = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contests",
        verbose_name="đơn vị có HĐND được bầu",
    )
    name = models.CharField("tên", max_length=300, blank=True)
    total_seats = models.PositiveIntegerField("tổng số đại biểu", null=True, blank=True)

    class Meta:
        verbose_name = "cuộc bầu cử theo cấp"
        verbose_name_plural = "cuộc bầu cử theo cấp"
        ordering = ["election", "kind", "council_unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "kind"],
                condition=Q(council_unit__isnull=True),
                name="contest_one_qh_per_election",
            ),
            models.UniqueConstraint(
                fields=["election", "kind", "council_unit"],
                condition=Q(council_unit__isnull=False),
                name="contest_one_per_council",
            ),
            models.CheckConstraint(
                condition=Q(kind="QH", council_unit__isnull=True)
                | (~Q(kind="QH") & Q(council_unit__isnull=False)),
                name="contest_council_unit_iff_hdnd",
            ),
        ]

    def __str__(self):
        # By name, never the internal key: "HĐND phường Tân Định".
        if self.name:
            return self.name
        if self.kind == rules.QH or self.council_unit is None:
            return self.get_kind_display()
        unit = self.council_unit.name
        return f"HĐND {unit[:1].lower()}{unit[1:]}"

    @property
    def key(self) -> str:
        """Short form used in commands and JSON: `QH`, `HDND_XA:26734`."""
        if self.kind == rules.QH:
            return rules.QH
        return f"{self.kind}:{self.council_unit.code}"

    def clean(self):
        errors = {}
        cycle = self.election.cycle if self.election_id else None
        if cycle and self.kind not in cycle.contest_kinds:
            errors["kind"] = (
                f"Chu kỳ {cycle.code} không có cuộc bầu cử loại {self.kind}."
            )
        level = rules.KIND_COUNCIL_LEVEL.get(self.kind)
        if self.kind == rules.QH and self.council_unit_id:
            errors["council_unit"] = "Bầu cử đại biểu Quốc hội không ghi đơn vị HĐND."
        elif level and not self.council_unit_id:
            errors["council_unit"] = "Bầu cử HĐND phải ghi đơn vị hành chính có HĐND."
        elif level and self.council_unit.level != level:
            errors["council_unit"] = (
                f"Bầu cử {self.get_kind_display()} phải gắn với đơn vị cấp "
                f"{AdminUnit.Level(level).label.lower()}."
            )
        if errors:
            raise ValidationError(errors)
