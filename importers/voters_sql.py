"""Staged voter rows: checks across rows and the publish, in SQL.

Rows parsed from the file go into a temporary staging table (batched inserts here;
COPY on PostgreSQL, see voters_pg.py). The checks that span rows run on it, then one
INSERT … ON CONFLICT … DO UPDATE … WHERE <something changed> publishes it, assigning
new list numbers with a window function. Unchanged rows never reach the INSERT, so a
re-import neither rewrites nor locks them. Portable SQL: PostgreSQL and SQLite ≥ 3.39.
"""

from django.db import connection

from electionadmin.voters.models import VoterEntry

STAGE = "voter_stage"
ENTRY = VoterEntry._meta.db_table
DEFAULT_PARTITION = f"{ENTRY}_default"  # PostgreSQL: migration voters 0009
# The staged tuple, in order (importers/voters_rows.py builds it).
STAGE_COLUMNS = (
    ("row_no", "integer"),
    ("citizen_id", "varchar(12)"),
    ("full_name", "varchar(200)"),
    ("search_name", "varchar(200)"),
    ("birth_date", "date"),
    ("birth_precision", "varchar(1)"),
    ("gender", "varchar(1)"),
    ("ethnicity", "varchar(50)"),
    ("occupation", "varchar(200)"),
    ("permanent_address", "varchar(300)"),
    ("temporary_address", "varchar(300)"),
    ("temporary_since", "date"),
    ("residence", "varchar(20)"),
    ("voting_area_id", "bigint"),
    ("commune_id", "bigint"),
    ("household", "varchar(50)"),
    ("hh_key", "varchar(60)"),
    ("note", "varchar(300)"),
    ("contest_mask", "smallint"),
    ("bad", "boolean"),
)
# What a re-import may change on an entry; anything else keeps its value.
COMPARED = [
    "full_name",
    "search_name",
    "birth_date",
    "birth_precision",
    "gender",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "temporary_since",
    "residence",
    "household",
    "household_order",
    "note",
    "contest_mask",
]
# Where each staged row goes, computed on narrow rows (the wide ones are sorted
# by nobody): its entry if already listed, its place in its household, the
# household's first row, and its list number (kept, or the area's next ones).
NUMBERED = f"""
places AS (
    SELECT s.row_no, s.voting_area_id, e.id AS entry_id, e.list_number,
        ROW_NUMBER() OVER (
            PARTITION BY s.voting_area_id, s.hh_key ORDER BY s.row_no
        ) AS household_order,
        MIN(s.row_no) OVER (PARTITION BY s.voting_area_id, s.hh_key) AS hh_first
    FROM {STAGE} s
    LEFT JOIN {ENTRY} e ON e.election_id = %(election)s
        AND e.citizen_id = s.citizen_id AND e.status = 'active'
    WHERE NOT s.bad
),
tops AS (
    SELECT voting_area_id, MAX(list_number) AS top FROM {ENTRY}
    WHERE voting_area_id IN (SELECT DISTINCT voting_area_id FROM {STAGE})
    GROUP BY voting_area_id
),
numbered AS (
    SELECT p.row_no, p.entry_id, p.household_order,
        COALESCE(p.list_number, COALESCE(t.top, 0) + ROW_NUMBER() OVER (
            PARTITION BY p.voting_area_id, p.entry_id IS NULL
            ORDER BY p.hh_first, p.row_no
        )) AS list_number
    FROM places p LEFT JOIN tops t ON t.voting_area_id = p.voting_area_id
)"""
# Each staged row with its numbers, beside the entry it would update (if any).
NEW_ROWS = f"""
    (SELECT s.*, n.entry_id, n.household_order, n.list_number
     FROM numbered n JOIN {STAGE} s ON s.row_no = n.row_no) AS s
    LEFT JOIN {ENTRY} e ON e.id = s.entry_id"""
ACTIVE_MATCH = (
    "e.election_id = %(election)s AND e.citizen_id = s.citizen_id "
    "AND e.status = 'active'"
)
BATCH = 5000


class Stage:
    """Batched inserts into the staging table; the checks and publish in SQL."""

    create_suffix = ""
    counts_while_writing = False  # publish() returns only the rows written

    def __init__(self, election_id: int):
        self.election_id = election_id
        self.buffer: list[tuple] = []
        self.cursor = connection.cursor()

    def create(self) -> None:
        columns = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.cursor.execute(
            f"CREATE TEMP TABLE {STAGE} ({columns}){self.create_suffix}"
        )

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
        adapt = connection.ops.adapt_datefield_value
        rows = [
            (*row[:4], adapt(row[4]), *row[5:11], adapt(row[11]), *row[12:])
            for row in self.buffer
        ]
        self.cursor.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", rows)
        self.buffer = []

    def finish_loading(self) -> None:
        self.flush()
        self.cursor.execute(f"ANALYZE {STAGE}")

    def abort(self) -> None:
        self.buffer = []

    def drop(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")

    def fetch(self, sql: str, limit: int | None = None) -> list[tuple]:
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        self.cursor.execute(sql, {"election": self.election_id})
        return self.cursor.fetchall()

    # Checks across rows.
    def duplicates(self, limit: int) -> list[tuple]:
        """(row, citizen_id, first row) for every repeat of a citizen ID in the file."""
        return self.fetch(
            f"""
            SELECT s.row_no, s.citizen_id, d.first_row FROM {STAGE} s
            JOIN (
                SELECT citizen_id, MIN(row_no) AS first_row FROM {STAGE}
                GROUP BY citizen_id HAVING COUNT(*) > 1
            ) d ON d.citizen_id = s.citizen_id
            WHERE s.row_no <> d.first_row ORDER BY s.row_no""",
            limit,
        )

    def listed_elsewhere(self, limit: int) -> list[tuple]:
        """(row, area id, list number) for citizens active in another area."""
        return self.fetch(
            f"""
            SELECT s.row_no, e.voting_area_id, e.list_number
            FROM {STAGE} s JOIN {ENTRY} e ON {ACTIVE_MATCH}
            WHERE s.voting_area_id IS NOT NULL
                AND e.voting_area_id <> s.voting_area_id
            ORDER BY s.row_no""",
            limit,
        )

    def struck_off(self) -> list[int]:
        """Rows of citizens whose only entries were struck off by a recorded change."""
        rows = self.fetch(
            f"""
            SELECT DISTINCT s.row_no FROM {STAGE} s
            JOIN {ENTRY} e ON e.election_id = %(election)s
                AND e.citizen_id = s.citizen_id AND e.status <> 'active'
            WHERE NOT EXISTS (
                SELECT 1 FROM {ENTRY} a WHERE a.election_id = %(election)s
                AND a.citizen_id = s.citizen_id AND a.status = 'active'
            ) ORDER BY s.row_no"""
        )
        return [row for (row,) in rows]

    def skip(self, rows: list[int]) -> None:
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            self.cursor.execute(f"DELETE FROM {STAGE} WHERE row_no IN ({marks})", chunk)

    # Counting and publishing.
    def changed(self, old: str, new: str) -> str:
        """SQL that is true when any compared column differs (NULL-safe)."""
        return " OR ".join(
            f"{old}.{name} IS DISTINCT FROM {new}.{name}" for name in COMPARED
        )

    def classify(self) -> dict[str, int]:
        total, added, updated = self.fetch(
            f"""
            WITH {NUMBERED}
            SELECT COUNT(*),
                COALESCE(SUM(CASE WHEN e.id IS NULL THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN e.id IS NOT NULL AND ({self.changed("e", "s")})
                    THEN 1 ELSE 0 END), 0)
            FROM {NEW_ROWS}"""
        )[0]
        return {
            "added": added,
            "updated": updated,
            "unchanged": total - added - updated,
        }

    def staged_count(self) -> int:
        return self.fetch(f"SELECT COUNT(*) FROM {STAGE} WHERE NOT bad")[0][0]

    def upsert(self) -> str:
        """INSERT of the new voters and the changed ones (after WITH {NUMBERED})."""
        columns = [
            "election_id",
            "voting_area_id",
            "commune_id",
            "list_number",
            "citizen_id",
            "by_certificate",
            "status",
            "removal_reason",
            "added_at",
            "removed_at",
        ] + COMPARED
        values = [
            "%(election)s",
            "s.voting_area_id",
            "s.commune_id",
            "s.list_number",
            "s.citizen_id",
            "FALSE",
            "'active'",
            "''",
            "%(now)s",
            "NULL",
        ] + [f"s.{name}" for name in COMPARED]
        updates = ", ".join(f"{name} = excluded.{name}" for name in COMPARED)
        return f"""
            INSERT INTO {ENTRY} ({", ".join(columns)})
            SELECT {", ".join(values)}
            FROM {NEW_ROWS}
            WHERE e.id IS NULL OR {self.changed("e", "s")}
            ON CONFLICT (election_id, citizen_id) WHERE status = 'active'
            DO UPDATE SET {updates}
            WHERE {self.changed(ENTRY, "excluded")}"""

    def publish(self, now, count: bool = False) -> dict[str, int] | int:
        """Write the staged rows; the number of rows written."""
        sql = f"WITH {NUMBERED} {self.upsert()}"
        self.cursor.execute(sql, self.params(now))
        written = self.cursor.rowcount
        if written < 0:  # Python's sqlite3 does not count a statement led by WITH
            self.cursor.execute("SELECT changes()")
            written = self.cursor.fetchone()[0]
        self.analyze()
        return written

    def params(self, now) -> dict:
        now = connection.ops.adapt_datetimefield_value(now)
        return {"election": self.election_id, "now": now}

    def analyze(self) -> None:
        # Fresh statistics, so the next import joins its file by hash, not row by row.
        self.cursor.execute(f"ANALYZE {entry_table(self.cursor, self.election_id)}")


def partition_name(election_id: int) -> str:
    """The table of an election's own partition of the voter table (PostgreSQL)."""
    return f"{ENTRY}_e{int(election_id)}"


def entry_table(cursor, election_id: int) -> str:
    """The table holding an election's entries: on PostgreSQL the voter table is
    partitioned by election (migration voters 0009), and its partition is the
    election's own (a first import makes it, voters_pg.DirectLoad) or the default
    one. Analyzing the partitioned table itself would read every partition."""
    if connection.vendor != "postgresql":
        return ENTRY
    own = partition_name(election_id)
    cursor.execute(
        """SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = %s::regclass AND c.relname IN (%s, %s)
        ORDER BY c.relname <> %s LIMIT 1""",
        [ENTRY, own, DEFAULT_PARTITION, own],
    )
    found = cursor.fetchone()
    return found[0] if found else ENTRY
