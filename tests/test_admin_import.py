"""The workbook import screen: upload -> preview -> confirm -> result, as a task."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from tablib import Dataset

from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import Candidate, Election, VotingArea
from importers import resources
from importers.models import ImportJob

from .factories import SmallElectionMixin

DATA = Path(__file__).parent / "data" / "election"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload_xlsx(name: str = "clean_2021.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def upload_folder_as_zip(folder: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((DATA / folder).glob("*.csv")):
            archive.write(path, path.name)
    return SimpleUploadedFile(f"{folder}.zip", buffer.getvalue())


class ImportScreenTestCase(SmallElectionMixin, TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.media = tempfile.mkdtemp()
        cls.settings_override = override_settings(MEDIA_ROOT=cls.media, TASKS=IMMEDIATE)
        cls.settings_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls.settings_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        self.client.force_login(self.city_user)

    def upload(self, file) -> ImportJob:
        response = self.client.post(reverse("importers:election"), {"file": file})
        job = ImportJob.objects.latest("pk")
        self.assertRedirects(response, reverse("importers:job", args=[job.pk]))
        return job


class ImportScreenTests(ImportScreenTestCase):
    def test_the_screen_offers_the_upload_and_the_blank_template(self):
        page = self.client.get(reverse("importers:election"))
        self.assertContains(page, "Nhập bảng tính thiết lập cuộc bầu cử")
        self.assertContains(page, reverse("importers:election_template"))
        template = self.client.get(reverse("importers:election_template"))
        book = openpyxl.load_workbook(io.BytesIO(template.content))
        self.assertIn("Khu vực bỏ phiếu", book.sheetnames)

    def test_a_clean_workbook_is_previewed_then_imported_on_confirmation(self):
        job = self.upload(upload_xlsx())
        job.refresh_from_db()
        self.assertEqual((job.mode, job.status), ("preview", "done"))
        self.assertFalse(Election.objects.filter(code="TEST-2021").exists())
        self.assertTrue(job.file.name.startswith("imports/"))

        preview = self.client.get(reverse("importers:job", args=[job.pk]))
        self.assertContains(preview, "Thêm mới")
        self.assertContains(preview, "Không đổi")
        self.assertContains(preview, "Khu vực bỏ phiếu")
        self.assertContains(preview, "Xác nhận nhập")
        counts = dict(preview.context["count_rows"])
        self.assertEqual(counts["Khu vực bỏ phiếu"][0], 5)

        confirm = reverse("importers:job_confirm", args=[job.pk])
        self.assertRedirects(
            self.client.post(confirm), reverse("importers:job", args=[job.pk])
        )
        job.refresh_from_db()
        self.assertEqual((job.mode, job.status), ("import", "done"))
        self.assertTrue(job.report["written"])
        election = Election.objects.get(code="TEST-2021")
        self.assertEqual(VotingArea.objects.filter(election=election).count(), 5)
        self.assertTrue(Candidate.objects.filter(full_name="Nguyễn Văn An").exists())
        result = self.client.get(reverse("importers:job", args=[job.pk]))
        self.assertContains(result, "Đã nhập xong")

    def test_a_bad_workbook_shows_every_error_with_its_row_and_writes_nothing(self):
        job = self.upload(upload_folder_as_zip("unknown_unit"))
        job.refresh_from_db()
        self.assertFalse(job.report["ok"])
        page = self.client.get(reverse("importers:job", args=[job.pk]))
        self.assertNotContains(page, "Xác nhận nhập")
        errors = page.context["errors"]
        self.assertTrue(errors)
        self.assertTrue(all(e["row"] for e in errors))
        for error in errors:
            self.assertContains(page, error["message"])
        self.client.post(reverse("importers:job_confirm", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.mode, "preview")
        self.assertFalse(Election.objects.filter(code="TEST-2021").exists())

    def test_the_status_endpoint_reports_progress(self):
        job = self.upload(upload_xlsx())
        status = self.client.get(reverse("importers:job_status", args=[job.pk]))
        data = status.json()
        self.assertEqual(data["status"], "done")
        self.assertEqual(data["percent"], 100)
        self.assertTrue(data["finished"])

    def test_a_file_that_is_not_a_workbook_is_refused_at_upload(self):
        bad = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4")
        response = self.client.post(reverse("importers:election"), {"file": bad})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ImportJob.objects.exists())


class ImportScreenAccessTests(ImportScreenTestCase):
    def test_a_ward_committee_may_not_import_workbooks(self):
        self.client.force_login(self.ward_a_user)
        self.assertEqual(
            self.client.get(reverse("importers:election")).status_code, 403
        )
        response = self.client.post(
            reverse("importers:election"), {"file": upload_xlsx()}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_someone_elses_job_is_not_found(self):
        job = self.upload(upload_xlsx())
        other = ImportJob.objects.create(kind="election", user=self.ward_b_user)
        self.assertEqual(
            self.client.get(reverse("importers:job", args=[other.pk])).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(reverse("importers:job", args=[job.pk])).status_code, 200
        )

    def test_the_election_list_and_the_admin_index_link_to_the_screen(self):
        for url in ("/django-admin/", reverse("admin:setup_election_changelist")):
            self.assertContains(self.client.get(url), reverse("importers:election"))


class PerModelImportTests(SmallElectionMixin, TestCase):
    """The admin's own import preview for one sheet, within the user's jurisdiction."""

    def preview(self, user, text: str):
        self.client.force_login(user)
        upload = SimpleUploadedFile("khu-vuc.csv", text.encode("utf-8-sig"))
        data = {"import_file": upload, "format": "1", "resource": "0"}
        response = self.client.post(reverse("admin:setup_votingarea_import"), data)
        self.assertEqual(response.status_code, 200)
        self.response = response
        return response.context["result"]

    def test_the_preview_shows_new_update_skip_and_refuses_other_wards(self):
        csv_text = (
            "Mã cuộc bầu cử,Mã xã/phường,Khu vực bỏ phiếu số,Địa điểm bỏ phiếu\n"
            "TEST-2026,26734,1,Trường Tiểu học A\n"
            "TEST-2026,26734,2,Nhà văn hóa khu phố 2\n"
            "TEST-2026,26734,3,Trường THCS A\n"
            "TEST-2026,26737,1,Ghi đè của phường khác\n"
        )
        result = self.preview(self.ward_a_user, csv_text)
        kinds = [row.import_type for row in result.rows]
        self.assertEqual(kinds[:3], ["skip", "update", "new"])
        self.assertEqual(len(result.invalid_rows), 1)
        self.assertEqual(result.invalid_rows[0].number, 4)
        self.assertFalse(VotingArea.objects.filter(number=3).exists())

    def test_a_confirmed_import_writes_the_rows_and_an_audit_entry(self):
        text = "election,commune_code,area_number\nTEST-2026,26737,3\n"
        self.preview(self.city_user, text)
        form = self.response.context["confirm_form"]
        data = {name: form[name].value() for name in form.fields}
        confirm = reverse("admin:setup_votingarea_process_import")
        self.assertEqual(self.client.post(confirm, data).status_code, 302)
        self.assertTrue(VotingArea.objects.filter(commune=self.ward_b, number=3))
        entry = AuditEntry.objects.get(action="import")
        self.assertEqual(entry.changes["new"], 1)
        self.assertEqual(entry.user, self.city_user)

    def test_english_keys_are_accepted_as_headers(self):
        csv_text = "election,commune_code,area_number\nTEST-2026,26737,3\n"
        result = self.preview(self.city_user, csv_text)
        self.assertEqual([row.import_type for row in result.rows], ["new"])


class RoundTripTests(SmallElectionMixin, TestCase):
    def test_every_export_imports_back_unchanged(self):
        root = get_user_model().objects.create_superuser("quantri")
        for resource_class in (
            resources.AdminUnitResource,
            resources.VotingAreaResource,
            resources.ElectoralUnitResource,
            resources.CandidateResource,
            resources.BodyMemberResource,
        ):
            with self.subTest(resource=resource_class.__name__):
                resource = resource_class()
                dataset = resource.export()
                self.assertTrue(len(dataset))
                result = resource_class().import_data(dataset, dry_run=True, user=root)
                self.assertFalse(result.has_errors())
                self.assertFalse(result.has_validation_errors())
                kinds = {row.import_type for row in result.rows}
                self.assertEqual(kinds, {"skip"})

    def test_an_electoral_unit_row_rewrites_the_units_voting_areas(self):
        root = get_user_model().objects.create_superuser("quantri")
        headers = ["election", "kind", "council_unit_code", "number", "seats"]
        dataset = Dataset(headers=[*headers, "covers"])
        dataset.append(["TEST-2026", "HDND_XA", "26734", 1, 1, "26734/1"])
        result = resources.ElectoralUnitResource().import_data(dataset, user=root)
        self.assertFalse(result.has_validation_errors(), result.invalid_rows)
        self.assertEqual(list(self.hdnd_a_unit.areas.all()), [self.a1])

    def test_a_unit_reaching_outside_its_council_is_refused(self):
        root = get_user_model().objects.create_superuser("quantri")
        headers = ["election", "kind", "council_unit_code", "number", "seats"]
        dataset = Dataset(headers=[*headers, "covers"])
        dataset.append(["TEST-2026", "HDND_XA", "26734", 1, 1, "26734;26737/1"])
        result = resources.ElectoralUnitResource().import_data(dataset, user=root)
        self.assertEqual(len(result.invalid_rows), 1)
        self.assertIn("26737/1", str(result.invalid_rows[0].error_dict))


class OtherProvinceTests(ImportScreenTestCase):
    def test_a_city_committee_cannot_create_another_provinces_election(self):
        from .factories import make_unit, make_user

        hanoi = make_unit(self.election.unit_set, "01", "Thành phố Hà Nội", "province")
        self.client.force_login(make_user("hanoi", "city_committee", admin_unit=hanoi))
        job = self.upload(upload_xlsx())
        job.refresh_from_db()
        self.assertFalse(job.report["ok"])
        self.assertIn("nằm ngoài phạm vi", job.report["errors"][0]["message"])
        self.assertFalse(Election.objects.filter(code="TEST-2021").exists())
