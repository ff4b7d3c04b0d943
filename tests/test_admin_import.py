"""The workbook import screen: upload -> preview -> confirm -> result, as a task."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from tablib import Dataset

from electionadmin.access.scope import OUTSIDE_JURISDICTION
from electionadmin.audit.models import AuditEntry
from electionadmin.cells import FORMULA_PLACE
from electionadmin.setup.models import (
    BodyMember,
    Candidate,
    Election,
    ElectoralUnitArea,
    VotingArea,
)
from importers import resources
from importers.election import import_election
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
        # Every problem in a workbook to download: kind, sheet, row, column, message.
        url = reverse("importers:job_problems", args=[job.pk])
        self.assertContains(page, f'id="problems-download" href="{url}"')
        download = self.client.get(url)
        self.assertIn("loi-thiet-lap", download["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Loại", "Trang tính", "Dòng", "Cột", "Nội dung"))
        problems = job.report["errors"] + job.report["warnings"]
        self.assertEqual(len(rows), 1 + len(problems))
        first = job.report["errors"][0]
        self.assertEqual(rows[1][2], first["row"])
        self.assertEqual(rows[1][4], first["message"])
        self.assertNotIn(rows[1][1], ("", None, first["sheet"]))  # in Vietnamese
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


class CoveredMixin(SmallElectionMixin):
    """The small election with each unit's `covers` written, as a workbook has it:
    the QH unit the city, the ward A council's unit ward A."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.qh_unit.covers_units.set([cls.city])
        cls.hdnd_a_unit.covers_units.set([cls.ward_a])


class PerModelImportTests(CoveredMixin, TestCase):
    """The admin's own import preview for one sheet, within the user's jurisdiction."""

    def preview(self, user, text: str, model: str = "votingarea"):
        self.client.force_login(user)
        upload = SimpleUploadedFile("khu-vuc.csv", text.encode("utf-8-sig"))
        data = {"import_file": upload, "format": "1", "resource": "0"}
        response = self.client.post(reverse(f"admin:setup_{model}_import"), data)
        self.assertEqual(response.status_code, 200)
        self.response = response
        return response.context["result"]

    def confirm(self, model: str = "votingarea"):
        form = self.response.context["confirm_form"]
        data = {name: form[name].value() for name in form.fields}
        confirm = reverse(f"admin:setup_{model}_process_import")
        self.assertEqual(self.client.post(confirm, data).status_code, 302)

    def test_the_preview_shows_new_update_and_skip(self):
        csv_text = (
            "Mã cuộc bầu cử,Mã xã/phường,Khu vực bỏ phiếu số,Địa điểm bỏ phiếu\n"
            "TEST-2026,26734,1,Trường Tiểu học A\n"
            "TEST-2026,26734,2,Nhà văn hóa khu phố 2\n"
            "TEST-2026,26734,3,Trường THCS A\n"
        )
        result = self.preview(self.ward_a_user, csv_text)
        kinds = [row.import_type for row in result.rows]
        self.assertEqual(kinds, ["skip", "update", "new"])
        self.assertFalse(result.invalid_rows)
        # The saved areas the sheet leaves out: counted, named only in the ward.
        self.assertContains(self.response, "2 dòng đã lưu không có trong tệp")
        self.assertNotContains(self.response, "26737/1")
        self.assertContains(self.response, "Xác nhận nhập")
        self.assertFalse(VotingArea.objects.filter(number=3).exists())

    def test_a_row_of_another_ward_is_refused_and_nothing_is_written(self):
        csv_text = (
            "Mã cuộc bầu cử,Mã xã/phường,Khu vực bỏ phiếu số,Địa điểm bỏ phiếu\n"
            "TEST-2026,26734,3,Trường THCS A\n"
            "TEST-2026,26737,1,Ghi đè của phường khác\n"
        )
        result = self.preview(self.ward_a_user, csv_text)
        self.assertEqual([row.number for row in result.invalid_rows], [3])
        self.assertIn(OUTSIDE_JURISDICTION, str(result.invalid_rows[0].error_dict))
        self.assertContains(self.response, OUTSIDE_JURISDICTION)
        self.assertNotIn("confirm_form", self.response.context)
        self.assertFalse(VotingArea.objects.filter(number=3).exists())
        self.b1.refresh_from_db()
        self.assertEqual(self.b1.polling_place, "")

    def test_a_confirmed_import_writes_the_rows_and_an_audit_entry(self):
        text = "election,commune_code,area_number\nTEST-2026,26737,3\n"
        self.preview(self.city_user, text)
        self.confirm()
        area = VotingArea.objects.get(commune=self.ward_b, number=3)
        # The one importer also puts the new area in the unit covering the city.
        self.assertIn(area, self.qh_unit.areas.all())
        entry = AuditEntry.objects.get(action="import")
        self.assertEqual(entry.changes["voting_areas"]["added"], 1)
        self.assertEqual(entry.user, self.city_user)
        self.assertIn("khu-vuc.csv", entry.object_repr)

    def test_a_confirmed_sheet_of_unchanged_rows_leaves_no_audit_entry(self):
        text = (
            "Mã cuộc bầu cử,Mã xã/phường,Khu vực bỏ phiếu số,Địa điểm bỏ phiếu\n"
            "TEST-2026,26734,1,Trường Tiểu học A\n"
        )
        result = self.preview(self.ward_a_user, text)
        self.assertEqual([row.import_type for row in result.rows], ["skip"])
        self.confirm()
        self.assertFalse(AuditEntry.objects.filter(action="import").exists())

    def test_a_confirmation_refused_by_what_changed_since_writes_nothing(self):
        text = "election,commune_code,area_number\nTEST-2026,26737,3\n"
        self.preview(self.city_user, text)
        self.qh_unit.covers_units.clear()  # the new area would be in no unit now
        form = self.response.context["confirm_form"]
        data = {name: form[name].value() for name in form.fields}
        confirm = reverse("admin:setup_votingarea_process_import")
        page = self.client.post(confirm, data, follow=True)
        self.assertContains(page, "Không nhập được; chưa ghi gì.")
        self.assertContains(page, "26737/3")
        self.assertFalse(VotingArea.objects.filter(number=3).exists())
        self.assertFalse(AuditEntry.objects.filter(action="import").exists())

    def test_english_keys_are_accepted_as_headers(self):
        csv_text = "election,commune_code,area_number\nTEST-2026,26737,3\n"
        result = self.preview(self.city_user, csv_text)
        self.assertEqual([row.import_type for row in result.rows], ["new"])

    def test_a_second_chair_is_refused_in_vietnamese_at_its_row(self):
        text = (
            "Mã cuộc bầu cử,Tổ chức phụ trách bầu cử,Họ và tên,Chức vụ,Điện thoại\n"
            "TEST-2026,team:26734/1,Võ Thị Hoa,tổ trưởng,903123456\n"
            "TEST-2026,team:26734/1,Trần Văn Mới,chủ tịch,\n"
        )
        result = self.preview(self.city_user, text, "bodymember")
        self.assertEqual([row.number for row in result.invalid_rows], [3])
        self.assertIn(
            "Tổ chức này đã có người đứng đầu ở dòng 2.",
            str(result.invalid_rows[0].error_dict),
        )
        self.assertNotContains(self.response, "bodymember_one_chair_per_body")
        self.assertContains(self.response, "Tổ chức này đã có người đứng đầu ở dòng 2.")

    def test_the_phone_gets_its_leading_zero_back(self):
        text = (
            "election,body,full_name,role,phone\n"
            "TEST-2026,team:26734/1,Võ Thị Hoa,Chủ tịch / Trưởng ban / Tổ trưởng,"
            "903123456\n"
        )
        self.preview(self.city_user, text, "bodymember")
        self.confirm("bodymember")
        member = BodyMember.objects.get(full_name="Võ Thị Hoa")
        self.assertEqual((member.phone, member.role), ("0903123456", "chair"))

    def test_codes_are_read_by_level_and_get_their_zeros_back(self):
        from .factories import make_unit

        unit_set = self.election.unit_set
        ward = make_unit(unit_set, "00760", "Phường Mới", "commune", self.city)
        text = "election,commune_code,area_number\nTEST-2026,760,1\nTEST-2026,7,1\n"
        result = self.preview(self.city_user, text)
        self.assertEqual([row.number for row in result.invalid_rows], [3])
        errors = result.problems["errors"]
        self.assertEqual(
            [(e["row"], e["column"]) for e in errors], [(3, "commune_code")]
        )
        self.preview(self.city_user, text.rsplit("TEST", 1)[0])
        self.confirm()
        self.assertTrue(VotingArea.objects.filter(commune=ward, number=1).exists())

    def test_a_place_like_a_formula_is_a_warning_in_the_preview(self):
        text = (
            "election,commune_code,area_number,polling_place\nTEST-2026,26737,3,=1+2\n"
        )
        result = self.preview(self.city_user, text)
        self.assertEqual([row.import_type for row in result.rows], ["new"])
        warnings = result.problems["warnings"]
        self.assertIn(FORMULA_PLACE, [w["message"] for w in warnings])
        self.assertContains(self.response, FORMULA_PLACE.split(" (")[0])


class SameSheetBothWaysTests(CoveredMixin, TestCase):
    """One sheet through the workbook and through the per-model screen: the same
    records and the same messages."""

    AREAS = [
        ["26734", "2", "", "Nhà văn hóa khu phố 2", "", ""],
        ["26737", "3", "Khu phố 3", "=1+2", "", ""],
        ["26737", "4", "", "", "xyz", ""],
    ]
    AREA_HEADER = "commune_code,area_number,name,polling_place,area_type,voting_date"

    def setUp(self):
        self.root = get_user_model().objects.create_superuser("quantri")
        self.client.force_login(self.root)

    def workbook(self, rows) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        sheets = {
            "election": "code,name,election_date,cycle\n"
            f"TEST-2026,{self.election.name},15/03/2026,2026\n",
            "units": "code,name,level\n",
            "contests": "kind\n",
            "electoral_units": "kind,number,seats,covers\n",
            "voting_areas": f"{self.AREA_HEADER}\n"
            + "".join(",".join(row) + "\n" for row in rows),
            "candidates": "kind,unit_number,full_name,birth_date,gender\n",
        }
        for name, text in sheets.items():
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        return folder

    def screen(self, rows, confirm: bool):
        text = f"election,{self.AREA_HEADER}\n" + "".join(
            "TEST-2026," + ",".join(row) + "\n" for row in rows
        )
        upload = SimpleUploadedFile("khu-vuc.csv", text.encode("utf-8-sig"))
        data = {"import_file": upload, "format": "1", "resource": "0"}
        response = self.client.post(reverse("admin:setup_votingarea_import"), data)
        if confirm:
            form = response.context["confirm_form"]
            data = {name: form[name].value() for name in form.fields}
            url = reverse("admin:setup_votingarea_process_import")
            self.assertEqual(self.client.post(url, data).status_code, 302)
        return response.context["result"].problems

    def records(self):
        areas = VotingArea.objects.order_by("commune__code", "number").values_list(
            "commune__code", "number", "name", "polling_place", "area_type"
        )
        pairs = ElectoralUnitArea.objects.values_list(
            "electoral_unit__number",
            "electoral_unit__contest__kind",
            "voting_area__commune__code",
            "voting_area__number",
        )
        return list(areas), sorted(pairs)

    @staticmethod
    def said(problems) -> list[tuple]:
        return [
            (p["severity"], p["sheet"], p["row"], p["column"], p["message"])
            for p in problems
            if p["sheet"] == "voting_areas"
        ]

    def test_a_bad_sheet_says_the_same_both_ways(self):
        report = import_election(self.workbook(self.AREAS), dry_run=True).as_dict()
        screen = self.screen(self.AREAS, confirm=False)
        self.assertTrue(self.said(report["errors"]))
        self.assertEqual(self.said(report["errors"]), self.said(screen["errors"]))
        self.assertEqual(self.said(report["warnings"]), self.said(screen["warnings"]))

    def test_a_good_sheet_writes_and_says_the_same_both_ways(self):
        rows = self.AREAS[:2]
        before = self.records()
        with transaction.atomic():
            report = import_election(self.workbook(rows), user=self.root).as_dict()
            self.assertTrue(report["written"], report["errors"])
            by_workbook = self.records()
            transaction.set_rollback(True)
        self.assertEqual(self.records(), before)
        screen = self.screen(rows, confirm=True)
        self.assertEqual(self.records(), by_workbook)
        self.assertNotEqual(by_workbook, before)
        self.assertEqual(self.said(report["warnings"]), self.said(screen["warnings"]))
        self.assertIn(FORMULA_PLACE, [p[4] for p in self.said(screen["warnings"])])


class RoundTripTests(CoveredMixin, TestCase):
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
                self.assertFalse(result.has_validation_errors(), result.problems)
                kinds = {row.import_type for row in result.rows}
                self.assertEqual(kinds, {"skip"})

    def test_an_electoral_unit_row_rewrites_the_units_voting_areas(self):
        root = get_user_model().objects.create_superuser("quantri")
        headers = ["election", "kind", "council_unit_code", "number", "seats"]
        dataset = Dataset(headers=[*headers, "covers"])
        dataset.append(["TEST-2026", "HDND_XA", "26734", 1, 1, "26734/1;26734/2"])
        result = resources.ElectoralUnitResource().import_data(dataset, user=root)
        self.assertFalse(result.has_validation_errors(), result.invalid_rows)
        self.assertEqual(set(self.hdnd_a_unit.areas.all()), {self.a1, self.a2})
        self.assertEqual(set(self.hdnd_a_unit.covers_areas.all()), {self.a1, self.a2})
        self.assertFalse(self.hdnd_a_unit.covers_units.exists())

    def test_an_area_left_out_of_every_unit_is_refused(self):
        root = get_user_model().objects.create_superuser("quantri")
        headers = ["election", "kind", "council_unit_code", "number", "seats"]
        dataset = Dataset(headers=[*headers, "covers"])
        dataset.append(["TEST-2026", "HDND_XA", "26734", 1, 1, "26734/1"])
        result = resources.ElectoralUnitResource().import_data(dataset, user=root)
        self.assertTrue(result.invalid_rows)
        self.assertIn("26734/2", str([r.error_dict for r in result.invalid_rows]))
        self.assertEqual(set(self.hdnd_a_unit.areas.all()), {self.a1, self.a2})

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
