"""Rules of law about the election's structure, read from the cycle's configuration.

Each rule lives here once; models, importers and checks call it.
"""

from datetime import date

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
