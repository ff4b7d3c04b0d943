"""Shared data of the polling tests (voters on lists, a 2021 three-tier election) and
the tests of the list counts they rest on."""

import datetime

from django.test import TestCase
from django.utils import timezone

from electionadmin.setup.models import BodyMember, Contest, ElectionBody
from electionadmin.voters.counts import refresh_list_counts
from electionadmin.voters.models import AreaListCount, VoterEntry

from .factories import (
    SmallElectionMixin,
    make_area,
    make_election,
    make_electoral_unit,
    make_unit,
    make_user,
)

EVERYTHING = 15  # entitled to every contest kind
NOT_COMMUNE = 7  # QH, HĐND tỉnh, HĐND huyện: temporary residents under 12 months
_serial = iter(range(10**11, 10**12))


def add_voters(area, count: int, mask: int = EVERYTHING, removed: int = 0) -> None:
    """`count` active entries (and `removed` struck-off ones) on the area's list."""
    start = VoterEntry.objects.filter(voting_area=area).count()
    moment = timezone.now()
    entries = []
    for i in range(count + removed):
        gone = i >= count
        entries.append(
            VoterEntry(
                election_id=area.election_id,
                voting_area=area,
                commune_id=area.commune_id,
                list_number=start + i + 1,
                citizen_id=f"{next(_serial):012d}",
                full_name="Nguyễn Văn Thử",
                search_name="nguyen van thu",
                birth_date=datetime.date(1980, 1, 1),
                gender="M",
                residence="permanent" if mask == EVERYTHING else "temporary_under_12m",
                contest_mask=mask,
                status="removed" if gone else "active",
                removal_reason="died" if gone else "",
                added_at=moment,
                removed_at=moment if gone else None,
            )
        )
    VoterEntry.objects.bulk_create(entries)


class Polling2026Mixin(SmallElectionMixin):
    """The small 2026 election with lists: A/1 100 (+10 not entitled to HĐND xã),
    A/2 200, B/1 300, B/2 400; struck-off entries that must not count."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_voters(cls.a1, 100, removed=3)
        add_voters(cls.a1, 10, NOT_COMMUNE)
        add_voters(cls.a2, 200)
        add_voters(cls.b1, 300, removed=1)
        add_voters(cls.b2, 400)
        refresh_list_counts(cls.election)


class Polling2021Mixin:
    """A 2021 three-tier election: city 79; district 760 (communes 26734, 26737) and
    district 769 (commune 26800); two areas per commune, lists 100..600.

    Contests: QH (unit 1 over 760, unit 2 over 769), HĐND tỉnh (one unit), HĐND
    huyện 769 (one unit) and HĐND xã 26800 (one unit).
    """

    @classmethod
    def setUpTestData(cls):
        cls.e21 = make_election(
            "T-2021", "2021", election_date=datetime.date(2021, 5, 23)
        )
        units = cls.e21.unit_set
        city = cls.city21 = make_unit(units, "79", "Thành phố Hồ Chí Minh", "province")
        cls.q1 = make_unit(units, "760", "Quận 1", "district", city)
        cls.cc = make_unit(units, "769", "Huyện Củ Chi", "district", city)
        cls.e21.province = city
        cls.e21.save()
        communes = [
            make_unit(units, "26734", "Phường Tân Định", "commune", cls.q1),
            make_unit(units, "26737", "Phường Đa Kao", "commune", cls.q1),
            make_unit(units, "26800", "Xã Tân Thông Hội", "commune", cls.cc),
        ]
        cls.communes21 = communes
        cls.areas21 = [make_area(cls.e21, c, n) for c in communes for n in (1, 2)]
        for size, area in zip(range(100, 700, 100), cls.areas21, strict=True):
            add_voters(area, size)
        cls._contests21(city, communes)
        refresh_list_counts(cls.e21)

    @classmethod
    def _contests21(cls, city, communes):
        areas = cls.areas21
        qh = Contest.objects.create(election=cls.e21, kind="QH")
        cls.qh21 = [
            make_electoral_unit(qh, 1, 3, areas[:4]),
            make_electoral_unit(qh, 2, 3, areas[4:]),
        ]
        tinh = Contest.objects.create(
            election=cls.e21, kind="HDND_TINH", council_unit=city
        )
        make_electoral_unit(tinh, 1, 3, areas)
        huyen = Contest.objects.create(
            election=cls.e21, kind="HDND_HUYEN", council_unit=cls.cc
        )
        make_electoral_unit(huyen, 1, 3, areas[4:])
        xa = Contest.objects.create(
            election=cls.e21, kind="HDND_XA", council_unit=communes[2]
        )
        make_electoral_unit(xa, 1, 3, areas[4:])
        team = ElectionBody.objects.create(
            election=cls.e21, kind="team", voting_area=areas[0]
        )
        BodyMember.objects.create(
            body=team, full_name="Trần Thị Tổ Trưởng", role="chair", phone="0901234567"
        )
        cls.q1_user = make_user("quan1", "district_committee", admin_unit=cls.q1)


class ListCountTests(Polling2026Mixin, TestCase):
    def counts(self, area, contest=None):
        return AreaListCount.objects.get(voting_area=area, contest=contest)

    def test_it_counts_active_entries_overall_and_per_contest(self):
        self.assertEqual(self.counts(self.a1).voters, 110)
        self.assertEqual(self.counts(self.a1, self.qh).voters, 110)
        self.assertEqual(self.counts(self.a1, self.hdnd_a).voters, 100)
        self.assertFalse(self.counts(self.a1, self.hdnd_a).whole_list)
        self.assertTrue(self.counts(self.a2, self.hdnd_a).whole_list)
        self.assertEqual(self.counts(self.b1).voters, 300)

    def test_a_second_refresh_changes_nothing(self):
        self.assertEqual(refresh_list_counts(self.election), 0)

    def test_it_refreshes_only_the_named_areas(self):
        add_voters(self.a2, 5)
        add_voters(self.b2, 5)
        self.assertEqual(refresh_list_counts(self.election, [self.a2.pk]), 3)
        self.assertEqual(self.counts(self.a2).voters, 205)
        self.assertEqual(self.counts(self.b2).voters, 400)
