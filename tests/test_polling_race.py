"""One turnout figure is written without a lock (PostgreSQL): whatever reaches its
area between its reading and its writing (another figure, a commune's batch, a
recount of the list) sends it back to read and check again, so the rules hold as if
the writes had queued."""

import threading
import time
import unittest
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext

from electionadmin.audit.models import AuditEntry
from electionadmin.polling import entry, sql, writing
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import TurnoutFigure
from electionadmin.setup.models import VotingArea
from electionadmin.voters.counts import refresh_list_counts
from electionadmin.voters.models import AreaListCount, VoterEntry

from .factories import make_area
from .test_polling_views import PollingViewMixin

postgres_only = unittest.skipUnless(
    connection.vendor == "postgresql", "the lock-free path is PostgreSQL's"
)


@postgres_only
class OneFigureRaceTests(PollingViewMixin, TransactionTestCase):
    serialized_rollback = True  # the cycles seeded by a migration come back

    def setUp(self):
        self.setUpTestData()  # TransactionTestCase empties the tables after each test

    def meanwhile(self, work):
        """Patch the reading of figures so that `work` runs, committed on another
        connection, right after the first figure's first reading."""
        real, done = entry.read_figures, []

        def reading(election, entries):
            found = real(election, entries)
            if not done:
                done.append("started")  # the other connection's own reading passes
                thread = threading.Thread(
                    target=self.on_other_connection, args=[work, done]
                )
                thread.start()
                thread.join()
                self.assertEqual(done, ["started", "committed"])
            return found

        return mock.patch.object(entry, "read_figures", reading)

    @staticmethod
    def on_other_connection(work, done):
        try:
            work()
            done.append("committed")
        except Exception as error:
            done.append(error)
        finally:
            connection.close()

    def save(self, area, slot, voted):
        [saved] = save_figures(self.election, [Entry("KVBP", area, slot, voted)])
        return saved

    def version(self, area):
        row = AreaListCount.objects.get(voting_area=area, contest__isnull=True)
        return row.figures_version

    def test_a_later_slot_saved_in_between_is_checked_again(self):
        before = self.version(self.a1)
        with self.meanwhile(lambda: self.save(self.a1, "11:00", 40)):
            late = self.save(self.a1, "09:00", 50)
        self.assertTrue(late.errors)  # 09:00 would stand above 11:00
        self.assertIsNone(self.figure(self.a1, "09:00"))
        self.assertEqual(self.figure(self.a1, "11:00"), 40)
        self.assertEqual(self.version(self.a1), before + 1)

    def test_a_commune_batch_saved_in_between_is_checked_again(self):
        def batch():
            save_figures(
                self.election,
                [Entry("1", self.a1, "11:00", 40), Entry("2", self.a2, "11:00", 90)],
            )

        with self.meanwhile(batch):
            late = self.save(self.a1, "09:00", 50)
        self.assertTrue(late.errors)
        self.assertIsNone(self.figure(self.a1, "09:00"))

    def test_a_list_recounted_in_between_is_checked_again(self):
        def shrink():  # 70 of A/1's 110 voters leave the list
            gone = VoterEntry.objects.filter(voting_area=self.a1).values_list(
                "pk", flat=True
            )
            VoterEntry.objects.filter(pk__in=list(gone[:70])).delete()
            refresh_list_counts(self.election, [self.a1.pk])

        with self.meanwhile(shrink):
            late = self.save(self.a1, "09:00", 50)
        self.assertTrue(late.errors)  # 50 voted of 40 on the list
        self.assertIsNone(self.figure(self.a1, "09:00"))

    def test_nothing_in_between_saves_at_the_first_try(self):
        ContentType.objects.get_for_model(TurnoutFigure)  # cached once per process
        with CaptureQueriesContext(connection) as sent:
            saved = self.save(self.a1, "09:00", 50)
        self.assertEqual((saved.errors, saved.action), ([], "added"))
        self.assertEqual(len(sent), 3)  # list counts, figures, the write
        figure = TurnoutFigure.objects.get(voting_area=self.a1, slot="09:00")
        self.assertEqual((figure.voters_voted, figure.warnings), (50, []))
        audit = AuditEntry.objects.get(object_id=str(figure.pk))
        self.assertEqual(audit.changes, {"voters_voted": [None, 50]})

    def test_an_area_that_keeps_changing_is_written_under_its_lock(self):
        """Another connection moves the area's version on after each lock-free
        reading: each lock-free write finds it moved and writes nothing; then the
        figure is written, for real, under the lock."""
        real = entry.read_figures

        def reading(election, entries):
            found = real(election, entries)
            if not connection.in_atomic_block:  # the lock-free path's reading
                self.bump(self.a1)
            return found

        before = self.version(self.a1)
        with (
            mock.patch.object(entry, "read_figures", reading),
            mock.patch.object(entry, "write_one", wraps=entry.write_one) as tried,
            mock.patch.object(writing, "write_one", wraps=writing.write_one) as locked,
        ):
            saved = self.save(self.a1, "09:00", 50)
        self.assertEqual((saved.errors, saved.action), ([], "added"))
        self.assertEqual(tried.call_count, entry.RETRIES)  # each found it moved
        self.assertEqual(locked.call_count, 1)  # then under the lock
        self.assertEqual(self.figure(self.a1, "09:00"), 50)
        self.assertEqual(self.version(self.a1), before + entry.RETRIES + 1)
        figure = TurnoutFigure.objects.get(voting_area=self.a1, slot="09:00")
        self.assertEqual(saved.figure_id, figure.pk)
        audit = AuditEntry.objects.get(object_id=str(figure.pk))
        self.assertEqual(audit.changes, {"voters_voted": [None, 50]})

    def bump(self, area):
        """What any other writer of the area does: its version moves on."""

        def work():
            with transaction.atomic():
                AreaListCount.objects.filter(
                    voting_area=area, contest__isnull=True
                ).update(figures_version=F("figures_version") + 1)

        done = []
        thread = threading.Thread(target=self.on_other_connection, args=[work, done])
        thread.start()
        thread.join()
        self.assertEqual(done, ["committed"])

    def test_on_its_own_the_write_does_not_wait_for_the_flush(self):
        with CaptureQueriesContext(connection) as sent:
            self.save(self.a1, "09:00", 50)
        self.assertIn("'synchronous_commit', 'off'", sent[-1]["sql"])

    def test_inside_a_callers_transaction_it_leaves_the_setting_alone(self):
        with transaction.atomic():
            before = self.setting()
            self.save(self.a1, "09:00", 50)
            self.assertEqual(self.setting(), before)
        self.assertEqual(TurnoutFigure.objects.count(), 1)

    def test_a_batch_does_not_wait_for_the_flush(self):
        with transaction.atomic():
            save_figures(
                self.election,
                [Entry("1", self.a1, "09:00", 40), Entry("2", self.a2, "09:00", 90)],
            )
            self.assertEqual(self.setting(), "off")

    @staticmethod
    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]


@postgres_only
class PreparedStatementTests(TransactionTestCase):
    """The submission's statements are prepared, and planned again now and then."""

    serialized_rollback = True  # its flush keeps the migrations' rows for the next

    def prepared(self) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def run_twice(self):
        for _ in range(2):
            with sql.cursor() as cursor:
                cursor.execute("SELECT %s::integer + 1", [41])
                self.assertEqual(cursor.fetchone()[0], 42)

    def test_a_statement_run_twice_is_prepared_then_dropped_for_a_new_plan(self):
        self.run_twice()
        self.assertIn("SELECT $1::integer + 1", self.prepared())
        later = time.monotonic() + sql.REPLAN_SECONDS + 1
        with mock.patch.object(sql.time, "monotonic", return_value=later):
            with sql.cursor():
                pass
            self.assertEqual(self.prepared(), [])
            self.run_twice()  # prepared again
        self.assertIn("SELECT $1::integer + 1", self.prepared())

    def test_switched_off_nothing_is_prepared(self):
        with self.settings(DB_PREPARED_STATEMENTS=False):
            self.run_twice()
        self.assertNotIn("SELECT $1::integer + 1", self.prepared())


class DeletedAreaTests(PollingViewMixin, TestCase):
    def test_a_figure_for_an_area_deleted_meanwhile_is_refused_whole(self):
        gone = make_area(self.election, self.ward_a, 9)  # as a form or cache holds it
        VotingArea.objects.filter(pk=gone.pk).delete()
        for entries in (
            [Entry("1", gone, "09:00", 5)],
            [Entry("1", self.a1, "09:00", 5), Entry("2", gone, "09:00", 5)],
        ):
            with self.assertRaises(entry.StaleArea):
                save_figures(self.election, entries)
        self.assertFalse(TurnoutFigure.objects.exists())
