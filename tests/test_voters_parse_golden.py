"""The voter rows as the import parses them, against a recorded result (golden file).

tests/data/voters/golden.csv holds one row per oddity the parser handles (Vietnamese
and NFD headers, an unknown column, NFD and badly spaced text, year-only and
month/year birth dates, impossible dates, IDs that lost their leading zero or turned
into a number, genders and residences spelled every way, codes to pad, formulas,
over-long text, TCVN3/VNI/ambiguous/unreadable text, blank and short rows);
tcvn3_bytes.csv is a Latin-1 file; a workbook built here has typed cells (numbers,
dates, floats). Each is read the way `VoterImport.load` reads it and every staged
tuple and message is compared with tests/data/voters/golden.json, so a change that
makes the parsing faster cannot change what it gives.

After a deliberate change of behaviour, rewrite the file with
`VOTERS_GOLDEN_WRITE=1` and review its diff.
"""

import datetime
import json
import os
import tempfile
from itertools import chain, islice
from pathlib import Path

import openpyxl
from django.test import TestCase

from importers.base import ImportReport
from importers.voters import PRIME_ROWS, Problems
from importers.voters_read import header_positions, open_voters
from importers.voters_rows import AreaBook, RowParser

from .factories import SmallElectionMixin

DATA = Path(__file__).parent / "data" / "voters"
GOLDEN = DATA / "golden.json"
TYPED_ROWS = [
    # citizen_id, full_name, birth_date, gender, residence, commune, area, household
    [79080000031, "Số Kiểu Số", datetime.datetime(1980, 5, 12), "Nam", "permanent",
     26734, 1, 7],
    [79080000032.0, "Số Thực", datetime.date(1980, 5, 12), "Nam", "permanent",
     26734.0, 1.0, None],
    ["079080000033", "Năm Số", 1980, "Nam", "permanent", "26734", 2, "HK1"],
    [7.9e10, "Số Mũ", 1980.5, "Nam", "permanent", 26734, 2.5, None],
    ["079080000035", 12345, datetime.datetime(1980, 5, 12, 8, 30), True,
     "permanent", 26734, True, None],
    [None, None, None, None, None, None, None, None],
    ["079180000037", " Lê  Thị Hoa ", "1980-05-12", "Nữ", "Tạm trú trên 12 tháng",
     "26737", "1", datetime.date(2020, 1, 1)],
]  # fmt: skip
TYPED_HEADER = [
    "citizen_id",
    "full_name",
    "birth_date",
    "gender",
    "residence",
    "commune_code",
    "area_number",
    "household",
]


def plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def parsed(path: Path, areas: AreaBook) -> dict:
    """What VoterImport.load makes of the file, minus the stage: JSON-ready."""
    report = ImportReport()
    problems = Problems(report)
    staged = {}
    with open_voters(path) as source:
        positions, unknown, repeated = header_positions(source.header)
        parser = RowParser(areas, positions, problems)
        rows = source.rows()
        ahead = list(islice(rows, PRIME_ROWS))
        for _, cells in ahead:
            parser.prime(cells)
        for number, cells in chain(ahead, rows):
            row = parser.parse(number, cells)
            if row is not None:  # database ids vary: the area's key instead
                row = [plain(v) for v in row]
                area = areas.by_id.get(row[13])
                row[13] = area and area.key
                row[14] = area and area.commune.code
            staged[number] = row
        note = source.note
    return {
        "note": note,
        "positions": positions,
        "unknown": unknown,
        "repeated": repeated,
        "rows": staged,
        "errors": [[p.row, p.column, p.message] for p in report.errors],
        "warnings": [[p.row, p.column, p.message] for p in report.warnings],
        "legacy": parser.legacy.summary(),
        "evidence": dict(parser.legacy.evidence),
        "without_contests": [a.key for a in parser.areas_without_contests.values()],
    }


class GoldenParseTests(SmallElectionMixin, TestCase):
    def results(self) -> dict:
        areas = AreaBook(self.election)
        found = {}
        for name in ("golden.csv", "tcvn3_bytes.csv"):
            found[name] = parsed(DATA / name, areas)
        with tempfile.TemporaryDirectory() as folder:
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.title = "voters"
            sheet.append(TYPED_HEADER)
            for row in TYPED_ROWS:
                sheet.append(row)
            path = Path(folder) / "typed.xlsx"
            book.save(path)
            found["typed.xlsx"] = parsed(path, areas)
        # JSON's view of it: row numbers as text keys, tuples as lists
        return json.loads(json.dumps(found, ensure_ascii=False))

    def test_every_row_and_message_is_as_recorded(self):
        found = self.results()
        if os.environ.get("VOTERS_GOLDEN_WRITE"):
            text = json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True)
            GOLDEN.write_text(text + "\n", encoding="utf-8")
        expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
        for name in expected:
            for part in expected[name]:
                with self.subTest(file=name, part=part):
                    self.assertEqual(found[name][part], expected[name][part])
        self.assertEqual(found, expected)
