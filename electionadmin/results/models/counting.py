"""The counting minutes of a voting area and contest, their double entry, their
versions, and the votes per candidate."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from electionadmin.setup.models import (
    Candidate,
    Contest,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)

from ..minutes_figures import FIGURE_LABELS, FIGURES


def _non_negative(names) -> Q:
    condition = Q()
    for name in names:
        condition &= Q(**{f"{name}__gte": 0})
    return condition


def _present(names) -> Q:
    return Q(**{f"{name}__isnull": False for name in names})


class MinutesFigures(models.Model):
    """The six figures of a counting minutes (docs/DOMAIN.md §6.2); empty until
    agreed."""

    voters_on_list = models.IntegerField(
        FIGURE_LABELS["voters_on_list"], null=True, blank=True
    )
    voters_voted = models.IntegerField(
        FIGURE_LABELS["voters_voted"], null=True, blank=True
    )
    ballots_issued = models.IntegerField(
        FIGURE_LABELS["ballots_issued"], null=True, blank=True
    )
    ballots_received = models.IntegerField(
        FIGURE_LABELS["ballots_received"], null=True, blank=True
    )
    valid = models.IntegerField(FIGURE_LABELS["valid"], null=True, blank=True)
    invalid = models.IntegerField(FIGURE_LABELS["invalid"], null=True, blank=True)

    class Meta:
        abstract = True

    def figures(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in FIGURES}


class Round(models.TextChoices):
    FIRST = "first", "Bầu cử lần đầu"
    REELECTION = "reelection", "Bầu cử lại"
    SUPPLEMENTARY = "supplementary", "Bầu cử thêm"


class CountingRecordQuerySet(models.QuerySet):
    def counted(self, include_unaccepted: bool = False):
        """Minutes that count for results: accepted (or, on request, agreed)."""
        statuses = CountingRecord.AGREED if include_unaccepted else CountingRecord.FINAL
        return self.filter(status__in=statuses)


class CountingRecord(MinutesFigures):
    """Biên bản kết quả kiểm phiếu: one per voting area × contest × round."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang nhập liệu"
        MISMATCH = "mismatch", "Hai lần nhập không khớp"
        ENTERED = "entered", "Nhập liệu xong"
        SUBMITTED = "submitted", "Đã gửi Ban bầu cử"
        ACCEPTED = "accepted", "Ban bầu cử đã chấp nhận"
        LOCKED = "locked", "Đã khóa (kết quả đã được xác nhận)"

    # Statuses whose record carries agreed figures, and those that count by law.
    AGREED = ("entered", "submitted", "accepted", "locked")
    FINAL = ("accepted", "locked")

    contest = models.ForeignKey(
        Contest, models.PROTECT, related_name="+", verbose_name="cuộc bầu cử theo cấp"
    )
    voting_area = models.ForeignKey(
        VotingArea,
        models.PROTECT,
        related_name="counting_records",
        verbose_name="khu vực bỏ phiếu",
    )
    # Denormalised from ElectoralUnitArea so results group without a join.
    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        models.PROTECT,
        related_name="counting_records",
        verbose_name="đơn vị bầu cử",
    )
    round = models.CharField(
        "lần bầu cử", max_length=14, choices=Round.choices, default=Round.FIRST
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    complaints = models.TextField(
        "khiếu nại, tố cáo (đã nhận, đã giải quyết, chuyển Ban bầu cử)", blank=True
    )
    remarks = models.TextField("ghi chú", blank=True)
    explanations = models.JSONField(
        "giải trình các cảnh báo",
        default=dict,
        blank=True,
        help_text="Mã cảnh báo -> lời giải trình; in vào phần ghi chú của biên bản.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    submitted_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chấp nhận",
    )
    accepted_at = models.DateTimeField("thời điểm chấp nhận", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = CountingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "biên bản kết quả kiểm phiếu"
        verbose_name_plural = "biên bản kết quả kiểm phiếu"
        ordering = ["contest", "voting_area__commune__code", "voting_area__number"]
        indexes = [
            models.Index(
                fields=["contest", "round", "status"],
                name="countingrecord_contest_status",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["voting_area", "contest", "round"],
                name="countingrecord_one_per_area_contest_round",
            ),
            models.CheckConstraint(
                condition=_non_negative(FIGURES),
                name="countingrecord_figures_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(valid=F("ballots_received") - F("invalid")),
                name="countingrecord_valid_plus_invalid_is_received",
            ),
            models.CheckConstraint(
                condition=Q(ballots_received__lte=F("ballots_issued")),
                name="countingrecord_received_within_issued",
            ),
            models.CheckConstraint(
                condition=Q(voters_voted__lte=F("voters_on_list")),
                name="countingrecord_voted_within_list",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "mismatch"]) | _present(FIGURES),
                name="countingrecord_figures_when_entered",
            ),
        ]

    def __str__(self):
        # The contest by name, never its internal key ("HĐND phường Tân Định").
        return f"Biên bản kiểm phiếu {self.contest} - KVBP {self.voting_area.key}"

    @property
    def has_figures(self) -> bool:
        return self.status in self.AGREED

    def votes_by_candidate(self) -> dict[int, int]:
        return dict(self.candidate_votes.values_list("candidate_id", "votes"))

    def clean(self):
        """The area must lie in a unit of the contest. The catalogue's checks of the
        figures (checks.py, with the area's other minutes and inventory) are the
        workflow's, at every step that writes them (workflow.py)."""
        if self.contest_id and self.voting_area_id:
            unit_id = unit_of_area(self.contest_id, self.voting_area_id)
            if unit_id is None:
                raise ValidationError(
                    {
                        "voting_area": "Khu vực bỏ phiếu không thuộc đơn vị bầu cử nào "
                        "của cuộc bầu cử này."
                    }
                )
            self.electoral_unit_id = unit_id


def unit_of_area(contest_id: int, area_id: int) -> int | None:
    return (
        ElectoralUnitArea.objects.filter(contest_id=contest_id, voting_area_id=area_id)
        .values_list("electoral_unit_id", flat=True)
        .first()
    )


class CandidateVotes(models.Model):
    """Số phiếu bầu cho một người ứng cử trên biên bản (the agreed figures)."""

    record = models.ForeignKey(
        CountingRecord,
        models.CASCADE,
        related_name="candidate_votes",
        verbose_name="biên bản",
    )
    candidate = models.ForeignKey(
        Candidate, models.PROTECT, related_name="+", verbose_name="người ứng cử"
    )
    votes = models.IntegerField("số phiếu bầu")

    class Meta:
        verbose_name = "số phiếu bầu cho người ứng cử"
        verbose_name_plural = "số phiếu bầu cho người ứng cử"
        constraints = [
            models.UniqueConstraint(
                fields=["record", "candidate"], name="candidatevotes_one_per_candidate"
            ),
            models.CheckConstraint(
                condition=Q(votes__gte=0), name="candidatevotes_votes_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.candidate}: {self.votes}"


class CountingEntry(MinutesFigures):
    """One typing (or import) of the paper minutes by one user: double entry."""

    class Source(models.TextChoices):
        SCREEN = "screen", "Nhập trên màn hình"
        IMPORT = "import", "Nhập từ tệp"

    record = models.ForeignKey(
        CountingRecord, models.CASCADE, related_name="entries", verbose_name="biên bản"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    source = models.CharField(
        "cách nhập", max_length=6, choices=Source.choices, default=Source.SCREEN
    )
    votes = models.JSONField("số phiếu bầu (mã người ứng cử -> số phiếu)", default=dict)
    created_at = models.DateTimeField("thời điểm nhập", auto_now_add=True)
    discarded_at = models.DateTimeField("thời điểm hủy", null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập biên bản"
        verbose_name_plural = "các lần nhập biên bản"
        ordering = ["record", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_non_negative(FIGURES),
                name="countingentry_figures_non_negative",
            ),
            models.CheckConstraint(
                condition=_present(FIGURES), name="countingentry_figures_present"
            ),
        ]

    def __str__(self):
        who = self.entered_by or "nhập từ tệp"
        return f"Lần nhập của {who} - {self.record}"

    def votes_by_candidate(self) -> dict[int, int]:
        return {int(key): value for key, value in self.votes.items()}


class CountingRecordVersion(models.Model):
    """The figures a record held before it was reopened: nothing is overwritten."""

    record = models.ForeignKey(
        CountingRecord, models.CASCADE, related_name="versions", verbose_name="biên bản"
    )
    number = models.PositiveIntegerField("phiên bản")
    status = models.CharField("trạng thái khi mở lại", max_length=10)
    snapshot = models.JSONField("nội dung biên bản")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người mở lại",
    )
    reopened_at = models.DateTimeField("thời điểm mở lại", auto_now_add=True)
    reason = models.TextField("lý do mở lại")

    class Meta:
        verbose_name = "phiên bản cũ của biên bản"
        verbose_name_plural = "phiên bản cũ của biên bản"
        ordering = ["record", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "number"], name="countingrecordversion_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="countingrecordversion_reason_required"
            ),
        ]

    def __str__(self):
        return f"{self.record} - phiên bản {self.number}"
