"""Election bodies and their members; candidates."""

from django.db import models
from django.db.models import Q

from electionadmin.text import fold

from .areas import ElectoralUnit, VotingArea
from .elections import Election
from .units import AdminUnit


class ElectionBody(models.Model):
    """Ủy ban bầu cử, Ban bầu cử or Tổ bầu cử."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Ủy ban bầu cử"
        BOARD = "board", "Ban bầu cử"
        TEAM = "team", "Tổ bầu cử"

    election = models.ForeignKey(
        Election, models.CASCADE, related_name="bodies", verbose_name="cuộc bầu cử"
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    admin_unit = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name="đơn vị hành chính",
    )
    electoral_unit = models.OneToOneField(
        ElectoralUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="board",
        verbose_name="đơn vị bầu cử",
    )
    voting_area = models.OneToOneField(
        VotingArea,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="team",
        verbose_name="khu vực bỏ phiếu",
    )
    name = models.CharField("tên", max_length=300, blank=True)

    class Meta:
        verbose_name = "tổ chức phụ trách bầu cử"
        verbose_name_plural = "tổ chức phụ trách bầu cử"
        ordering = ["election", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind="committee",
                    admin_unit__isnull=False,
                    electoral_unit__isnull=True,
                    voting_area__isnull=True,
                )
                | Q(
                    kind="board",
                    admin_unit__isnull=True,
                    electoral_unit__isnull=False,
                    voting_area__isnull=True,
                )
                | Q(
                    kind="team",
                    admin_unit__isnull=True,
                    electoral_unit__isnull=True,
                    voting_area__isnull=False,
                ),
                name="electionbody_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["election", "admin_unit"],
                condition=Q(kind="committee"),
                name="electionbody_one_committee_per_unit",
            ),
        ]

    def __str__(self):
        return self.name or self.default_name()

    def default_name(self) -> str:
        if self.kind == self.Kind.COMMITTEE and self.admin_unit_id:
            return f"Ủy ban bầu cử {self.admin_unit.name}"
        if self.kind == self.Kind.BOARD and self.electoral_unit_id:
            unit = self.electoral_unit
            return f"Ban bầu cử {unit.contest.get_kind_display()} - {unit}"
        if self.kind == self.Kind.TEAM and self.voting_area_id:
            return f"Tổ bầu cử {self.voting_area}"
        return self.get_kind_display()

    @property
    def key(self) -> str:
        """`committee:79`, `board:QH#1`, `team:26734/1` as in the setup workbook."""
        if self.kind == self.Kind.COMMITTEE:
            return f"committee:{self.admin_unit.code}"
        if self.kind == self.Kind.BOARD:
            return f"board:{self.electoral_unit.key}"
        return f"team:{self.voting_area.key}"


class BodyMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chủ tịch / Trưởng ban / Tổ trưởng"
        VICE_CHAIR = "vice_chair", "Phó Chủ tịch / Phó Trưởng ban / Tổ phó"
        SECRETARY = "secretary", "Thư ký"
        MEMBER = "member", "Ủy viên"

    ROLE_TITLES = {
        "committee": {"chair": "Chủ tịch", "vice_chair": "Phó Chủ tịch"},
        "board": {"chair": "Trưởng ban", "vice_chair": "Phó Trưởng ban"},
        "team": {"chair": "Tổ trưởng", "vice_chair": "Tổ phó"},
    }

    body = models.ForeignKey(
        ElectionBody, models.CASCADE, related_name="members", verbose_name="tổ chức"
    )
    full_name = models.CharField("họ và tên", max_length=200)
    role = models.CharField("chức vụ", max_length=12, choices=Role.choices)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"
        ordering = ["body", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "full_name"], name="bodymember_name_unique_in_body"
            ),
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(role="chair"),
                name="bodymember_one_chair_per_body",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.title})"

    @property
    def title(self) -> str:
        titles = self.ROLE_TITLES.get(self.body.kind, {})
        return titles.get(self.role, self.Role(self.role).label)


class Candidate(models.Model):
    """A person on the official candidate list (danh sách chính thức) of a unit."""

    class Gender(models.TextChoices):
        MALE = "M", "Nam"
        FEMALE = "F", "Nữ"

    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        models.CASCADE,
        related_name="candidates",
        verbose_name="đơn vị bầu cử",
    )
    ballot_order = models.PositiveSmallIntegerField("thứ tự trên phiếu bầu")
    full_name = models.CharField("họ và tên", max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    religion = models.CharField("tôn giáo", max_length=50, blank=True)
    hometown = models.CharField("quê quán", max_length=300, blank=True)
    residence = models.CharField("nơi ở hiện nay", max_length=300, blank=True)
    occupation = models.CharField("nghề nghiệp, chức vụ", max_length=300, blank=True)
    workplace = models.CharField("nơi công tác", max_length=300, blank=True)
    education = models.CharField("trình độ", max_length=300, blank=True)
    party_join_date = models.DateField("ngày vào Đảng", null=True, blank=True)
    is_incumbent_na = models.BooleanField("là đại biểu Quốc hội", default=False)
    is_incumbent_council = models.BooleanField("là đại biểu HĐND", default=False)

    class Meta:
        verbose_name = "người ứng cử"
        verbose_name_plural = "người ứng cử"
        ordering = ["electoral_unit", "ballot_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["electoral_unit", "ballot_order"],
                name="candidate_ballot_order_unique",
            ),
            models.UniqueConstraint(
                fields=["electoral_unit", "full_name", "birth_date"],
                name="candidate_person_unique_in_unit",
            ),
            models.CheckConstraint(
                condition=Q(ballot_order__gte=1), name="candidate_ballot_order_positive"
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # A derived column for tone-insensitive search, kept with the name it folds.
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)
