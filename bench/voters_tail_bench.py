"""A first import's tail at scale: indexes in turn or over two connections at once.

Usage (PostgreSQL, a copy of a database where an election's list was imported, e.g.
`createdb -T h_voters_bench h_tail`; the election's partition is rebuilt each round):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_tail DEBUG=true \\
        .venv/bin/python bench/voters_tail_bench.py BENCH-2026 turn once turn once

Once, the election's rows are kept aside (`bench_tail_rows`) and its partition
dropped. Each round then does what `DirectLoad` does after reading the file: the
bare table, the rows by COPY … FREEZE (from the rows kept aside, not from Python),
then, timed, `complete()` and the commit: "turn" inside the caller's transaction
(the indexes one after another), "once" as an import owning its transaction (the
loader commits the table, the indexes over two connections). The file's reading is
left out: bench/voters_import_bench.py measures the whole import.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from electionadmin.setup.models import Election  # noqa: E402
from importers.voters_indexes import connect  # noqa: E402
from importers.voters_pg import DirectLoad, partition_name  # noqa: E402
from importers.voters_sql import ENTRY  # noqa: E402

ROWS = "bench_tail_rows"


def set_aside(session, table: str) -> None:
    """The election's rows kept in a plain table, its partition dropped."""
    if not session.execute("SELECT to_regclass(%s)", [ROWS]).fetchone()[0]:
        session.execute(f"CREATE TABLE {ROWS} AS SELECT * FROM {table}")
    drop(session, table)


def drop(session, table: str) -> None:
    if session.execute("SELECT to_regclass(%s)", [table]).fetchone()[0]:
        parent = "SELECT EXISTS (SELECT FROM pg_inherits WHERE inhrelid = %s::regclass)"
        if session.execute(parent, [table]).fetchone()[0]:
            session.execute(f"ALTER TABLE {ENTRY} DETACH PARTITION {table}")
        session.execute(f"DROP TABLE {table}")
    session.execute("CHECKPOINT")


def tail(election_id: int, separate: bool) -> float:
    """One round: the table loaded as the import loads it, then the timed tail."""
    load = DirectLoad(election_id, timezone.now(), separate=separate)
    with transaction.atomic():
        if separate:
            load.open_loader()
        load.create_bare(partition_name(election_id))
        into = load.work if separate else load.cursor.cursor
        with (
            connect() as source,
            source.cursor().copy(f"COPY {ROWS} TO STDOUT (FORMAT BINARY)") as rows,
            into.copy(f"COPY {load.table} FROM STDIN (FORMAT BINARY, FREEZE)") as out,
        ):
            for data in rows:
                out.write(data)
        start = time.perf_counter()
        load.complete()
    seconds = time.perf_counter() - start
    load.close(written=True)
    return seconds


def main() -> None:
    code, rounds = sys.argv[1], sys.argv[2:]
    election = Election.objects.get(code=code)
    table = partition_name(election.pk)
    with connect() as session:
        set_aside(session, table)
    for kind in rounds:
        with connect() as session:
            drop(session, table)
        time.sleep(2)
        before = os.getloadavg()[0]
        seconds = tail(election.pk, separate=kind == "once")
        after = os.getloadavg()[0]
        print(f"{kind}: {seconds:.2f} s, load {before:.2f} -> {after:.2f}", flush=True)


if __name__ == "__main__":
    main()
