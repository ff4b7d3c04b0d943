"""Rules of law about the election's structure, read from the cycle's configuration.

Each rule lives here once; models, importers and checks call it.
"""

from datetime import date, timedelta

from electionadmin.text import phrase_key, split_name, word_key

QH = "QH"
KIND_FAMILY = {"QH": "QH", "HDND_TINH": "HDND", "HDND_HUYEN": "HDND", "HDND_XA": "HDND"}
# Whose People's Council each HĐND contest elects.
KIND_COUNCIL_LEVEL = {
    "HDND_TINH": "province",
    "HDND_HUYEN": "district",
    "HDND_XA": "commune",
}
LEVEL_DEPTH = {"province": 0, "district": 1, "commune": 2}


def max_seats(cycle, kind: str) -> int:
    return int(cycle.max_seats[KIND_FAMILY[kind]])


def seats_problem(cycle, kind: str, kind_label: str, seats: int) -> str | None:
    """Why an electoral unit of the kind may not elect `seats` deputies; None if it
    may (the cycle's limit per unit, docs/DOMAIN.md §2.1)."""
    limit = max_seats(cycle, kind)
    if seats > limit:
        return (
            f"Mỗi đơn vị bầu cử {kind_label} được bầu không quá {limit} đại biểu "
            f"(đã ghi {seats})."
        )
    return None


def is_above(upper: str, level: str) -> bool:
    """Is the administrative level `upper` above `level` (province > district >
    commune)?"""
    return LEVEL_DEPTH[upper] < LEVEL_DEPTH[level]


def early_voting_problem(voting_date: date | None, election_date: date) -> str | None:
    """A voting area may vote early, never after election day."""
    if voting_date and voting_date > election_date:
        return (
            f"Ngày bỏ phiếu sớm ({voting_date:%d/%m/%Y}) phải trước ngày bầu cử "
            f"({election_date:%d/%m/%Y})."
        )
    return None


# The voter list is posted this many days before election day unless the cycle says
# otherwise (cycle.deadlines["voter_list_posted"], Law on Elections art. 32).
DEFAULT_POSTING_DAYS = -40


def list_posting_date(election_date: date, deadlines: dict | None) -> date:
    """The day the voter list is posted (niêm yết), from the cycle's deadline."""
    days = int((deadlines or {}).get("voter_list_posted", DEFAULT_POSTING_DAYS))
    return election_date + timedelta(days=days)


# The calendar's order (days relative to election day, cycle.deadlines): these come
# before election day, each no earlier than the one before it (docs/DOMAIN.md §10)…
BEFORE_DAY = (
    "committees_formed",
    "units_announced",
    "boards_formed",
    "teams_formed",
    "voter_list_posted",
)
# … these after it, in this order (the results of both contests after the minutes).
AFTER_DAY = ("team_minutes_sent", "board_minutes_sent", "committee_na_minutes")
ANNOUNCED = ("hdnd_results_announced", "na_results_announced")


def calendar_problems(deadlines: dict, name=str) -> list[str]:
    """Why the cycle's deadlines are out of order (`name(key)` says each in words);
    empty when they are in order."""
    days = {key: int(value) for key, value in (deadlines or {}).items()}
    problems = [
        f"{name(key)} phải trước ngày bầu cử (số ngày âm)."
        for key in (*BEFORE_DAY, "candidacy_files")
        if key in days and days[key] >= 0
    ]
    problems += [
        f"{name(key)} phải sau ngày bầu cử (số ngày dương)."
        for key in (*AFTER_DAY, *ANNOUNCED, "second_round_latest")
        if key in days and days[key] <= 0
    ]
    for order in (BEFORE_DAY, AFTER_DAY):
        present = [key for key in order if key in days]
        for earlier, later in zip(present, present[1:], strict=False):
            if days[earlier] > days[later]:
                problems.append(
                    f"{name(earlier)} ({days[earlier]} ngày) phải không muộn hơn "
                    f"{name(later)} ({days[later]} ngày)."
                )
    last_minutes = [days[k] for k in AFTER_DAY if k in days]
    for key in ANNOUNCED:
        if key in days and last_minutes and days[key] < max(last_minutes):
            problems.append(f"{name(key)} phải sau khi các biên bản đã được gửi.")
    return problems


def min_surplus(cycle, kind: str, seats: int) -> int:
    """How many more candidates than seats the official list must have
    (docs/DOMAIN.md §2.2)."""
    table = cycle.candidate_surplus[KIND_FAMILY[kind]]
    return int(table.get(str(seats), table["default"]))


def min_candidates(cycle, kind: str, seats: int) -> int:
    return seats + min_surplus(cycle, kind, seats)


def ballot_sort_key(full_name: str, birth_date: date | None) -> tuple:
    """Legal ballot order: given, family, then middle name, then birth date."""
    family, middle, given = split_name(full_name)
    return (
        word_key(given),
        word_key(family),
        phrase_key(middle),
        birth_date or date.max,
    )


def assign_ballot_order(candidates) -> None:
    """Number candidates 1..n in the legal order where none was given."""
    ordered = sorted(
        candidates, key=lambda c: ballot_sort_key(c.full_name, c.birth_date)
    )
    for position, candidate in enumerate(ordered, start=1):
        candidate.ballot_order = position


def entitled_kinds(cycle, residence: str, present_kinds: list[str]) -> list[str]:
    """The contests a voter of this residence category votes in, among those held."""
    allowed = cycle.entitlements.get(residence, cycle.entitlements.get("default", []))
    return [kind for kind in present_kinds if kind in allowed]
