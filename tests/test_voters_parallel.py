"""A first import parsed by two processes (importers/voters_parallel.py) writes
exactly what one process writes: the same entries, list numbers and households, the
same warnings in the same order; legacy text or a failed helper process makes the
file be read again by one process, and a bad row still ends in the staged path's
full report.

Each case imports the same file twice into the same election: once with one
process, then (the list emptied) with two, the helper's rows coming back in chunks
of 100, so the file's households, warnings and problems fall on both sides of the
cut and of many chunk edges.
"""

import csv
import os
import re
import zipfile
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase, override_settings

from electionadmin.voters.models import VoterEntry
from importers import voters as importer
from importers import voters_parallel as parallel
from importers.columns import VOTER_COLUMNS
from importers.voters import import_voters

from .factories import SmallElectionMixin

parallel_split_row = parallel.split_row

# The columns of docs/EXCHANGE.md §2 but `temporary_since` (optional, left out).
HEADER = [key for key in VOTER_COLUMNS if key != "temporary_since"]
AREAS = [("26734", 1), ("26734", 2), ("26737", 1), ("26737", 2)]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Công Nhân", "Phạm Thị Lái Xe", "Võ Hà"]
# Every stored field but the id and the time of writing, which differ between runs;
# the area and the list number first.
FIELDS = ["voting_area_id", "list_number"] + [
    field.attname
    for field in VoterEntry._meta.concrete_fields
    if field.attname not in ("id", "added_at", "voting_area_id", "list_number")
]
on_postgres = skipUnless(connection.vendor == "postgresql", "the direct path")


def voter_rows(count: int, *, extra=None) -> list[list[str]]:
    """Households of 1-4 in runs of 7 rows an area, each 37th row a member of an
    earlier household of its area (the file splits it), each 53rd ID without its
    leading zero (a warning), each 61st address formula-like (a warning), a blank
    row now and then; `extra`: row index -> replacement cells."""
    rows, households = [HEADER], {}
    for i in range(count):
        code, number = AREAS[(i // 7) % 4]
        male = i % 2 == 0
        year = 1950 + i % 50
        citizen = f"079{0 if male else 1}{year % 100:02d}{i:06d}"
        if i % 53 == 5 and male:
            citizen = citizen[1:]  # a number cell lost its zero
        known = households.setdefault((code, number), [])
        if i % 37 == 36 and len(known) > 2:
            household = known[-3]
        else:
            household = f"HK{i // 3}" if i % 11 else ""
            if household and household not in known:
                known.append(household)
        home = f"{i % 90 + 1} Pasteur" if i % 61 != 60 else f"-{i} Pasteur"
        rows.append(
            [
                citizen,
                NAMES[i % len(NAMES)],
                f"{year}-0{i % 9 + 1}-1{i % 9}",
                "Nam" if male else "Nữ",
                "Kinh",
                ["Công nhân", "Lái xe", "Nội trợ", ""][i % 4],
                home,
                "",
                "permanent",
                code,
                str(number),
                household,
                "",
            ]
        )
        if i % 97 == 96:
            rows.append([""] * len(HEADER))
    for index, cells in (extra or {}).items():
        rows[index + 1] = cells
    return rows


def write(folder: str, rows: list[list[str]], name: str = "voters.csv") -> Path:
    path = Path(folder) / name
    with open(path, "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


@on_postgres
@override_settings(VOTER_IMPORT_PARALLEL_MIN_MB=0)
@mock.patch.object(parallel, "CHUNK_ROWS", 100)
@mock.patch.object(parallel, "WAIT_SECONDS", 0.2)
class TwoProcessesTests(SmallElectionMixin, TestCase):
    def run_import(self, path: Path, processes: int, cut: int | None = None):
        """The report and every entry, after an import with `processes`; the list
        is emptied afterwards, so the next import is a first one again. Also how
        many times a helper process started, how many readings of the file it
        took (`self.readings`: a second when one process read it again), and the
        first row of the helper's part (`self.cuts`; `cut` sets it)."""
        self.cuts = []

        def split_row(source, primed):
            self.cuts.append(cut or parallel_split_row(source, primed))
            return self.cuts[-1]

        with (
            override_settings(VOTER_IMPORT_PROCESSES=processes),
            mock.patch.object(parallel, "Helper", wraps=parallel.Helper) as helper,
            mock.patch.object(importer, "_import", wraps=importer._import) as runs,
            mock.patch.object(parallel, "split_row", split_row),
        ):
            report = import_voters(path, self.election)
        self.readings = [call.args[2] for call in runs.call_args_list]
        entries = list(
            VoterEntry.objects.filter(election=self.election)
            .order_by("voting_area_id", "list_number")
            .values_list(*FIELDS)
        )
        VoterEntry.objects.filter(election=self.election).delete()
        seen = {
            "ok": report.ok,
            "written": report.written,
            "counts": report.counts,
            "errors": [str(p) for p in report.errors],
            "warnings": [str(p) for p in report.warnings],
        }
        return seen, entries, helper.call_count

    def assert_same(self, path: Path, helpers: int = 1, cut: int | None = None):
        one, one_entries, none = self.run_import(path, 1)
        two, two_entries, started = self.run_import(path, 2, cut)
        self.assertEqual(none, 0)
        self.assertEqual(started, helpers)
        self.assertEqual(two, one)
        self.assertEqual(two_entries, one_entries)
        return one, one_entries

    def test_two_processes_write_what_one_writes(self):
        with TemporaryDirectory() as folder:
            report, entries = self.assert_same(write(folder, voter_rows(2400)))
        self.assertTrue(report["written"], report["errors"])
        self.assertEqual(report["counts"]["voters"]["added"], 2400)
        self.assertEqual(len(entries), 2400)
        self.assertEqual(self.readings, ["direct"])
        # Cut by the size of the rows read first: 55 % of the file's 2,401 rows.
        (cut,) = self.cuts
        self.assertTrue(1000 < cut < 1600, cut)
        # The file's oddities reached both processes: IDs restored with a warning,
        # formula-like addresses, households regrouped.
        warnings = report["warnings"]
        self.assertGreater(sum("mất số 0" in w for w in warnings), 20)
        self.assertGreater(sum("công thức" in w for w in warnings), 20)
        rows = [int(n) for w in warnings for n in re.findall(r"dòng (\d+)", w)]
        self.assertGreater(sum(row < cut for row in rows), 20)
        self.assertGreater(sum(row >= cut for row in rows), 20)
        numbers = {}
        for area, number, *_ in entries:
            numbers.setdefault(area, []).append(number)
        for listed in numbers.values():
            self.assertEqual(listed, list(range(1, len(listed) + 1)))

    def test_a_zipped_csv_is_read_by_two_processes_too(self):
        with TemporaryDirectory() as folder:
            path = write(folder, voter_rows(900))
            archive = Path(folder) / "danh-sach.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
                out.write(path, "voters.csv")
            report, entries = self.assert_same(archive)
        self.assertTrue(report["written"], report["errors"])
        self.assertEqual(len(entries), 900)

    def test_legacy_text_on_either_side_reads_the_file_again_in_one(self):
        legacy = voter_rows(1)[1]
        # TCVN3 at row 1102, past the rows read to prime the parser (which would
        # keep the file in one process from the start): the helper's part when
        # the cut is at row 1000, the importer's when it is at 1300.
        legacy[1] = "NguyÔn V¨n Hïng"
        legacy[0] = "079080999999"
        for cut in (1000, 1300):
            with TemporaryDirectory() as folder:
                path = write(folder, voter_rows(1400, extra={1100: legacy}))
                report, entries = self.assert_same(path, cut=cut)
            self.assertTrue(report["written"], report["errors"])
            self.assertEqual(self.readings, ["direct", "direct"])
            names = [entry[FIELDS.index("full_name")] for entry in entries]
            self.assertIn("Nguyễn Văn Hùng", names)
            self.assertTrue(any("TCVN3" in w for w in report["warnings"]))

    def test_a_bad_row_in_the_helpers_part_ends_in_the_full_report(self):
        bad = voter_rows(1)[1]
        bad[2] = "31/02/1980"
        bad[0] = "079080999998"
        with TemporaryDirectory() as folder:
            path = write(folder, voter_rows(1200, extra={852: bad, 1100: bad}))
            report, entries = self.assert_same(path, cut=800)
        self.assertFalse(report["written"])
        self.assertEqual(self.readings, ["direct", "copy"])
        self.assertEqual(entries, [])
        self.assertTrue(any("dòng 854" in e for e in report["errors"]), report)

    def test_a_cut_past_the_last_row_leaves_the_helper_nothing(self):
        with TemporaryDirectory() as folder:
            report, entries = self.assert_same(write(folder, voter_rows(900)), cut=5000)
        self.assertTrue(report["written"], report["errors"])
        self.assertEqual((len(entries), self.readings), (900, ["direct"]))

    @override_settings(IMPORT_MAX_BLANK_ROWS=20)
    def test_blank_rows_across_the_cut_count_as_one_run(self):
        """25 blank rows in a row (the limit 20) from row 990, the cut at 1000:
        refused as one process refuses it, not as two runs of 10 and 15."""
        rows = voter_rows(1200)
        rows[989:989] = [[""] * len(HEADER)] * 25
        with TemporaryDirectory() as folder:
            report, entries = self.assert_same(write(folder, rows), cut=1000)
        self.assertFalse(report["written"])
        self.assertTrue(any("dòng trống liên tiếp" in e for e in report["errors"]))

    def test_a_helper_that_fails_or_dies_leaves_the_file_to_one_process(self):
        with TemporaryDirectory() as folder:
            path = write(folder, voter_rows(1000))
            one, one_entries, _ = self.run_import(path, 1)
            for failure in (RuntimeError("disk"), SystemExit(3)):
                if isinstance(failure, SystemExit):
                    side = lambda *args: os._exit(3)  # noqa: E731  killed, no word
                else:
                    side = failure
                with mock.patch.object(parallel, "_parse_rest", side_effect=side):
                    two, two_entries, started = self.run_import(path, 2)
                self.assertEqual(started, 1)
                self.assertEqual(self.readings, ["direct", "direct"])
                self.assertEqual(two, one)
                self.assertEqual(two_entries, one_entries)

    def test_small_files_and_other_formats_stay_in_one_process(self):
        with TemporaryDirectory() as folder:
            path = write(folder, voter_rows(300))
            with override_settings(VOTER_IMPORT_PARALLEL_MIN_MB=1):
                _, entries, started = self.run_import(path, 2)
            self.assertEqual((started, len(entries)), (0, 300))
            # Latin-1 bytes (read byte by byte for TCVN3): one process.
            latin = Path(folder) / "latin.csv"
            latin.write_bytes(path.read_bytes().replace(b"\xe1\xbb\x85", b"\xd4"))
            _, _, started = self.run_import(latin, 2)
            self.assertEqual(started, 0)
