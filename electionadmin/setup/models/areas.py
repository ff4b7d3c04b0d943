"""Voting areas and electoral units, and which unit of each contest an area lies in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import rules
from .elections import Contest, Election
from .units import AdminUnit


class VotingArea(models.Model):
    """A voting area (khu vực bỏ phiếu): numbered within its commune."""

    class AreaType(models.TextChoices):
        NORMAL = "normal", "Thông thường"
        ARMED_FORCES = "armed_forces", "Đơn vị vũ trang nhân dân"
        HOSPITAL = "hospital", "Bệnh viện, nhà hộ sinh"
        CARE_FACILITY = (
            "care_facility",
            "Cơ sở chăm sóc người khuyết tật, người cao tuổi",
        )
        DETENTION = "detention", "Trại tạm giam, cơ sở giáo dục, cai nghiện bắt buộc"
        OTHER = "other", "Khác"

    election = models.ForeignKey(
        Election,
        models.CASCADE,
        related_name="voting_areas",
        verbose_name="cuộc bầu cử",
    )
    commune = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="voting_areas", verbose_name="xã/phường"
    )
    number = models.PositiveIntegerField("số khu vực")
    name = models.CharField("tên", max_length=300, blank=True)
    polling_place = models.CharField("địa điểm bỏ phiếu", max_length=300, blank=True)
    area_type = models.CharField(
        "loại khu vực", max_length=20, choices=AreaType.choices, default=AreaType.NORMAL
    )
    voting_date = models.DateField(
        "ngày bỏ phiếu sớm", null=True, blank=True, help_text="Chỉ ghi khi bầu cử sớm."
    )

    class Meta:
        verbose_name = "khu vực bỏ phiếu"
        verbose_name_plural = "khu vực bỏ phiếu"
        ordering = ["election", "commune__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "commune", "number"],
                name="votingarea_number_unique_in_commune",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="votingarea_number_positive"
            ),
        ]

    def __str__(self):
        return f"KVBP số {self.number} - {self.commune.name}"

    @property
    def key(self) -> str:
        """Short form `26734/1`."""
        return f"{self.commune.code}/{self.number}"

    def clean(self):
        if self.election_id and self.voting_date:
            problem = rules.early_voting_problem(
                self.voting_date, self.election.election_date
            )
            if problem:
                raise ValidationError({"voting_date": problem})
        if not self.commune_id:
            return
        if self.commune.level != AdminUnit.Level.COMMUNE:
            raise ValidationError(
                {"commune": "Khu vực bỏ phiếu phải thuộc một xã/phường."}
            )
        if self.election_id and self.commune.unit_set_id != self.election.unit_set_id:
            raise ValidationError(
                {
                    "commune": "Xã/phường không thuộc danh mục hành chính "
                    "của cuộc bầu cử."
                }
            )


class ElectoralUnit(models.Model):
    """An electoral unit (đơn vị bầu cử) of one contest, with its seats."""

    contest = models.ForeignKey(
        Contest,
        models.CASCADE,
        related_name="units",
        verbose_name="cuộc bầu cử theo cấp",
    )
    number = models.PositiveIntegerField("số đơn vị")
    name = models.CharField("tên", max_length=300, blank=True)
    seats = models.PositiveSmallIntegerField("số đại biểu được bầu")
    covers_units = models.ManyToManyField(
        AdminUnit,
        blank=True,
        related_name="covering_electoral_units",
        verbose_name="gồm các đơn vị hành chính",
    )
    covers_areas = models.ManyToManyField(
        VotingArea,
        blank=True,
        related_name="+",
        verbose_name="gồm các khu vực bỏ phiếu (ghi riêng)",
    )
    areas = models.ManyToManyField(
        VotingArea,
        through="ElectoralUnitArea",
        related_name="electoral_units",
        verbose_name="các khu vực bỏ phiếu",
    )
    shortfall_decision = models.CharField(
        "quyết định cho phép thiếu số dư",
        max_length=300,
        blank=True,
        help_text="Số, ngày quyết định của HĐBCQG/Ủy ban bầu cử khi số người ứng cử "
        "không đủ số dư vì lý do bất khả kháng.",
    )

    class Meta:
        verbose_name = "đơn vị bầu cử"
        verbose_name_plural = "đơn vị bầu cử"
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "number"], name="electoralunit_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=5),
                name="electoralunit_seats_within_law",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="electoralunit_number_positive"
            ),
        ]

    def __str__(self):
        return self.name or f"Đơn vị bầu cử số {self.number}"

    @property
    def full_label(self) -> str:
        """`Đơn vị bầu cử số 1`, with the unit's own name when it has a distinct
        one: `Đơn vị bầu cử số 1 (Phường Bến Nghé)`. Said once, never twice."""
        label = f"Đơn vị bầu cử số {self.number}"
        name = self.name.strip()
        if not name or name.casefold().startswith(label.casefold()):
            return name or label
        return f"{label} ({name})"

    @property
    def key(self) -> str:
        """`QH#1`, `HDND_XA:26734#2`."""
        return f"{self.contest.key}#{self.number}"

    def clean(self):
        if not self.contest_id or not self.seats:
            return
        contest = self.contest
        problem = rules.seats_problem(
            contest.election.cycle, contest.kind, contest.get_kind_display(), self.seats
        )
        if problem:
            raise ValidationError({"seats": problem})

    def candidate_shortfall(self, candidate_count: int | None = None) -> int:
        """How many candidates the official list lacks under the surplus rule."""
        if candidate_count is None:
            candidate_count = self.candidates.count()
        needed = rules.min_candidates(
            self.contest.election.cycle, self.contest.kind, self.seats
        )
        return max(0, needed - candidate_count)


class ElectoralUnitArea(models.Model):
    """A voting area lies in exactly one electoral unit of each contest."""

    contest = models.ForeignKey(
        Contest, models.CASCADE, related_name="+", verbose_name="cuộc bầu cử"
    )
    electoral_unit = models.ForeignKey(
        ElectoralUnit, models.CASCADE, verbose_name="đơn vị bầu cử"
    )
    voting_area = models.ForeignKey(
        VotingArea, models.CASCADE, verbose_name="khu vực bỏ phiếu"
    )

    class Meta:
        verbose_name = "khu vực thuộc đơn vị bầu cử"
        verbose_name_plural = "khu vực thuộc đơn vị bầu cử"
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "voting_area"],
                name="electoralunitarea_one_unit_per_contest",
            )
        ]

    def __str__(self):
        # Read on the delete pages of the area and the unit.
        return f"{self.voting_area} thuộc {self.electoral_unit}"
