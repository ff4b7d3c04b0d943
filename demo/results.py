"""Counting minutes for the demo's National Assembly contest from the published
results of 2021 (demo/data/hcmc_na15_2021_results.csv).

Only each candidate's votes and % of valid ballots were published per unit. The
unit's valid ballots are the integer that gives every published % back (rounded half
up); the invalid ballots, voters and ballots are synthetic (about 0.6 % invalid and
99.8 % turnout); each unit's totals are split evenly over its voting areas, so the
areas' minutes add up to the published unit figures. The minutes are written as
accepted (as results_bench.py does), ready for the committee to certify.
"""

import csv
import math
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from electionadmin.results.models import CandidateVotes, CountingRecord
from electionadmin.setup.models import Candidate, ElectoralUnitArea

from .names import DATA_DIR

PUBLISHED = DATA_DIR / "hcmc_na15_2021_results.csv"
HALF_CENT = Fraction(1, 200)


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


def split(total: int, parts: int) -> list[int]:
    share, rest = divmod(total, parts)
    return [share + (1 if i < rest else 0) for i in range(parts)]


def area_figures(candidates: list[dict], areas: int) -> list[dict[str, int]]:
    """The unit's figures split over its areas, each area's minutes consistent."""
    valid = valid_ballots(candidates)
    invalid = round(valid * 0.006)
    absent = round((valid + invalid) * 0.002)
    found = []
    for v, i, a in zip(
        split(valid, areas), split(invalid, areas), split(absent, areas), strict=True
    ):
        found.append(
            {
                "voters_on_list": v + i + a,
                "voters_voted": v + i,
                "ballots_issued": v + i,
                "ballots_received": v + i,
                "valid": v,
                "invalid": i,
            }
        )
    return found


@transaction.atomic
def write_published_minutes(contest, user) -> int:
    """Accepted minutes for every voting area of the contest; returns how many."""
    published = published_rows()
    links = (
        ElectoralUnitArea.objects.filter(contest=contest)
        .select_related("electoral_unit")
        .order_by("electoral_unit__number", "voting_area_id")
    )
    by_unit: dict[int, list] = {}
    for link in links:
        by_unit.setdefault(link.electoral_unit.number, []).append(link)
    now = timezone.now()
    count = 0
    for number, unit_links in by_unit.items():
        candidates = published[number]
        figures = area_figures(candidates, len(unit_links))
        records = CountingRecord.objects.bulk_create(
            CountingRecord(
                contest=contest,
                voting_area_id=link.voting_area_id,
                electoral_unit=link.electoral_unit,
                status=CountingRecord.Status.ACCEPTED,
                accepted_by=user,
                accepted_at=now,
                **area,
            )
            for link, area in zip(unit_links, figures, strict=True)
        )
        ids = dict(
            Candidate.objects.filter(
                electoral_unit=unit_links[0].electoral_unit
            ).values_list("ballot_order", "pk")
        )
        CandidateVotes.objects.bulk_create(
            CandidateVotes(record=record, candidate_id=ids[c["ballot_order"]], votes=v)
            for c in candidates
            for record, v in zip(records, split(c["votes"], len(records)), strict=True)
        )
        count += len(records)
    return count
