"""The demo's election day and count, from the published results of 2021
(demo/data/hcmc_na15_2021_results.csv) and the city's published totals
(demo/data/vn_election_totals.csv: the HCMC Election Committee's figures at the close
of polls, 5.455.060 voters on the lists and 5.421.028 who voted), played through the
same functions the screens and importers use, dated on the 2021 timeline.

Published per unit: each candidate's votes and % of valid ballots. The unit's valid
ballots are the integer that gives every published % back (rounded half up). The
city's voters who voted are shared by the units in proportion to their valid
ballots, its voters on the lists in proportion to their voters who voted (largest
remainder, so the units add up exactly to the city's published figures); a unit's
invalid ballots are its voters who voted less its valid ballots (about 1,3 %). The
shares per unit are synthetic: the units' own voters were not published.

`unit_areas()` spreads a unit's totals over its voting areas, deterministically and
exactly (largest remainder, so the areas add up to the unit): an area with a voter
list in the system (the Quận 1 wards' synthetic lists) gets that list's count as its
voters on the list, the unit's other voters are shared evenly by its other areas; the
voters who voted follow the voters on the list, the invalid ballots the voters who
voted, each candidate's votes the valid ballots.

`play_election_day()`, each step at its moment of 2021 (clock.py):
- 04/05/2021: every area without a list in the system gets its list size declared
  (electionadmin/voters/declared.py: the wards kept their lists outside the
  system), the size its minutes carry, so list, turnout and minutes agree;
- 23/05/2021, a few minutes after each reporting slot: every area's turnout, rising
  to the minutes' voters who voted at the close of polls;
- 24/05/2021: the National Assembly minutes of every area entered twice by two
  users, submitted and accepted by the city committee, all areas at once
  (electionadmin/results/bulk.py: the workflow's checks, rows and audit entries, in
  bulk);
- 28/05/2021 (the law's last day for the units' result minutes): the contest
  certified (certification.py), which publishes the results snapshot.
"""

import csv
import datetime
import math
from dataclasses import dataclass
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import transaction

from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.rules import slot_moment
from electionadmin.polling.rules import slots as turnout_slots
from electionadmin.results import bulk, certification, workflow
from electionadmin.results.models import CountingEntry, CountingRecord
from electionadmin.setup.models import Candidate, Contest, ElectoralUnitArea
from electionadmin.voters.declared import declare_list_sizes
from electionadmin.voters.models import AreaListCount, VoterEntry

from . import clock
from .names import DATA_DIR

PUBLISHED = DATA_DIR / "hcmc_na15_2021_results.csv"
TOTALS = DATA_DIR / "vn_election_totals.csv"
HALF_CENT = Fraction(1, 200)
# The users of the double entry (two city committee clerks) and of the acceptance
# and certification (the city committee).
FIRST_CLERK, SECOND_CLERK, COMMITTEE = "nhaplieu", "thanhpho", "thanhpho"
# The screens print the note followed by a full stop.
CERTIFIED = (
    "Biên bản xác định kết quả bầu cử đại biểu Quốc hội (dữ liệu mẫu theo kết quả "
    "công bố năm 2021)"
)
NO_LIST = (
    "Danh sách cử tri của khu vực này chưa được nhập vào hệ thống (dữ liệu mẫu chỉ có "
    "danh sách cử tri của Quận 1); số cử tri theo biên bản giấy."
)
DECLARED = (
    "Dữ liệu mẫu: danh sách cử tri của khu vực giữ ngoài hệ thống (giấy, bảng tính); "
    "số cử tri theo danh sách niêm yết, suy từ số liệu công bố năm 2021."
)
# The 2021 timeline (local time): the lists' sizes declared after their posting
# (3/5/2021, 20 days before), each slot's turnout a few minutes after it, the
# minutes entered the next morning, the certification on the law's last day for the
# units' result minutes (5 days after election day).
DECLARED_ON = datetime.datetime(2021, 5, 4, 9, 0)
REPORTED_AFTER = datetime.timedelta(minutes=5)
MINUTES_ON = datetime.datetime(2021, 5, 24, 9, 30)
CERTIFIED_ON = datetime.datetime(2021, 5, 28, 15, 0)


def city_totals() -> tuple[int, int]:
    """(voters on the lists, voters who voted) of HCMC at the close of polls, as the
    city's Election Committee published them (vn_election_totals.csv)."""
    with open(TOTALS, encoding="utf-8", newline="") as f:
        rows = {
            row["metric"]: int(row["value"])
            for row in csv.DictReader(f)
            if row["election"] == "NA-XV-2021"
            and row["scope"] == "HCMC"
            and row["metric"].endswith("_at_close")
        }
    return rows["registered_voters_at_close"], rows["voters_who_voted_at_close"]


def published_rows() -> dict[int, list[dict]]:
    """Unit number -> its candidates as published (ballot order, votes, %, elected)."""
    with open(PUBLISHED, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    units: dict[int, list[dict]] = {}
    for row in rows:
        units.setdefault(int(row["unit_no"]), []).append(
            {
                "ballot_order": int(row["candidate_order"]),
                "votes": int(row["votes"]),
                "percent": row["percent"],
                "elected": row["elected"] == "yes",
            }
        )
    return units


def valid_ballots(candidates: list[dict]) -> int:
    """The valid ballots that give back every published % (the middle of the range)."""
    low, high = 0, math.inf
    for c in candidates:
        share = Fraction(c["percent"])
        low = max(low, math.floor(c["votes"] * 100 / (share + HALF_CENT)) + 1)
        high = min(high, math.floor(c["votes"] * 100 / (share - HALF_CENT)))
    if low > high:
        raise ValueError("Các tỷ lệ đã công bố không khớp một số phiếu hợp lệ.")
    return (low + high) // 2


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """`total` shared in proportion to `weights`, exactly (ties: the earlier first);
    equal shares when every weight is 0."""
    if not weights:
        if total:
            raise ValueError("Không có khu vực nào để chia số liệu.")
        return []
    whole = sum(weights)
    if whole == 0:
        weights, whole = [1] * len(weights), len(weights)
    exact = [total * w for w in weights]
    shares = [e // whole for e in exact]
    rest = total - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: (-(exact[i] % whole), i))[:rest]:
        shares[i] += 1
    return shares


@dataclass
class UnitTotals:
    voters_on_list: int
    voters_voted: int
    valid: int
    invalid: int
    votes: dict[int, int]  # ballot order -> votes


def unit_totals(
    published: dict[int, list[dict]], listed: dict[int, int] | None = None
) -> dict[int, UnitTotals]:
    """Unit number -> its figures: the published votes and valid ballots; the city's
    published voters who voted and voters on the lists shared by the units (in
    proportion to valid ballots, then to voters who voted); `listed`: unit -> the
    voters of its areas' lists already in the system (a unit's share may not be
    smaller)."""
    listed = listed or {}
    on_lists, voted_all = city_totals()
    numbers = sorted(published)
    valid = [valid_ballots(published[n]) for n in numbers]
    voted = largest_remainder(voted_all, valid)
    on_list = largest_remainder(on_lists, voted)
    totals = {}
    for i, number in enumerate(numbers):
        if voted[i] < valid[i] or on_list[i] < max(voted[i], listed.get(number, 0)):
            raise ValueError(f"Đơn vị bầu cử số {number}: số liệu chia không khớp.")
        votes = {c["ballot_order"]: c["votes"] for c in published[number]}
        totals[number] = UnitTotals(
            on_list[i], voted[i], valid[i], voted[i] - valid[i], votes
        )
    return totals


def unit_areas(totals: UnitTotals, listed: list[int | None]) -> list[dict]:
    """The unit's totals spread over its areas (in the order given), each area's
    minutes consistent; `listed[i]`: the voters on area i's list in the system, or
    None. The figures of the areas add up exactly to the unit's."""
    known = sum(n for n in listed if n is not None)
    others = [i for i, n in enumerate(listed) if n is None]
    shared = largest_remainder(totals.voters_on_list - known, [1] * len(others))
    on_list = [n or 0 for n in listed]
    for i, n in zip(others, shared, strict=True):
        on_list[i] = n
    voted = largest_remainder(totals.voters_voted, on_list)
    invalid = largest_remainder(totals.invalid, voted)
    valid = [v - i for v, i in zip(voted, invalid, strict=True)]
    votes = {order: largest_remainder(n, valid) for order, n in totals.votes.items()}
    return [
        {
            "voters_on_list": on_list[a],
            "voters_voted": voted[a],
            "ballots_issued": voted[a],
            "ballots_received": voted[a],
            "valid": valid[a],
            "invalid": invalid[a],
            "votes": {order: shares[a] for order, shares in votes.items()},
        }
        for a in range(len(listed))
    ]


def contest_plan(contest) -> list[tuple[ElectoralUnitArea, dict]]:
    """(unit-area link, its figures) for every voting area of the contest."""
    published = published_rows()
    counts = dict(
        AreaListCount.objects.filter(
            election=contest.election, contest=contest, voters__gt=0, declared=False
        ).values_list("voting_area_id", "voters")
    )
    links = (
        ElectoralUnitArea.objects.filter(contest=contest)
        .select_related("electoral_unit", "voting_area__commune")
        .order_by("electoral_unit__number", "voting_area_id")
    )
    by_unit: dict[int, list[ElectoralUnitArea]] = {}
    for link in links:
        by_unit.setdefault(link.electoral_unit.number, []).append(link)
    listed = {
        number: [counts.get(link.voting_area_id) for link in unit_links]
        for number, unit_links in by_unit.items()
    }
    totals = unit_totals(
        published,
        {n: sum(c for c in found if c is not None) for n, found in listed.items()},
    )
    plan = []
    for number, unit_links in sorted(by_unit.items()):
        areas = unit_areas(totals[number], listed[number])
        plan += zip(unit_links, areas, strict=True)
    return plan


def declare_lists(election, plan, user) -> int:
    """Every area without a voter list in the system gets the voters on the list of
    its minutes as its declared list size; how many."""
    listed = set(
        VoterEntry.objects.filter(election=election)
        .values_list("voting_area", flat=True)
        .distinct()
    )
    sizes = {
        link.voting_area_id: figures["voters_on_list"]
        for link, figures in plan
        if link.voting_area_id not in listed
    }
    return declare_list_sizes(election, sizes, user, DECLARED) if sizes else 0


def rising(final: int, slots: list[str], opens: datetime.time) -> list[int]:
    """The voters who voted at each slot, rising to `final` at the last one: fast in
    the morning, slower later (the share of the day passed, bent by 1-(1-x)²)."""
    start = opens.hour * 60 + opens.minute
    minutes = [int(s[:2]) * 60 + int(s[3:]) - start for s in slots]
    day = minutes[-1] or 1
    shares = [1 - (1 - Fraction(m, day)) ** 2 for m in minutes]
    return [min(final, math.floor(final * s)) for s in shares[:-1]] + [final]


def write_turnout(election, plan, user) -> int:
    """Every slot's figure for every area, a few minutes after the slot on election
    day; returns how many."""
    slots = turnout_slots(election)
    by_slot: dict[str, list[Entry]] = {slot: [] for slot in slots}
    for link, figures in plan:
        area = link.voting_area
        values = rising(figures["voters_voted"], slots, election.polls_open)
        for slot, value in zip(slots, values, strict=True):
            label = f"Khu vực {area.key}, mốc {slot}"
            by_slot[slot].append(Entry(label, area, slot, value))
    for slot, entries in by_slot.items():
        if not entries:
            continue
        with clock.at(slot_moment(election, slot) + REPORTED_AFTER):
            save_figures(election, entries, user, source="import")
        errors = [m for e in entries for m in e.messages()]
        if errors:
            raise workflow.WorkflowError("\n".join(errors[:20]))
    return sum(len(entries) for entries in by_slot.values())


def write_minutes(contest, plan, first, second, committee) -> int:
    """Each area's minutes entered by `first` and `second`, submitted and accepted
    by `committee`: the workflow's steps, checks and audit entries for all the
    areas at once (electionadmin/results/bulk.py)."""
    zero_lists = set(
        AreaListCount.objects.filter(
            election=contest.election, contest=contest, voters=0
        ).values_list("voting_area_id", flat=True)
    )
    candidates = {
        (unit, order): pk
        for unit, order, pk in Candidate.objects.filter(
            electoral_unit__contest=contest
        ).values_list("electoral_unit_id", "ballot_order", "pk")
    }
    papers = [
        bulk.Paper(
            voting_area=link.voting_area,
            figures={k: v for k, v in figures.items() if k != "votes"},
            votes={
                candidates[(link.electoral_unit_id, order)]: n
                for order, n in figures["votes"].items()
            },
            explanations=(
                {"W03": NO_LIST} if link.voting_area_id in zero_lists else {}
            ),
        )
        for link, figures in plan
    ]
    records = bulk.enter_and_accept(
        contest,
        papers,
        first=first,
        second=second,
        submitter=committee,
        supervisor=committee,
        source=CountingEntry.Source.IMPORT,
    )
    return len(records)


def played(election) -> bool:
    return CountingRecord.objects.filter(contest__election=election).exists()


def play_election_day(election, *, certify: bool = True) -> dict[str, int]:
    """Declared list sizes, turnout, National Assembly minutes (double entry,
    accepted), certification (left to the caller when not `certify`), each at its
    moment of 2021."""
    users = get_user_model().objects
    first, committee = users.get(username=FIRST_CLERK), users.get(username=COMMITTEE)
    second = users.get(username=SECOND_CLERK)
    contest = Contest.objects.get(election=election, kind="QH")
    with transaction.atomic():
        plan = contest_plan(contest)
        with clock.at(clock.local(DECLARED_ON)):
            declared = declare_lists(election, plan, committee)
        turnout = write_turnout(election, plan, committee)
        with clock.at(clock.local(MINUTES_ON)):
            minutes = write_minutes(contest, plan, first, second, committee)
        if certify:
            with clock.at(clock.local(CERTIFIED_ON)):
                certification.certify(contest, committee, note=CERTIFIED)
    return {"declared": declared, "turnout": turnout, "minutes": minutes}
