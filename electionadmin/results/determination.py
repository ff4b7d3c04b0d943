"""Results per electoral unit, computed from the counting minutes (EXCHANGE §5).

Until counting minutes exist the figures are zero and every unit is `incomplete`;
the structure (units, seats, candidates in ballot order, areas expected) is real.
"""

from django.db.models import Count

from electionadmin.figures import pct
from electionadmin.setup.models import Contest, Election

FIGURES = [
    "voters_on_list",
    "voters_voted",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
]


class UnknownContest(ValueError):
    pass


def contests_of(election: Election, contest_key: str | None = None) -> list[Contest]:
    rank = {kind: i for i, kind in enumerate(Contest.Kind.values)}
    contests = sorted(
        election.contests.select_related("council_unit"),
        key=lambda c: (rank[c.kind], c.council_unit.code if c.council_unit else ""),
    )
    if contest_key is None:
        return contests
    chosen = [c for c in contests if c.key == contest_key]
    if not chosen:
        known = ", ".join(c.key for c in contests)
        raise UnknownContest(
            f"Cuộc bầu cử {election.code} không có '{contest_key}'. Có: {known}."
        )
    return chosen


def unit_result(unit, areas_expected: int) -> dict:
    totals = dict.fromkeys(FIGURES, 0)
    candidates = [
        {
            "ballot_order": c.ballot_order,
            "full_name": c.full_name,
            "birth_date": c.birth_date.isoformat(),
            "votes": 0,
            "pct_of_valid": pct(0, totals["valid"]),
            "rank": None,
            "elected": False,
        }
        for c in unit.candidates.all()
    ]
    return {
        "number": unit.number,
        "name": str(unit),
        "seats": unit.seats,
        "areas_expected": areas_expected,
        "areas_reported": 0,
        **totals,
        "turnout_pct": pct(totals["voters_voted"], totals["voters_on_list"]),
        "valid_pct": pct(totals["valid"], totals["ballots_received"]),
        "invalid_pct": pct(totals["invalid"], totals["ballots_received"]),
        "status": "incomplete",
        "candidates": candidates,
        "elected_count": 0,
        "seats_unfilled": unit.seats,
        "supplementary_election_required": False,
    }


def contest_result(contest: Contest) -> dict:
    units = contest.units.annotate(areas_expected=Count("electoralunitarea")).order_by(
        "number"
    )
    units = units.prefetch_related("candidates")
    return {
        "contest": contest.key,
        "kind": contest.kind,
        "name": str(contest),
        "units": [unit_result(unit, unit.areas_expected) for unit in units],
    }


def election_results(
    election: Election,
    contest_key: str | None = None,
    include_unaccepted: bool = False,
) -> dict:
    return {
        "election": election.code,
        "include_unaccepted": include_unaccepted,
        "contests": [contest_result(c) for c in contests_of(election, contest_key)],
    }
