"""Time the printing of a city's Tổ counting minutes (target: 15,000 in < 15 min).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
       .venv/bin/python bench/forms_print_bench.py [--workers 1,2] [--communes 100]
                                                    [--runs 20]

It creates a throw-away database (`test_NAME`) with the city of results_bench.py
(100 communes × 50 voting areas; QH, HĐND tỉnh and one HĐND xã per commune: 15,000
accepted minutes, 5 candidates each) plus a Tổ of two members per area, then times:
- one minutes printed alone with `print_form` (median of `--runs`): drawn with
  ReportLab since the minutes have one renderer (it was the HTML template and
  xhtml2pdf when the figures in docs/BENCHMARKS.md were taken);
- the batch job (documents/minutes_batch.py: ReportLab, one PDF per commune, one
  zip) over
  `--communes` communes with each worker count of `--workers`, end to end: queries,
  contexts, verification codes, drawing, zip.
The database is dropped at the end.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import sessions  # noqa: E402

sessions.production_env()

import django  # noqa: E402

django.setup()

import results_bench as city  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

CITY_MINUTES = 15_000


def add_teams(code: str) -> None:
    from electionadmin.setup.models import BodyMember, ElectionBody, VotingArea

    areas = VotingArea.objects.filter(election__code=code)
    bodies = ElectionBody.objects.bulk_create(
        ElectionBody(election_id=a.election_id, kind="team", voting_area=a)
        for a in areas
    )
    BodyMember.objects.bulk_create(
        BodyMember(body=b, full_name=name, role=role, position=i)
        for b in bodies
        for i, (name, role) in enumerate(
            [("Nguyễn Thị Hồng Nhung", "chair"), ("Trần Văn Đức", "secretary")], 1
        )
    )


def html_ms(code: str, runs: int) -> float:
    from electionadmin.documents import render as printing
    from electionadmin.setup.models import Election

    election = Election.objects.get(code=code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        printing.print_form(election, "TEAM_COUNT_QH", "27000/1")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def batch_seconds(code: str, communes: int, workers: int) -> tuple[float, dict]:
    from electionadmin.documents import minutes_batch as batch
    from electionadmin.printing.models import PrintJob
    from electionadmin.setup.models import AdminUnit, Contest, Election

    election = Election.objects.get(code=code)
    ids = list(
        AdminUnit.objects.filter(level="commune", unit_set=election.unit_set)
        .order_by("code")
        .values_list("pk", flat=True)[:communes]
    )
    keys = [c.key for c in Contest.objects.filter(election=election)]
    job = PrintJob.objects.create(election=election, contest_keys=keys, commune_ids=ids)
    start = time.perf_counter()
    report = batch.run(job, workers)
    elapsed = time.perf_counter() - start
    job.output.delete()
    return elapsed, report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--communes", type=int, default=city.COMMUNES)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="forms-bench-")
    original = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        code = city.build_city()
        add_teams(code)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"database {name}: city built in {time.perf_counter() - started:.0f} s")
        html = html_ms(code, args.runs)
        print(
            f"xhtml2pdf, one TEAM_COUNT_QH: median {html:.0f} ms; a city of "
            f"{CITY_MINUTES:,} would take {html * CITY_MINUTES / 60000:.1f} min in "
            f"one process, {html * CITY_MINUTES / 120000:.1f} min in two"
        )
        for workers in map(int, args.workers.split(",")):
            seconds, report = batch_seconds(code, args.communes, workers)
            per = seconds * 1000 / max(report["printed"], 1)
            print(
                f"batch (ReportLab), {workers} worker(s): {report['printed']:,} "
                f"minutes of {report['communes']} communes in {seconds:.0f} s = "
                f"{per:.1f} ms a minutes; a city of {CITY_MINUTES:,}: "
                f"{per * CITY_MINUTES / 60000:.1f} min"
            )
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
