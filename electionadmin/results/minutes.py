"""What a counting minutes is checked against: its ballot, its siblings, its inventory.

`check_record()` is the one call the screens and the workflow make; the importer
builds the same `CheckContext` with the rows of its file added
(importers/tally_rows.py); `contexts_for()` builds the contexts of many areas at once
(bulk.py), in three queries instead of four per area.
"""

from collections.abc import Mapping

from electionadmin.voters import counts

from . import checks
from .determination import first_round
from .models import BallotInventory, CountingRecord, Round


def ballot_of(unit, round: str) -> tuple[int, list]:
    """(seats, candidates in ballot order) on this round's ballot of the unit.

    A supplementary ballot lists the first round's non-elected candidates and fills
    the first round's unfilled seats (docs/DOMAIN.md §7.4).
    """
    candidates = list(unit.candidates.order_by("ballot_order"))
    if round != Round.SUPPLEMENTARY:
        return unit.seats, candidates
    seats, winners = first_round([unit.contest], round, [unit]).get(
        unit.pk, (unit.seats, frozenset())
    )
    return seats, [c for c in candidates if c.pk not in winners]


def sibling_figures(area_id: int, round: str, exclude_contest_id: int) -> dict:
    """kind -> agreed figures of the same area's minutes of the other contests."""
    rows = (
        CountingRecord.objects.filter(
            voting_area_id=area_id, round=round, status__in=CountingRecord.AGREED
        )
        .exclude(contest_id=exclude_contest_id)
        .select_related("contest")
    )
    return {row.contest.kind: row.figures() for row in rows}


def context_for(voting_area, contest, round: str, siblings=None) -> checks.CheckContext:
    inventory = (
        BallotInventory.objects.filter(
            voting_area=voting_area, contest=contest, round=round
        )
        .values_list("issued", flat=True)
        .first()
    )
    found = sibling_figures(voting_area.pk, round, contest.pk)
    found.update(siblings or {})
    return checks.CheckContext(
        kind=contest.kind,
        siblings=found,
        inventory_issued=inventory,
        registered_voters=counts.voters_on_list(voting_area, contest),
        partial_entitlement=counts.has_partial_entitlement(voting_area),
    )


def contexts_for(contest, round: str, area_ids) -> dict[int, checks.CheckContext]:
    """`context_for()` of each area of `area_ids`, read in three queries (the whole
    election's rows, kept for the areas asked: no list of thousands of ids in the
    SQL)."""
    wanted = set(area_ids)
    election = contest.election_id
    inventory = {
        area_id: issued
        for area_id, issued in BallotInventory.objects.filter(
            contest=contest, round=round
        ).values_list("voting_area_id", "issued")
        if area_id in wanted
    }
    siblings: dict[int, dict] = {}
    rows = (
        CountingRecord.objects.filter(
            contest__election=election, round=round, status__in=CountingRecord.AGREED
        )
        .exclude(contest=contest)
        .select_related("contest")
    )
    for row in rows:
        if row.voting_area_id in wanted:
            siblings.setdefault(row.voting_area_id, {})[row.contest.kind] = (
                row.figures()
            )
    facts = counts.counting_facts(election, contest.pk)
    return {
        area_id: checks.CheckContext(
            kind=contest.kind,
            siblings=siblings.get(area_id, {}),
            inventory_issued=inventory.get(area_id),
            registered_voters=facts.get(area_id, (None, None))[0],
            partial_entitlement=facts.get(area_id, (None, None))[1],
        )
        for area_id in wanted
    }


def check_record(
    record: CountingRecord,
    figures: Mapping[str, int | None] | None = None,
    votes: Mapping[int, int] | None = None,
) -> list[checks.Finding]:
    """Findings for the record's own figures, or for figures about to be entered."""
    if figures is None:
        figures, votes = record.figures(), record.votes_by_candidate()
    seats, candidates = ballot_of(record.electoral_unit, record.round)
    return checks.check_minutes(
        figures,
        votes or {},
        seats=seats,
        candidates=candidates,
        context=context_for(record.voting_area, record.contest, record.round),
    )
