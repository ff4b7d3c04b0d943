"""Counting minutes, their double entry, ballot inventories and certification.

Domain words are defined in this app's README.md. The arithmetic of the minutes lives
in checks.py (one catalogue, used by clean(), the workflow, the importer and tests);
the state changes live in workflow.py.
"""

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

FIGURES = (
    "voters_on_list",
    "voters_voted",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
)
FIGURE_LABELS = {
    "voters_on_list": "Tổng số cử tri của khu vực bỏ phiếu",
    "voters_voted": "Số cử tri đã tham gia bỏ phiếu",
    "ballots_issued": "Số phiếu phát ra",
    "ballots_received": "Số phiếu thu vào",
    "valid": "Số phiếu hợp lệ",
    "invalid": "Số phiếu không hợp lệ",
}
INVENTORY_FIGURES = ("received", "issued", "spoiled", "unused")


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
    )
    submitted_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
        return f"Biên bản kiểm phiếu {self.contest.key} - KVBP {self.voting_area.key}"

    @property
    def has_figures(self) -> bool:
        return self.status in self.AGREED

    def votes_by_candidate(self) -> dict[int, int]:
        return dict(self.candidate_votes.values_list("candidate_id", "votes"))

    def clean(self):
        from .checks import ERROR
        from .minutes import check_record

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
        if self.has_figures and self.pk:
            errors = [f for f in check_record(self) if f.severity == ERROR]
            if errors:
                raise ValidationError([f"{f.code}: {f.message}" for f in errors])


def unit_of_area(contest_id: int, area_id: int) -> int | None:
    return (
        ElectoralUnitArea.objects.filter(contest_id=contest_id, voting_area_id=area_id)
        .values_list("electoral_unit_id", flat=True)
        .first()
    )


class CandidateVotes(models.Model):
    """Số phiếu bầu cho một người ứng cử trên biên bản (the agreed figures)."""

    record = models.ForeignKey(
        CountingRecord, models.CASCADE, related_name="candidate_votes"
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

    record = models.ForeignKey(CountingRecord, models.CASCADE, related_name="entries")
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

    record = models.ForeignKey(CountingRecord, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    status = models.CharField("trạng thái khi mở lại", max_length=10)
    snapshot = models.JSONField("nội dung biên bản")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
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


class BallotInventory(models.Model):
    """Biên bản kiểm kê việc sử dụng phiếu bầu, per area × contest × round.

    Identity (docs/DOMAIN.md §6.4, inferred): received = issued + spoiled + unused,
    where `issued` counts ballots handed to voters (a replacement is not counted
    twice).
    """

    contest = models.ForeignKey(Contest, models.PROTECT, related_name="+")
    voting_area = models.ForeignKey(
        VotingArea, models.PROTECT, related_name="ballot_inventories"
    )
    round = models.CharField(
        "lần bầu cử", max_length=14, choices=Round.choices, default=Round.FIRST
    )
    received = models.IntegerField("số phiếu Tổ bầu cử nhận")
    issued = models.IntegerField("số phiếu phát ra cho cử tri")
    spoiled = models.IntegerField("số phiếu cử tri gạch hỏng, đã đổi")
    unused = models.IntegerField("số phiếu chưa sử dụng")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    class Meta:
        verbose_name = "biên bản kiểm kê phiếu bầu"
        verbose_name_plural = "biên bản kiểm kê phiếu bầu"
        constraints = [
            models.UniqueConstraint(
                fields=["voting_area", "contest", "round"],
                name="ballotinventory_one_per_area_contest_round",
            ),
            models.CheckConstraint(
                condition=_non_negative(INVENTORY_FIGURES),
                name="ballotinventory_figures_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(received=F("issued") + F("spoiled") + F("unused")),
                name="ballotinventory_received_balances",
            ),
        ]

    def __str__(self):
        return f"Kiểm kê phiếu {self.contest.key} - KVBP {self.voting_area.key}"

    def clean(self):
        from .checks import check_inventory

        problems = check_inventory(
            {name: getattr(self, name) for name in INVENTORY_FIGURES}
        )
        if problems:
            raise ValidationError({p.field: p.message for p in problems})


class Certification(models.Model):
    """The committee's confirmation of a contest's results: locks its minutes."""

    contest = models.ForeignKey(
        Contest, models.PROTECT, related_name="+", verbose_name="cuộc bầu cử theo cấp"
    )
    round = models.CharField(
        "lần bầu cử", max_length=14, choices=Round.choices, default=Round.FIRST
    )
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )
    certified_at = models.DateTimeField("thời điểm xác nhận", auto_now_add=True)
    note = models.TextField("ghi chú", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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


class UnitRound(models.Model):
    """The decision to hold a re-election or a supplementary election in one unit.

    The first round needs no row: every minutes, inventory and certification is of
    the first round unless it says otherwise (`round` defaults to `first`). A unit
    has at most one round of each kind (no second re-election, no second
    supplementary election: domain §7.2, §7.4); rounds.py holds the rules.
    """

    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        models.PROTECT,
        related_name="rounds",
        verbose_name="đơn vị bầu cử",
    )
    round = models.CharField("lần bầu cử", max_length=14, choices=Round.choices)
    decision = models.CharField("số văn bản quyết định", max_length=200)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.CharField("cơ quan quyết định", max_length=200)
    election_date = models.DateField("ngày bầu cử")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("thời điểm ghi nhận", auto_now_add=True)

    class Meta:
        verbose_name = "quyết định bầu cử lại, bầu cử thêm"
        verbose_name_plural = "quyết định bầu cử lại, bầu cử thêm"
        ordering = ["electoral_unit", "opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["electoral_unit", "round"], name="unitround_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(round__in=["reelection", "supplementary"]),
                name="unitround_not_first",
            ),
            models.CheckConstraint(
                condition=~Q(decision=""), name="unitround_decision_required"
            ),
        ]

    def __str__(self):
        return f"{self.get_round_display()} - {self.electoral_unit}"


class Confirmation(models.Model):
    """Xác nhận tư cách người trúng cử: the confirming body's decision on a winner.

    The National Election Council for NA deputies, the election committee for council
    deputies (domain §7.6). One row per winner; a changed decision updates it and
    the audit log keeps the old one.
    """

    candidate = models.OneToOneField(
        Candidate,
        models.PROTECT,
        related_name="confirmation",
        verbose_name="người trúng cử",
    )
    round = models.CharField(
        "trúng cử ở lần bầu cử", max_length=14, choices=Round.choices
    )
    confirmed = models.BooleanField("được xác nhận tư cách")
    decision = models.CharField("văn bản quyết định", max_length=300)
    decided_by = models.CharField("cơ quan xác nhận", max_length=200)
    reason = models.TextField("lý do không xác nhận", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("thời điểm ghi nhận", auto_now=True)

    class Meta:
        verbose_name = "xác nhận tư cách người trúng cử"
        verbose_name_plural = "xác nhận tư cách người trúng cử"
        ordering = ["candidate__electoral_unit", "candidate__ballot_order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision=""), name="confirmation_decision_required"
            ),
            models.CheckConstraint(
                condition=Q(confirmed=True) | ~Q(reason=""),
                name="confirmation_reason_when_not_confirmed",
            ),
        ]

    def __str__(self):
        word = "được xác nhận" if self.confirmed else "không được xác nhận"
        return f"{self.candidate.full_name}: {word} tư cách"


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
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
