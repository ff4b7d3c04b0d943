"""Time the board's screen for a unit of 500 voting areas (target < 200 ms).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
       .venv/bin/python bench/board_screen_bench.py [--runs 15]

It creates a throw-away database (`test_NAME`) holding a whole city as
results_bench.py builds it (100 communes × 50 areas, 15,000 accepted minutes), with
the NA contest cut into 10 units of 500 areas, then times the full request of the
board of unit 1 through Django's test client (session, jurisdiction, the two
GROUP BY sums, the 500-row table, the template): default and with the running
result of unaccepted minutes (`tam-tinh=1`). The database is dropped at the end.
"""

import argparse
import os
import statistics
import sys
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

UNITS, COMMUNES, PER_COMMUNE = 10, 100, 50


def build() -> tuple:
    from electionadmin.access import roles
    from electionadmin.setup import models as setup
    from tests.factories import make_user

    election = city._election(setup)
    communes = setup.AdminUnit.objects.bulk_create(
        setup.AdminUnit(
            unit_set=election.unit_set,
            code=f"{27000 + i:05d}",
            name=f"Phường {i}",
            level="commune",
            parent=election.province,
        )
        for i in range(COMMUNES)
    )
    areas = setup.VotingArea.objects.bulk_create(
        setup.VotingArea(election=election, commune=c, number=n)
        for c in communes
        for n in range(1, PER_COMMUNE + 1)
    )
    qh = setup.Contest.objects.create(election=election, kind="QH")
    city._split(setup, qh, areas, UNITS)
    tinh = setup.Contest.objects.create(
        election=election, kind="HDND_TINH", council_unit=election.province
    )
    city._split(setup, tinh, areas, 42)
    city._minutes(election)
    unit = qh.units.get(number=1)
    board = make_user("ban-bench", "electoral_board", electoral_unit=unit)
    roles.apply_role(board, "electoral_board")
    return unit, board


def median_ms(client: Client, url: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    original = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        unit, board = build()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        client = Client(HTTP_HOST="localhost")
        client.force_login(board)
        url = f"/django-admin/ket-qua/ban/{unit.pk}/"
        client.get(url)  # warm: template loading, first connection
        areas = unit.areas.count()
        plain = median_ms(client, url, runs)
        running = median_ms(client, f"{url}?tam-tinh=1", runs)
        print(f"database {name}: board of QH#1 with {areas} voting areas")
        print(f"board screen: median {plain:.0f} ms over {runs} runs")
        print(f"board screen, tam-tinh=1: median {running:.0f} ms over {runs} runs")
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
