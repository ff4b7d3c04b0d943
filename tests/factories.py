"""Plain make_* helpers and one small shared election (YNR's uk_examples style)."""

import datetime

from django.contrib.auth import get_user_model

from electionadmin.access.models import Profile
from electionadmin.setup.models import (
    AdminUnit,
    AdminUnitSet,
    BodyMember,
    Candidate,
    Contest,
    Cycle,
    Election,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)


def make_unit(unit_set, code, name, level, parent=None, **extra) -> AdminUnit:
    return AdminUnit.objects.create(
        unit_set=unit_set, code=code, name=name, level=level, parent=parent, **extra
    )


def make_election(code="TEST-2026", cycle="2026", **extra) -> Election:
    cycle_obj = Cycle.objects.get(code=cycle)
    day = extra.pop("election_date", datetime.date(int(cycle), 3, 15))
    unit_set = AdminUnitSet.objects.in_force_on(day).get()
    return Election.objects.create(
        code=code,
        name=extra.pop("name", f"Bầu cử thử {code}"),
        election_date=day,
        cycle=cycle_obj,
        unit_set=unit_set,
        **extra,
    )


def make_area(election, commune, number, **extra) -> VotingArea:
    return VotingArea.objects.create(
        election=election, commune=commune, number=number, **extra
    )


def make_electoral_unit(contest, number, seats, areas=(), **extra) -> ElectoralUnit:
    unit = ElectoralUnit.objects.create(
        contest=contest, number=number, seats=seats, **extra
    )
    ElectoralUnitArea.objects.bulk_create(
        ElectoralUnitArea(contest=contest, electoral_unit=unit, voting_area=area)
        for area in areas
    )
    return unit


def make_candidate(unit, order, full_name, birth=(1970, 1, 1), gender="M"):
    return Candidate.objects.create(
        electoral_unit=unit,
        ballot_order=order,
        full_name=full_name,
        birth_date=datetime.date(*birth),
        gender=gender,
    )


def make_user(username, role, password="matkhau-thu-123", **jurisdiction):
    user = get_user_model().objects.create_user(username=username, password=password)
    Profile.objects.create(user=user, role=role, **jurisdiction)
    user.refresh_from_db()
    return user


class SmallElectionMixin:
    """A 2026 two-tier election: one city, two wards, two voting areas each.

    Contests: QH (one unit, 1 seat, 3 candidates over all four areas) and
    HĐND of ward A (one unit, 1 seat, 2 candidates over ward A's areas).
    Users: a city committee, one per ward, a board of the QH unit, a team of A/1.
    """

    @classmethod
    def setUpTestData(cls):
        cls.election = make_election()
        unit_set = cls.election.unit_set
        cls.city = make_unit(unit_set, "79", "Thành phố Hồ Chí Minh", "province")
        cls.ward_a = make_unit(
            unit_set, "26734", "Phường Tân Định", "commune", cls.city
        )
        cls.ward_b = make_unit(unit_set, "26737", "Phường Sài Gòn", "commune", cls.city)
        cls.election.province = cls.city
        cls.election.save()
        cls.a1 = make_area(
            cls.election, cls.ward_a, 1, polling_place="Trường Tiểu học A"
        )
        cls.a2 = make_area(cls.election, cls.ward_a, 2)
        cls.b1 = make_area(cls.election, cls.ward_b, 1)
        cls.b2 = make_area(cls.election, cls.ward_b, 2)
        cls.qh = Contest.objects.create(
            election=cls.election, kind="QH", name="Quốc hội"
        )
        cls.qh_unit = make_electoral_unit(
            cls.qh, 1, 1, [cls.a1, cls.a2, cls.b1, cls.b2]
        )
        for order, name in enumerate(["Lê Văn An", "Trần Thị Bình", "Phạm Chí"], 1):
            make_candidate(cls.qh_unit, order, name)
        cls.hdnd_a = Contest.objects.create(
            election=cls.election, kind="HDND_XA", council_unit=cls.ward_a
        )
        cls.hdnd_a_unit = make_electoral_unit(cls.hdnd_a, 1, 1, [cls.a1, cls.a2])
        make_candidate(cls.hdnd_a_unit, 1, "Ngô Thị Dung", gender="F")
        make_candidate(cls.hdnd_a_unit, 2, "Đỗ Văn Em")
        cls.team_a1 = ElectionBody.objects.create(
            election=cls.election, kind="team", voting_area=cls.a1
        )
        BodyMember.objects.create(
            body=cls.team_a1, full_name="Võ Thị Hoa", role="chair"
        )
        cls.team_b1 = ElectionBody.objects.create(
            election=cls.election, kind="team", voting_area=cls.b1
        )
        BodyMember.objects.create(
            body=cls.team_b1, full_name="Lý Văn Khoa", role="chair"
        )
        cls.city_user = make_user("thanhpho", "city_committee", admin_unit=cls.city)
        cls.ward_a_user = make_user(
            "phuonga", "commune_committee", admin_unit=cls.ward_a
        )
        cls.ward_b_user = make_user(
            "phuongb", "commune_committee", admin_unit=cls.ward_b
        )
        cls.board_user = make_user(
            "banqh1", "electoral_board", electoral_unit=cls.qh_unit
        )
        cls.team_user = make_user("toa1", "election_team", voting_area=cls.a1)
