"""Election day: turnout figures per reporting slot, the mark that counting has
started, and the tokens the submission API accepts. (The voters on each area's list
they are checked against are the voter list's: voters.models.AreaListCount.)

Domain words are defined in this app's README.md.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from electionadmin.setup.models import (
    AdminUnit,
    Contest,
    Election,
    ElectoralUnit,
    VotingArea,
)

OVERALL = Q(contest__isnull=True)
PER_CONTEST = Q(contest__isnull=False)
FIRST_ROUND = Q(round__isnull=True)
LATER_ROUND = Q(round__isnull=False)
# The rounds after the first (results.models.Round without "first"): a figure of
# the first round has no round, so the first round's rows and queries stay as
# they were before rounds.
LATER_ROUNDS = [
    ("reelection", "Bầu cử lại"),
    ("supplementary", "Bầu cử thêm"),
]


class TurnoutFigure(models.Model):
    """Voters who had voted in one voting area by one reporting slot.

    Overall (no contest) or for one contest. `voters_on_list` is the list the figure
    was checked against when it was saved; roll-ups use the current list.
    """

    class Source(models.TextChoices):
        SCREEN = "screen", "Nhập trên màn hình"
        API = "api", "Gửi qua giao diện lập trình"
        IMPORT = "import", "Nhập từ tệp"

    election = models.ForeignKey(
        Election, models.CASCADE, related_name="+", verbose_name="cuộc bầu cử"
    )
    voting_area = models.ForeignKey(
        VotingArea,
        models.CASCADE,
        related_name="turnout_figures",
        verbose_name="khu vực bỏ phiếu",
    )
    # Copies of voting_area.commune and of the area's unit in the contest, so the
    # roll-ups group this table alone.
    commune = models.ForeignKey(
        AdminUnit,
        models.CASCADE,
        db_constraint=False,
        related_name="+",
        verbose_name="xã/phường",
    )
    contest = models.ForeignKey(
        Contest,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cuộc bầu cử theo cấp",
        help_text="Để trống: số chung của khu vực bỏ phiếu.",
    )
    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị bầu cử",
    )
    slot = models.CharField("mốc báo cáo", max_length=5)
    round = models.CharField(
        "lần bầu cử",
        max_length=14,
        choices=LATER_ROUNDS,
        null=True,
        blank=True,
        help_text="Để trống: bầu cử lần đầu.",
    )
    voters_voted = models.PositiveIntegerField("số cử tri đã bỏ phiếu")
    voters_on_list = models.PositiveIntegerField("số cử tri trong danh sách")
    warnings = models.JSONField("cảnh báo", default=list, blank=True)
    source = models.CharField(
        "nguồn", max_length=10, choices=Source.choices, default=Source.SCREEN
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    entered_at = models.DateTimeField("nhập lúc")

    class Meta:
        verbose_name = "số liệu tiến độ bỏ phiếu"
        verbose_name_plural = "số liệu tiến độ bỏ phiếu"
        ordering = ["voting_area", "contest", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["voting_area", "slot"],
                condition=OVERALL & FIRST_ROUND,
                name="turnoutfigure_one_overall_per_slot",
            ),
            models.UniqueConstraint(
                fields=["voting_area", "contest", "slot"],
                condition=PER_CONTEST & FIRST_ROUND,
                name="turnoutfigure_one_per_contest_slot",
            ),
            models.UniqueConstraint(
                fields=["voting_area", "round", "slot"],
                condition=OVERALL & LATER_ROUND,
                name="turnoutfigure_one_overall_per_round_slot",
            ),
            models.UniqueConstraint(
                fields=["voting_area", "contest", "round", "slot"],
                condition=PER_CONTEST & LATER_ROUND,
                name="turnoutfigure_one_per_contest_round_slot",
            ),
            models.CheckConstraint(
                condition=Q(voters_voted__lte=F("voters_on_list")),
                name="turnoutfigure_voted_within_list",
            ),
            models.CheckConstraint(
                condition=Q(contest__isnull=True) | Q(electoral_unit__isnull=False),
                name="turnoutfigure_unit_with_contest",
            ),
        ]
        indexes = [
            models.Index(
                fields=["election", "commune", "slot"], name="turnoutfigure_commune"
            )
        ]

    def __str__(self):
        scope = self.contest.key if self.contest_id else "chung"
        when = f", {self.get_round_display().lower()}" if self.round else ""
        return f"KVBP {self.voting_area.key} lúc {self.slot} ({scope}{when})"

    def clean(self):
        known = None not in (self.voters_voted, self.voters_on_list)
        if known and self.voters_voted > self.voters_on_list:
            raise ValidationError(
                {
                    "voters_voted": f"Số cử tri đã bỏ phiếu ({self.voters_voted}) "
                    f"lớn hơn số cử tri trong danh sách ({self.voters_on_list})."
                }
            )


class CountingStartQuerySet(models.QuerySet):
    def live(self):
        """The marks standing (not undone)."""
        return self.filter(undone_at__isnull=True)


class CountingStart(models.Model):
    """ "Bắt đầu kiểm phiếu": the team (or its commune on its behalf) records that
    counting has started in its area, after a confirmation; an undo keeps the row
    (`undone_at`) and the area may record it again. At most one standing mark per
    area; counting progress reads the standing marks (results/progress.py)."""

    voting_area = models.ForeignKey(
        VotingArea,
        models.CASCADE,
        related_name="counting_starts",
        verbose_name="khu vực bỏ phiếu",
    )
    started_at = models.DateTimeField("bắt đầu kiểm phiếu lúc")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi nhận",
    )
    undone_at = models.DateTimeField("hủy ghi nhận lúc", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người hủy ghi nhận",
    )

    objects = CountingStartQuerySet.as_manager()

    class Meta:
        verbose_name = "bắt đầu kiểm phiếu"
        verbose_name_plural = "bắt đầu kiểm phiếu"
        constraints = [
            models.UniqueConstraint(
                fields=["voting_area"],
                condition=Q(undone_at__isnull=True),
                name="countingstart_one_standing_mark_per_area",
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(undone_at__gte=F("started_at")),
                name="countingstart_undone_after_started",
            ),
        ]

    def __str__(self):
        return f"Bắt đầu kiểm phiếu: {self.voting_area}"

    def clean(self):
        if self.undone_at and self.undone_at < self.started_at:
            raise ValidationError(
                {"undone_at": "Không thể hủy trước thời điểm bắt đầu kiểm phiếu."}
            )


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A key for the turnout submission API; only its digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="turnout_tokens",
        verbose_name="người dùng",
    )
    name = models.CharField("tên gợi nhớ", max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "khóa gửi số liệu"
        verbose_name_plural = "khóa gửi số liệu"

    def __str__(self):
        return f"{self.user} - {self.name or self.pk}"

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """A new token and its key (shown once; only the digest is kept)."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=token_digest(key)), key
