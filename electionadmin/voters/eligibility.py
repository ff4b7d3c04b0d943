"""Rules of law about voters, read from the election and its cycle (docs/DOMAIN.md §4).

- Age: 18 or older on election day; a birthday on election day counts. A birth date
  before `EARLIEST_BIRTH` or after election day is not believable
  (`birth_date_problem`, used by the voter-list importer and the forms).
- Entitlement: which contests a voter votes in follows from the residence category
  (cycle.entitlements) and from the contests whose electoral units hold the area.
- Deadlines: when the list may still change (docs/DOMAIN.md §4.1, §4.4).
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings

from electionadmin.setup.models import ElectoralUnitArea
from electionadmin.setup.rules import entitled_kinds

VOTING_AGE = 18
EARLIEST_BIRTH = datetime.date(1900, 1, 1)  # no believable voter was born earlier
# One bit per contest kind. A voting area lies in at most one contest of each kind
# (its province's council, its commune's council ...), so the kind names the contest.
CONTEST_BITS = {"QH": 1, "HDND_TINH": 2, "HDND_HUYEN": 4, "HDND_XA": 8}


def mask_of(kinds) -> int:
    return sum(CONTEST_BITS[kind] for kind in set(kinds))


def kinds_of(mask: int) -> list[str]:
    return [kind for kind, bit in CONTEST_BITS.items() if mask & bit]


def age_cutoff(election_date: datetime.date) -> datetime.date:
    """The latest birth date of a voter: 18 years before election day."""
    year = election_date.year - VOTING_AGE
    try:
        return election_date.replace(year=year)
    except ValueError:  # election on 29 February
        return datetime.date(year, 2, 28)


def is_of_age(birth_date: datetime.date, election_date: datetime.date) -> bool:
    """A partial birth date is stored with day/month 01: counted at its earliest."""
    return birth_date <= age_cutoff(election_date)


def birth_date_problem(
    born: datetime.date,
    election_date: datetime.date,
    cutoff: datetime.date | None = None,
) -> str | None:
    """Why a voter born on `born` cannot be on the list; None when they can.

    `cutoff` is `age_cutoff(election_date)`, passed by callers that check many
    dates of one election."""
    if born < EARLIEST_BIRTH or born > election_date:
        return f"Ngày sinh {born:%d/%m/%Y} không hợp lý."
    cutoff = cutoff or age_cutoff(election_date)
    if born > cutoff:
        return (
            f"Chưa đủ {VOTING_AGE} tuổi vào ngày bầu cử {election_date:%d/%m/%Y} "
            f"(phải sinh từ ngày {cutoff:%d/%m/%Y} trở về trước)."
        )
    return None


def area_kinds(election) -> dict[int, list[str]]:
    """Voting area id -> the contest kinds whose electoral units hold the area."""
    pairs = ElectoralUnitArea.objects.filter(contest__election=election).values_list(
        "voting_area_id", "contest__kind"
    )
    kinds: dict[int, list[str]] = defaultdict(list)
    for area_id, kind in pairs:
        kinds[area_id].append(kind)
    return dict(kinds)


def entitlement_mask(cycle, residence: str, kinds: list[str]) -> int:
    return mask_of(entitled_kinds(cycle, residence, kinds))


# When the list may change (docs/DOMAIN.md §4.1, §4.4, §10).
def _local(day: datetime.date, moment: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, moment, ZoneInfo(settings.TIME_ZONE))


def voting_day(area) -> datetime.date:
    return area.voting_date or area.election.election_date


def polls_open_at(area) -> datetime.datetime:
    return _local(voting_day(area), area.election.polls_open)


def polls_close_at(area) -> datetime.datetime:
    return _local(voting_day(area), area.election.polls_close)


def changes_close_at(area) -> datetime.datetime:
    """Moves and additions close 24 hours before voting starts (cycle may say else)."""
    hours = area.election.cycle.deadlines.get("voter_changes_close_hours", 24)
    return polls_open_at(area) - datetime.timedelta(hours=hours)


# Which moment closes each kind of change (docs/DOMAIN.md §4.1, §4.4; see README.md).
UNTIL_24H = "24 giờ trước khi bắt đầu bỏ phiếu"
UNTIL_OPEN = "trước khi bắt đầu bỏ phiếu"
UNTIL_CLOSE = "trước khi kết thúc bỏ phiếu"
_UNTIL_OPEN_REASONS = {"rights_restored", "died", "lost_rights", "duplicate"}


def change_deadline(kind: str, reason: str, area) -> tuple[datetime.datetime, str]:
    """(the moment the change closes, the rule in words) for a change in an area.

    Moves close 24 hours before voting starts. Striking off a voter who died or lost
    the right to vote, striking a duplicate, and adding back a voter whose rights
    were restored stay open until voting starts (docs/DOMAIN.md §4.1); so does issuing a
    certificate to vote elsewhere (paper or VNeID, §4.4). A certificate holder may be
    added at the receiving area while voting is open [inferred, docs/DOMAIN.md §4.4].
    """
    if kind == "certificate_received":
        return polls_close_at(area), UNTIL_CLOSE
    if kind == "certificate_issued" or reason in _UNTIL_OPEN_REASONS:
        return polls_open_at(area), UNTIL_OPEN
    return changes_close_at(area), UNTIL_24H
