"""The structure of an election: cycle rules, dated administrative units, contests,
electoral units, voting areas, election bodies and their members, candidates.

Domain words are defined in this app's README.md.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from electionadmin.text import fold

from . import rules


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


class AdminUnitSetQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class AdminUnitSet(models.Model):
    """A dated list of administrative units: the structure in force between dates."""

    code = models.CharField("mã danh mục", max_length=30, unique=True)
    name = models.CharField("tên", max_length=200)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    objects = AdminUnitSetQuerySet.as_manager()

    class Meta:
        verbose_name = "danh mục đơn vị hành chính"
        verbose_name_plural = "danh mục đơn vị hành chính"
        ordering = ["valid_from"]

    def __str__(self):
        return self.name


class AdminUnitQuerySet(models.QuerySet):
    def subtree_ids(self, unit) -> list[int]:
        """The unit and every unit below it (at most two levels down)."""
        return list(
            self.filter(
                Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit)
            ).values_list("pk", flat=True)
        )


class AdminUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "Tỉnh/thành phố"
        DISTRICT = "district", "Quận/huyện/thị xã/thành phố thuộc tỉnh"
        COMMUNE = "commune", "Xã/phường/thị trấn/đặc khu"

    unit_set = models.ForeignKey(
        AdminUnitSet, models.PROTECT, related_name="units", verbose_name="danh mục"
    )
    code = models.CharField("mã", max_length=5)
    name = models.CharField("tên", max_length=200)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    has_council = models.BooleanField(
        "có Hội đồng nhân dân",
        default=True,
        help_text="TP.HCM 2021: quận và phường không tổ chức HĐND.",
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["unit_set", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_set", "code"], name="adminunit_code_unique_in_set"
            ),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="adminunit_only_province_without_parent",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def natural_key(self):
        return (self.unit_set.code, self.code)

    def clean(self):
        if self.parent_id and self.parent.unit_set_id != self.unit_set_id:
            raise ValidationError(
                {"parent": "Đơn vị cấp trên phải thuộc cùng danh mục hành chính."}
            )
        if self.parent_id and not rules.is_above(self.parent.level, self.level):
            raise ValidationError(
                {"parent": "Đơn vị cấp trên phải ở cấp cao hơn đơn vị này."}
            )

    def ancestors(self) -> list["AdminUnit"]:
        chain, unit = [], self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain


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
        if self.unit_set_id and self.election_date:
            in_force = AdminUnitSet.objects.in_force_on(self.election_date)
            if not in_force.filter(pk=self.unit_set_id).exists():
                raise ValidationError(
                    {
                        "unit_set": "Danh mục đơn vị hành chính phải là danh mục có "
                        "hiệu lực vào ngày bầu cử."
                    }
                )

    def slots(self) -> list[str]:
        return self.turnout_slots or list(self.cycle.turnout_slots)


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
        return self.name or self.key

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

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="+")
    electoral_unit = models.ForeignKey(ElectoralUnit, models.CASCADE)
    voting_area = models.ForeignKey(VotingArea, models.CASCADE)

    class Meta:
        verbose_name = "khu vực thuộc đơn vị bầu cử"
        verbose_name_plural = "khu vực thuộc đơn vị bầu cử"
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "voting_area"],
                name="electoralunitarea_one_unit_per_contest",
            )
        ]


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
