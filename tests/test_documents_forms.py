"""Every form of both cycles prints; the PDFs read back with their figures, names
with diacritics, the cycle's form number and percentages that add up to 100."""

import subprocess
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings

from electionadmin.documents import render, targets
from electionadmin.printing import catalogue, words

from .test_documents_base import (
    DocumentsElection,
    StrictTemplates,
    pdf_text,
    percents,
    scopes,
)

PNG = Path("/tmp/documents_team_count_qh_2021.png")


def total(*values: str) -> Decimal:
    return sum(Decimal(v.replace(",", ".")) for v in values)


@override_settings(TEMPLATES=StrictTemplates.settings(settings.TEMPLATES))
class EveryFormPrintsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.docs = {cycle: DocumentsElection(cycle) for cycle in ("2021", "2026")}

    def test_every_form_of_both_cycles_prints_with_its_number_and_code(self):
        for cycle, doc in self.docs.items():
            for key, scope, contest in scopes(doc):
                with self.subTest(cycle=cycle, key=key):
                    printed = render.print_form(doc.election, key, scope, contest)
                    text = pdf_text(printed.content)
                    self.assertIn(printed.code, text)
                    self.assertNotIn("■", text)
                    number = catalogue.entry(doc.election.cycle, key)["number"]
                    if number:
                        self.assertIn(number.replace("Mẫu số ", ""), text)

    def test_the_same_number_means_different_forms_in_the_two_cycles(self):
        old, new = self.docs["2021"], self.docs["2026"]
        team_2021 = pdf_text(
            render.print_form(old.election, "TEAM_COUNT_QH", "26734/1").content
        )
        team_2026 = pdf_text(
            render.print_form(new.election, "TEAM_COUNT_QH", "26734/1").content
        )
        city_2026 = pdf_text(
            render.print_form(new.election, "COMMITTEE_RESULT_QH", "QH").content
        )
        self.assertIn("Mẫu số 20/HĐBC-QH", team_2021)
        self.assertIn("Mẫu số 18/HĐBC-QH", team_2026)
        self.assertNotIn("20/HĐBC-QH", team_2026)
        self.assertIn("Mẫu số 20/HĐBC-QH", city_2026)
        self.assertIn("TỈNH, THÀNH PHỐ", city_2026)

    def test_team_minutes_read_back_with_figures_names_and_remarks(self):
        doc = self.docs["2021"]
        text = pdf_text(
            render.print_form(doc.election, "TEAM_COUNT_QH", "26734/1").content
        )
        for expected in (
            "BIÊN BẢN KẾT QUẢ KIỂM PHIẾU",
            "Bầu cử đại biểu Quốc hội khóa XV",
            "Phường Tân Định, Quận 1, Thành phố Hồ Chí Minh",
            "Trường Lê Văn Tám",
            "1.000",
            "902",
            "880",
            "Nguyễn Thị Thu Hà",
            "Trần Đức Lợi",
            "Lê Hoàng Yến",
            "Võ Thị Hoa",
            "Lê Hữu Nghĩa",
            "TM. TỔ BẦU CỬ",
            "Hai cử tri nhận phiếu thay phiếu hỏng",
            "Một cử tri hỏi về thẻ cử tri",
            "Nhất thiết không được tẩy xóa trên biên bản",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ):
            self.assertIn(expected, text)
        [valid] = percents(text, "Số phiếu hợp lệ")
        [invalid] = percents(text, "Số phiếu không hợp lệ")
        self.assertEqual((valid, invalid), ("97,78", "2,22"))
        self.assertEqual(total(valid, invalid), Decimal("100.00"))

    def test_the_board_minutes_list_winners_by_votes_and_the_members(self):
        doc = self.docs["2026"]
        printed = render.print_form(doc.election, "BOARD_RESULT_QH", "QH#1")
        text = pdf_text(printed.content)
        first = text.index("Nguyễn Thị Thu Hà", text.index("đã trúng cử"))
        second = text.index("Trần Đức Lợi", text.index("đã trúng cử"))
        self.assertLess(first, second)  # 2,000 votes before 1,880
        for expected in ("Mẫu số 19/HĐBC-QH", "2.000", "75,76%", "Phan Văn Mãi"):
            self.assertIn(expected, text)
        self.assertIn("Đặng Thị Hương", text)
        [valid] = percents(text, "Số phiếu hợp lệ")
        [invalid] = percents(text, "Số phiếu không hợp lệ")
        self.assertEqual(total(valid, invalid), Decimal("100.00"))

    def test_an_incomplete_unit_prints_as_a_draft_without_winners(self):
        doc = self.docs["2021"]
        doc.qh_a1.status = "submitted"
        doc.qh_a1.save()
        text = pdf_text(
            render.print_form(doc.election, "BOARD_RESULT_QH", "QH#1").content
        )
        self.assertIn("DỰ THẢO", text)
        self.assertIn("chưa xác định kết quả bầu cử", text)
        self.assertNotIn("đã trúng cử", text)

    def test_a_page_renders_to_png(self):
        doc = self.docs["2021"]
        printed = render.print_form(doc.election, "TEAM_COUNT_QH", "26734/1")
        pdf = PNG.with_suffix(".pdf")
        pdf.write_bytes(printed.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(PNG.with_suffix("")),
            ],
            check=True,
        )
        self.assertGreater(PNG.stat().st_size, 20_000)


class PercentTests(TestCase):
    def test_parts_are_adjusted_to_add_up_to_exactly_100(self):
        # 12.345 % and 87.655 % both round up: 12.35 + 87.66 = 100.01.
        self.assertEqual(words.parts_of_100([2469, 17531], 20000), ["12.35", "87.65"])
        self.assertEqual(words.parts_of_100([1, 2], 3), ["33.33", "66.67"])
        self.assertEqual(words.parts_of_100([0, 0], 0), ["0.00", "0.00"])

    def test_a_number_is_grouped_and_a_percentage_uses_the_decimal_comma(self):
        self.assertEqual(words.num(1234567), "1.234.567")
        self.assertEqual(words.pct_vi("99.85"), "99,85")


class ScopeErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2026")

    def test_unknown_keys_and_scopes_are_refused_in_vietnamese(self):
        election = self.doc.election
        cases = [
            ("NO_SUCH_FORM", "26734/1", None, "Không có biểu mẫu"),
            ("TEAM_COUNT_QH", "26734/99", None, "Không có khu vực bỏ phiếu"),
            ("TEAM_COUNT_HDND", "26734/1", None, "Hãy ghi cuộc bầu cử"),
            ("TEAM_COUNT_HDND", "26737/1", "HDND_XA:26734", "không thuộc"),
            ("BOARD_RESULT_QH", "QH#7", None, "Không có đơn vị bầu cử"),
            ("BOARD_RESULT_HDND", "QH#1", None, "không dùng cho"),
            ("COMMITTEE_RESULT_QH", "HDND_XA:99999", None, "không có"),
            ("TURNOUT_REPORT", "00000", None, "Không có đơn vị hành chính"),
        ]
        for key, scope, contest, message in cases:
            with (
                self.subTest(key=key, scope=scope),
                self.assertRaisesMessage(render.PrintError, message),
            ):
                render.print_form(election, key, scope, contest)

    def test_minutes_without_agreed_figures_do_not_print(self):
        self.doc.qh_a1.status = "draft"
        self.doc.qh_a1.save()
        target = targets.resolve(self.doc.election, "TEAM_COUNT_QH", "26734/1")
        with self.assertRaisesMessage(render.NotPrintable, "chưa có số liệu"):
            render.render(target)
