"""The PostgreSQL paths: COPY into a temporary table and upsert in one statement;
for the first import of an election, COPY into a bare table that becomes the
election's partition of the voter table once indexed (`DirectLoad`). An import
that owns its transaction loads and commits that table on a connection of its own
and builds its indexes over two connections at once (voters_indexes.py), then
attaches it in its transaction; a failure drops the table again.

Measured costs (docs/BENCHMARKS.md): COPY streams ~200 k rows/s
into a table without indexes; the ON CONFLICT … WHERE (…) IS DISTINCT FROM (…) form
leaves unchanged rows untouched, so a re-import rewrites only what changed.
"""

import contextlib

import psycopg
from django.db import IntegrityError, connection, transaction

from electionadmin.setup.models import Election

from .voters_indexes import (
    SET_MEMORY,
    build_at_once,
    connect,
    lanes,
    parent_indexes,
)
from .voters_sql import (
    COMPARED,
    ENTRY,
    NUMBERED,
    STAGE,
    STAGE_COLUMNS,
    Stage,
    entry_table,
    partition_name,
)

WORK_MEM = "256MB"
BINARY_TYPES = {
    "integer": "int4",
    "bigint": "int8",
    "smallint": "int2",
    "varchar": "text",
    "date": "date",
    "boolean": "bool",
}


class CopyStage(Stage):
    """Rows stream into the staging table through one COPY while the file is read."""

    create_suffix = " ON COMMIT DROP"
    counts_while_writing = True

    def create(self) -> None:
        # The window functions sort and the checks hash a million rows: in memory,
        # not in temporary files (4 MB by default). One import per election at a time.
        self.cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        super().create()
        names = ", ".join(name for name, _ in STAGE_COLUMNS)
        self._copy_context = self.cursor.cursor.copy(
            f"COPY {STAGE} ({names}) FROM STDIN (FORMAT BINARY)"
        )
        self._copy = self._copy_context.__enter__()
        # Binary rows of declared types: no text formatting on either side.
        self._copy.set_types(
            [BINARY_TYPES[kind.split("(")[0]] for _, kind in STAGE_COLUMNS]
        )

    def add(self, row: tuple) -> None:
        self._copy.write_row(row)

    def flush(self) -> None:
        if self._copy is not None:
            self._copy_context.__exit__(None, None, None)
            self._copy = None

    def abort(self) -> None:
        if self._copy is not None:
            error = RuntimeError("import aborted")
            with contextlib.suppress(psycopg.Error):
                self._copy_context.__exit__(type(error), error, None)
            self._copy = None

    def publish(self, now, count: bool = False) -> dict[str, int] | int:
        """With `count`, write and count in one statement: new rows carry `now`."""
        if not count:
            return super().publish(now)
        self.cursor.execute(
            f"""WITH {NUMBERED},
            written AS ({self.upsert()} RETURNING added_at = %(now)s AS added)
            SELECT COUNT(*) FILTER (WHERE added), COUNT(*) FILTER (WHERE NOT added)
            FROM written""",
            self.params(now),
        )
        added, updated = self.cursor.fetchone()
        self.analyze()
        return {"added": added, "updated": updated}

    def changed(self, old: str, new: str) -> str:
        """One row comparison, as PostgreSQL can evaluate it in a single step."""
        left = ", ".join(f"{old}.{name}" for name in COMPARED)
        right = ", ".join(f"{new}.{name}" for name in COMPARED)
        return f"({left}) IS DISTINCT FROM ({right})"


class Abandon(Exception):
    """The direct path met a problem: the staged path redoes the file and reports."""


# The voter table's columns as the direct path writes them, with their wire types.
ENTRY_COLUMNS = [
    ("election_id", "int8"),
    ("voting_area_id", "int8"),
    ("commune_id", "int8"),
    ("list_number", "int4"),
    ("citizen_id", "text"),
    ("full_name", "text"),
    ("search_name", "text"),
    ("birth_date", "date"),
    ("birth_precision", "text"),
    ("gender", "text"),
    ("ethnicity", "text"),
    ("occupation", "text"),
    ("permanent_address", "text"),
    ("temporary_address", "text"),
    ("temporary_since", "date"),
    ("residence", "text"),
    ("household", "text"),
    ("household_order", "int2"),
    ("note", "text"),
    ("contest_mask", "int2"),
    ("by_certificate", "bool"),
    ("status", "text"),
    ("removal_reason", "text"),
    ("added_at", "timestamptz"),
    ("removed_at", "timestamptz"),
]
# Households the file splits (a member listed after another household): renumber
# those areas by the rule of the staged path, households together in order of
# first appearance. Which areas, `DirectLoad.add` notes while reading (a household
# seen again after another one). In the voter table numbers move out of the way
# first (the index is not deferrable); a bare partition has no index yet.
RENUMBER = """
    WITH households AS (
        SELECT id, voting_area_id, household, list_number,
            MIN(list_number) OVER (
                PARTITION BY voting_area_id,
                CASE WHEN household = '' THEN id::text ELSE household END
            ) AS hh_first
        FROM {table} WHERE voting_area_id = ANY(%(areas)s)
    ), ranked AS (
        SELECT id,
            ROW_NUMBER() OVER (
                PARTITION BY voting_area_id ORDER BY hh_first, list_number
            ) AS n,
            CASE WHEN household = '' THEN 1 ELSE ROW_NUMBER() OVER (
                PARTITION BY voting_area_id, household ORDER BY list_number
            ) END AS h
        FROM households
    )
    UPDATE {table} e SET list_number = r.n, household_order = r.h
    FROM ranked r WHERE e.id = r.id"""
PARENT_FOREIGN_KEYS = """
    SELECT pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname"""
# The election's table when it is nobody's partition: what an import killed after
# its loader committed the table leaves behind.
LEFTOVER = """
    SELECT c.oid::regclass::text FROM pg_class c
    WHERE c.oid = to_regclass(%s)
        AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)"""


# Named households left behind, kept exactly up to this many; then in a filter of
# this many bits (64 MB), so a city's file does not grow the import's memory.
LEFT_EXACT = 500_000
LEFT_FILTER_BITS = 1 << 29


class LeftBehind:
    """The named households of each area the file has already left behind, to find
    one it comes back to (a household the file splits).

    Exact (a set an area) up to `LEFT_EXACT` keys, which a ward's or a district's file
    never reaches (1 M voters: ~300,000 households). Past that the keys move into a
    Bloom filter of fixed size (3 bits a key), so memory stays flat however long the
    file (10 M voters held 593 MB before, 229 MB at 1 M). The filter may say yes
    for a household it never saw (about once in 160,000 at 10 M voters): that area
    is then renumbered by `RENUMBER`'s rule, households in order of first
    appearance, which leaves an area the file does not split as it was. It never
    says no for one it saw.
    """

    def __init__(self, exact: int | None = None, bits: int | None = None):
        self.sets: dict[int, set[str]] = {}
        self.count = 0
        self.exact = LEFT_EXACT if exact is None else exact
        self.size = LEFT_FILTER_BITS if bits is None else bits
        self.bits: bytearray | None = None

    def add(self, area: int, key: str) -> None:
        if self.bits is not None:
            self._mark(area, key)
            return
        keys = self.sets.setdefault(area, set())
        before = len(keys)
        keys.add(key)
        self.count += len(keys) - before
        if self.count > self.exact:
            self.bits = bytearray(self.size // 8)
            for known, members in self.sets.items():
                for member in members:
                    self._mark(known, member)
            self.sets = {}

    def seen(self, area: int, key: str) -> bool:
        if self.bits is None:
            return key in self.sets.get(area, ())
        bits = self.bits
        return all(bits[p >> 3] & (1 << (p & 7)) for p in self._places(area, key))

    def _mark(self, area: int, key: str) -> None:
        bits = self.bits
        for p in self._places(area, key):
            bits[p >> 3] |= 1 << (p & 7)

    def _places(self, area: int, key: str) -> tuple[int, int, int]:
        first, second, size = hash((area, key)), hash((key, area)), self.size
        return first % size, second % size, (first + 2 * second) % size


class DirectLoad:
    """A first import: rows stream by COPY while the file is read.

    On the partitioned voter table (PostgreSQL, migration voters 0009), when the
    election has no partition yet, into a bare table of its own without any index:
    COPY costs little beside Python's reading. Once loaded, the table gets the
    parent's indexes, each built in one pass (a sort, or a GIN's bulk build,
    instead of a million insertions), and is attached as the election's partition,
    which adopts those indexes.

    Inside the caller's transaction (`separate` false) the table is made in the
    import's transaction and indexed one index after another: a failure rolls it
    back with everything else. When the import owns its transaction (`separate`),
    another connection, the loader, makes, loads and commits the table, so that
    its indexes can be built over two connections at once (voters_indexes.py);
    the import's transaction then attaches it. Until attached it is nobody's
    partition: `close()` drops it again if the import fails, and an import killed
    meanwhile leaves it for the next import of the election to drop
    (`drop_leftover`). Both under the election's lock.

    Otherwise (an election whose partition exists, emptied) straight into the voter
    table and its indexes.

    Numbers follow the file per area; households the file splits are regrouped at the
    end. Only for an election without any entry, and only while every row is clean:
    the first problem (a bad row, or a citizen twice, caught by the unique index)
    raises `Abandon`.
    """

    def __init__(self, election_id: int, now, separate: bool = False):
        self.election_id = election_id
        self.now = now
        self.separate = separate
        self.cursor = connection.cursor()
        self.work = self.cursor  # where the table is made, loaded and indexed
        self.loader: psycopg.Connection | None = None
        self.others: list[psycopg.Connection] = []  # index builds beside the loader
        self.committed = False  # the loader committed the table (not yet attached)
        self.numbers: dict[int, int] = {}
        self.households: dict[int, tuple[str, int, bool]] = {}
        # Per area, the named households already left behind, and the areas where
        # one comes back (the file splits it): regrouped after the load.
        self.left = LeftBehind()
        self.split: set[int] = set()
        self.written = 0
        self._copy = None
        self.table = ENTRY
        self.bare = False

    def create(self) -> None:
        self.cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        own = partition_name(self.election_id)
        if is_partitioned(self.cursor):
            self.open_loader()
            drop_leftover(self.work, self.election_id)
            if table_exists(self.cursor, own):
                self.disconnect()  # its partition: in the import's transaction
            else:
                self.create_bare(own)
        names = ", ".join(name for name, _ in ENTRY_COLUMNS)
        # Rows of a table made in this transaction can be written frozen and
        # all-visible: no later pass rewrites them for readers or VACUUM.
        freeze = ", FREEZE" if self.bare else ""
        raw = self.work if self.loader else self.cursor.cursor
        self._copy_context = raw.copy(
            f"COPY {self.table} ({names}) FROM STDIN (FORMAT BINARY{freeze})"
        )
        self._copy = self._copy_context.__enter__()
        self._copy.set_types([kind for _, kind in ENTRY_COLUMNS])

    def open_loader(self) -> None:
        """When `separate`, the loader, in autocommit until the table is made: a
        leftover dropped before the new table of the same name is created."""
        if self.separate:
            self.loader = connect()
            self.work = self.loader.cursor()

    def create_bare(self, name: str) -> None:
        """The election's table-to-be: the voter table's columns, defaults and checks.

        Ids come from the voter table's sequence, so they stay unique across
        partitions. The CHECK on the election is the partition's bound, checked row
        by row while loading, so attaching it needs no scan.
        """
        if self.loader:
            self.loader.autocommit = False
            self.work.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        self.work.execute("SELECT pg_get_serial_sequence(%s, 'id')", [ENTRY])
        (sequence,) = self.work.fetchone()
        self.work.execute(
            f"""CREATE TABLE {name} (
                LIKE {ENTRY} INCLUDING DEFAULTS INCLUDING CONSTRAINTS
                    INCLUDING STORAGE,
                CONSTRAINT {name}_bound
                    CHECK (election_id = {int(self.election_id)}))"""
        )
        self.work.execute(
            f"ALTER TABLE {name} ALTER id SET DEFAULT nextval('{sequence}'::regclass)"
        )
        self.table, self.bare = name, True

    def add(self, row: tuple) -> None:
        """A staged tuple (voters_sql.STAGE_COLUMNS order) as a voter-table row."""
        if row[-1]:
            raise Abandon("bad row")
        area, hh_key = row[13], row[16]
        number = self.numbers[area] = self.numbers.get(area, 0) + 1
        previous = self.households.get(area)
        if previous and previous[0] == hh_key:
            order = previous[1] + 1
        else:
            order = 1
            if previous and previous[2]:  # the named household just left behind
                self.left.add(area, previous[0])
            if row[15] and self.left.seen(area, hh_key):
                self.split.add(area)
        self.households[area] = (hh_key, order, bool(row[15]))
        try:
            self._copy.write_row(
                (self.election_id, area, row[14], number, *row[1:13], row[15])
                + (order, row[17], row[18], False, "active", "", self.now, None)
            )
        except psycopg.errors.UniqueViolation as clash:
            raise Abandon("citizen twice") from clash
        self.written += 1

    def finish_loading(self) -> None:
        try:
            self._copy_context.__exit__(None, None, None)
        except psycopg.errors.UniqueViolation as clash:
            raise Abandon("citizen twice") from clash
        finally:
            self._copy = None

    def abort(self) -> None:
        if self._copy is not None:
            error = RuntimeError("import abandoned")
            with contextlib.suppress(psycopg.Error):
                self._copy_context.__exit__(type(error), error, None)
            self._copy = None

    def complete(self) -> None:
        """After the load: households regrouped; a bare table indexed and attached."""
        self.regroup()
        if not self.bare:
            self.cursor.execute(f"ANALYZE {entry_table(self.cursor, self.election_id)}")
            return
        if self.loader:
            self.loader.commit()
            self.committed = True
            self.loader.autocommit = True  # each build, once done, stays
            try:
                self.index_at_once()
                self.work.execute(f"ANALYZE {self.table}")
            finally:
                self.disconnect()  # idle connections must not hold the table
        else:
            self.index()
            self.cursor.execute(f"ANALYZE {self.table}")
        self.attach()  # last: the locks it takes are held until commit

    def regroup(self) -> int:
        """Renumber the areas whose households the file split; how many areas."""
        table = self.table
        areas = sorted(self.split)
        if areas:
            params = {"areas": areas}
            if not self.bare:
                self.work.execute(
                    f"UPDATE {table} SET list_number = list_number + 100000000 "
                    "WHERE voting_area_id = ANY(%(areas)s)",
                    params,
                )
            self.work.execute(RENUMBER.format(table=table), params)
        return len(areas)

    def index(self) -> None:
        """The parent's indexes on the loaded table, each built once, in turn."""
        self.cursor.execute(SET_MEMORY)
        try:
            for index in parent_indexes(self.cursor, ENTRY, self.table):
                if index.kind in ("p", "u"):
                    self.cursor.execute(index.add_constraint(self.table))
                else:
                    self.cursor.execute(index.create(self.table))
        except IntegrityError as clash:  # a unique index: a citizen twice
            raise Abandon("citizen twice") from clash

    def index_at_once(self) -> None:
        """The parent's indexes on the committed table, over the loader and one
        more connection at once (voters_indexes.py), then the unique constraints
        made of their indexes (the table locked only for that moment)."""
        indexes = parent_indexes(self.work, ENTRY, self.table)
        dealt = lanes(indexes)
        self.others = [connect() for _ in dealt[1:]]
        sessions = [self.loader, *self.others]
        jobs = [
            (session, [index.create(self.table) for index in lane])
            for session, lane in zip(sessions, dealt, strict=True)
        ]
        try:
            build_at_once(jobs)
        except psycopg.errors.UniqueViolation as clash:  # a citizen twice
            raise Abandon("citizen twice") from clash
        for index in indexes:
            if index.kind in ("p", "u"):
                self.work.execute(index.constraint_from(self.table))

    def attach(self) -> None:
        """The loaded table becomes the election's partition.

        Its foreign keys are added first (one check of the whole table, as the
        parent's would be on attaching); attaching then adopts the indexes and, the
        bound being already checked, reads no row of the table. Until commit it
        locks the voter table against other DDL only, and the default partition
        wholly (scanned for rows of this election): queries that name an election
        with a partition of its own go on, those that could reach the default
        partition (a commune's list without the election) wait for the commit.
        """
        table = self.table
        self.cursor.execute(PARENT_FOREIGN_KEYS, [ENTRY])
        for (definition,) in self.cursor.fetchall():
            self.cursor.execute(f"ALTER TABLE {table} ADD {definition}")
        self.cursor.execute(
            f"ALTER TABLE {ENTRY} ATTACH PARTITION {table} "
            f"FOR VALUES IN ({int(self.election_id)})"
        )
        self.cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_bound")

    def disconnect(self) -> None:
        """The loader and the other builders closed (a loader's open transaction,
        rolled back)."""
        for session in [self.loader, *self.others]:
            if session is not None:
                session.close()
        self.loader, self.others, self.work = None, [], self.cursor

    def close(self, written: bool) -> None:
        """Once the import's transaction ended: the connections closed, and a
        table the loader committed dropped again unless the import was `written`
        (then it is the election's partition)."""
        self.disconnect()
        if self.committed and not written:
            with transaction.atomic():
                Election.objects.select_for_update().filter(pk=self.election_id).first()
                drop_leftover(connection.cursor(), self.election_id)


def drop_leftover(cursor, election_id: int) -> None:
    """Drop the election's table if it is nobody's partition.

    Only under the election's lock: then no import of the election is loading it,
    and the table is what an import killed after committing it left (or what a
    failed import's `DirectLoad.close` drops). One catalog query otherwise.
    """
    cursor.execute(LEFTOVER, [partition_name(election_id)])
    found = cursor.fetchone()
    if found:
        cursor.execute(f"DROP TABLE {found[0]}")


def is_partitioned(cursor) -> bool:
    cursor.execute(
        "SELECT relkind = 'p' FROM pg_class WHERE oid = %s::regclass", [ENTRY]
    )
    return cursor.fetchone()[0]


def table_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    return cursor.fetchone()[0]


def make_stage(election_id: int, method: str | None = None) -> Stage:
    """COPY on PostgreSQL unless `method="batched"`; batched inserts elsewhere."""
    if connection.vendor == "postgresql" and method != "batched":
        return CopyStage(election_id)
    return Stage(election_id)
