"""The verification code: stable for the same figures, different once a figure
changes, checked by the verify screen and `verify_form`; and `print_form`."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse

from electionadmin.documents import render
from electionadmin.printing import verification
from electionadmin.results.models import CandidateVotes

from .factories import make_user
from .test_documents_base import DocumentsElection, pdf_text


class VerificationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2021")

    def printed(self, key="TEAM_COUNT_QH", scope="26734/1"):
        return render.print_form(self.doc.election, key, scope)

    def test_the_same_figures_give_the_same_code_and_it_verifies(self):
        first, second = self.printed(), self.printed()
        self.assertEqual(first.code, second.code)
        self.assertRegex(first.code, r"^[A-Z2-7]{5}-[A-Z2-7]{5}$")
        text = pdf_text(first.content)
        qr_text = next(w for w in text.split() if w.startswith("BCVN1|"))
        verdict = render.verify(qr_text)
        self.assertTrue(verdict.ok, verdict.message)
        self.assertIn("KHỚP", verdict.message)

    def test_a_changed_vote_no_longer_matches_the_printed_code(self):
        printed = self.printed("BOARD_RESULT_QH", "QH#1")
        reference = verification.Reference("DOC-2021", "BOARD_RESULT_QH", "QH#1")
        text = reference.qr_text(printed.code)
        self.assertTrue(render.verify(text).ok)
        CandidateVotes.objects.filter(
            record=self.doc.qh_a1, candidate__ballot_order=3
        ).update(votes=301)
        verdict = render.verify(text)
        self.assertFalse(verdict.ok)
        self.assertIn("KHÔNG KHỚP", verdict.message)
        self.assertNotEqual(verdict.current_code, printed.code)

    def test_a_typed_code_ignores_case_spaces_and_look_alike_digits(self):
        self.assertEqual(verification.normalise("kpbfn 6jqwu"), "KPBFN-6JQWU")
        self.assertEqual(verification.normalise("K0BFN-6JQWU"), "KOBFN-6JQWU")

    def test_a_malformed_code_is_explained(self):
        verdict = render.verify("not a code")
        self.assertFalse(verdict.ok)
        self.assertIn("không đúng dạng", verdict.message)

    def test_verify_form_exits_non_zero_on_a_mismatch(self):
        printed = self.printed()
        text = verification.Reference(
            "DOC-2021", "TEAM_COUNT_QH", "26734/1", "QH"
        ).qr_text(printed.code)
        out = io.StringIO()
        call_command("verify_form", text, stdout=out)
        self.assertIn("KHỚP", out.getvalue())
        self.doc.qh_a1.voters_on_list = 1001
        self.doc.qh_a1.save()
        with self.assertRaisesMessage(CommandError, "KHÔNG KHỚP"):
            call_command("verify_form", text)

    def test_the_verify_screen_checks_a_code(self):
        user = self.doc.superuser()
        self.client.force_login(user)
        printed = self.printed()
        text = f"BCVN1|DOC-2021|TEAM_COUNT_QH|26734/1|QH|first|{printed.code}"
        response = self.client.post(reverse("results:verify"), {"code": text})
        self.assertContains(response, "KHỚP: số liệu trên biểu mẫu đúng")
        bad = text.replace(printed.code, "AAAAA-AAAAA")
        response = self.client.post(reverse("results:verify"), {"code": bad})
        self.assertContains(response, "KHÔNG KHỚP")


class ShortCodeTests(TestCase):
    """The short code printed under the QR code, typed alone, verifies the form."""

    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2021")

    def test_the_short_code_alone_finds_the_printed_form_and_verifies_it(self):
        printed = render.print_form(self.doc.election, "BOARD_RESULT_QH", "QH#1")
        typed = printed.code.lower().replace("-", " ")
        verdict = render.verify(typed)
        self.assertTrue(verdict.ok, verdict.message)
        self.assertEqual(verdict.target.key, "BOARD_RESULT_QH")
        CandidateVotes.objects.filter(
            record=self.doc.qh_a1, candidate__ballot_order=3
        ).update(votes=301)
        verdict = render.verify(printed.code)
        self.assertFalse(verdict.ok)
        self.assertIn("KHÔNG KHỚP", verdict.message)

    def test_a_short_code_never_printed_is_explained(self):
        verdict = render.verify("AAAAA-BBBBB")
        self.assertFalse(verdict.ok)
        self.assertIn("Không tìm thấy biểu mẫu nào đã in với mã này", verdict.message)

    def test_the_screen_takes_the_short_code_within_the_users_jurisdiction(self):
        printed = render.print_form(self.doc.election, "TEAM_COUNT_QH", "26734/1")
        self.client.force_login(self.doc.committee_user())
        response = self.client.post(reverse("results:verify"), {"code": printed.code})
        self.assertContains(response, "KHỚP: số liệu trên biểu mẫu đúng")
        self.assertContains(response, "mã ngắn in dưới mã QR")
        self.assertContains(response, "khu vực bỏ phiếu số 1 - Phường Tân Định")
        self.assertNotContains(response, "TEAM_COUNT_QH")
        other = make_user(
            "phuong-khac", "commune_committee", admin_unit=self.doc.ward_b
        )
        self.client.force_login(other)
        response = self.client.post(reverse("results:verify"), {"code": printed.code})
        self.assertEqual(response.status_code, 404)


class PrintFormCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2026")

    def test_it_writes_the_pdf_and_prints_the_code(self):
        out, path = io.StringIO(), Path(self._tmp()) / "team.pdf"
        call_command(
            "print_form",
            "DOC-2026",
            "TEAM_COUNT_HDND",
            "--scope",
            "26734/1",
            "--contest",
            "HDND_XA:26734",
            "--at",
            "15/03/2026 22:45",
            "-o",
            str(path),
            stdout=out,
        )
        text = pdf_text(path.read_bytes())
        self.assertIn("Mẫu số 23/HĐBC-HĐND", text)
        self.assertIn("Vào hồi 22 giờ 45 phút, ngày 15 tháng 03 năm 2026", text)
        self.assertIn("Huỳnh Văn Ửng", text)
        self.assertIn("mã xác thực", out.getvalue())

    def test_unknown_election_form_or_scope_exit_non_zero(self):
        cases = [
            (["NOPE", "TEAM_COUNT_QH", "--scope", "26734/1"], "Không có cuộc bầu cử"),
            (["DOC-2026", "FORM_X", "--scope", "26734/1"], "Không có biểu mẫu"),
            (["DOC-2026", "BOARD_RESULT_QH", "--scope", "QH#9"], "Không có đơn vị"),
            (["DOC-2026", "TEAM_COUNT_QH", "--scope", "1/1"], "Không có khu vực"),
            (
                ["DOC-2026", "TEAM_COUNT_QH", "--scope", "26734/1", "--at", "x"],
                "không đúng dạng",
            ),
        ]
        for args, message in cases:
            with (
                self.subTest(args=args),
                self.assertRaisesMessage(CommandError, message),
            ):
                call_command("print_form", *args, "-o", "/dev/null")

    def _tmp(self) -> str:
        folder = tempfile.TemporaryDirectory(prefix="print-form-")
        self.addCleanup(folder.cleanup)
        return folder.name
