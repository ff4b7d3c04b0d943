"""Sustained turnout submissions through gunicorn, measured with locust or wrk.

Usage (locust lives in its own environment, see requirements-bench.txt; wrk is
Debian's package):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_polling_bench \
      .venv/bin/python bench/turnout_load.py [--users 330] [--seconds 60] \
      [--workers 2] [--threads 4] [--locust /tmp/venv-bench/bin/locust] \
      [--tool wrk --connections 300 --rate 320]

Builds the BENCH-TURNOUT city of bench/turnout_city.py without figures, gives each
of its 168 ward committees and 1,000 teams a user and an API token, vacuums and
analyses the database (as autovacuum would have; it may be off here) and
checkpoints, starts gunicorn on 127.0.0.1:8077, runs locust headless for a bounded
time (each user about one submission a second; bench/locustfile.py) or wrk with
bench/turnout_wrk.lua (after a 10 s warm-up), prints requests/s, failures and
latency percentiles, the CPU per request of gunicorn, the load generator and
PostgreSQL (by process kind), then checks what the database holds.
"""

import argparse
import csv
import json
import os
import resource
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import turnout_city  # noqa: E402

PORT = 8077
TOKENS = Path("/tmp/turnout_load_tokens.json")
CSV_PREFIX = "/tmp/turnout_load"


def start_server(workers: int, threads: int, worker_class: str) -> subprocess.Popen:
    env = os.environ | {
        "DEBUG": "False",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bau-cu/", timeout=1)
        except OSError as error:
            if getattr(error, "code", None):  # any HTTP answer: it is up
                return server
            time.sleep(0.5)
        else:
            return server
    server.terminate()
    sys.exit("gunicorn did not start")


def cpu_times(pids) -> dict[int, float]:
    """Pid -> user + system CPU seconds (from /proc), for the pids still there."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def cpu_used(before: dict, after: dict) -> float:
    """CPU seconds spent between the two readings (a new pid: all of its time)."""
    return sum(after[pid] - before.get(pid, 0) for pid in after)


def workers_of(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    return [server.pid, *map(int, children.split())]


def postgres_pids() -> list[int]:
    return [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _comm(p) == "postgres"
    ]


def _title(pid: int) -> str:
    """A PostgreSQL process's kind: its title without the client's address."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return "gone"
    words = title.decode(errors="replace").split()
    return " ".join(word for word in words[:4] if "(" not in word)


def _comm(path: Path) -> str:
    try:
        return (path / "comm").read_text().strip()
    except OSError:
        return ""


def run_locust(args) -> None:
    env = os.environ | {
        "TURNOUT_TOKENS": str(TOKENS),
        "TURNOUT_ELECTION": turnout_city.CODE,
        "TURNOUT_SLOT_SECONDS": str(args.seconds / 4),
    }
    subprocess.run(
        [
            args.locust,
            "-f",
            str(ROOT / "bench/locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "--reset-stats",
            "-t",
            f"{args.seconds}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            CSV_PREFIX,
            "--only-summary",
            "--stop-timeout",
            "5",
        ],
        env=env,
        check=False,
        timeout=args.seconds + 60,
    )


WRK_TOKENS = Path("/tmp/turnout_load_tokens.tsv")
WRK_THREADS = 2


def run_wrk(args, seconds: int) -> dict:
    """wrk (C, with bench/turnout_wrk.lua): the same submissions for far less CPU
    than locust, which shares the server's two cores."""
    delay_ms = 1000 * args.connections / args.rate
    env = os.environ | {
        "TURNOUT_WRK_TOKENS": str(WRK_TOKENS),
        "TURNOUT_WRK_THREADS": str(WRK_THREADS),
        "TURNOUT_WRK_DELAY_MS": f"{delay_ms:.1f}",
        "TURNOUT_ELECTION": turnout_city.CODE,
        "TURNOUT_SLOT_SECONDS": str(args.seconds / 4),
    }
    done = subprocess.run(
        [
            args.wrk,
            "-t",
            str(WRK_THREADS),
            "-c",
            str(args.connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench/turnout_wrk.lua"),
            f"http://127.0.0.1:{PORT}",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK "))
    found = dict(pair.split("=") for pair in line.split()[1:])
    requests, elapsed = int(found["requests"]), float(found["seconds"])
    return {
        "Request Count": requests,
        "Failure Count": int(found["failed"]) + int(found["errors"]),
        "Requests/s": requests / elapsed,
        "50%": found["p50"],
        "95%": found["p95"],
        "99%": found["p99"],
        "Max Response Time": found["max"],
    }


def write_wrk_tokens(holders: list[dict]) -> None:
    lines = [
        h["key"] + "\t" + ",".join(f"{area}={voters}" for area, voters in h["areas"])
        for h in holders[:300]
    ]
    WRK_TOKENS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summary() -> dict:
    with open(f"{CSV_PREFIX}_stats.csv", encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    row = rows["Aggregated"]
    keys = [
        "Request Count",
        "Failure Count",
        "Requests/s",
        "50%",
        "95%",
        "99%",
        "Max Response Time",
    ]
    return {key: row[key] for key in keys}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=330)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help=">1: gthread")
    parser.add_argument(
        "--worker-class", help="gunicorn's; default gthread with threads, else sync"
    )
    parser.add_argument(
        "--spawn-rate", type=int, default=30, help="users started a second"
    )
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--locust", default="/tmp/venv-bench/bin/locust")
    parser.add_argument(
        "--tool", choices=["locust", "wrk"], default="locust", help="load generator"
    )
    parser.add_argument("--wrk", default="/usr/bin/wrk")
    parser.add_argument(
        "--connections", type=int, default=100, help="wrk: connections (clients)"
    )
    parser.add_argument(
        "--rate", type=int, default=310, help="wrk: requests a second aimed at"
    )
    args = parser.parse_args()
    from django.db import connection

    from electionadmin.polling.models import TurnoutFigure

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    election = turnout_city.build(figures=False)
    holders = turnout_city.token_holders(election, "bench", args.teams)
    TOKENS.write_text(json.dumps(holders), encoding="utf-8")
    write_wrk_tokens(holders)
    with connection.cursor() as cursor:  # autovacuum may be off on a bench server
        cursor.execute("VACUUM ANALYZE")
        # The build's writes are flushed now, not by a checkpoint during the run
        # (whose full-page writes would be counted as the submissions' CPU).
        cursor.execute("CHECKPOINT")
    connection.close()
    worker_class = args.worker_class or ("gthread" if args.threads > 1 else "sync")
    server = start_server(args.workers, args.threads, worker_class)
    try:
        if args.tool == "wrk":  # warm up, as locust's start does before its reset
            run_wrk(args, 10)
        web, database = workers_of(server), postgres_pids()
        before = cpu_times(web), cpu_times(database)
        load_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        if args.tool == "wrk":
            stats = run_wrk(args, args.seconds)
        else:
            run_locust(args)
        after = cpu_times(web), cpu_times(postgres_pids())
        load = resource.getrusage(resource.RUSAGE_CHILDREN)  # the load generator's
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.tool == "locust":
        stats = summary()
    for key, value in stats.items():
        print(f"{key}: {value}")
    count = int(stats["Request Count"]) or 1
    web_ms = cpu_used(before[0], after[0]) / count * 1000
    print(f"gunicorn CPU per request: {web_ms:.2f} ms")
    locust = load.ru_utime + load.ru_stime - load_before.ru_utime - load_before.ru_stime
    print(f"{args.tool} CPU per request: {locust / count * 1000:.2f} ms")
    database_ms = cpu_used(before[1], after[1]) / count * 1000
    print(
        f"PostgreSQL CPU per request (all backends, others' too): {database_ms:.2f} ms"
    )
    kinds: dict[str, float] = {}
    for pid, seconds in after[1].items():
        kind = _title(pid)
        kinds[kind] = kinds.get(kind, 0) + seconds - before[1].get(pid, 0)
    for kind, seconds in sorted(kinds.items(), key=lambda item: -item[1])[:6]:
        print(f"  {kind}: {seconds / count * 1000:.2f} ms")
    saved = TurnoutFigure.objects.filter(election=election).count()
    print(f"figures in the database after the run: {saved}")


if __name__ == "__main__":
    main()
