"""The turnout path's hand-written SQL takes its table and column names from the
models (electionadmin/rawsql.py), and writes the same audit entry as the ORM path.

A column renamed in the database and the model (as a migration renaming a field
does) is followed by every statement of the path: a statement that still spelled
the old name would fail here. A field the SQL names that the model no longer has
fails when the statement is built (FieldDoesNotExist, naming it).
"""

import importlib
import inspect
import unittest
from unittest import mock

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.polling import api, lists, reading, rollup, rules, writing
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import TurnoutFigure
from electionadmin.rawsql import names
from electionadmin.results import progress
from electionadmin.voters import counts
from electionadmin.voters.models import AreaListCount

from .test_polling_views import PollingViewMixin

# Every module that writes SQL by hand on the turnout path, its roll-ups and the
# counting progress; built again (reloaded) once columns are renamed.
MODULES = [counts, lists, reading, writing, rollup, progress, api]
RENAMED = [
    (TurnoutFigure, "voters_voted", "voted_renamed"),
    (TurnoutFigure, "voting_area", "area_renamed_id"),
    (AreaListCount, "figures_version", "version_renamed"),
    (AreaListCount, "voters", "voters_renamed"),
]


def rename_columns(renamed):
    """Rename the columns in the database (rolled back with the test) and in the
    models' _meta, as a migration renaming the fields would."""
    patches = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, name, column in renamed:
            field = model._meta.get_field(name)
            table, old, new = map(quote, (model._meta.db_table, field.column, column))
            cursor.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
            patches.append(mock.patch.object(field, "column", column))
    return patches


class NamesTests(unittest.TestCase):
    def test_tables_and_columns_come_from_the_model(self):
        sql = names(
            "SELECT {f.voting_area} FROM {f} WHERE x IN ({areas})", f=TurnoutFigure
        )
        self.assertEqual(
            sql, "SELECT voting_area_id FROM polling_turnoutfigure WHERE x IN ({areas})"
        )

    def test_a_field_the_model_no_longer_has_fails_naming_it(self):
        with self.assertRaisesRegex(FieldDoesNotExist, "voted_by_now"):
            names("SELECT {f.voted_by_now} FROM {f}", f=TurnoutFigure)

    def test_no_statement_spells_a_table_name(self):
        from django.apps import apps

        tables = {m._meta.db_table for m in apps.get_models()}
        for module in MODULES:
            source = inspect.getsource(module)
            spelled = sorted(t for t in tables if t in source)
            self.assertEqual(spelled, [], module.__name__)


class RenamedColumnTests(PollingViewMixin, TestCase):
    def setUp(self):
        self.patches = rename_columns(RENAMED)
        for patch in self.patches:
            patch.start()
        self.reload()

    def tearDown(self):
        for patch in self.patches:
            patch.stop()
        self.reload()

    @staticmethod
    def reload():
        for module in MODULES:
            importlib.reload(module)
        api._fingerprint_sql.cache_clear()

    def test_a_batch_is_checked_and_written_with_the_new_names(self):
        saved = save_figures(
            self.election,
            [Entry("1", self.a1, "09:00", 40), Entry("2", self.a2, "09:00", 90)],
        )
        self.assertEqual([e.errors for e in saved], [[], []])
        self.assertEqual(self.figure(self.a1), 40)
        too_many = save_figures(self.election, [Entry("1", self.a1, "11:00", 39)])
        self.assertTrue(too_many[0].errors)  # falling, read with the new names

    @unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's path")
    def test_one_figure_is_written_in_one_statement_with_the_new_names(self):
        [saved] = save_figures(self.election, [Entry("1", self.a1, "09:00", 40)])
        self.assertEqual((saved.errors, saved.action), ([], "added"))
        [again] = save_figures(self.election, [Entry("1", self.a1, "09:00", 41)])
        self.assertEqual(again.action, "updated")
        self.assertEqual(self.figure(self.a1), 41)

    def test_the_roll_ups_and_the_counting_progress_read_the_new_names(self):
        save_figures(self.election, [Entry("1", self.a1, "09:00", 40)])
        communes = rollup.commune_rows(self.election)
        self.assertEqual(communes[self.ward_a.pk].voted["09:00"], 40)
        rollup.unit_rows(self.election)
        progress.progress_rows(self.election)

    @staticmethod
    def now():
        return rules.now()


class AuditShapeTests(PollingViewMixin, TestCase):
    """A figure written by the one-statement path and one written by the batch
    path get the same audit entry (audit.log.entry() fills both)."""

    FIELDS = [
        f.name
        for f in AuditEntry._meta.concrete_fields
        if f.name not in ("id", "at", "object_id")
    ]

    def entry_of(self, area, slot) -> dict:
        figure = TurnoutFigure.objects.get(voting_area=area, slot=slot)
        audit = AuditEntry.objects.get(object_id=str(figure.pk))
        return {name: getattr(audit, name) for name in self.FIELDS}

    def test_both_paths_write_the_same_entry(self):
        user, (first, second, third) = self.ward_a_user, rules.slots(self.election)[:3]
        for area in (self.a1, self.a2):
            save_figures(self.election, [Entry("x", area, first, 30)], user)
        # a1 alone (the one-statement path on PostgreSQL), then both in a batch
        alone = save_figures(self.election, [Entry("x", self.a1, second, 40)], user)
        batch = save_figures(
            self.election,
            [Entry("x", self.a1, third, 50), Entry("y", self.a2, second, 45)],
            user,
        )
        self.assertEqual([e.errors for e in alone + batch], [[], [], []])
        one, batch = self.entry_of(self.a1, second), self.entry_of(self.a2, second)
        self.assertEqual(one["changes"], {"voters_voted": [None, 40]})
        self.assertEqual(batch["changes"], {"voters_voted": [None, 45]})
        for name in ("user", "action", "content_type", "reason", "election_code"):
            self.assertEqual(one[name], batch[name], name)
        self.assertEqual(
            one["object_repr"].replace(self.a1.key, "•"),
            batch["object_repr"].replace(self.a2.key, "•"),
        )
