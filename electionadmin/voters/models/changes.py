"""The changes to the lists (biến động): one per removal, transfer, certificate,
addition or receipt."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from electionadmin.setup.models import Election, VotingArea

from .entries import VoterEntry


class VoterChange(models.Model):
    """A change to the list after it was made (biến động cử tri), with who and why."""

    class Kind(models.TextChoices):
        ADD = "add", "Bổ sung vào danh sách"
        REMOVE = "remove", "Xóa tên khỏi danh sách"
        TRANSFER = "transfer", "Chuyển khu vực bỏ phiếu"
        CERTIFICATE_ISSUED = (
            "certificate_issued",
            "Cấp giấy chứng nhận bỏ phiếu nơi khác",
        )
        CERTIFICATE_RECEIVED = (
            "certificate_received",
            "Tiếp nhận cử tri có giấy chứng nhận",
        )

    class Reason(models.TextChoices):
        # additions
        NEWLY_ELIGIBLE = "newly_eligible", "Đủ 18 tuổi, trở về hoặc bị sót tên"
        RIGHTS_RESTORED = "rights_restored", "Được khôi phục quyền bầu cử"
        MOVED_IN = "moved_in", "Chuyển đến cư trú"
        # removals (as VoterEntry.RemovalReason)
        DIED = "died", "Chết"
        LOST_RIGHTS = "lost_rights", "Bị tước hoặc không đủ điều kiện quyền bầu cử"
        MOVED_AWAY = "moved_away", "Chuyển đi nơi khác"
        DUPLICATE = "duplicate", "Ghi trùng"
        # transfers
        PERMANENT_MOVE = "permanent_move", "Chuyển nơi thường trú"
        TEMPORARY_MOVE = "temporary_move", "Chuyển đến tạm trú và xin bỏ phiếu ở đó"
        DETAINED = "detained", "Bị tạm giam, tạm giữ hoặc đưa vào cơ sở bắt buộc"
        OTHER = "other", "Lý do khác"

    election = models.ForeignKey(
        Election, models.CASCADE, related_name="+", verbose_name="cuộc bầu cử"
    )
    kind = models.CharField("loại biến động", max_length=20, choices=Kind.choices)
    reason = models.CharField("lý do", max_length=20, choices=Reason.choices)
    note = models.TextField("diễn giải", blank=True)
    document = models.CharField(
        "văn bản, giấy tờ", max_length=200, blank=True, help_text="Số, ngày văn bản."
    )
    electronic = models.BooleanField("giấy chứng nhận điện tử (VNeID)", default=False)
    old_entry = models.ForeignKey(
        VoterEntry,
        models.RESTRICT,  # kept by Django: the table cannot hold the constraint
        db_constraint=False,  # PostgreSQL: no foreign key to a partitioned table's id
        null=True,
        blank=True,
        related_name="changes_out",
        verbose_name="mục bị xóa/chuyển đi",
    )
    new_entry = models.ForeignKey(
        VoterEntry,
        models.RESTRICT,  # kept by Django: the table cannot hold the constraint
        db_constraint=False,  # PostgreSQL: no foreign key to a partitioned table's id
        null=True,
        blank=True,
        related_name="changes_in",
        verbose_name="mục được ghi tên",
    )
    from_area = models.ForeignKey(
        VotingArea,
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="từ khu vực",
    )
    to_area = models.ForeignKey(
        VotingArea,
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đến khu vực",
    )
    origin = models.CharField(
        "nơi cấp giấy chứng nhận",
        max_length=300,
        blank=True,
        help_text="Khi cử tri đến từ nơi ngoài cuộc bầu cử này.",
    )
    effective_at = models.DateTimeField("có hiệu lực từ")
    recorded_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi nhận",
    )

    class Meta:
        verbose_name = "biến động cử tri"
        verbose_name_plural = "biến động cử tri"
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["election", "kind"], name="voterchange_election_kind")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(old_entry__isnull=False) | Q(new_entry__isnull=False),
                name="voterchange_touches_an_entry",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.new_entry or self.old_entry}"
