"""Time `election_results` on a synthetic city: 5,000 voting areas × 3 contests.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
       .venv/bin/python bench/results_bench.py [--runs 7]

It creates a throw-away database (Django's test database, `test_NAME`), loads 100
communes of 50 areas, QH (13 units), HĐND tỉnh (42 units) and one HĐND xã per
commune (5 units each), 5 candidates a unit, 15,000 accepted minutes and 75,000
candidate-vote rows, then prints the median of several runs of the results command
next to a baseline measured in the same run: two plain SQL SUM ... GROUP BY queries
over the same rows. The database is dropped at the end.

With `--election CODE` (e.g. CITY-2026 of bench/voters_city_bench.py, 10 M voters,
168 wards, 5,068 areas) it uses that election in the database of DATABASE_URL
itself: its contests' units are split again as here (QH 13, HĐND tỉnh 42, 3 a ward's
HĐND xã) with 5 candidates each, its counting minutes replaced by accepted minutes for
every area × contest (15,204), and nothing is dropped. The baseline reads only that
election's minutes.
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import sessions  # noqa: E402

sessions.production_env()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

COMMUNES, AREAS_PER_COMMUNE, CANDIDATES = 100, 50, 5
BASELINE_SQL = [
    """SELECT electoral_unit_id, COUNT(*), SUM(voters_on_list), SUM(voters_voted),
              SUM(ballots_issued), SUM(ballots_received), SUM(valid), SUM(invalid)
         FROM results_countingrecord WHERE status IN ('accepted', 'locked')
        GROUP BY electoral_unit_id""",
    """SELECT v.candidate_id, SUM(v.votes) FROM results_candidatevotes v
         JOIN results_countingrecord r ON r.id = v.record_id
        WHERE r.status IN ('accepted', 'locked') GROUP BY v.candidate_id""",
]


ELECTION_ONLY = """contest_id IN (SELECT c.id FROM setup_contest c
     JOIN setup_election e ON e.id = c.election_id WHERE e.code = %s)"""


def build_city() -> str:
    from electionadmin.setup import models as setup

    election = _election(setup)
    communes = [
        setup.AdminUnit.objects.create(
            unit_set=election.unit_set,
            code=f"{27000 + i:05d}",
            name=f"Phường {i}",
            level="commune",
            parent=election.province,
        )
        for i in range(COMMUNES)
    ]
    areas = setup.VotingArea.objects.bulk_create(
        setup.VotingArea(election=election, commune=c, number=n)
        for c in communes
        for n in range(1, AREAS_PER_COMMUNE + 1)
    )
    qh = setup.Contest.objects.create(election=election, kind="QH")
    city = setup.Contest.objects.create(
        election=election, kind="HDND_TINH", council_unit=election.province
    )
    _split(setup, qh, areas, 13)
    _split(setup, city, areas, 42)
    for i, commune in enumerate(communes):
        own = areas[i * AREAS_PER_COMMUNE : (i + 1) * AREAS_PER_COMMUNE]
        ward = setup.Contest.objects.create(
            election=election, kind="HDND_XA", council_unit=commune
        )
        _split(setup, ward, own, 5)
    _minutes(election)
    return election.code


def _election(setup):
    day = datetime.date(2026, 3, 15)
    unit_set = setup.AdminUnitSet.objects.in_force_on(day).get()
    province = setup.AdminUnit.objects.create(
        unit_set=unit_set, code="79", name="Thành phố", level="province"
    )
    return setup.Election.objects.create(
        code="BENCH",
        name="Bench",
        election_date=day,
        cycle=setup.Cycle.objects.get(code="2026"),
        unit_set=unit_set,
        province=province,
    )


def _split(setup, contest, areas, units):
    size = -(-len(areas) // units)
    for number in range(1, units + 1):
        unit = setup.ElectoralUnit.objects.create(
            contest=contest, number=number, seats=3
        )
        setup.ElectoralUnitArea.objects.bulk_create(
            setup.ElectoralUnitArea(contest=contest, electoral_unit=unit, voting_area=a)
            for a in areas[(number - 1) * size : number * size]
        )
        setup.Candidate.objects.bulk_create(
            setup.Candidate(
                electoral_unit=unit,
                ballot_order=k,
                full_name=f"Ứng cử viên {k}",
                search_name=f"ung cu vien {k}",
                birth_date=datetime.date(1970, 1, k),
                gender="M",
            )
            for k in range(1, CANDIDATES + 1)
        )


def use_election(code: str) -> str:
    """An existing election, its units split as `build_city`'s and every area's
    minutes accepted (earlier minutes of the election deleted)."""
    from electionadmin.results.models import CountingRecord
    from electionadmin.setup import models as setup

    election = setup.Election.objects.get(code=code)
    CountingRecord.objects.filter(contest__election=election).delete()
    setup.ElectoralUnitArea.objects.filter(contest__election=election).delete()
    setup.ElectoralUnit.objects.filter(contest__election=election).delete()
    areas = list(election.voting_areas.order_by("pk"))
    by_commune: dict[int, list] = {}
    for area in areas:
        by_commune.setdefault(area.commune_id, []).append(area)
    for contest in election.contests.all():
        if contest.kind == "HDND_XA":
            _split(setup, contest, by_commune[contest.council_unit_id], 3)
        else:
            _split(setup, contest, areas, 13 if contest.kind == "QH" else 42)
    _minutes(election)
    return code


def _minutes(election):
    from electionadmin.results.models import CandidateVotes, CountingRecord
    from electionadmin.setup.models import Candidate, ElectoralUnitArea

    rng = random.Random(2026)
    links = ElectoralUnitArea.objects.filter(contest__election=election)
    records = CountingRecord.objects.bulk_create(
        CountingRecord(
            contest_id=link.contest_id,
            voting_area_id=link.voting_area_id,
            electoral_unit_id=link.electoral_unit_id,
            status="accepted",
            voters_on_list=1000,
            voters_voted=800,
            ballots_issued=800,
            ballots_received=800,
            valid=780,
            invalid=20,
        )
        for link in links
    )
    by_unit: dict[int, list[int]] = {}
    candidates = Candidate.objects.filter(electoral_unit__contest__election=election)
    for pk, unit_id in candidates.values_list("pk", "electoral_unit_id"):
        by_unit.setdefault(unit_id, []).append(pk)
    CandidateVotes.objects.bulk_create(
        (
            CandidateVotes(record=r, candidate_id=pk, votes=base + rng.randint(0, 80))
            for r in records
            for pk, base in zip(
                by_unit[r.electoral_unit_id], (600, 500, 400, 300, 200), strict=True
            )
        ),
        batch_size=5000,
    )


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(only: str | None = None):
    with connection.cursor() as cursor:
        for sql in BASELINE_SQL:
            if only is not None:  # that election's minutes alone
                sql = sql.replace("WHERE", f"WHERE {ELECTION_ONLY} AND")
            cursor.execute(sql, [only] if only is not None else [])
            cursor.fetchall()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--election", help="an existing election (code) instead")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    if args.election:
        measure(use_election, args.election, args.runs, args.election)
        return
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure(build_city, None, args.runs)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


def measure(build, code, runs: int, only: str | None = None) -> None:
    from electionadmin.results.models import CountingRecord

    started = time.perf_counter()
    code = build(code) if code else build()
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    minutes = CountingRecord.objects.filter(contest__election__code=code).count()
    print(f"database {connection.settings_dict['NAME']}: city built in {built:.1f} s")
    print(f"uptime: {os.popen('uptime').read().strip()}")
    command = median_seconds(
        lambda: call_command("election_results", code, stdout=io.StringIO()), runs
    )
    sql = median_seconds(lambda: baseline(only), runs)
    print(
        f"election_results {code} (all 3 kinds, {minutes:,} minutes, JSON): "
        f"median {command * 1000:.0f} ms over {runs} runs"
    )
    print(f"baseline: plain SQL SUM ... GROUP BY: median {sql * 1000:.0f} ms")
    print(f"ratio: {command / sql:.1f}x")
    print(f"uptime after: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
