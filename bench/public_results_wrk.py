"""Requests per second of a public results page against a static file, both served
by the same gunicorn in the same run, measured with wrk (Debian's `wrk`).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
       .venv/bin/python bench/public_results_wrk.py [--seconds 15] [--connections 32]
                                                    [--runs 3] [--port 8105]

It creates a throw-away database (`bench_NAME`), loads the demo election without
voters (`load_demo --no-voters`: its election day and count included, the published
2021 National Assembly results as accepted minutes, certified), then starts gunicorn
as the README says (2 workers x 4 threads, gthread) on bench/static_wsgi.py, which
serves /static/ files from memory ahead of Django. wrk then alternates between a
unit page (/ket-qua/HCM-2021/quoc-hoi/don-vi-1/, served from the snapshot's cached
rendering) and a static file of similar size (admin/css/forms.css), `--runs` times
each; the medians and their ratio are printed. The target: the page at least 50 % of
the static file's requests per second. The database is dropped at the end.
"""

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import sessions  # noqa: E402

sessions.production_env()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402

PAGE = "/ket-qua/HCM-2021/quoc-hoi/don-vi-1/"
STATIC = "/static/admin/css/forms.css"


def build() -> None:
    with override_settings(DEBUG=True):  # the demo's logins need it
        # Election day and the count included: the National Assembly certified.
        call_command("load_demo", "--no-voters", stdout=io.StringIO())


def start_server(database_url: str, port: int) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DEBUG": "False",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "static_wsgi",
            "--pythonpath",
            "bench",
            *("-b", f"127.0.0.1:{port}", "-w", "2", "--worker-class", "gthread"),
            *("--threads", "4", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{STATIC}", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not start")


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(base: str, seconds: int, connections: int, runs: int) -> dict:
    for path in (PAGE, STATIC):  # every worker renders and caches once
        wrk(base + path, 2, connections)
    found = {PAGE: [], STATIC: []}
    for _ in range(runs):
        for path in (STATIC, PAGE):
            found[path].append(wrk(base + path, seconds, connections))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8105)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"bench_{original}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = None
    try:
        build()
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
        server = start_server(url, args.port)
        base = f"http://127.0.0.1:{args.port}"
        size = {p: len(urllib.request.urlopen(base + p).read()) for p in (PAGE, STATIC)}
        found = measure(base, args.seconds, args.connections, args.runs)
        page, static = (statistics.median(found[p]) for p in (PAGE, STATIC))
        print(f"database {name}; wrk -t2 -c{args.connections} -d{args.seconds}s")
        print(f"static file {STATIC} ({size[STATIC]:,} B): {found[STATIC]} req/s")
        print(f"results page {PAGE} ({size[PAGE]:,} B): {found[PAGE]} req/s")
        print(f"medians: page {page:.0f}/s, static {static:.0f}/s")
        print(f"ratio: {page / static:.2f} (target at least 0.50)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
