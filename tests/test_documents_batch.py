"""Batch printing of the team minutes (ReportLab), the same text as the HTML form;
and the cycle's form catalogue edited as a table by the administrator."""

import io
import tempfile
import zipfile
from unittest import skipUnless

from django.db import connection
from django.test import (
    TestCase,
    TransactionTestCase,
    override_settings,
)
from django.urls import reverse

from electionadmin.documents import minutes_batch, render, targets, team, team_minutes
from electionadmin.printing.models import PrintJob
from electionadmin.results.models import CountingRecord
from electionadmin.setup.models import Cycle

from .admin_helpers import change_form_data
from .test_documents_base import DocumentsElection, pdf_text

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA = tempfile.gettempdir() + "/print-job-tests"


class FastMinutesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2021")

    def test_the_drawn_minutes_read_back_like_the_html_ones(self):
        target = targets.resolve(self.doc.election, "TEAM_COUNT_QH", "26734/1")
        html = pdf_text(render.render(target).content)
        context = render.finish(
            team.build_team_count(target), target.reference, with_image=False
        )
        drawn = pdf_text(team_minutes.render_team_minutes([context]))
        for expected in (
            "Mẫu số 20/HĐBC-QH",
            context["verification"]["code"],
            "Nguyễn Thị Thu Hà",
            "Trần Đức Lợi",
            "1.000",
            "902",
            "tỷ lệ 97,78%",
            "tỷ lệ 2,22%",
            "Võ Thị Hoa",
            "Hai cử tri nhận phiếu thay phiếu hỏng",
            "Nhất thiết không được tẩy xóa trên biên bản",
        ):
            self.assertIn(expected, html)
            self.assertIn(expected, drawn)


@override_settings(TASKS=IMMEDIATE, MEDIA_ROOT=MEDIA)
class BatchJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2021")
        cls.user = cls.doc.committee_user()

    def test_a_city_prints_one_pdf_per_commune_and_lists_what_is_missing(self):
        CountingRecord.objects.filter(
            electoral_unit=self.doc.xa_unit, voting_area=self.doc.a2
        ).update(status="draft")
        job = PrintJob.objects.create(
            election=self.doc.election,
            user=self.user,
            contest_keys=["QH", "HDND_XA:26734"],
            commune_ids=[self.doc.ward_a.pk, self.doc.ward_b.pk],
        )
        report = minutes_batch.run(job, workers=1)
        self.assertEqual(report, {"printed": 4, "communes": 2, "missing": 1})
        with zipfile.ZipFile(io.BytesIO(job.output.read())) as archive:
            names = sorted(archive.namelist())
            self.assertEqual(
                names,
                ["26734-phuong-tan-dinh.pdf", "26737-phuong-da-kao.pdf", "chua-in.txt"],
            )
            ward_a = pdf_text(archive.read("26734-phuong-tan-dinh.pdf"))
            missing = archive.read("chua-in.txt").decode()
        self.assertEqual(ward_a.count("Mẫu số 20/HĐBC-QH"), 2)
        self.assertEqual(ward_a.count("Mẫu số 25/HĐBC-HĐND"), 1)
        self.assertIn("KVBP 26734/2 - HDND_XA:26734: Đang nhập liệu", missing)
        job.output.delete()

    def test_the_batch_screen_queues_a_job_and_shows_its_progress(self):
        self.client.force_login(self.user)
        url = reverse("results:batch", args=["DOC-2021"])
        page = self.client.get(url)
        self.assertContains(page, "Phường Tân Định")
        response = self.client.post(
            url, {"contests": ["QH"], "commune": "", "round": "first"}
        )
        job = PrintJob.objects.get()
        self.assertRedirects(response, reverse("results:print_job", args=[job.pk]))
        self.assertEqual(job.status, "done")
        self.assertEqual(job.report["printed"], 3)
        done = self.client.get(reverse("results:print_job", args=[job.pk]))
        self.assertContains(done, "Đã in 3 biên bản")
        status = self.client.get(reverse("results:print_job_status", args=[job.pk]))
        self.assertEqual(status.json()["percent"], 100)
        download = self.client.get(reverse("results:print_job_download", args=[job.pk]))
        self.assertEqual(download.status_code, 200)
        job.output.delete()

    def test_a_board_cannot_batch_print(self):
        from .factories import make_user

        board = make_user("ban-qh", "electoral_board", electoral_unit=self.doc.qh_unit)
        self.client.force_login(board)
        url = reverse("results:batch", args=["DOC-2021"])
        self.assertEqual(self.client.get(url).status_code, 403)


@skipUnless(connection.vendor == "postgresql", "forked workers need a server database")
@override_settings(MEDIA_ROOT=MEDIA)
class ForkedWorkersTests(TransactionTestCase):
    serialized_rollback = True

    def test_two_workers_print_the_same_minutes_as_one(self):
        doc = DocumentsElection("2021")
        job = PrintJob.objects.create(
            election=doc.election,
            contest_keys=["QH", "HDND_TINH:79", "HDND_XA:26734"],
            commune_ids=[doc.ward_a.pk, doc.ward_b.pk],
        )
        report = minutes_batch.run(job, workers=2)
        self.assertEqual(report, {"printed": 8, "communes": 2, "missing": 0})
        self.assertEqual(PrintJob.objects.count(), 1)  # the parent reconnects
        job.output.delete()


class CatalogueAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2026")
        cls.root = cls.doc.superuser()

    def test_the_administrator_edits_a_number_and_the_form_prints_it(self):
        self.client.force_login(self.root)
        cycle = Cycle.objects.get(code="2026")
        url = reverse("admin:setup_cycle_change", args=[cycle.pk])
        page = self.client.get(url)
        self.assertContains(page, 'name="forms__TEAM_COUNT_QH__number"')
        self.assertContains(page, "Mẫu số 18/HĐBC-QH")
        data = change_form_data(page)
        data.pop("forms", None)
        data.update(self._catalogue_post(page))
        data["forms__TEAM_COUNT_QH__number"] = "Mẫu số 18A/HĐBC-QH"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        cycle.refresh_from_db()
        self.assertEqual(cycle.forms["TEAM_COUNT_QH"]["number"], "Mẫu số 18A/HĐBC-QH")
        self.assertIn(
            "Biên bản kết quả kiểm phiếu", cycle.forms["TEAM_COUNT_QH"]["title"]
        )
        printed = render.print_form(self.doc.election, "TEAM_COUNT_QH", "26734/1")
        self.assertIn("Mẫu số 18A/HĐBC-QH", pdf_text(printed.content))

    def _catalogue_post(self, page) -> dict:
        cycle = page.context["adminform"].form.instance
        data = {"forms__key": list(cycle.forms)}
        for key, row in cycle.forms.items():
            data[f"forms__{key}__number"] = row["number"]
            data[f"forms__{key}__title"] = row["title"]
        return data
