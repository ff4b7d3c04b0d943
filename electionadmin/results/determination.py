"""Results per electoral unit, recomputed from the counting minutes
(docs/EXCHANGE.md §5).

Nothing here is typed in: every figure is a sum of minutes (tally.py) and every
decision an integer rule (law.py). What counts:
- by default, minutes that are accepted by the board or locked by certification;
- with include_unaccepted, also minutes whose double entry agreed (entered,
  submitted). A single entry, or two entries that disagree, never counts.
`status` stays `incomplete` (and nobody is elected) until every expected voting area
of the unit has accepted minutes, whatever include_unaccepted says.
"""

from decimal import Decimal

from django.db.models import Count, Prefetch

from electionadmin.figures import pct
from electionadmin.setup.models import Candidate, Contest, Election, ElectoralUnit

from . import law, tally
from .models import FIGURES, Confirmation, Round, UnitRound

FINAL = "final"  # the outcome over every round of each unit (EXCHANGE §5a)
SUMMED = ["areas_expected", "areas_reported", "areas_accepted", *FIGURES]


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


def percentages(totals: dict) -> dict:
    """Valid % and invalid % of ballots received add up to 100.00
    (docs/DOMAIN.md §8.3)."""
    received = totals["ballots_received"]
    valid_pct = pct(totals["valid"], received)
    invalid_pct = pct(totals["invalid"], received)
    if received and totals["valid"] + totals["invalid"] == received:
        invalid_pct = str(Decimal("100.00") - Decimal(valid_pct))
    return {
        "turnout_pct": pct(totals["voters_voted"], totals["voters_on_list"]),
        "valid_pct": valid_pct,
        "invalid_pct": invalid_pct,
    }


def candidate_rows(contenders, outcome: law.Outcome, valid: int) -> list[dict]:
    elected = {c.pk for c in outcome.elected}
    tied = {c.pk for c in outcome.tied}
    rank = law.ranks(contenders)
    rows = [
        {
            "ballot_order": c.ballot_order,
            "full_name": c.full_name,
            "birth_date": c.birth_date.isoformat(),
            "votes": c.votes,
            "pct_of_valid": pct(c.votes, valid),
            "rank": rank[c.pk],
            "elected": c.pk in elected,
            "tie_unresolved": c.pk in tied,
        }
        for c in contenders
    ]
    return sorted(rows, key=lambda row: (row["rank"], row["ballot_order"]))


def declare_result(unit, seats: int, totals: dict, contenders, round: str) -> dict:
    """One unit's result: figures, status, ranked candidates, seats and proposals."""
    complete = 0 < totals["areas_expected"] == totals["areas_accepted"]
    turnout_ok = law.turnout_valid(totals["voters_voted"], totals["voters_on_list"])
    status = law.unit_status(complete, turnout_ok, round == Round.REELECTION)
    outcome = law.Outcome()
    if status == law.COMPLETE:
        outcome = law.select_winners(contenders, seats, totals["valid"])
    filled = len(outcome.elected) + outcome.seats_undecided
    return {
        "number": unit.number,
        "name": str(unit),
        "round": round,
        "seats": seats,
        **totals,
        **percentages(totals),
        "status": status,
        "turnout_above_half": turnout_ok,
        "candidates": candidate_rows(contenders, outcome, totals["valid"]),
        "elected_count": len(outcome.elected),
        "seats_unfilled": seats - filled,
        "seats_undecided": outcome.seats_undecided,
        "tie_unresolved": bool(outcome.tied),
        "supplementary_election_required": status == law.COMPLETE
        and round != Round.SUPPLEMENTARY
        and law.supplementary_required(unit.contest.kind, seats, filled),
    }


def _contenders(unit, votes: dict[int, int], exclude=frozenset()) -> list:
    return [
        law.Contender(
            c.pk, c.ballot_order, c.full_name, c.birth_date, votes.get(c.pk, 0)
        )
        for c in unit.candidates.all()
        if c.pk not in exclude
    ]


def _units(contests):
    return (
        ElectoralUnit.objects.filter(contest__in=contests)
        .select_related("contest")
        .annotate(areas_expected=Count("electoralunitarea"))
        .prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("ballot_order"))
        )
        .order_by("contest_id", "number")
    )


def unit_results(
    contests, round=Round.FIRST, include_unaccepted=False, unit_ids=None
) -> list:
    """[(unit, result)] for every unit of `contests` (or only `unit_ids`) in this
    round, in order.

    A re-election or supplementary round lists only the units that hold its minutes;
    a supplementary round fills the first round's unfilled seats from its non-elected
    candidates (docs/DOMAIN.md §7.4).
    """
    totals = tally.unit_totals(contests, round, include_unaccepted, unit_ids)
    votes = tally.candidate_totals(contests, round, include_unaccepted, unit_ids)
    units = _units(contests)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    units = list(units)
    if round != Round.FIRST:
        present = tally.units_with_records(contests, round) | units_opened(
            contests, round
        )
        units = [u for u in units if u.pk in present]
    first = first_round(contests, round, units)
    results = []
    for unit in units:
        seats, exclude = first.get(unit.pk, (unit.seats, frozenset()))
        unit_totals = _with_expected(totals.get(unit.pk), unit.areas_expected)
        contenders = _contenders(unit, votes, exclude)
        results.append(
            (unit, declare_result(unit, seats, unit_totals, contenders, round))
        )
    return results


def units_opened(contests, round: str) -> set[int]:
    """Units with a decision to hold this round (rounds.open_round)."""
    return set(
        UnitRound.objects.filter(
            electoral_unit__contest__in=list(contests), round=round
        )
        .order_by()
        .values_list("electoral_unit_id", flat=True)
    )


def first_round(contests, round, units) -> dict:
    """For a supplementary round: unit id -> (seats left, winners of the round it
    completes: the re-election when the unit held one, else the first round)."""
    if round != Round.SUPPLEMENTARY or not units:
        return {}
    found = {}
    reelected = units_opened(contests, Round.REELECTION)
    by_base = {Round.FIRST: [], Round.REELECTION: []}
    for u in units:
        by_base[Round.REELECTION if u.pk in reelected else Round.FIRST].append(u.pk)
    for base, ids in by_base.items():
        if not ids:
            continue
        for unit, result in unit_results(contests, base, unit_ids=ids):
            pk_of = {c.ballot_order: c.pk for c in unit.candidates.all()}
            winners = {
                pk_of[c["ballot_order"]] for c in result["candidates"] if c["elected"]
            }
            found[unit.pk] = (result["seats_unfilled"], frozenset(winners))
    return found


def final_results(contests, include_unaccepted=False, unit_ids=None) -> list:
    """[(unit, result)]: every unit's final outcome over its rounds (EXCHANGE §5a).

    A re-election replaces the first round (its figures and winners are the unit's);
    a supplementary election adds its winners to the round it completes. A unit that
    held another round lists them all under `rounds`. Each winner carries the
    confirming body's decision (`confirmed`: true, false or null); a winner not
    confirmed leaves the seat open (`seats_unfilled`).
    """
    contests = list(contests)
    first = unit_results(contests, Round.FIRST, include_unaccepted, unit_ids)
    decisions = UnitRound.objects.filter(electoral_unit__contest__in=contests)
    if unit_ids is not None:
        decisions = decisions.filter(electoral_unit__in=unit_ids)
    opened = {(d.electoral_unit_id, d.round): d for d in decisions}
    later = {}
    for round in (Round.REELECTION, Round.SUPPLEMENTARY):
        ids = [unit for unit, kind in opened if kind == round]
        if ids:
            for unit, result in unit_results(
                contests, round, include_unaccepted, unit_ids=ids
            ):
                later[unit.pk, round] = result
    confirmations = {
        c.candidate_id: c
        for c in Confirmation.objects.filter(
            candidate__electoral_unit__contest__in=contests
        )
    }
    # Each unit's first round is on its election's day (one query, not one a unit).
    days = Contest.objects.filter(pk__in=[c.pk for c in contests])
    day_of = dict(days.values_list("pk", "election__election_date"))
    return [
        (unit, _final(unit, result, later, opened, confirmations, day_of))
        for unit, result in first
    ]


def _round_entry(result: dict, decision) -> dict:
    entry = {k: v for k, v in result.items() if k not in ("number", "name")}
    if decision is None:
        entry.update(decision=None, decision_date=None, decided_by=None)
        entry["election_date"] = None
    else:
        entry.update(
            decision=decision.decision,
            decision_date=decision.decision_date.isoformat()
            if decision.decision_date
            else None,
            decided_by=decision.decided_by,
            election_date=decision.election_date.isoformat(),
        )
    return entry


def _final(unit, first: dict, later, opened, confirmations, day_of) -> dict:
    rounds = [_round_entry(first, None)]
    rounds[0]["election_date"] = day_of[unit.contest_id].isoformat()
    base = first
    again = later.get((unit.pk, Round.REELECTION))
    if again is not None:
        rounds.append(_round_entry(again, opened[unit.pk, Round.REELECTION]))
        base = again
    final = dict(base, candidates=[dict(c) for c in base["candidates"]])
    final["number"], final["name"] = first["number"], first["name"]
    for row in final["candidates"]:
        if row["elected"]:
            row["elected_round"] = base["round"]
    extra = later.get((unit.pk, Round.SUPPLEMENTARY))
    if extra is not None:
        rounds.append(_round_entry(extra, opened[unit.pk, Round.SUPPLEMENTARY]))
        _add_supplementary(final, extra)
    final["round"] = rounds[-1]["round"]
    _apply_confirmations(unit, final, confirmations)
    if len(rounds) > 1:
        final["rounds"] = rounds
    return final


def _add_supplementary(final: dict, extra: dict) -> None:
    """Its winners join the unit's; once it is decided, no seat is proposed again
    (no second supplementary election, domain §7.4)."""
    won = {c["ballot_order"]: c for c in extra["candidates"] if c["elected"]}
    for row in final["candidates"]:
        if row["ballot_order"] in won:
            row["elected"], row["elected_round"] = True, Round.SUPPLEMENTARY.value
            # What elected them: their votes in the supplementary election.
            row["round_votes"] = won[row["ballot_order"]]["votes"]
            row["round_pct_of_valid"] = won[row["ballot_order"]]["pct_of_valid"]
    final["elected_count"] += extra["elected_count"]
    if extra["status"] == law.COMPLETE:
        final["seats_unfilled"] = extra["seats_unfilled"]
        final["seats_undecided"] += extra["seats_undecided"]
        final["tie_unresolved"] = final["tie_unresolved"] or extra["tie_unresolved"]
        final["supplementary_election_required"] = False


def _apply_confirmations(unit, final: dict, confirmations: dict) -> None:
    pk_of = {c.ballot_order: c.pk for c in unit.candidates.all()}
    refused = 0
    for row in final["candidates"]:
        if not row["elected"]:
            continue
        found = confirmations.get(pk_of.get(row["ballot_order"]))
        row["confirmed"] = found.confirmed if found else None
        if found is not None:
            row["confirmation_decision"] = found.decision
            row["confirmation_body"] = found.decided_by
            if not found.confirmed:
                row["confirmation_reason"] = found.reason
                refused += 1
    final["not_confirmed_count"] = refused
    final["seats_unfilled"] += refused


def _with_expected(found: dict | None, areas_expected: int) -> dict:
    base = dict.fromkeys(["areas_reported", "areas_accepted", *FIGURES], 0)
    base.update({k: v or 0 for k, v in (found or {}).items()})
    return {"areas_expected": areas_expected, **base}


def contest_summary(units: list[dict]) -> dict:
    """The contest's totals over its units, and its winners (committee minutes)."""
    totals = {key: sum(u[key] for u in units) for key in SUMMED}
    elected = [
        {
            "unit": u["number"],
            **{
                k: c[k]
                for k in (
                    "ballot_order",
                    "full_name",
                    "birth_date",
                    "votes",
                    "pct_of_valid",
                )
            },
            # A supplementary election's winner: the votes that elected them.
            "votes": c.get("round_votes", c["votes"]),
            "pct_of_valid": c.get("round_pct_of_valid", c["pct_of_valid"]),
            **{
                k: c[k]
                for k in (
                    "elected_round",
                    "confirmed",
                    "confirmation_decision",
                    "confirmation_reason",
                )
                if k in c
            },
        }
        for u in units
        for c in u["candidates"]
        if c["elected"]
    ]
    # A winner the confirming body did not confirm is not on the winners' list;
    # the seat stays open and the decision is listed apart.
    winners = [w for w in elected if w.get("confirmed") is not False]
    return {
        "units": len(units),
        "units_complete": sum(u["status"] == law.COMPLETE for u in units),
        "seats": sum(u["seats"] for u in units),
        "elected_count": len(winners),
        "seats_unfilled": sum(u["seats_unfilled"] for u in units),
        **totals,
        **percentages(totals),
        "reelection_required_units": _numbers(units, "status", law.REELECTION_REQUIRED),
        "supplementary_election_required_units": _numbers(
            units, "supplementary_election_required", True
        ),
        "tie_unresolved_units": _numbers(units, "tie_unresolved", True),
        "winners": winners,
        "not_confirmed": [w for w in elected if w.get("confirmed") is False],
    }


def _numbers(units, key, value) -> list[int]:
    return [u["number"] for u in units if u[key] == value]


def election_results(
    election: Election,
    contest_key: str | None = None,
    include_unaccepted: bool = False,
    round: str | None = None,
) -> dict:
    """EXCHANGE §5: the final outcome over the rounds (§5a); with `round`, that
    round's own result only."""
    contests = contests_of(election, contest_key)
    grouped: dict[int, list[dict]] = {c.pk: [] for c in contests}
    if round is None:
        pairs = final_results(contests, include_unaccepted)
    else:
        pairs = unit_results(contests, round, include_unaccepted)
    for unit, result in pairs:
        grouped[unit.contest_id].append(result)
    return {
        "election": election.code,
        "round": str(round or FINAL),
        "include_unaccepted": include_unaccepted,
        "contests": [
            {
                "contest": c.key,
                "kind": c.kind,
                "name": str(c),
                "units": grouped[c.pk],
                "summary": contest_summary(grouped[c.pk]),
            }
            for c in contests
        ],
    }
