"""A synthetic HCMC 2026 for the turnout benchmarks (bench/turnout_*.py).

168 wards, 5,068 voting areas (30 or 31 a ward), ~9.7 million voters as list counts
(the per-area table the turnout code reads; no voter rows), QH (13 units),
HĐND tỉnh (42 units) and one HĐND xã per ward (3 units each). The election
`BENCH-TURNOUT` is deleted and built again in the database of DATABASE_URL, which
must be migrated already; nothing else in it is touched.
"""

import datetime
import random

CODE = "BENCH-TURNOUT"
WARDS, AREAS = 168, 5068
SLOTS = ["09:00", "11:00", "15:00", "19:00"]
SHARE = {"09:00": 0.14, "11:00": 0.55, "15:00": 0.85, "19:00": 0.99}


def clear() -> None:
    from electionadmin.polling.models import TurnoutFigure
    from electionadmin.setup import models as setup
    from electionadmin.voters.models import AreaListCount

    election = setup.Election.objects.filter(code=CODE).first()
    if election is None:
        return
    TurnoutFigure.objects.filter(election=election).delete()
    AreaListCount.objects.filter(election=election).delete()
    setup.ElectionBody.objects.filter(election=election).delete()
    setup.ElectoralUnitArea.objects.filter(contest__election=election).delete()
    setup.ElectoralUnit.objects.filter(contest__election=election).delete()
    setup.Contest.objects.filter(election=election).delete()
    setup.VotingArea.objects.filter(election=election).delete()
    election.delete()


def token_holders(
    election, prefix: str, teams: int, *, spread: bool = False
) -> list[dict]:
    """A user with an API token for every ward committee and for `teams` election
    teams (the first areas, or areas spread over the city with `spread`), the users
    of an earlier run with the same name prefix deleted first. Each holder is
    {"key": token, "areas": [[area key, voters on its list], ...]}, its own areas."""
    from django.contrib.auth import get_user_model

    from electionadmin.access.models import Profile
    from electionadmin.polling.models import ApiToken
    from electionadmin.voters.models import AreaListCount

    User = get_user_model()
    User.objects.filter(username__startswith=f"{prefix}-").delete()
    voters = dict(
        AreaListCount.objects.filter(
            election=election, contest__isnull=True
        ).values_list("voting_area", "voters")
    )
    areas = list(election.voting_areas.select_related("commune").order_by("pk"))
    by_ward: dict = {}
    for area in areas:
        by_ward.setdefault(area.commune, []).append([area.key, voters[area.pk]])
    team_areas = areas[:: len(areas) // teams][:teams] if spread else areas[:teams]

    def holder(name, areas, **jurisdiction) -> dict:
        user = User(username=f"{prefix}-{name}")  # staff with its role (Profile)
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, **jurisdiction)
        _, key = ApiToken.issue(user, prefix)
        return {"key": key, "areas": areas}

    holders = [
        holder(ward.code, keyed, role="commune_committee", admin_unit=ward)
        for ward, keyed in by_ward.items()
    ]
    holders += [
        holder(
            area.pk,
            [[area.key, voters[area.pk]]],
            role="election_team",
            voting_area=area,
        )
        for area in team_areas
    ]
    return holders


def build(figures: bool = True):
    """The election, its areas and list counts, and (optionally) every figure."""
    from electionadmin.setup import models as setup

    clear()
    day = datetime.date(2026, 3, 15)
    unit_set = setup.AdminUnitSet.objects.in_force_on(day).get()
    province, wards = _units(setup, unit_set)
    election = setup.Election.objects.create(
        code=CODE,
        name="Bench turnout",
        election_date=day,
        cycle=setup.Cycle.objects.get(code="2026"),
        unit_set=unit_set,
        province=province,
    )
    areas = _areas(setup, election, wards)
    _contests(setup, election, province, wards, areas)
    _lists(election, areas)
    if figures:
        _figures(election, areas)
    return election


def figures_for(code: str):
    """An existing election (its areas and list counts as they are) with its turnout
    figures replaced by one for every area at every slot."""
    from electionadmin.polling.models import TurnoutFigure
    from electionadmin.setup.models import Election

    election = Election.objects.get(code=code)
    TurnoutFigure.objects.filter(election=election).delete()
    _figures(election, list(election.voting_areas.all()))
    return election


def _units(setup, unit_set):
    province, _ = setup.AdminUnit.objects.get_or_create(
        unit_set=unit_set,
        code="79",
        defaults={"name": "Thành phố Hồ Chí Minh", "level": "province"},
    )
    wards = []
    for i in range(WARDS):
        ward, _ = setup.AdminUnit.objects.get_or_create(
            unit_set=unit_set,
            code=f"{27000 + i:05d}",
            defaults={
                "name": f"Phường Thử {i + 1}",
                "level": "commune",
                "parent": province,
            },
        )
        wards.append(ward)
    return province, wards


def _areas(setup, election, wards):
    per_ward = [AREAS // WARDS + (1 if i < AREAS % WARDS else 0) for i in range(WARDS)]
    return setup.VotingArea.objects.bulk_create(
        setup.VotingArea(election=election, commune=ward, number=n)
        for ward, count in zip(wards, per_ward, strict=True)
        for n in range(1, count + 1)
    )


def _split(setup, contest, areas, units):
    size = -(-len(areas) // units)
    links = []
    for number in range(1, units + 1):
        unit = setup.ElectoralUnit.objects.create(
            contest=contest, number=number, seats=3
        )
        links += [
            setup.ElectoralUnitArea(contest=contest, electoral_unit=unit, voting_area=a)
            for a in areas[(number - 1) * size : number * size]
        ]
    setup.ElectoralUnitArea.objects.bulk_create(links, batch_size=5000)


def _contests(setup, election, province, wards, areas):
    qh = setup.Contest.objects.create(election=election, kind="QH")
    city = setup.Contest.objects.create(
        election=election, kind="HDND_TINH", council_unit=province
    )
    _split(setup, qh, areas, 13)
    _split(setup, city, areas, 42)
    by_ward: dict[int, list] = {}
    for area in areas:
        by_ward.setdefault(area.commune_id, []).append(area)
    for ward in wards:
        contest = setup.Contest.objects.create(
            election=election, kind="HDND_XA", council_unit=ward
        )
        _split(setup, contest, by_ward[ward.pk], 3)


def _lists(election, areas):
    """~1,900 voters an area: 9.7 million in all; 1 % not entitled to HĐND xã."""
    from electionadmin.setup.models import ElectoralUnitArea
    from electionadmin.voters.models import AreaListCount

    rng = random.Random(2026)
    sizes = {a.pk: rng.randint(900, 2900) for a in areas}
    rows = [
        AreaListCount(
            election=election,
            voting_area=a,
            commune_id=a.commune_id,
            voters=sizes[a.pk],
        )
        for a in areas
    ]
    communes = {a.pk: a.commune_id for a in areas}
    for area_id, contest_id, kind in ElectoralUnitArea.objects.filter(
        contest__election=election
    ).values_list("voting_area", "contest", "contest__kind"):
        voters = sizes[area_id] - (sizes[area_id] // 100 if kind == "HDND_XA" else 0)
        rows.append(
            AreaListCount(
                election=election,
                voting_area_id=area_id,
                commune_id=communes[area_id],
                contest_id=contest_id,
                voters=voters,
                whole_list=kind != "HDND_XA",
            )
        )
    AreaListCount.objects.bulk_create(rows, batch_size=5000)
    return sizes


def _figures(election, areas):
    from django.utils import timezone

    from electionadmin.polling.models import TurnoutFigure
    from electionadmin.voters.models import AreaListCount

    sizes = dict(
        AreaListCount.objects.filter(
            election=election, contest__isnull=True
        ).values_list("voting_area", "voters")
    )
    moment = timezone.now()
    TurnoutFigure.objects.bulk_create(
        (
            TurnoutFigure(
                election=election,
                voting_area=a,
                commune_id=a.commune_id,
                slot=slot,
                voters_voted=int(sizes[a.pk] * SHARE[slot]),
                voters_on_list=sizes[a.pk],
                entered_at=moment,
            )
            for a in areas
            for slot in SLOTS
        ),
        batch_size=5000,
    )
