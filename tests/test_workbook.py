"""Reading workbooks and cells: formats, headers, codes, dates, genders."""

import datetime
import io
import zipfile

import openpyxl
from django.test import SimpleTestCase

from importers import cells
from importers.base import ImportReport
from importers.cells import CellError
from importers.templates import election_template_xlsx
from importers.workbook import (
    ELECTION_SHEETS,
    HEADERS,
    header_key,
    read_tables,
    read_workbook,
)

UNITS = [s for s in ELECTION_SHEETS if s.name == "units"]


def zipped(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


class CodeTests(SimpleTestCase):
    def test_a_code_of_the_right_length_is_taken_as_written(self):
        self.assertEqual(cells.code("00760", [5]), "00760")
        self.assertEqual(cells.code("760", [2, 3, 5]), "760")

    def test_it_restores_a_number_when_the_level_says_how_long(self):
        self.assertEqual(cells.code(760, [5]), "00760")
        self.assertEqual(cells.code(760.0, [5]), "00760")
        self.assertEqual(cells.code("1", [2]), "01")

    def test_it_restores_the_one_padded_code_that_exists(self):
        self.assertEqual(cells.code(1, [2, 3], known={"001", "79"}), "001")

    def test_it_rejects_an_ambiguous_number(self):
        with self.assertRaisesMessage(CellError, "không rõ ràng"):
            cells.code(1, [2, 3, 5], known={"01", "001", "00001"})

    def test_it_rejects_scientific_notation(self):
        with self.assertRaisesMessage(CellError, "số mũ"):
            cells.code("1.23E+11", [5])
        with self.assertRaises(CellError):
            cells.code(1.23e11, [5])

    def test_it_rejects_letters_and_fractions(self):
        for value in ("76A", 760.5, "7 60", True):
            with self.assertRaises(CellError, msg=value):
                cells.code(value, [3])


class ValueTests(SimpleTestCase):
    def test_dates_in_every_accepted_form(self):
        day = datetime.date(2021, 5, 23)
        for value in ("2021-05-23", "23/05/2021", "23/5/2021", day):
            self.assertEqual(cells.date(value), day)
        self.assertEqual(cells.date(datetime.datetime(2021, 5, 23, 0, 0)), day)

    def test_it_rejects_other_date_forms_and_impossible_days(self):
        for value in ("05/23/2021x", "2021/05/23", "31/02/2021", "hôm nay"):
            with self.assertRaises(CellError, msg=value):
                cells.date(value)

    def test_a_birth_date_may_be_a_year_or_month_and_year(self):
        self.assertEqual(cells.birth_date("1956"), datetime.date(1956, 1, 1))
        self.assertEqual(cells.birth_date(1956), datetime.date(1956, 1, 1))
        self.assertEqual(cells.birth_date("03/1956"), datetime.date(1956, 3, 1))
        with self.assertRaises(CellError):
            cells.date("1956")

    def test_genders(self):
        for value in ("Nam", "nam", "M", "male", " MALE "):
            self.assertEqual(cells.gender(value), "M")
        for value in ("Nữ", "NỮ", "Nu\u0303", "F", "female"):
            self.assertEqual(cells.gender(value), "F")
        with self.assertRaises(CellError):
            cells.gender("khác")

    def test_text_is_nfc_trimmed_and_collapsed(self):
        self.assertEqual(cells.text("  Nguye\u0302\u0303n   Văn  A "), "Nguyễn Văn A")
        self.assertEqual(cells.text(12.0), "12")

    def test_times_and_slots(self):
        self.assertEqual(cells.time("7:00"), datetime.time(7))
        self.assertEqual(cells.time(datetime.time(19, 0)), datetime.time(19))
        self.assertEqual(
            cells.time_list("09:00; 11:00;15:00"), ["09:00", "11:00", "15:00"]
        )
        with self.assertRaises(CellError):
            cells.time_list("11:00;09:00")

    def test_booleans(self):
        self.assertTrue(cells.boolean("x"))
        self.assertTrue(cells.boolean("Có"))
        self.assertFalse(cells.boolean("không"))
        with self.assertRaises(CellError):
            cells.boolean("có lẽ")


class HeaderTests(SimpleTestCase):
    def read_units(self, header: str):
        csv = f"{header}\n79,Thành phố Hồ Chí Minh,province\n".encode("utf-8-sig")
        report = ImportReport()
        book = read_workbook(zipped({"units.csv": csv}), report, UNITS)
        return book, report

    def test_it_accepts_english_keys_and_vietnamese_headers_alike(self):
        for header in (
            "code,name,level",
            " CODE , Name,LEVEL",
            "Mã,Tên,Cấp hành chính",
            "MÃ,tên,  cấp hành chính ",
            "Ma\u0303,Te\u0302n,Câ\u0301p hành chính",
        ):
            book, report = self.read_units(header)
            self.assertEqual(report.errors, [], header)
            self.assertEqual(book["units"].rows[0]["code"], "79", header)

    def test_it_names_a_missing_required_column(self):
        book, report = self.read_units("code,name")
        self.assertIsNone(book)
        self.assertEqual((report.errors[0].row, report.errors[0].column), (1, "level"))

    def test_it_warns_about_unknown_columns(self):
        _, report = self.read_units("code,name,level,ghi chú")
        self.assertEqual(report.warnings[0].column, "ghi chú")

    def test_header_matching_ignores_composition(self):
        self.assertEqual(header_key("Họ và tên"), header_key("HO\u0323 VÀ TÊN"))

    def test_row_numbers_count_the_header_and_skip_blank_rows(self):
        csv = "code,name,level\n\n79,TP,province\n,,\n01,HN,province\n"
        report = ImportReport()
        book = read_workbook(zipped({"x/units.csv": csv.encode()}), report, UNITS)
        self.assertEqual([row.number for row in book["units"].rows], [3, 5])

    def test_it_refuses_csv_that_is_not_utf8(self):
        report = ImportReport()
        # Windows' Vietnamese code page, as old spreadsheet programs save CSV.
        data = "code,name,level\n96,Cà Mau,province\n".encode("cp1258")
        self.assertIsNone(read_workbook(zipped({"units.csv": data}), report, UNITS))
        self.assertIn("UTF-8", report.errors[0].message)

    def test_a_missing_sheet_is_an_error_unless_optional(self):
        report = ImportReport()
        read_workbook(
            zipped({"units.csv": b"code,name,level\n"}), report, ELECTION_SHEETS
        )
        missing = {p.sheet for p in report.errors}
        self.assertIn("candidates", missing)
        self.assertNotIn("members", missing)


class TemplateTests(SimpleTestCase):
    def test_the_template_has_a_sheet_per_section_with_vietnamese_headers(self):
        data = election_template_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for spec in ELECTION_SHEETS:
            header = next(book[spec.title].iter_rows(values_only=True))
            self.assertEqual(list(header), [HEADERS[key] for key in spec.columns])
        self.assertEqual(HEADERS["full_name"], "Họ và tên")

    def test_the_importer_reads_the_template_back(self):
        report = ImportReport()
        book = read_workbook(
            io.BytesIO(election_template_xlsx()), report, ELECTION_SHEETS
        )
        self.assertEqual(report.errors, [])
        for spec in ELECTION_SHEETS:
            self.assertEqual(book[spec.name].columns, list(spec.columns))
            self.assertEqual(book[spec.name].rows, [])

    def test_tables_come_back_keyed_by_sheet_name(self):
        tables = read_tables(io.BytesIO(election_template_xlsx()))
        self.assertIn("đơn vị bầu cử", tables)  # header_key: NFC, case-folded
