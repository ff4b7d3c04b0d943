"""Audit trail: who changed which legal record, when, from where, what changed and why.

Append-only: entries are written through log.py and never changed or deleted by the
app; the viewer (admin.py) has no add, change or delete, not even for a superuser.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Thêm mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xóa"
        IMPORT = "import", "Nhập từ tệp"
        OTHER = "other", "Khác"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, models.SET_NULL, null=True, blank=True, verbose_name="loại hồ sơ"
    )
    object_id = models.CharField("mã hồ sơ", max_length=64, blank=True)
    object_repr = models.CharField("hồ sơ", max_length=300, blank=True)
    changes = models.JSONField("nội dung thay đổi", default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)
    election_code = models.CharField("cuộc bầu cử", max_length=30, blank=True)
    # The address the request came from (None: a command or a background task).
    client_address = models.GenericIPAddressField(
        "địa chỉ máy", null=True, blank=True, unpack_ipv4=True
    )

    class Meta:
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"
