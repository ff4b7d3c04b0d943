"""The turnout upload (polling:upload) as a background job: the request only keeps
the file and queues the task; the task checks and writes all or nothing, with an
audit entry per figure; the job page shows the progress, then the report."""

import datetime
import io
import zipfile

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from electionadmin.audit.models import AuditEntry
from electionadmin.polling.models import TurnoutFigure
from importers.models import ImportJob
from importers.tasks import run_import_job
from importers.turnout import TurnoutImporter

from .media import temporary_media
from .test_polling_data import Polling2026Mixin

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HEADER = "commune_code,area_number,slot,voters_voted\n"


def sheet(*rows: str) -> io.BytesIO:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("turnout.csv", HEADER + "".join(f"{r}\n" for r in rows))
    packed.seek(0)
    packed.name = "tien-do.zip"
    return packed


class UploadMixin(Polling2026Mixin):
    def setUp(self):
        temporary_media(self)
        self.url = reverse("polling:upload", args=[self.election.code])

    def figures(self) -> dict:
        rows = TurnoutFigure.objects.filter(slot="09:00")
        return {f.voting_area.key: f.voters_voted for f in rows}

    def audits(self) -> int:
        kind = ContentType.objects.get_for_model(TurnoutFigure)
        return AuditEntry.objects.filter(content_type=kind).count()

    def job_url(self, job, name="upload_job") -> str:
        return reverse(f"polling:{name}", args=[self.election.code, job.pk])


class TurnoutUploadJobTests(UploadMixin, TestCase):
    def test_the_request_only_queues_the_job_and_the_task_writes(self):
        self.client.force_login(self.ward_a_user)
        before = self.audits()
        response = self.client.post(self.url, {"file": sheet("26734,1,09:00,5")})
        job = ImportJob.objects.get()
        self.assertRedirects(response, self.job_url(job))
        # Nothing written during the request: the file waits, privately, for the task.
        self.assertEqual(self.figures(), {})
        self.assertEqual(self.audits(), before)
        self.assertEqual(job.kind, ImportJob.Kind.TURNOUT)
        self.assertEqual(job.status, ImportJob.Status.QUEUED)
        self.assertEqual(job.mode, ImportJob.Mode.IMPORT)
        self.assertTrue(job.file.storage.exists(job.file.name))
        self.assertTrue(job.file.name.startswith("imports/"))
        page = self.client.get(self.job_url(job))
        self.assertContains(page, 'id="job-progress"')
        self.assertContains(page, self.job_url(job, "upload_job_status"))
        status = self.client.get(self.job_url(job, "upload_job_status")).json()
        self.assertEqual(status["status"], "queued")
        self.assertFalse(status["finished"])

        run_import_job.func(job.pk)
        steps = []
        importer = TurnoutImporter(
            self.election, dry_run=True, progress=lambda *a: steps.append(a)
        )
        importer.run(sheet("26734,1,09:00,5", "26734,2,09:00,7"))
        self.assertEqual(steps[0], (0, 3, "Kiểm tra dòng 2"))
        self.assertEqual(steps[-1], (2, 3, "Kiểm tra với số liệu đã có"))

        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.DONE, job.failure)
        self.assertTrue(job.report["ok"] and job.report["written"])
        self.assertEqual(self.figures(), {self.a1.key: 5})
        self.assertEqual(self.audits(), before + 1)
        entry = AuditEntry.objects.latest("pk")
        self.assertEqual(entry.user, self.ward_a_user)
        self.assertFalse(job.file)  # kept no longer than needed
        page = self.client.get(self.job_url(job))
        self.assertContains(page, "Đã nhập xong.")
        self.assertContains(page, "Thêm mới 1")

    @override_settings(TASKS=IMMEDIATE)
    def test_a_preview_writes_nothing_until_confirmed(self):
        self.client.force_login(self.ward_a_user)
        data = {"file": sheet("26734,1,09:00,5", "26734,2,09:00,7"), "dry_run": "1"}
        response = self.client.post(self.url, data, follow=True)
        job = ImportJob.objects.get()
        self.assertEqual(job.mode, ImportJob.Mode.PREVIEW)
        self.assertEqual(job.status, ImportJob.Status.DONE)
        self.assertContains(response, "Tệp hợp lệ")
        self.assertContains(response, "Xác nhận nhập")
        self.assertEqual(self.figures(), {})
        confirmed = self.client.post(
            self.job_url(job, "upload_job_confirm"), follow=True
        )
        self.assertContains(confirmed, "Đã nhập xong.")
        self.assertEqual(self.figures(), {self.a1.key: 5, self.a2.key: 7})
        # One import per preview: a second confirmation changes nothing.
        self.client.post(self.job_url(job, "upload_job_confirm"))
        self.assertEqual(TurnoutFigure.objects.count(), 2)

    @override_settings(TASKS=IMMEDIATE)
    def test_a_bad_file_is_refused_whole_with_row_and_column(self):
        self.client.force_login(self.ward_a_user)
        before = self.audits()
        # Row 2 is fine, row 3 has more voters than the area's list (200).
        bad = sheet("26734,1,09:00,5", "26734,2,09:00,999")
        response = self.client.post(self.url, {"file": bad}, follow=True)
        job = ImportJob.objects.get()
        self.assertEqual(job.status, ImportJob.Status.DONE, job.failure)
        self.assertFalse(job.report["ok"])
        self.assertFalse(job.report["written"])
        error = job.report["errors"][0]
        self.assertEqual((error["sheet"], error["row"]), ("turnout", 3))
        self.assertEqual(error["column"], "voters_voted")
        self.assertContains(response, "không ghi gì")
        self.assertContains(response, error["message"])
        self.assertContains(response, "<td>3</td>", html=True)
        self.assertEqual(self.figures(), {})
        self.assertEqual(self.audits(), before)
        self.assertFalse(job.file)
        self.assertNotContains(response, "Xác nhận nhập")

    def test_a_wrong_kind_of_file_is_refused_at_once(self):
        self.client.force_login(self.ward_a_user)
        sheet_ = io.BytesIO(HEADER.encode())
        sheet_.name = "tien-do.csv"
        response = self.client.post(self.url, {"file": sheet_})
        self.assertContains(response, "Tệp phải là .xlsx hoặc .zip", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_another_wards_job_is_not_found(self):
        self.client.force_login(self.ward_a_user)
        self.client.post(self.url, {"file": sheet("26734,1,09:00,5")})
        job = ImportJob.objects.get()
        self.client.force_login(self.ward_b_user)
        for name in ("upload_job", "upload_job_status"):
            self.assertEqual(self.client.get(self.job_url(job, name)).status_code, 404)
        confirm = self.client.post(self.job_url(job, "upload_job_confirm"))
        self.assertEqual(confirm.status_code, 404)
        # Nor through the importers' job pages.
        other = self.client.get(reverse("importers:job", args=[job.pk]))
        self.assertIn(other.status_code, (403, 404))
        self.assertNotContains(self.client.get(self.url), job.original_name)

    @override_settings(TASKS=IMMEDIATE)
    def test_the_task_keeps_to_the_uploaders_areas(self):
        self.client.force_login(self.ward_b_user)
        self.client.post(
            self.url, {"file": sheet("26734,1,09:00,5", "26737,1,09:00,3")}
        )
        job = ImportJob.objects.get()
        self.assertFalse(job.report["ok"])
        self.assertIn("nằm ngoài phạm vi", job.report["errors"][0]["message"])
        self.assertEqual(self.figures(), {})

    def test_a_job_whose_worker_died_ends_failed(self):
        self.client.force_login(self.ward_a_user)
        self.client.post(self.url, {"file": sheet("26734,1,09:00,5")})
        job = ImportJob.objects.get()
        started = timezone.now() - datetime.timedelta(hours=5)
        ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=started)
        page = self.client.get(self.job_url(job))
        self.assertContains(page, 'id="job-failed"')
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertEqual(self.figures(), {})


class TurnoutProblemListTests(UploadMixin, TestCase):
    """The job offers every problem as a workbook, as the voter list's does, and the
    task's audit entries carry the address the upload came from."""

    @override_settings(TASKS=IMMEDIATE)
    def test_a_refused_sheet_offers_its_problems_as_a_workbook(self):
        self.client.force_login(self.ward_a_user)
        bad = sheet("26734,1,09:00,=1+1", "26734,2,09:00,999")
        response = self.client.post(self.url, {"file": bad}, follow=True)
        job = ImportJob.objects.get()
        self.assertFalse(job.report["ok"])
        self.assertContains(response, "Số cử tri đã tham gia bỏ phiếu (voters_voted)")
        url = self.job_url(job, "upload_job_problems")
        self.assertContains(response, f'id="problems-download" href="{url}"')
        download = self.client.get(url)
        self.assertEqual(download.status_code, 200)
        self.assertIn("loi-nhap-tien-do", download["Content-Disposition"])
        data = b"".join(download.streaming_content)
        book = openpyxl.load_workbook(io.BytesIO(data))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Loại", "Trang tính", "Dòng", "Cột", "Nội dung"))
        self.assertEqual(len(rows), 1 + len(job.report["errors"]))
        first = rows[1]
        self.assertEqual(first[:3], ("Lỗi", "Tiến độ bỏ phiếu", 2))
        self.assertEqual(first[3], "Số cử tri đã tham gia bỏ phiếu (voters_voted)")
        self.assertEqual(rows[2][2], 3)
        # No cell the app wrote is a formula (the sheet's own text is neutralised).
        cells = [c for r in book.active.iter_rows() for c in r]
        self.assertFalse([c.value for c in cells if c.data_type == "f"])
        self.assertFalse(any(str(c.value or "").startswith("=") for c in cells))
        # Another ward's user gets nothing.
        self.client.force_login(self.ward_b_user)
        self.assertEqual(self.client.get(url).status_code, 404)

    @override_settings(TASKS=IMMEDIATE)
    def test_a_clean_import_offers_no_workbook(self):
        self.client.force_login(self.ward_a_user)
        response = self.client.post(
            self.url, {"file": sheet("26734,1,09:00,5")}, follow=True
        )
        job = ImportJob.objects.get()
        self.assertTrue(job.report["ok"])
        self.assertNotContains(response, "problems-download")
        url = self.job_url(job, "upload_job_problems")
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_tasks_audit_entries_carry_the_uploaders_address(self):
        self.client.force_login(self.ward_a_user)
        self.client.post(
            self.url,
            {"file": sheet("26734,1,09:00,5")},
            REMOTE_ADDR="203.0.113.7",
        )
        job = ImportJob.objects.get()
        self.assertEqual(job.client_address, "203.0.113.7")
        run_import_job.func(job.pk)  # by a worker: no request around it
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.DONE, job.failure)
        kind = ContentType.objects.get_for_model(TurnoutFigure)
        entry = AuditEntry.objects.filter(content_type=kind).latest("pk")
        self.assertEqual(entry.client_address, "203.0.113.7")
        self.assertEqual(entry.user, self.ward_a_user)
