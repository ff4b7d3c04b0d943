"""PostgreSQL: the voter table partitioned by election (LIST on election_id).

A first import loads an election's list into a table of its own without any index,
builds the indexes once, and attaches it as the election's partition
(importers/voters_pg.py): a bulk build instead of a million index insertions. Rows
of an election without a partition of its own (entered by hand, the staged path,
tests) go to the DEFAULT partition `voters_voterentry_default`.

What partitioning asks of the schema: every unique index holds the partition key.
In the database only (Django's state is unchanged): the list-number constraint is
(voting_area, list_number, election) (the area implies the election, so the rule is
the same; the election comes last so (voting_area, list_number) still leads the
index), and the primary key (id, election_id) (ids still come from the one sequence
and stay unique). No foreign key can point at the id of a
partitioned table, so VoterChange's entries are kept by Django (RESTRICT) without a
database constraint.

The table is rebuilt: a partitioned copy of its columns and CHECK constraints, the
rows copied, the old table dropped, then every index and constraint recreated under
its name from the old table's own definitions. SQLite keeps a plain table.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "voters_voterentry"
DEFAULT = "voters_voterentry_default"


def rebuild(schema_editor, partitioned: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')
            ORDER BY contype <> 'p', conname""",
            [TABLE],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid = %s::regclass AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                AND c.conrelid = i.indrelid)""",
            [TABLE],
        )
        indexes = [definition for (definition,) in cursor.fetchall()]
        scheme = " PARTITION BY LIST (election_id)" if partitioned else ""
        cursor.execute(
            f"CREATE TABLE {TABLE}_new (LIKE {TABLE} INCLUDING DEFAULTS "
            f"INCLUDING CONSTRAINTS INCLUDING IDENTITY INCLUDING STORAGE){scheme}"
        )
        if partitioned:
            cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE}_new DEFAULT")
        cursor.execute(f"INSERT INTO {TABLE}_new SELECT * FROM {TABLE}")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")
        (top,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {TABLE} CASCADE")  # with its partitions, if any
        cursor.execute(f"ALTER TABLE {TABLE}_new RENAME TO {TABLE}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        (sequence,) = cursor.fetchone()
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {TABLE}_id_seq")
        cursor.execute(
            f"SELECT setval('{TABLE}_id_seq', %s, %s)", [max(top, 1), top > 0]
        )
        for name, kind, definition in constraints:
            if kind == "p":
                keys = "id, election_id" if partitioned else "id"
                definition = f"PRIMARY KEY ({keys})"
            elif kind == "u":  # the list number's: (area, number[, election])
                keys = definition.removeprefix("UNIQUE (").removesuffix(")")
                keys = [key for key in keys.split(", ") if key != "election_id"]
                keys += ["election_id"] if partitioned else []
                definition = f"UNIQUE ({', '.join(keys)})"
            cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")
        for definition in indexes:
            cursor.execute(definition.replace(" ON ONLY ", " ON "))
        # Statistics, so the planner does not take the new tables for unknown ones.
        cursor.execute(f"ANALYZE {DEFAULT if partitioned else TABLE}")


def partition(apps, schema_editor):
    rebuild(schema_editor, partitioned=True)


def unpartition(apps, schema_editor):
    rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("setup", "0004_vietnamese_field_names"),
        ("voters", "0008_arealistcount_declared"),
    ]

    operations = [
        migrations.AlterField(
            model_name="voterchange",
            name="new_entry",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="changes_in",
                to="voters.voterentry",
                verbose_name="mục được ghi tên",
            ),
        ),
        migrations.AlterField(
            model_name="voterchange",
            name="old_entry",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="changes_out",
                to="voters.voterentry",
                verbose_name="mục bị xóa/chuyển đi",
            ),
        ),
        migrations.RunPython(partition, unpartition, elidable=False),
    ]
