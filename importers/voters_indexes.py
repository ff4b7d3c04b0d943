"""The voter table's indexes on an election's loaded table, before it is attached.

`DirectLoad` (voters_pg.py) gives a bare table the partitioned voter table's
indexes so that attaching adopts them instead of building them again. Inside the
caller's transaction they are built one after another on Django's connection.
When the import owns its transaction the loaded table is committed first, and the
builds are split over two connections at once (`build_at_once`): at 1 M voters on
2 cores the tail after the reading took 0.62-0.77 of its time with the builds one
after another (docs/BENCHMARKS.md).

A unique constraint cannot be added while another connection builds an index on
the same table (ALTER TABLE locks it wholly), so on that path the constraint's
index is built as a plain unique index and becomes the constraint afterwards
(`constraint_from`): the parent's constraint adopts only a constraint.
"""

import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import NamedTuple

import psycopg
from django.db import connection
from psycopg.sql import SQL, Identifier

# The partitioned voter table's indexes and the constraints they carry, to build
# the same on a bare partition (unique ones first: a citizen twice fails early).
PARENT_INDEXES = """
    SELECT c.relname, pg_get_indexdef(i.indexrelid), k.contype,
        pg_get_constraintdef(k.oid), a.amname, 0 < ANY (i.indcollation::oid[])
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am a ON a.oid = c.relam
    LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
    WHERE i.indrelid = %s::regclass
    ORDER BY NOT i.indisunique, k.contype = 'p', c.relname"""
# Sorting a million keys for a btree, or a GIN's trigrams, in memory.
MAINTENANCE_WORK_MEM = "512MB"
SET_MEMORY = f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'"
# Expected cost of a build, to balance the connections: tenths of a second at
# 1 M voters, measured one after another (docs/BENCHMARKS.md): a trigram GIN
# 37-40, the btree over the citizen's number 22 (text sorted by collation), the
# btrees over integers 2-12.
COST_GIN, COST_TEXT_BTREE, COST_BTREE = 40, 22, 10
LANES = 2


class ParentIndex(NamedTuple):
    """One of the parent's indexes, as the loaded table's."""

    name: str
    using: str  # "btree (id, election_id)", with any WHERE
    unique: bool
    kind: str | None  # the constraint it carries: "p", "u" or None
    constraint: str | None  # its definition, "PRIMARY KEY (id, election_id)"
    cost: int

    def create(self, table: str) -> str:
        unique = "UNIQUE " if self.unique else ""
        return f"CREATE {unique}INDEX {self.name} ON {table} USING {self.using}"

    def add_constraint(self, table: str) -> str:
        """Today's one step: the constraint and its index together (exclusive)."""
        return f"ALTER TABLE {table} ADD CONSTRAINT {self.name} {self.constraint}"

    def constraint_from(self, table: str) -> str:
        """The constraint from its index built beforehand: no scan, a lock only."""
        key = "PRIMARY KEY" if self.kind == "p" else "UNIQUE"
        deferrable = self.constraint.rpartition(")")[2].strip()
        return (
            f"ALTER TABLE {table} ADD CONSTRAINT {self.name} {key} "
            f"USING INDEX {self.name} {deferrable}"
        ).rstrip()


def parent_indexes(cursor, parent: str, table: str) -> list[ParentIndex]:
    """The parent's indexes, named for `table` as attaching expects nothing of."""
    cursor.execute(PARENT_INDEXES, [parent])
    indexes = []
    for name, definition, kind, constraint, method, text in cursor.fetchall():
        short = name.removeprefix(parent + "_").removeprefix("voterentry_")
        head, _, using = definition.partition(" USING ")
        unique = head.startswith("CREATE UNIQUE")
        cost = COST_TEXT_BTREE if text else COST_BTREE
        cost = COST_GIN if method == "gin" else cost
        index = ParentIndex(f"{table}_{short}", using, unique, kind, constraint, cost)
        indexes.append(index)
    return indexes


def lanes(indexes: list[ParentIndex], count: int = LANES) -> list[list[ParentIndex]]:
    """The builds dealt to `count` connections, the costliest first, each to the
    least loaded (so the GINs go apart); in each, unique ones first: a citizen
    twice fails early."""
    loads = [0] * count
    dealt: list[list[ParentIndex]] = [[] for _ in range(count)]
    for index in sorted(indexes, key=lambda index: -index.cost):
        lane = min(range(count), key=loads.__getitem__)
        loads[lane] += index.cost
        dealt[lane].append(index)
    return [sorted(lane, key=lambda index: not index.unique) for lane in dealt]


def connect() -> psycopg.Connection:
    """A connection beside Django's to the same database, in autocommit."""
    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context"):
        params.pop(django_only, None)
    session = psycopg.connect(**params, autocommit=True)
    # As Django's own connection: the table must have the owner that attaches it.
    role = connection.settings_dict["OPTIONS"].get("assume_role")
    if role:
        session.execute(SQL("SET ROLE {}").format(Identifier(role)))
    return session


def build_at_once(jobs: list[tuple[psycopg.Connection, list[str]]]) -> None:
    """Each connection runs its statements, all connections at the same time.

    The first failure stops the others (cancelled, or before their next
    statement) and is raised once every connection is idle again.
    """
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(build, *job, stop) for job in jobs]
        wait(futures, return_when=FIRST_EXCEPTION)
        if any(future.done() and future.exception() for future in futures):
            stop.set()
            for busy, _ in jobs:
                busy.cancel_safe()
    failures = [future.exception() for future in futures if future.exception()]
    # A cancelled build is the consequence, not the cause.
    failures.sort(key=lambda error: isinstance(error, psycopg.errors.QueryCanceled))
    if failures:
        raise failures[0]


def build(session: psycopg.Connection, statements: list[str], stop) -> None:
    for sql in statements:
        if stop.is_set():
            return
        # SET LOCAL: the setting goes with the build even behind a pooler.
        with session.transaction():
            session.execute(SET_MEMORY)
            session.execute(sql)
