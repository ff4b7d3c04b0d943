"""The committee's certification of a contest's results, and the snapshot of the
results it publishes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from electionadmin.setup.models import (
    Contest,
)

from .counting import (
    Round,
)


class Certification(models.Model):
    """The committee's confirmation of a contest's results: locks its minutes."""

    contest = models.ForeignKey(
        Contest, models.PROTECT, related_name="+", verbose_name="cuộc bầu cử theo cấp"
    )
    round = models.CharField(
        "lần bầu cử", max_length=14, choices=Round.choices, default=Round.FIRST
    )
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name="người xác nhận",
    )
    certified_at = models.DateTimeField("thời điểm xác nhận", auto_now_add=True)
    note = models.TextField("ghi chú", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người hủy xác nhận",
    )
    revoked_at = models.DateTimeField("thời điểm hủy xác nhận", null=True, blank=True)
    revoke_reason = models.TextField("lý do hủy xác nhận", blank=True)

    class Meta:
        verbose_name = "xác nhận kết quả"
        verbose_name_plural = "xác nhận kết quả"
        ordering = ["contest", "round", "-certified_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "round"],
                condition=Q(revoked_at__isnull=True),
                name="certification_one_active_per_contest_round",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certification_revoke_reason_required",
            ),
        ]

    def __str__(self):
        return f"Xác nhận kết quả {self.contest.key} ({self.get_round_display()})"


class ResultSnapshot(models.Model):
    """A contest's results as certified, frozen: what the public site publishes.

    `data` is the contest's entry of `election_results` (EXCHANGE §5) at the moment
    of the certification (or of a later change, such as a winner's confirmation);
    `turnout` the turnout of its certified minutes per district (per commune where
    the cycle has no districts). A snapshot is never changed: a new fact makes a
    new version, and a revoked certification marks its snapshots withdrawn.
    `version` counts the snapshots of the whole election (1, 2, 3 …), so one number
    names one downloadable file.
    """

    election = models.ForeignKey(
        "setup.Election",
        models.PROTECT,
        related_name="result_snapshots",
        verbose_name="cuộc bầu cử",
    )
    contest = models.ForeignKey(
        Contest, models.PROTECT, related_name="+", verbose_name="cuộc bầu cử theo cấp"
    )
    certification = models.ForeignKey(
        Certification,
        models.PROTECT,
        related_name="snapshots",
        verbose_name="xác nhận kết quả",
    )
    version = models.PositiveIntegerField("phiên bản")
    data = models.JSONField("kết quả (EXCHANGE §5)")
    turnout = models.JSONField("tỷ lệ cử tri đi bầu theo địa bàn", default=list)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name="người lập",
    )
    taken_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người rút",
    )
    withdrawn_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    withdraw_reason = models.TextField("lý do thu hồi", blank=True)

    class Meta:
        verbose_name = "bản công bố kết quả"
        verbose_name_plural = "bản công bố kết quả"
        ordering = ["election", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "version"],
                name="resultsnapshot_one_version_number_per_election",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""),
                name="resultsnapshot_withdraw_reason_required",
            ),
        ]
        indexes = [models.Index(fields=["election", "withdrawn_at"])]

    def __str__(self):
        return f"Bản công bố kết quả {self.contest.key}, phiên bản {self.version}"

    def save(self, *args, **kwargs):
        # The figures once published stay as they were: withdrawal is an UPDATE of
        # the three withdrawal columns only (snapshots.withdraw).
        if not self._state.adding:
            raise ValueError("Bản công bố kết quả đã ghi thì không sửa được.")
        super().save(*args, **kwargs)
