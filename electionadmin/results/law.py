"""The rules of law that turn a unit's totals into a result (Art. 78-80,
docs/DOMAIN.md §7).

Pure functions on exact integers; never on rounded percentages.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

INCOMPLETE, COMPLETE, REELECTION_REQUIRED = (
    "incomplete",
    "complete",
    "reelection_required",
)


@dataclass(frozen=True)
class Contender:
    pk: int
    ballot_order: int
    full_name: str
    birth_date: datetime.date
    votes: int


@dataclass(frozen=True)
class Outcome:
    elected: tuple[Contender, ...] = ()
    tied: tuple[Contender, ...] = ()  # same votes and birth date at the last seat
    seats_undecided: int = 0  # seats the board decides between the tied


def turnout_valid(voters_voted: int, voters_on_list: int) -> bool:
    """Art. 78(1): more than half of the voters on the list took part."""
    return voters_voted * 2 > voters_on_list


def passes(votes: int, valid: int) -> bool:
    """Art. 78(2): more than half of the valid ballots; exactly half is not enough."""
    return votes * 2 > valid


def select_winners(contenders: list[Contender], seats: int, valid: int) -> Outcome:
    """Most votes first among those passing; a tie for the last seats goes to the
    older (Art. 78(4)); an identical birth date is left to the board, not guessed."""
    eligible = sorted(
        (c for c in contenders if passes(c.votes, valid)), key=lambda c: -c.votes
    )
    elected: list[Contender] = []
    for _, same_votes in groupby(eligible, key=lambda c: c.votes):
        group = list(same_votes)
        left = seats - len(elected)
        if left <= 0:
            break
        if len(group) <= left:
            elected += group
            continue
        return _break_tie(elected, group, left)
    return Outcome(elected=tuple(elected))


def _break_tie(elected: list, group: list, left: int) -> Outcome:
    ordered = sorted(group, key=lambda c: c.birth_date)
    for _, same_age in groupby(ordered, key=lambda c: c.birth_date):
        cohort = list(same_age)
        if len(cohort) > left:
            return Outcome(tuple(elected), tuple(cohort), left)
        elected += cohort
        left -= len(cohort)
        if left == 0:
            break
    return Outcome(elected=tuple(elected))


def ranks(contenders: list[Contender]) -> dict[int, int]:
    """Rank 1 = most votes; equal votes rank the older first; identical both share."""

    def key(c: Contender):
        return (-c.votes, c.birth_date)

    keys = sorted(key(c) for c in contenders)
    return {c.pk: keys.index(key(c)) + 1 for c in contenders}


def supplementary_required(kind: str, seats: int, filled: int) -> bool:
    """Art. 79: NA whenever a seat is unfilled; a council below two thirds."""
    if kind == "QH":
        return filled < seats
    return filled * 3 < seats * 2


def unit_status(complete: bool, turnout_ok: bool, reelection_round: bool) -> str:
    """A re-election's result stands even with low turnout (Art. 80,
    docs/DOMAIN.md §7.2)."""
    if not complete:
        return INCOMPLETE
    if turnout_ok or reelection_round:
        return COMPLETE
    return REELECTION_REQUIRED
