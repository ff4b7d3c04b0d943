"""PostgreSQL: the voter table partitioned by election (migration voters 0009).

A clean first import loads the election's list into a bare table, indexes it and
attaches it as the election's partition (importers/voters_pg.DirectLoad); everything
else reaches the partitioned table itself. On SQLite the table stays a plain one and
the same import goes the batched way (the last class).
"""

from pathlib import Path
from unittest import mock, skipIf, skipUnless

import psycopg
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters
from importers.voters_indexes import lanes
from importers.voters_pg import DirectLoad

from .factories import SmallElectionMixin, make_area, make_election

DATA = Path(__file__).parent / "data" / "voters"
ENTRY = "voters_voterentry"
on_postgres = skipUnless(connection.vendor == "postgresql", "PostgreSQL partitions")


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def partitions() -> dict[str, str]:
    """Each partition of the voter table and its bound."""
    return dict(
        fetch(
            """SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = %s::regclass""",
            [ENTRY],
        )
    )


def own(election) -> str:
    return f"{ENTRY}_e{election.pk}"


def hand_entry(area, citizen_id: str, number: int) -> VoterEntry:
    return VoterEntry.objects.create(
        voting_area=area,
        list_number=number,
        citizen_id=citizen_id,
        full_name="Võ Thị Hạnh",
        birth_date="1970-01-01",
        gender="F",
        residence="permanent",
        added_at=timezone.now(),
    )


@on_postgres
class PartitionTests(SmallElectionMixin, TestCase):
    def test_a_first_import_loads_indexes_and_attaches_the_elections_partition(self):
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        table = own(self.election)
        self.assertEqual(partitions()[table], f"FOR VALUES IN ('{self.election.pk}')")
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {table}"), [(7,)])
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {ENTRY}_default"), [(0,)])
        # Every index of the voter table has its counterpart in the partition,
        # adopted on attaching (not built twice); the load's bound check is gone.
        adopted = fetch(
            """SELECT p.relname FROM pg_index x
            JOIN pg_inherits i ON i.inhrelid = x.indexrelid
            JOIN pg_class p ON p.oid = i.inhparent
            WHERE x.indrelid = %s::regclass ORDER BY 1""",
            [table],
        )
        parent = fetch(
            "SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass ORDER BY 1",
            [ENTRY],
        )
        self.assertEqual(adopted, parent)
        self.assertIn(("voterentry_search_name_trgm",), adopted)
        checks = fetch(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass",
            [table],
        )
        self.assertNotIn((f"{table}_bound",), checks)
        self.assertIn(("voterentry_citizen_id_twelve_digits",), checks)
        # Through the ORM and the search, as ever.
        entries = VoterEntry.objects.filter(election=self.election)
        self.assertEqual(entries.count(), 7)
        self.assertEqual(
            list(entries.search("nguyen van an").values_list("full_name", flat=True)),
            ["Nguyễn Văn An"],
        )
        self.assertEqual(entries.search("079 080 000 001").count(), 1)
        # Ids come from the one sequence: an entry added by hand gets a new one.
        latest = hand_entry(self.b2, "079080000999", 1)
        self.assertGreater(latest.pk, max(entries.values_list("pk", flat=True)[:7]))
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {table}"), [(8,)])

    def test_a_failed_first_import_leaves_no_table_and_no_row(self):
        for name in ("bad_values.csv", "duplicate_in_file.csv"):
            with self.subTest(name):
                report = import_voters(DATA / name, self.election)
                self.assertFalse(report.ok)
                self.assertFalse(VoterEntry.objects.exists())
                self.assertNotIn(own(self.election), partitions())
                self.assertEqual(
                    fetch("SELECT to_regclass(%s)", [own(self.election)]), [(None,)]
                )

    def test_a_citizen_twice_is_found_by_the_partitions_unique_index(self):
        # The bare table has no index while loading: the duplicate surfaces when
        # the unique index is built, and the staged path reports it.
        spy = mock.patch.object(
            DirectLoad, "index", autospec=True, side_effect=DirectLoad.index
        )
        with spy as index:
            report = import_voters(DATA / "duplicate_in_file.csv", self.election)
        index.assert_called_once()
        self.assertEqual([p.column for p in report.errors], ["citizen_id"])
        self.assertNotIn(own(self.election), partitions())

    def test_a_reimport_updates_the_partition_in_place(self):
        import_voters(DATA / "ok.csv", self.election)
        numbers = dict(VoterEntry.objects.values_list("citizen_id", "list_number"))
        report = import_voters(DATA / "changed.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        self.assertGreater(report.counts["voters"]["updated"], 0)
        total = VoterEntry.objects.filter(election=self.election).count()
        self.assertEqual(
            fetch(f"SELECT COUNT(*) FROM {own(self.election)}"), [(total,)]
        )
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {ENTRY}_default"), [(0,)])
        for citizen, number in VoterEntry.objects.values_list(
            "citizen_id", "list_number"
        ):
            if citizen in numbers:
                self.assertEqual(number, numbers[citizen])

    def test_entries_of_an_election_without_its_own_partition_stay_in_the_default(
        self,
    ):
        other = make_election(code="OTHER-2026")
        area = make_area(other, self.ward_a, 1)
        hand_entry(area, "079080000777", 1)
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {ENTRY}_default"), [(1,)])
        import_voters(DATA / "ok.csv", self.election)
        self.assertIn(own(self.election), partitions())
        self.assertNotIn(own(other), partitions())
        self.assertEqual(VoterEntry.objects.filter(election=other).count(), 1)
        # The other election's list, by its commune (the admin's index), unchanged.
        self.assertEqual(
            VoterEntry.objects.filter(commune=self.ward_a, election=other).count(), 1
        )

    def test_an_emptied_election_imports_again_into_its_partition(self):
        import_voters(DATA / "ok.csv", self.election)
        VoterEntry.objects.filter(election=self.election).delete()
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertEqual(report.counts["voters"]["added"], 7)
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {own(self.election)}"), [(7,)])


def other_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )


@on_postgres
class OtherListsKeepReadingTests(SmallElectionMixin, TransactionTestCase):
    """Another election's list reads while a first import loads and attaches."""

    serialized_rollback = True

    def setUp(self):
        type(self).setUpTestData()
        self.other = make_election(code="OTHER-2026")
        for ward in (self.ward_a, self.ward_b):
            for number in (1, 2):
                make_area(self.other, ward, number)
        import_voters(DATA / "ok.csv", self.other)
        self.reads = []

    def read_other(self, *args) -> None:
        """From another session, as a screen would: the other election's list."""
        with other_connection() as session:
            session.execute("SET lock_timeout = '2s'")
            count = session.execute(
                f"SELECT COUNT(*) FROM {ENTRY} WHERE election_id = %s",
                [self.other.pk],
            ).fetchone()[0]
            self.reads.append(count)

    def test_during_the_load_and_after_attaching(self):
        attach = DirectLoad.attach

        def attach_then_read(load):
            attach(load)
            self.read_other()

        spy = mock.patch.object(
            DirectLoad, "attach", autospec=True, side_effect=attach_then_read
        )
        with spy:
            report = import_voters(
                DATA / "ok.csv", self.election, progress=self.read_other
            )
        self.assertTrue(report.written)
        self.assertTrue(self.reads)
        self.assertEqual(set(self.reads), {7})
        self.assertEqual(VoterEntry.objects.filter(election=self.other).count(), 7)
        self.assertEqual(VoterEntry.objects.filter(election=self.election).count(), 7)


def adopted_indexes(table: str) -> list[tuple]:
    """The parent's indexes the partition's indexes are attached to."""
    return fetch(
        """SELECT p.relname FROM pg_index x
        JOIN pg_inherits i ON i.inhrelid = x.indexrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE x.indrelid = %s::regclass ORDER BY 1""",
        [table],
    )


def parent_indexes() -> list[tuple]:
    return fetch(
        "SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass ORDER BY 1",
        [ENTRY],
    )


def listed(election) -> list[tuple]:
    """The election's list as a clerk reads it, ids aside."""
    return list(
        VoterEntry.objects.filter(election=election)
        .order_by("voting_area__commune__code", "voting_area__number", "list_number")
        .values_list(
            "voting_area__commune__code",
            "voting_area__number",
            "list_number",
            "household",
            "household_order",
            "citizen_id",
            "full_name",
            "search_name",
            "birth_date",
            "contest_mask",
            "status",
        )
    )


def spy(name: str):
    method = getattr(DirectLoad, name)
    return mock.patch.object(DirectLoad, name, autospec=True, side_effect=method)


@on_postgres
class SeparateLoaderTests(SmallElectionMixin, TransactionTestCase):
    """An import that owns its transaction commits the election's table through a
    connection of its own, indexes it over two connections and attaches it in its
    transaction; whatever fails before its commit leaves no table behind."""

    serialized_rollback = True

    def setUp(self):
        type(self).setUpTestData()

    def tearDown(self):
        with connection.cursor() as cursor:  # the next test's election may reuse the id
            cursor.execute(f"DROP TABLE IF EXISTS {own(self.election)}")

    def assert_no_table_and_no_row(self):
        self.assertEqual(
            fetch("SELECT to_regclass(%s)", [own(self.election)]), [(None,)]
        )
        self.assertFalse(VoterEntry.objects.exists())

    def test_it_loads_indexes_over_two_connections_and_attaches_as_in_one(self):
        # The same file inside a caller's transaction: one transaction, in turn.
        with spy("index") as in_turn, transaction.atomic():
            report = import_voters(DATA / "ok.csv", self.election)
            self.assertTrue(report.written, [str(p) for p in report.errors])
            in_one = listed(self.election)
            transaction.set_rollback(True)
        in_turn.assert_called_once()
        self.assert_no_table_and_no_row()
        with spy("index") as in_turn, spy("index_at_once") as at_once:
            report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        in_turn.assert_not_called()
        at_once.assert_called_once()
        table = own(self.election)
        self.assertEqual(partitions()[table], f"FOR VALUES IN ('{self.election.pk}')")
        # Each index built once, by the import, not again by ATTACH.
        self.assertEqual(adopted_indexes(table), parent_indexes())
        self.assertEqual(
            fetch(
                "SELECT COUNT(*) FROM pg_index WHERE indrelid = %s::regclass", [table]
            ),
            [(len(parent_indexes()),)],
        )
        constraints = fetch(
            "SELECT contype, conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype IN ('p', 'u') ORDER BY 1",
            [table],
        )
        self.assertEqual(
            constraints,
            [("p", f"{table}_pkey"), ("u", f"{table}_list_number_unique_in_area")],
        )
        # ok.csv splits household HK1 of area 26734/1: regrouped the same way.
        self.assertEqual(listed(self.election), in_one)
        self.assertEqual(len(in_one), 7)
        self.assertEqual(report.counts["voters"]["added"], 7)
        self.assertEqual(
            VoterEntry.objects.filter(election=self.election)
            .search("nguyen van an")
            .count(),
            1,
        )

    def test_a_citizen_twice_leaves_no_table_and_the_staged_path_reports_it(self):
        # Found by the unique index, built on either connection beside the others.
        for turned in (False, True):
            dealt = mock.patch(
                "importers.voters_pg.lanes",
                side_effect=lambda indexes, turned=turned: (
                    lanes(indexes)[::-1] if turned else lanes(indexes)
                ),
            )
            with self.subTest(turned=turned), spy("index_at_once") as at_once, dealt:
                report = import_voters(DATA / "duplicate_in_file.csv", self.election)
                at_once.assert_called_once()
                self.assertFalse(report.written)
                self.assertEqual([p.column for p in report.errors], ["citizen_id"])
                self.assertEqual([p.row for p in report.errors], [4])
                self.assert_no_table_and_no_row()
                self.assertNotIn(own(self.election), partitions())

    def test_a_failure_after_attaching_leaves_no_table_and_no_row(self):
        broken = mock.patch(
            "importers.voters.refresh_list_counts", side_effect=RuntimeError("boom")
        )
        with (
            spy("attach") as attach,
            broken,
            self.assertRaisesMessage(RuntimeError, "boom"),
        ):
            import_voters(DATA / "ok.csv", self.election)
        attach.assert_called_once()
        self.assert_no_table_and_no_row()
        # Nothing in the way of the next import.
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertEqual(report.counts["voters"]["added"], 7)

    def test_a_table_a_killed_import_left_is_dropped_by_the_next_import(self):
        table = own(self.election)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {table} (LIKE {ENTRY})")
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        self.assertIn(table, partitions())
        self.assertEqual(fetch(f"SELECT COUNT(*) FROM {table}"), [(7,)])
        self.assertEqual(adopted_indexes(table), parent_indexes())

    def test_the_staged_path_drops_a_left_table_too(self):
        # Not a first import (an entry by hand, in the default partition): staged.
        hand_entry(self.a1, "079080000999", 1)
        table = own(self.election)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {table} (LIKE {ENTRY})")
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        self.assertEqual(fetch("SELECT to_regclass(%s)", [table]), [(None,)])
        self.assertEqual(VoterEntry.objects.filter(election=self.election).count(), 8)


@skipIf(connection.vendor == "postgresql", "SQLite keeps a plain table")
class PlainTableTests(SmallElectionMixin, TestCase):
    def test_the_import_writes_the_plain_table(self):
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        self.assertEqual(VoterEntry.objects.count(), 7)
        self.assertEqual(VoterEntry.objects.search("nguyen van an").count(), 1)
        report = import_voters(DATA / "changed.csv", self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
