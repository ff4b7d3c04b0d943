"""CPU per turnout submission, in one process, through the WSGI handler gunicorn calls.

Usage (PostgreSQL; single-threaded and short, no server, no load generator):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_polling_bench \
      .venv/bin/python bench/turnout_submit_cpu.py [--submissions 3000] \
      [--rounds 3] [--cache-seconds 3600] [--compare /tmp/turnout_before] [--profile]

Builds the BENCH-TURNOUT city of bench/turnout_city.py without figures (unless it is
there already; `--rebuild` forces it), gives its 168 ward committees and 200 teams a
user and an API token, then POSTs turnout figures the way bench/locustfile.py does
(each token its own areas, figures rising through the four slots) straight into
`config.wsgi.application` with `DEBUG=False` and a persistent connection (figures
and their audit entries are emptied and the two tables vacuumed first). It prints,
per submission: the app's CPU (time.process_time), the CPU of the connection's
PostgreSQL backend (from /proc, so the server must be on this machine), wall time
and the queries sent (Django's query log, in a separate pass).

`--compare TREE` runs the same measurement, alternately, against another checkout of
the code (e.g. `git archive HEAD | tar -x -C /tmp/turnout_before`) in the same
database, and prints the ratios of the medians (this tree / TREE). The API's caches
expire as configured (60 s), so a slow run sees more expiries than a busy server
would; `--cache-seconds 3600` measures with caches that never expire. `--profile`
prints a cProfile (CPU time) of one pass to stderr.
"""

import argparse
import io
import itertools
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SLOTS = ["09:00", "11:00", "15:00", "19:00"]
FIGURES = ("app_ms", "db_ms", "wall_ms")


def setup(tree: Path):
    sys.path.insert(0, str(tree))
    sys.path.insert(1, str(HERE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "False"
    os.environ.setdefault(
        "SECRET_KEY", secrets.token_urlsafe(50)
    )  # DEBUG off needs one
    os.environ["CONN_MAX_AGE"] = "600"
    os.environ["LOG_LEVEL"] = "ERROR"
    from config.wsgi import application

    return application


def prepare(args) -> list[dict]:
    """The city (built once) and fresh users and tokens; its figures emptied."""
    import turnout_city
    from django.db import connection

    from electionadmin.audit.models import AuditEntry
    from electionadmin.polling.models import TurnoutFigure
    from electionadmin.setup.models import Election

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    election = Election.objects.filter(code=turnout_city.CODE).first()
    if election is None or args.rebuild:
        election = turnout_city.build(figures=False)
    TurnoutFigure.objects.filter(election=election).delete()
    AuditEntry.objects.filter(election_code=election.code).delete()
    with connection.cursor() as cursor:  # every run starts from the same tables
        cursor.execute("VACUUM ANALYZE polling_turnoutfigure, audit_auditentry")
    return turnout_city.token_holders(election, "cpu", args.teams, spread=True)


class Client:
    """Turnout figures as bench/locustfile.py sends them, as WSGI environs."""

    def __init__(self, holders: list[dict], code: str, seed: int = 2026):
        self.rng = random.Random(seed)
        self.holders = itertools.cycle(
            [(h["key"], itertools.cycle(h["areas"])) for h in holders]
        )
        self.path = f"/bau-cu/{code}/api/tien-do/"
        self.sent: dict[tuple, int] = {}

    def environ(self, slot_index: int) -> dict:
        key, areas = next(self.holders)
        area, voters = next(areas)
        low, high = voters * slot_index // 4, voters * (slot_index + 1) // 4
        last = self.sent.get((area, slot_index), low)
        value = self.sent[(area, slot_index)] = min(
            high, last + self.rng.randint(1, 20)
        )
        body = json.dumps(
            {"area": area, "slot": SLOTS[slot_index], "voters_voted": value}
        ).encode()
        return {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": self.path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_HOST": "127.0.0.1:8077",
            "HTTP_AUTHORIZATION": f"Token {key}",
            "HTTP_USER_AGENT": "turnout-submit-cpu",
            "HTTP_ACCEPT_ENCODING": "gzip, deflate",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8077",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }


def send(application, environ: dict) -> tuple[str, bytes]:
    status = []
    response = application(environ, lambda s, headers, exc=None: status.append(s))
    try:
        body = b"".join(response)
    finally:
        response.close()
    return status[0], body


def backend_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(application, client: Client, count: int, slot_index: int) -> dict:
    environs = [client.environ(slot_index) for _ in range(count)]
    failed = 0
    db_before, wall, cpu = backend_cpu(), time.perf_counter(), time.process_time()
    for environ in environs:
        status, body = send(application, environ)
        failed += not status.startswith("200")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    db = backend_cpu() - db_before
    if failed:
        sys.exit(f"{failed} of {count} submissions were refused: {status} {body!r}")
    return {
        "app_ms": cpu / count * 1000,
        "db_ms": db / count * 1000,
        "wall_ms": wall / count * 1000,
    }


def queries(application, client: Client, count: int, slot_index: int) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for _ in range(count):
            send(application, client.environ(slot_index))
    return len(captured) / count


def measure(args) -> dict:
    """One process: warm up, then `rounds` timed passes of one slot each."""
    application = setup(Path(args.tree or HERE.parent))
    holders = prepare(args)
    if args.cache_seconds:
        from electionadmin.polling import api

        api.CACHE_SECONDS = args.cache_seconds
    from django.db import connection

    connection.close()
    import turnout_city

    client = Client(holders, turnout_city.CODE)
    run(application, client, 300, 0)  # warm: caches, connection, imports
    passes = []
    for i in range(args.rounds):
        if args.profile and i == 0:
            profile(application, client, args.submissions)
        passes.append(run(application, client, args.submissions, (i + 1) % 4))
    found = {k: statistics.median(p[k] for p in passes) for k in FIGURES}
    found["queries"] = queries(application, client, 100, 3)
    return found


def profile(application, client: Client, count: int) -> None:
    import cProfile
    import pstats

    environs = [client.environ(0) for _ in range(count)]
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for environ in environs:
        send(application, environ)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(70)


def child(args, tree: str | None) -> dict:
    command = [
        sys.executable,
        __file__,
        "--json",
        "--submissions",
        str(args.submissions),
        "--rounds",
        str(args.rounds),
        "--teams",
        str(args.teams),
    ]
    if args.cache_seconds:
        command += ["--cache-seconds", str(args.cache_seconds)]
    if tree:
        command += ["--tree", tree]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(name: str, found: dict) -> None:
    print(
        f"{name}: app CPU {found['app_ms']:.3f} ms, PostgreSQL backend CPU "
        f"{found['db_ms']:.3f} ms, wall {found['wall_ms']:.3f} ms, "
        f"{found['queries']:.1f} queries per submission"
    )


def compare(args) -> None:
    """This tree and the other, alternately, in separate processes; medians."""
    runs: dict[str, list[dict]] = {"this tree": [], args.compare: []}
    for _ in range(args.repeat):
        runs[args.compare].append(child(args, args.compare))
        runs["this tree"].append(child(args, None))
    medians = {}
    for name, found in runs.items():
        medians[name] = {k: statistics.median(r[k] for r in found) for k in found[0]}
        show(name, medians[name])
    new, old = medians["this tree"], medians[args.compare]
    print(
        "after/before: "
        + ", ".join(f"{k} {new[k] / old[k]:.2f}" for k in (*FIGURES, "queries"))
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=3000, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--cache-seconds",
        type=int,
        help="the API's cache lifetime (api.CACHE_SECONDS), e.g. 3600: no expiry",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile to stderr")
    parser.add_argument("--tree", help="run this checkout's code instead")
    parser.add_argument("--compare", help="another checkout to compare against")
    parser.add_argument("--repeat", type=int, default=3, help="with --compare")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.compare:
        compare(args)
        return
    found = measure(args)
    if args.json:
        print(json.dumps(found))
    else:
        show(args.tree or "this tree", found)


if __name__ == "__main__":
    main()
