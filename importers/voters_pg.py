"""The PostgreSQL path: COPY into a temporary table, upsert in one statement.

Measured costs (docs/BENCHMARKS.md, style/STACK_NOTES.md): COPY streams ~200 k rows/s
into a table without indexes; the ON CONFLICT … WHERE (…) IS DISTINCT FROM (…) form
leaves unchanged rows untouched, so a re-import rewrites only what changed.
"""

from .voters_sql import COMPARED, NUMBERED, STAGE, STAGE_COLUMNS, Stage

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
            self._copy_context.__exit__(type(error), error, None)
            self._copy = None

    def publish(self, now, *, count=False, first=False) -> dict[str, int] | int:
        """With `count`, write and count in one statement: new rows carry `now`."""
        if not count:
            return super().publish(now, first=first)
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
