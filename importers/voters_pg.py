"""The PostgreSQL paths: COPY into a temporary table and upsert in one statement;
for the first import of an election, COPY straight into the voter table.

Measured costs (docs/BENCHMARKS.md): COPY streams ~200 k rows/s
into a table without indexes; the ON CONFLICT … WHERE (…) IS DISTINCT FROM (…) form
leaves unchanged rows untouched, so a re-import rewrites only what changed.
"""

import contextlib

import psycopg
from django.db import connection

from .voters_sql import COMPARED, ENTRY, NUMBERED, STAGE, STAGE_COLUMNS, Stage

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
# first appearance. Numbers move out of the way first (the index is not deferrable).
SPLIT_AREAS = f"""
    SELECT DISTINCT voting_area_id FROM {ENTRY}
    WHERE election_id = %(election)s AND household <> ''
    GROUP BY voting_area_id, household
    HAVING MAX(list_number) - MIN(list_number) + 1 <> COUNT(*)"""
RENUMBER = f"""
    WITH households AS (
        SELECT id, voting_area_id, household, list_number,
            MIN(list_number) OVER (
                PARTITION BY voting_area_id,
                CASE WHEN household = '' THEN id::text ELSE household END
            ) AS hh_first
        FROM {ENTRY} WHERE voting_area_id = ANY(%(areas)s)
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
    UPDATE {ENTRY} e SET list_number = r.n, household_order = r.h
    FROM ranked r WHERE e.id = r.id"""


class DirectLoad:
    """A first import: rows stream by COPY straight into the voter table.

    While Python reads the file, PostgreSQL fills the table and its indexes on the
    other core, so the import costs little more than a raw COPY. Numbers follow the
    file per area; households the file splits are regrouped at the end. Only for an
    election without any entry, and only while every row is clean: the first problem
    (a bad row, or a citizen twice, caught by the unique index) raises `Abandon`.
    """

    def __init__(self, election_id: int, now):
        self.election_id = election_id
        self.now = now
        self.cursor = connection.cursor()
        self.numbers: dict[int, int] = {}
        self.households: dict[int, tuple[str, int]] = {}
        self.written = 0
        self._copy = None

    def create(self) -> None:
        self.cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        names = ", ".join(name for name, _ in ENTRY_COLUMNS)
        self._copy_context = self.cursor.cursor.copy(
            f"COPY {ENTRY} ({names}) FROM STDIN (FORMAT BINARY)"
        )
        self._copy = self._copy_context.__enter__()
        self._copy.set_types([kind for _, kind in ENTRY_COLUMNS])

    def add(self, row: tuple) -> None:
        """A staged tuple (voters_sql.STAGE_COLUMNS order) as a voter-table row."""
        if row[-1]:
            raise Abandon("bad row")
        area, hh_key = row[13], row[16]
        number = self.numbers[area] = self.numbers.get(area, 0) + 1
        previous = self.households.get(area)
        order = previous[1] + 1 if previous and previous[0] == hh_key else 1
        self.households[area] = (hh_key, order)
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

    def regroup(self) -> int:
        """Renumber the areas whose households the file split; how many areas."""
        self.cursor.execute(SPLIT_AREAS, {"election": self.election_id})
        areas = [area for (area,) in self.cursor.fetchall()]
        if areas:
            params = {"areas": areas}
            self.cursor.execute(
                f"UPDATE {ENTRY} SET list_number = list_number + 100000000 "
                "WHERE voting_area_id = ANY(%(areas)s)",
                params,
            )
            self.cursor.execute(RENUMBER, params)
        self.cursor.execute(f"ANALYZE {ENTRY}")
        return len(areas)


def make_stage(election_id: int, method: str | None = None) -> Stage:
    """COPY on PostgreSQL unless `method="batched"`; batched inserts elsewhere."""
    if connection.vendor == "postgresql" and method != "batched":
        return CopyStage(election_id)
    return Stage(election_id)
