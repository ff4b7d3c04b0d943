"""The entries of the voter lists: one per voter on one area's list."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Sum, Value
from django.db.models.lookups import Exact

from electionadmin.setup.models import AdminUnit, Election, VotingArea
from electionadmin.text import fold

from .. import eligibility, identity

ACTIVE = "active"


class Unindexed(Func):
    """`(a || b)`: text no index covers."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = models.CharField()


class VoterEntryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ACTIVE)

    def in_list_order(self):
        return self.order_by("voting_area_id", "list_number")

    def entitled_to(self, kind: str):
        bit = eligibility.CONTEST_BITS[kind]
        return self.filter(Exact(F("contest_mask").bitand(bit), bit))

    def contest_counts(self) -> dict[str, int]:
        """Entries entitled to each contest kind (the list's footer totals)."""
        sums = self.aggregate(
            **{
                kind: Sum(F("contest_mask").bitand(bit))
                for kind, bit in eligibility.CONTEST_BITS.items()
            }
        )
        return {
            kind: (sums[kind] or 0) // bit
            for kind, bit in eligibility.CONTEST_BITS.items()
        }

    def on_list_at(self, moment: datetime.datetime):
        """Entries that were on the list at that moment (e.g. when it was posted)."""
        return self.filter(added_at__lte=moment).filter(
            Q(removed_at__isnull=True) | Q(removed_at__gt=moment)
        )

    def search(self, text: str, *, by_citizen_id: bool = True, few: bool = False):
        """Name without tone marks (`nguyen van a`) or the start of a citizen ID.

        The name is matched on the folded `search_name`, the ID as typed or copied
        (`079 085 000 123`); on PostgreSQL trigram indexes serve both LIKEs. Pass
        by_citizen_id=False for users who see masked IDs.

        few=True: the queryset holds few lines (a ward's, an area's), so the name is
        matched on each of them, read by their commune or area index, instead of
        through the trigram index over every name in the table (at 10 M voters,
        `%nguyen van a%` costs ~490 ms of trigram work, a ward's 59,190 lines ~140 ms
        read). The same lines are found either way.
        """
        text = (text or "").strip()
        if not text:
            return self
        digits = "".join(text.split()).replace(".", "")
        if digits.isascii() and digits.isdigit():
            if not by_citizen_id:
                return self.none()
            return self.filter(citizen_id__startswith=digits)
        if few:  # (`search_name || ''`: the same text, no index for the planner)
            read = Unindexed(F("search_name"), Value(""))
            return self.alias(name_read=read).filter(name_read__contains=fold(text))
        return self.filter(search_name__contains=fold(text))


class VoterEntry(models.Model):
    """A voter on the list of one voting area (one line of Mẫu 33/31, one voter card).

    A voter moved to another area keeps this entry (struck off, its number never
    reused) and gets a new one there; at most one entry per citizen is active.
    """

    class Gender(models.TextChoices):
        MALE = "M", "Nam"
        FEMALE = "F", "Nữ"

    class BirthPrecision(models.TextChoices):
        DAY = "d", "Ngày, tháng, năm"
        MONTH = "m", "Tháng, năm"
        YEAR = "y", "Năm"

    class Residence(models.TextChoices):
        PERMANENT = "permanent", "Thường trú"
        TEMPORARY_12M_PLUS = "temporary_12m_plus", "Tạm trú từ 12 tháng trở lên"
        TEMPORARY_UNDER_12M = "temporary_under_12m", "Tạm trú dưới 12 tháng"
        ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
        DETAINED = "detained", "Tạm giam, tạm giữ, cơ sở giáo dục, cai nghiện bắt buộc"
        OTHER = "other", "Khác"

    class Status(models.TextChoices):
        ACTIVE = ACTIVE, "Có tên trong danh sách"
        REMOVED = "removed", "Bị xóa tên"
        TRANSFERRED_OUT = "transferred_out", "Đã chuyển đi khu vực khác"
        VOTING_ELSEWHERE = (
            "voting_elsewhere",
            "Đã cấp giấy chứng nhận bỏ phiếu nơi khác",
        )

    class RemovalReason(models.TextChoices):
        DIED = "died", "Chết"
        LOST_RIGHTS = "lost_rights", "Bị tước hoặc không đủ điều kiện quyền bầu cử"
        MOVED_AWAY = "moved_away", "Chuyển đi nơi khác"
        DUPLICATE = "duplicate", "Ghi trùng"
        OTHER = "other", "Lý do khác"

    election = models.ForeignKey(
        Election,
        models.CASCADE,
        db_constraint=False,  # a copy of voting_area.election, for fast scoping
        db_index=False,
        related_name="+",
        verbose_name="cuộc bầu cử",
    )
    voting_area = models.ForeignKey(
        VotingArea,
        models.RESTRICT,
        db_index=False,  # the (voting_area, list_number) unique index serves
        related_name="voter_entries",
        verbose_name="khu vực bỏ phiếu",
    )
    commune = models.ForeignKey(
        AdminUnit,
        models.RESTRICT,
        db_constraint=False,  # a copy of voting_area.commune, for fast scoping
        db_index=False,  # voterentry_commune_list_order serves
        related_name="+",
        verbose_name="xã/phường",
    )
    list_number = models.PositiveIntegerField("số thứ tự (số thẻ cử tri)")
    citizen_id = models.CharField("số định danh cá nhân", max_length=12)
    full_name = models.CharField("họ và tên", max_length=200)
    search_name = models.CharField(max_length=200, editable=False)
    birth_date = models.DateField("ngày sinh")
    birth_precision = models.CharField(
        "ngày sinh ghi đến",
        max_length=1,
        choices=BirthPrecision.choices,
        default=BirthPrecision.DAY,
    )
    gender = models.CharField("giới tính", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    occupation = models.CharField("nghề nghiệp", max_length=200, blank=True)
    permanent_address = models.CharField("nơi thường trú", max_length=300, blank=True)
    temporary_address = models.CharField("nơi tạm trú", max_length=300, blank=True)
    temporary_since = models.DateField("tạm trú từ ngày", null=True, blank=True)
    residence = models.CharField(
        "diện cư trú", max_length=20, choices=Residence.choices
    )
    household = models.CharField("hộ gia đình", max_length=50, blank=True)
    household_order = models.PositiveSmallIntegerField(
        "thứ tự trong hộ", default=1, help_text="1 là chủ hộ."
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)
    contest_mask = models.PositiveSmallIntegerField(
        "được bầu cử",
        default=0,
        help_text="Các cuộc bầu cử cử tri được bỏ phiếu, một bit mỗi loại "
        "(QH 1, HĐND tỉnh 2, HĐND huyện 4, HĐND xã 8).",
    )
    by_certificate = models.BooleanField("bỏ phiếu theo giấy chứng nhận", default=False)
    status = models.CharField(
        "tình trạng", max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    removal_reason = models.CharField(
        "lý do xóa tên", max_length=20, choices=RemovalReason.choices, blank=True
    )
    added_at = models.DateTimeField("ghi tên lúc")
    removed_at = models.DateTimeField("xóa tên/chuyển đi lúc", null=True, blank=True)

    objects = VoterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "cử tri"
        verbose_name_plural = "danh sách cử tri"
        ordering = ["voting_area_id", "list_number"]
        indexes = [
            # A commune's list in list order: a ward's admin pages read 50 rows
            # instead of walking the whole table's list order (1.5 s at 1 M voters);
            # with the id, a page's ids come from the index alone.
            models.Index(
                fields=["commune", "voting_area", "list_number", "id"],
                name="voterentry_commune_list_order",
            ),
            # The struck-off entries (a few %; none after a first import): a
            # commune's struck-off list and its count without reading the others.
            models.Index(
                fields=["commune", "voting_area", "list_number"],
                condition=~Q(status=ACTIVE),
                name="voterentry_struck_off_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "citizen_id"],
                condition=Q(status=ACTIVE),
                name="voterentry_citizen_listed_once",
            ),
            # On PostgreSQL (area, number, election) in the database: a unique index
            # of a table partitioned by election must hold it (migration 0009). The
            # area implies the election, so the rule is the same, and Django's
            # admin still knows (area, number) as a total ordering.
            models.UniqueConstraint(
                fields=["voting_area", "list_number"],
                name="voterentry_list_number_unique_in_area",
            ),
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="voterentry_citizen_id_twelve_digits",
            ),
            models.CheckConstraint(
                condition=Q(list_number__gte=1),
                name="voterentry_list_number_positive",
            ),
            models.CheckConstraint(
                condition=Q(status=ACTIVE, removed_at__isnull=True)
                | (~Q(status=ACTIVE) & Q(removed_at__isnull=False)),
                name="voterentry_removed_at_when_struck_off",
            ),
            models.CheckConstraint(
                condition=Q(status="removed") & ~Q(removal_reason="")
                | ~Q(status="removed") & Q(removal_reason=""),
                name="voterentry_reason_when_removed",
            ),
        ]

    def __str__(self):
        return f"{self.list_number}. {self.full_name}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def kinds(self) -> list[str]:
        return eligibility.kinds_of(self.contest_mask)

    def birth_date_display(self) -> str:
        """As the list prints it: `15/03/1956`, `03/1956` or `1956`."""
        formats = {"d": "%d/%m/%Y", "m": "%m/%Y", "y": "%Y"}
        return self.birth_date.strftime(formats[self.birth_precision])

    def clean(self):
        errors = {}
        if self.citizen_id and not identity.is_citizen_id(self.citizen_id):
            errors["citizen_id"] = "Số định danh cá nhân phải gồm đúng 12 chữ số."
        if self.voting_area_id and self.birth_date:
            day = self.voting_area.election.election_date
            if not eligibility.is_of_age(self.birth_date, day):
                errors["birth_date"] = (
                    f"Chưa đủ {eligibility.VOTING_AGE} tuổi vào ngày bầu cử "
                    f"{day:%d/%m/%Y}."
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Derived columns kept with what they derive from.
        self.search_name = fold(self.full_name)
        if self.voting_area_id:
            self.election_id = self.voting_area.election_id
            self.commune_id = self.voting_area.commune_id
        super().save(*args, **kwargs)
