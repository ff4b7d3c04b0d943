"""The set-up workbook template (importers/templates.py): Vietnamese sheet names, the
guide's examples, drop-down lists; download -> fill -> import, on PostgreSQL."""

import io
import unicodedata
import zipfile

import openpyxl
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from tablib import Dataset

from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Election,
    ElectoralUnitArea,
    VotingArea,
)
from importers import cells, resources
from importers.columns import ELECTION_SHEETS, HEADERS
from importers.election import EMPTY_WORKBOOK, import_election
from importers.election.context import KIND_ALIASES
from importers.election.people import ROLE_ALIASES
from importers.election.structure import AREA_TYPE_ALIASES, LEVEL_ALIASES
from importers.templates import (
    EXAMPLE_TITLE,
    GUIDE_SHEET,
    LISTS_SHEET,
    choice_lists,
    election_template_xlsx,
)
from tests.factories import SmallElectionMixin, make_user

from .test_import_election import TABLES, nothing_saved

SPECS = {spec.name: spec for spec in ELECTION_SHEETS}
PARSERS = {
    "level": lambda v: cells.choice(v, LEVEL_ALIASES),
    "kind": lambda v: cells.choice(v, KIND_ALIASES),
    "area_type": lambda v: cells.choice(v, AREA_TYPE_ALIASES),
    "role": lambda v: cells.choice(v, ROLE_ALIASES),
    "gender": cells.gender,
    "has_council": cells.boolean,
    "is_incumbent_na": cells.boolean,
    "is_incumbent_council": cells.boolean,
    "cycle": str,
}


def load(data: bytes, **options) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **options)


def examples(book) -> dict[str, list[list]]:
    """The guide's example rows of each sheet (title -> rows), as a person reads
    them: the block under "Ví dụ trang tính «…»", below its header row."""
    found, current, header_next = {}, None, False
    for row in book[GUIDE_SHEET].iter_rows(values_only=True):
        first = row[0]
        if isinstance(first, str) and first.startswith("Ví dụ trang tính «"):
            current = first[len("Ví dụ trang tính «") : -1]
            found[current], header_next = [], True
        elif current and header_next:
            header_next = False
        elif current and any(cell is not None for cell in row):
            found[current].append(list(row))
        else:
            current = None
    return found


def filled(data: bytes) -> bytes:
    """The template with the guide's examples copied onto their sheets."""
    book = load(data)
    for title, rows in examples(book).items():
        for row in rows:
            book[title].append(row[: book[title].max_column])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def renamed(data: bytes, names: dict[str, str]) -> bytes:
    book = load(data)
    for old, new in names.items():
        book[old].title = new
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TemplateShapeTests(SimpleTestCase):
    def setUp(self):
        self.book = load(election_template_xlsx())

    def test_sheets_have_vietnamese_names_the_guide_first_the_lists_hidden(self):
        names = self.book.sheetnames
        self.assertEqual(names[0], GUIDE_SHEET)
        self.assertEqual(names[-1], LISTS_SHEET)
        self.assertEqual(self.book[LISTS_SHEET].sheet_state, "hidden")
        self.assertEqual(
            names[1:-1],
            [
                "Cuộc bầu cử",
                "Đơn vị hành chính",
                "Cuộc bầu cử theo cấp",
                "Đơn vị bầu cử",
                "Khu vực bỏ phiếu",
                "Người ứng cử",
                "Thành viên tổ chức bầu cử",
            ],
        )
        for name in names:
            self.assertLessEqual(len(name), 31)  # what Excel allows
            self.assertEqual(name, unicodedata.normalize("NFC", name))

    def test_every_data_sheet_has_only_its_vietnamese_headers(self):
        for spec in ELECTION_SHEETS:
            sheet = self.book[spec.title]
            rows = list(sheet.iter_rows(values_only=True))
            self.assertEqual(list(rows[0]), [HEADERS[k] for k in spec.columns])
            self.assertEqual(len(rows), 1, spec.title)  # no example data to import

    def test_choice_columns_have_drop_downs_of_the_hidden_lists(self):
        lists = choice_lists()
        hidden = self.book[LISTS_SHEET]
        offered = {}
        for column in hidden.iter_cols(values_only=True):
            key = next(k for k, label in HEADERS.items() if label == column[0])
            offered[key] = tuple(v for v in column[1:] if v is not None)
        self.assertEqual(offered, lists)
        seen = set()
        for spec in ELECTION_SHEETS:
            sheet = self.book[spec.title]
            rules = sheet.data_validations.dataValidation
            for index, key in enumerate(spec.columns, start=1):
                letter = openpyxl.utils.get_column_letter(index)
                mine = [
                    r for r in rules if f"{letter}2:{letter}1048576" in str(r.sqref)
                ]
                if key not in lists:
                    self.assertEqual(mine, [], f"{spec.name}.{key}")
                    continue
                seen.add(key)
                [rule] = mine
                self.assertEqual(rule.type, "list")
                self.assertTrue(rule.formula1.startswith(f"'{LISTS_SHEET}'!$"))
                self.assertEqual(rule.errorStyle, "warning")
                self.assertTrue(rule.allow_blank)
        self.assertEqual(seen, set(lists))

    def test_every_offered_value_is_one_the_importer_accepts(self):
        for key, values in choice_lists().items():
            for value in values:
                PARSERS[key](value)  # raises CellError otherwise
        self.assertEqual(choice_lists()["gender"], ("Nam", "Nữ"))
        self.assertIn("Đại biểu HĐND cấp xã", choice_lists()["kind"])
        self.assertEqual(
            cells.choice("Đại biểu Quốc hội", KIND_ALIASES), "QH"
        )  # the label and the code both
        self.assertEqual(cells.choice("QH", KIND_ALIASES), "QH")

    def test_a_wrong_choice_names_the_drop_down_values_not_codes(self):
        with self.assertRaises(cells.CellError) as raised:
            cells.choice("thôn", LEVEL_ALIASES)
        self.assertEqual(
            str(raised.exception),
            "'thôn' không hợp lệ; chỉ được ghi: Tỉnh/thành phố; Quận/huyện/thị xã/"
            "thành phố thuộc tỉnh; Xã/phường/thị trấn/đặc khu.",
        )

    def test_the_guide_marks_its_examples_as_not_imported(self):
        text = " ".join(
            str(c)
            for row in self.book[GUIDE_SHEET].iter_rows(values_only=True)
            for c in row
            if c
        )
        self.assertIn("KHÔNG ĐƯỢC NHẬP", text)
        found = examples(self.book)
        self.assertEqual(set(found), {spec.title for spec in ELECTION_SHEETS})
        self.assertTrue(all(found.values()))
        self.assertEqual(
            EXAMPLE_TITLE.format("Người ứng cử"), "Ví dụ trang tính «Người ứng cử»"
        )


class TemplateImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = make_user("quantri", "sysadmin")
        cls.root.is_superuser = cls.root.is_staff = True
        cls.root.save()

    def download(self) -> bytes:
        self.client.force_login(self.root)
        response = self.client.get(reverse("importers:election_template"))
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_the_untouched_template_imports_nothing(self):
        report = import_election(io.BytesIO(self.download()))
        self.assertFalse(report.written)
        self.assertEqual([p.message for p in report.errors], [EMPTY_WORKBOOK])
        self.assertTrue(nothing_saved())

    def test_download_fill_import_round_trip(self):
        report = import_election(io.BytesIO(filled(self.download())))
        self.assertEqual(report.errors, [])
        self.assertTrue(report.written)
        self.assertEqual(report.counts["candidates"]["added"], 6)
        self.assertEqual(report.counts["members"]["added"], 3)
        election = Election.objects.get(code="VIDU-2026")
        self.assertEqual(election.province.code, "79")
        hospital = VotingArea.objects.get(election=election, number=2)
        self.assertEqual(hospital.area_type, "hospital")
        self.assertEqual(str(hospital.voting_date), "2026-03-14")
        self.assertEqual(
            set(
                Candidate.objects.values_list(
                    "electoral_unit__contest__kind", flat=True
                )
            ),
            {"QH", "HDND_XA"},
        )
        self.assertEqual(
            BodyMember.objects.filter(role="chair").count(), 2
        )  # "Chủ tịch / Trưởng ban / Tổ trưởng" from the drop-down
        self.assertEqual(ElectoralUnitArea.objects.count(), 4)
        again = import_election(io.BytesIO(filled(self.download())))
        self.assertEqual(again.errors, [])
        self.assertEqual(again.counts["voting_areas"]["added"], 0)

    def test_english_sheet_names_import_the_same(self):
        data = filled(self.download())
        english = renamed(data, {spec.title: spec.name for spec in ELECTION_SHEETS})
        self.assertIn("units", load(english).sheetnames)
        report = import_election(io.BytesIO(english))
        self.assertEqual(report.errors, [])
        self.assertTrue(Election.objects.filter(code="VIDU-2026").exists())

    def test_mixed_case_and_nfd_sheet_names_in_a_csv_zip(self):
        book = load(filled(self.download()), data_only=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for spec in ELECTION_SHEETS:
                lines = []
                for row in book[spec.title].iter_rows(values_only=True):
                    lines.append(",".join("" if c is None else f'"{c}"' for c in row))
                name = unicodedata.normalize("NFD", spec.title.upper())
                archive.writestr(f"{name}.csv", "\n".join(lines).encode())
        report = import_election(io.BytesIO(buffer.getvalue()))
        self.assertEqual(report.errors, [])
        self.assertEqual(VotingArea.objects.count(), 2)

    def test_a_sheet_under_both_names_is_an_error_and_nothing_is_written(self):
        data = filled(self.download())
        book = load(data)
        copy = book.copy_worksheet(book["Khu vực bỏ phiếu"])
        copy.title = "voting_areas"
        buffer = io.BytesIO()
        book.save(buffer)
        report = import_election(io.BytesIO(buffer.getvalue()))
        self.assertFalse(report.written)
        [error] = report.errors
        self.assertEqual(error.sheet, "voting_areas")
        self.assertIn("Khu vực bỏ phiếu", error.message)
        self.assertTrue(all(not m.objects.exists() for m in TABLES[1:]))

    def test_a_missing_sheet_is_named_in_vietnamese(self):
        book = load(filled(self.download()))
        del book["Người ứng cử"]
        buffer = io.BytesIO()
        book.save(buffer)
        report = import_election(io.BytesIO(buffer.getvalue()))
        [error] = report.errors
        self.assertEqual(
            error.message, "Thiếu trang tính 'Người ứng cử' (hoặc 'candidates')."
        )


class BodyNameTests(SmallElectionMixin, TestCase):
    """The members sheet names a body by its Vietnamese name (importers/election/
    bodies.py) or by its code; a saved election's template lists the names."""

    def members(self, *bodies):
        """The admin's one-sheet import (dry run) of one member per body."""
        dataset = Dataset(headers=["election", "body", "full_name", "role"])
        for number, body in enumerate(bodies, start=1):
            dataset.append(["TEST-2026", body, f"Người Thứ {number}", "member"])
        users = get_user_model().objects
        root = users.filter(username="quantri").first()
        root = root or users.create_superuser("quantri")
        return resources.BodyMemberResource().import_data(
            dataset, dry_run=True, user=root
        )

    def test_a_saved_elections_template_lists_its_bodies_by_name(self):
        self.client.force_login(self.city_user)
        url = reverse("importers:election_template")
        page = self.client.get(reverse("importers:election"))
        self.assertContains(page, f"{url}?election=TEST-2026")
        response = self.client.get(url, {"election": "TEST-2026"})
        self.assertEqual(response.status_code, 200)
        book = load(response.content)
        offered = None
        for column in book[LISTS_SHEET].iter_cols(values_only=True):
            if column[0] == HEADERS["body"]:
                offered = [v for v in column[1:] if v is not None]
        self.assertEqual(
            offered,
            [
                "Ủy ban bầu cử Thành phố Hồ Chí Minh",
                "Ủy ban bầu cử Phường Tân Định",
                "Ban bầu cử đơn vị số 1 - Quốc hội",
                "Ban bầu cử đơn vị số 1 - HĐND phường Tân Định",
                "Tổ bầu cử số 1 - Phường Tân Định",
                "Tổ bầu cử số 2 - Phường Tân Định",
                "Tổ bầu cử số 1 - Phường Sài Gòn",
                "Tổ bầu cử số 2 - Phường Sài Gòn",
            ],
        )
        spec = SPECS["members"]
        letter = openpyxl.utils.get_column_letter(spec.columns.index("body") + 1)
        rules = book[spec.title].data_validations.dataValidation
        [rule] = [r for r in rules if f"{letter}2:{letter}1048576" in str(r.sqref)]
        self.assertTrue(rule.formula1.startswith(f"'{LISTS_SHEET}'!$"))
        missing = self.client.get(url, {"election": "KHONG-CO"})
        self.assertEqual(missing.status_code, 404)

    def test_names_and_codes_import_alike(self):
        result = self.members(
            "Tổ bầu cử số 1 - Phường Tân Định",
            "tổ bầu cử số 2 - phường tân định",
            "Ban bầu cử đơn vị số 1 - HĐND phường Tân Định",
            "Ủy ban bầu cử Thành phố Hồ Chí Minh",
            "team:26737/2",
        )
        self.assertFalse(result.has_validation_errors(), result.problems)
        added = [row for row in result.rows if row.import_type == "new"]
        self.assertEqual(len(added), 5)

    def test_an_unknown_name_is_refused_in_vietnamese(self):
        result = self.members("Tổ bầu cử số 9 - Phường Tân Định")
        [row] = result.invalid_rows
        self.assertIn("Không có tổ chức phụ trách bầu cử tên", str(row.error_dict))

    def test_a_shared_name_needs_its_code(self):
        AdminUnit.objects.filter(pk=self.ward_b.pk).update(name="Phường Tân Định")
        shared = "Tổ bầu cử số 1 - Phường Tân Định, Thành phố Hồ Chí Minh"
        [row] = self.members(shared).invalid_rows
        self.assertIn("Nhiều tổ chức cùng tên", str(row.error_dict))
        named = self.members(f"{shared} (team:26737/1)")
        self.assertFalse(named.has_validation_errors(), named.problems)
        exported = resources.BodyMemberResource().export()
        self.assertIn(f"{shared} (team:26734/1)", exported["Tổ chức phụ trách bầu cử"])
