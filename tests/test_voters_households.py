"""Households the file splits, found while loading (importers/voters_pg.LeftBehind):
exactly for a ward's or a district's file, through a fixed-size filter past
LEFT_EXACT keys, with the same list numbers either way."""

from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

from django.test import SimpleTestCase, TestCase

from electionadmin.voters.models import VoterEntry
from importers import voters_pg
from importers.voters import import_voters
from importers.voters_pg import LeftBehind

from .factories import SmallElectionMixin
from .test_voters_parallel import FIELDS, on_postgres, voter_rows, write


class LeftBehindTests(SimpleTestCase):
    def test_exact_then_a_filter_that_never_forgets(self):
        left = LeftBehind(exact=50, bits=1 << 16)
        keys = [(area, f"HK{n}") for area in range(4) for n in range(30)]
        for area, key in keys[:40]:
            left.add(area, key)
        self.assertIsNone(left.bits)  # 40 keys: still exact
        self.assertTrue(all(left.seen(area, key) for area, key in keys[:40]))
        self.assertFalse(any(left.seen(area, key) for area, key in keys[40:]))
        for area, key in keys[40:]:
            left.add(area, key)
        self.assertIsNotNone(left.bits)  # past 50: the sets moved into the filter
        self.assertEqual(left.sets, {})
        self.assertTrue(all(left.seen(area, key) for area, key in keys))
        unseen = [left.seen(area, f"X{n}") for area in range(4) for n in range(500)]
        self.assertLess(sum(unseen), 5)  # a wrong yes is rare (and harmless)


@on_postgres
class FilteredImportTests(SmallElectionMixin, TestCase):
    def entries(self, path: Path, **patch) -> list:
        """The entries an import of `path` writes (the list emptied after), and in
        `self.regrouped` how many areas it renumbered."""
        patch.setdefault("LEFT_FILTER_BITS", voters_pg.LEFT_FILTER_BITS)
        regroup = voters_pg.DirectLoad.regroup

        def counted(load):
            self.regrouped = regroup(load)
            return self.regrouped

        with (
            mock.patch.multiple(voters_pg, **patch),
            mock.patch.object(voters_pg.DirectLoad, "regroup", counted),
        ):
            report = import_voters(path, self.election)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        found = list(
            VoterEntry.objects.filter(election=self.election)
            .order_by("voting_area_id", "list_number")
            .values_list(*FIELDS)
        )
        VoterEntry.objects.filter(election=self.election).delete()
        return found

    def test_the_filter_numbers_the_list_as_the_exact_sets(self):
        with TemporaryDirectory() as folder:
            path = write(folder, voter_rows(1500))
            exact = self.entries(path)
            filtered = self.entries(path, LEFT_EXACT=20)
            # A filter too small to say no: every area renumbered by the rule.
            saturated = self.entries(path, LEFT_EXACT=0, LEFT_FILTER_BITS=8)
        self.assertEqual(filtered, exact)
        self.assertEqual(saturated, exact)
        orders = {entry[FIELDS.index("household_order")] for entry in exact}
        self.assertGreater(max(orders), 1)  # households of several, regrouped

    def test_an_area_taken_for_split_wrongly_keeps_its_numbers(self):
        """No household split (each one that comes back in its area renamed): the
        saturated filter takes every area for split, the rule renumbers them as
        they were."""
        rows, seen, last = voter_rows(800), set(), {}
        for index, cells in enumerate(rows[1:], start=1):
            area, household = (cells[9], cells[10]), cells[11]
            if household and (area, household) in seen and last[area] != household:
                cells[11] = household = f"{household}-{index}"  # not back: anew
            seen.add((area, household))
            if cells[0]:
                last[area] = household
        with TemporaryDirectory() as folder:
            path = write(folder, rows)
            exact = self.entries(path)
            self.assertEqual(self.regrouped, 0)
            saturated = self.entries(path, LEFT_EXACT=0, LEFT_FILTER_BITS=8)
            self.assertEqual(self.regrouped, 4)  # every area, wrongly
        self.assertEqual(saturated, exact)
        self.assertEqual(len(exact), 800)
