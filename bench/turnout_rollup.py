"""Time the city turnout roll-up at HCMC 2026 scale, next to plain SQL.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_polling_bench \
       .venv/bin/python bench/turnout_rollup.py [--runs 15]

The database must be migrated (`manage.py migrate`); the script (re)builds the
election BENCH-TURNOUT of bench/turnout_city.py: 168 wards, 5,068 areas × 4 slots
(20,272 figures), 3 contests. Timed, median of several runs:
- the city dashboard's roll-up (`rollup.admin_rows`: province and 168 wards, all
  slots, exact sums and percentages);
- the whole dashboard's data (`views.board_for` + the late list);
- the counting progress of the city (15,204 area × contest states);
- the city dashboard page itself: GET through Django, tables and charts rendered;
- the full turnout report (docs/EXCHANGE.md §6: + 5,068 area rows and 223 unit rows);
- the baseline: one plain SQL `GROUP BY ROLLUP` over the same figures and lists.

With `--election CODE` (e.g. CITY-2026 of bench/voters_city_bench.py: 10 M voter
rows, 168 wards, 5,068 areas, list counts from the rows) the same is timed on that
election, in the database of DATABASE_URL, instead of building BENCH-TURNOUT: its
turnout figures are replaced by one for every area at every slot (as
`turnout_city.build` writes them, from its list counts).
"""

import argparse
import os
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

import turnout_city  # noqa: E402
from django.db import connection  # noqa: E402

BASELINE = """
SELECT a.parent_id, f.commune_id, f.slot, COUNT(*), SUM(f.voters_voted),
       SUM(c.voters)
  FROM polling_turnoutfigure f
  JOIN setup_adminunit a ON a.id = f.commune_id
  JOIN voters_arealistcount c
    ON c.voting_area_id = f.voting_area_id AND c.contest_id IS NULL
 WHERE f.election_id = %s AND f.contest_id IS NULL
 GROUP BY f.slot, ROLLUP (a.parent_id, f.commune_id)
"""


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def baseline(election) -> None:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE, [election.pk])
        cursor.fetchall()


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-root", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    sessions.log_in(client, user)
    return client


def _dashboard(election, client=[]):  # noqa: B006 - one client for every run
    if not client:
        client.append(_client())
    response = client[0].get(f"/bau-cu/{election.code}/tien-do/79/")
    assert response.status_code == 200, response.status_code


def main():
    from electionadmin.polling import late, rollup, rules, views
    from electionadmin.polling.report import turnout_report
    from electionadmin.results import progress

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--election", help="an existing election (code) instead")
    args = parser.parse_args()
    runs = args.runs
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    started = time.perf_counter()
    if args.election:
        election = turnout_city.figures_for(args.election)
    else:
        election = turnout_city.build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"city built in {time.perf_counter() - started:.1f} s")
    print(f"uptime: {os.popen('uptime').read().strip()}")
    city = election.province
    moment = rules.slot_moment(election, "19:00")
    results = {
        "baseline: plain SQL GROUP BY ROLLUP": median_ms(
            lambda: baseline(election), runs
        ),
        "city roll-up (rollup.admin_rows)": median_ms(
            lambda: rollup.admin_rows(election, city), runs
        ),
        "city dashboard data (board + late list)": median_ms(
            lambda: (views.board_for(election, city), late.missing(election, moment)),
            runs,
        ),
        "counting progress, city (progress.progress_rows)": median_ms(
            lambda: progress.progress_rows(election, city, areas=False), runs
        ),
        "city dashboard page (GET, rendered HTML)": median_ms(
            lambda: _dashboard(election), runs
        ),
        "full turnout report (JSON dict)": median_ms(
            lambda: turnout_report(election), max(3, runs // 3)
        ),
    }
    rows = rollup.admin_rows(election, city)
    head = rows[0]
    assert (head.areas_expected, head.reported["19:00"]) == (5068, 5068)
    print(f"uptime after: {os.popen('uptime').read().strip()}")
    for label, ms in results.items():
        print(f"{label}: median {ms:.1f} ms")
    base = results["baseline: plain SQL GROUP BY ROLLUP"]
    print(
        f"ratio roll-up / baseline: "
        f"{results['city roll-up (rollup.admin_rows)'] / base:.1f}x"
    )


if __name__ == "__main__":
    main()
