"""The voter-list import screen: upload -> preview -> confirm -> result, as a task,
within the uploader's rights and jurisdiction."""

import io
import shutil
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape

from electionadmin.access.roles import GROUP_NAMES
from electionadmin.audit.models import AuditEntry
from electionadmin.voters.models import VoterEntry
from importers.models import ImportJob
from importers.problems import SHOWN

from .factories import SmallElectionMixin, make_area, make_election, make_user

DATA = Path(__file__).parent / "data" / "voters"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HEADER = (
    "citizen_id,full_name,birth_date,gender,residence,commune_code,area_number,"
    "household\n"
)
WARD_A = HEADER + (
    "079080000001,Nguyễn Văn An,1980-05-12,Nam,permanent,26734,1,HK1\n"
    "079185000002,Trần Thị Bình,15/03/1985,Nữ,Thường trú,26734,1,HK1\n"
    "079056000003,Lê Văn Cường,1956,Nam,permanent,26734,1,HK2\n"
    "079192000006,Võ Thị Giang,1992-07-30,Nữ,permanent,26734,2,HK5\n"
)
WARD_B_ROW = "079090000005,Hoàng Văn Em,1990-01-01,Nam,permanent,26737,1,HK9\n"


def csv_file(text: str, name: str = "cu-tri.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


class VoterImportScreenTestCase(SmallElectionMixin, TestCase):
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
        self.client.force_login(self.ward_a_user)

    def upload(self, file, election=None) -> ImportJob:
        data = {"election": (election or self.election).pk, "file": file}
        response = self.client.post(reverse("importers:voters"), data)
        job = ImportJob.objects.latest("pk")
        self.assertRedirects(response, reverse("importers:job", args=[job.pk]))
        job.refresh_from_db()
        return job

    def confirm(self, job: ImportJob) -> ImportJob:
        response = self.client.post(reverse("importers:job_confirm", args=[job.pk]))
        self.assertRedirects(response, reverse("importers:job", args=[job.pk]))
        job.refresh_from_db()
        return job

    def job_page(self, job: ImportJob):
        return self.client.get(reverse("importers:job", args=[job.pk]))

    def counts(self, page) -> dict[str, int]:
        return dict(page.context["counts"])


class VoterImportScreenTests(VoterImportScreenTestCase):
    def test_the_screen_offers_the_election_the_file_and_the_blank_template(self):
        page = self.client.get(reverse("importers:voters"))
        self.assertContains(page, "Nhập danh sách cử tri")
        self.assertContains(page, "1.024 MB")  # the limit, from the settings
        choices = list(page.context["form"].fields["election"].queryset)
        self.assertEqual(choices, [self.election])
        template = self.client.get(reverse("importers:voters_template"))
        book = openpyxl.load_workbook(io.BytesIO(template.content))
        headers = [cell.value for cell in book["voters"][1]]
        self.assertEqual(
            headers[:3], ["Số định danh cá nhân", "Họ và tên", "Ngày tháng năm sinh"]
        )
        self.assertIn("Khu vực bỏ phiếu số", headers)

    def test_a_clean_list_is_previewed_then_imported_on_confirmation(self):
        job = self.upload(csv_file(WARD_A))
        self.assertEqual(
            (job.kind, job.mode, job.status), ("voters", "preview", "done")
        )
        self.assertEqual(job.election, self.election)
        self.assertFalse(VoterEntry.objects.exists())

        preview = self.job_page(job)
        self.assertEqual(
            self.counts(preview),
            {"Thêm mới": 4, "Cập nhật": 0, "Không đổi": 0, "Từ chối": 0},
        )
        self.assertContains(preview, "Xác nhận nhập")
        self.assertNotContains(preview, "voter-list-link")

        job = self.confirm(job)
        self.assertEqual((job.mode, job.status), ("import", "done"))
        self.assertTrue(job.report["written"])
        self.assertEqual(job.report["counts"]["voters"]["added"], 4)
        self.assertEqual(
            list(
                VoterEntry.objects.filter(voting_area=self.a1)
                .in_list_order()
                .values_list("full_name", "list_number")
            ),
            [("Nguyễn Văn An", 1), ("Trần Thị Bình", 2), ("Lê Văn Cường", 3)],
        )
        entry = AuditEntry.objects.get(action="import")
        self.assertEqual(entry.user, self.ward_a_user)
        self.assertFalse(job.file)  # the uploaded list is not kept once imported

        result = self.job_page(job)
        self.assertContains(result, "Đã nhập xong")
        self.assertContains(
            result,
            reverse("admin:voters_voterentry_changelist")
            + f"?election__id__exact={self.election.pk}",
        )
        self.assertContains(result, reverse("voters:area_cards", args=[self.a1.pk]))
        self.assertContains(result, reverse("voters:area_cards", args=[self.a2.pk]))
        voter_list = self.client.get(result.context["voter_list_url"])
        self.assertContains(voter_list, "Nguyễn Văn An")

    def test_importing_the_same_list_again_changes_nothing(self):
        self.confirm(self.upload(csv_file(WARD_A)))
        again = self.upload(csv_file(WARD_A))
        self.assertEqual(
            self.counts(self.job_page(again)),
            {"Thêm mới": 0, "Cập nhật": 0, "Không đổi": 4, "Từ chối": 0},
        )
        again = self.confirm(again)
        self.assertEqual(again.report["counts"]["voters"]["unchanged"], 4)
        self.assertEqual(VoterEntry.objects.count(), 4)
        self.assertContains(self.job_page(again), "Đã nhập xong")

    def test_a_changed_name_is_counted_as_an_update(self):
        self.confirm(self.upload(csv_file(WARD_A)))
        changed = WARD_A.replace("Lê Văn Cường", "Lê Văn Cương")
        job = self.confirm(self.upload(csv_file(changed)))
        counts = job.report["counts"]["voters"]
        self.assertEqual((counts["updated"], counts["unchanged"]), (1, 3))
        self.assertTrue(VoterEntry.objects.filter(full_name="Lê Văn Cương").exists())

    def test_a_bad_file_lists_every_problem_by_row_and_column_and_writes_nothing(self):
        upload = SimpleUploadedFile("loi.csv", (DATA / "many_errors.csv").read_bytes())
        job = self.upload(upload)
        self.assertFalse(job.report["ok"])
        page = self.job_page(job)
        self.assertNotContains(page, "Xác nhận nhập")
        self.assertEqual(self.counts(page)["Từ chối"], 5)
        found = {(p["row"], p["column"]) for p in page.context["errors"]}
        expected = {
            (3, "birth_date"),
            (4, "birth_date"),
            (5, "citizen_id"),
            (6, "area_number"),
            (7, "gender"),
        }
        self.assertEqual(found, expected)
        self.assertContains(page, "Ngày tháng năm sinh (birth_date)")
        self.assertContains(page, "Khu vực bỏ phiếu số (area_number)")
        errors = page.context["errors"]
        self.assertEqual([e["row"] for e in errors], [3, 4, 5, 6, 7])  # in row order
        for error in errors:
            self.assertContains(page, escape(error["message"]))
        self.assertFalse(job.file)  # a refused file is not kept

        download = self.client.get(reverse("importers:job_problems", args=[job.pk]))
        self.assertEqual(download.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        rows = list(book.active.iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            [(r[0], r[1], r[2], r[3]) for r in rows][3],
            ("Lỗi", "Danh sách cử tri", 6, "Khu vực bỏ phiếu số (area_number)"),
        )
        self.assertEqual(len(rows), 5)

        self.client.post(reverse("importers:job_confirm", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.mode, "preview")
        self.assertFalse(VoterEntry.objects.exists())

    def test_the_page_shows_the_first_problems_and_the_download_has_them_all(self):
        rows = "".join(
            f"0790800{n:05d},Người Thứ {n},1980-01-01,X,permanent,26734,1,\n"
            for n in range(SHOWN + 20)
        )
        job = self.upload(csv_file(HEADER + rows))
        page = self.job_page(job)
        self.assertEqual(len(page.context["errors"]), SHOWN)
        self.assertEqual(page.context["error_total"], SHOWN + 20)
        self.assertContains(page, f"hiển thị {SHOWN} đầu tiên")
        download = self.client.get(reverse("importers:job_problems", args=[job.pk]))
        book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        self.assertEqual(book.active.max_row, 1 + SHOWN + 20)

    def test_warnings_do_not_block_and_the_problem_workbook_follows_the_last_run(self):
        from importers.tasks import keep_problems

        text = WARD_A.replace("household\n", "household,Tổ dân phố\n", 1)
        job = self.upload(csv_file(text))
        self.assertTrue(job.can_confirm)
        warnings = self.job_page(job).context["warnings"]
        self.assertEqual(
            [(w["row"], w["column"]) for w in warnings], [(1, "Tổ dân phố")]
        )
        job = self.confirm(job)
        self.assertTrue(job.report["written"])
        self.assertTrue(job.problems_file)
        url = reverse("importers:job_problems", args=[job.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        keep_problems(job, {"errors": [], "warnings": []})
        job.refresh_from_db()
        self.assertFalse(job.problems_file)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_xlsx_made_from_the_blank_template_imports(self):
        template = self.client.get(reverse("importers:voters_template"))
        book = openpyxl.load_workbook(io.BytesIO(template.content))
        sheet = book["voters"]
        header = [cell.value for cell in sheet[1]]
        row = dict.fromkeys(header)
        row |= {
            "Số định danh cá nhân": "079080000001",
            "Họ và tên": unicodedata.normalize("NFD", "Nguyễn Văn An"),
            "Ngày tháng năm sinh": "12/05/1980",
            "Giới tính": "Nam",
            "Diện cư trú": "Thường trú",
            "Mã xã/phường": "26734",
            "Khu vực bỏ phiếu số": 1,
        }
        sheet.append([row[h] for h in header])
        buffer = io.BytesIO()
        book.save(buffer)
        job = self.upload(SimpleUploadedFile("mau.xlsx", buffer.getvalue()))
        self.assertTrue(job.report["ok"], job.report["errors"])
        self.confirm(job)
        self.assertEqual(VoterEntry.objects.get().full_name, "Nguyễn Văn An")  # NFC

    def test_a_file_of_another_kind_or_too_large_is_refused_at_upload(self):
        bad = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4")
        data = {"election": self.election.pk, "file": bad}
        response = self.client.post(reverse("importers:voters"), data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["file"])
        with override_settings(VOTER_IMPORT_MAX_MB=0):
            data["file"] = csv_file(WARD_A)
            response = self.client.post(reverse("importers:voters"), data)
            self.assertContains(response, "Tệp lớn hơn 0 MB")
        self.assertFalse(ImportJob.objects.exists())

    def test_the_voter_list_and_the_admin_index_link_to_the_screen(self):
        url = reverse("importers:voters")
        for page in ("/django-admin/", reverse("admin:voters_voterentry_changelist")):
            self.assertContains(self.client.get(page), url)
        self.client.force_login(self.city_user)  # sees voters, may not import them
        for page in ("/django-admin/", reverse("admin:voters_voterentry_changelist")):
            self.assertNotContains(self.client.get(page), url)


class VoterImportScopeTests(VoterImportScreenTestCase):
    def test_a_ward_may_not_import_voters_of_another_ward(self):
        job = self.upload(csv_file(WARD_A + WARD_B_ROW))
        self.assertFalse(job.report["ok"])
        errors = self.job_page(job).context["errors"]
        self.assertEqual(
            [(e["row"], e["column"]) for e in errors], [(6, "commune_code")]
        )
        self.assertIn("ngoài phạm vi", errors[0]["message"])
        self.assertEqual(errors[0]["column_label"], "Mã xã/phường (commune_code)")
        self.assertFalse(VoterEntry.objects.exists())

    def test_the_importer_rejects_an_area_outside_the_given_ones_at_its_cell(self):
        from importers.voters import import_voters

        path = Path(self.media) / "a.csv"
        path.write_text(WARD_A, encoding="utf-8")
        report = import_voters(path, self.election, areas=[self.a1.pk])
        self.assertEqual(
            [(p.row, p.column) for p in report.errors], [(5, "area_number")]
        )
        self.assertEqual(report.counts["voters"]["rejected"], 1)
        self.assertFalse(VoterEntry.objects.exists())
        report = import_voters(path, self.election, areas=[self.a1.pk, self.a2.pk])
        self.assertTrue(report.written)

    def test_the_superuser_imports_every_ward(self):
        from django.contrib.auth import get_user_model

        root = get_user_model().objects.create_superuser("quantri")
        self.client.force_login(root)
        job = self.confirm(self.upload(csv_file(WARD_A + WARD_B_ROW)))
        self.assertTrue(job.report["written"])
        self.assertEqual(VoterEntry.objects.filter(commune=self.ward_b).count(), 1)

    def test_the_jurisdiction_is_checked_again_on_confirmation(self):
        job = self.upload(csv_file(WARD_A))
        self.assertTrue(job.can_confirm)
        profile = self.ward_a_user.profile
        profile.admin_unit = self.ward_b  # moved to another ward meanwhile
        profile.save()
        job = self.confirm(job)
        self.assertFalse(job.report["ok"])
        self.assertEqual(len(job.report["errors"]), 4)
        self.assertFalse(VoterEntry.objects.exists())

    def test_an_election_without_areas_of_the_ward_cannot_be_chosen(self):
        other = make_election("KHAC-2026")
        make_area(other, self.ward_b, 1)
        page = self.client.get(reverse("importers:voters"))
        self.assertNotIn(other, page.context["form"].fields["election"].queryset)
        data = {"election": other.pk, "file": csv_file(WARD_A)}
        response = self.client.post(reverse("importers:voters"), data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["election"])
        self.assertFalse(ImportJob.objects.exists())


class VoterImportAccessTests(VoterImportScreenTestCase):
    def test_roles_without_the_right_to_make_lists_get_403(self):
        district = make_user("quan", "district_committee", admin_unit=self.city)
        for user in (self.city_user, district, self.board_user, self.team_user):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                url = reverse("importers:voters")
                self.assertEqual(self.client.get(url).status_code, 403)
                data = {"election": self.election.pk, "file": csv_file(WARD_A)}
                self.assertEqual(self.client.post(url, data).status_code, 403)
                url = reverse("importers:voters_template")
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_someone_elses_job_is_not_found(self):
        self.client.force_login(self.ward_b_user)
        theirs = self.upload(csv_file(HEADER + WARD_B_ROW))
        self.client.force_login(self.ward_a_user)
        for name in ("job", "job_status", "job_problems"):
            url = reverse(f"importers:{name}", args=[theirs.pk])
            self.assertEqual(self.client.get(url).status_code, 404, name)
        confirm = reverse("importers:job_confirm", args=[theirs.pk])
        self.assertEqual(self.client.post(confirm).status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.mode, "preview")
        self.assertFalse(VoterEntry.objects.exists())

    def test_a_user_who_lost_the_right_cannot_confirm(self):
        job = self.upload(csv_file(WARD_A))
        group = Group.objects.get(name=GROUP_NAMES["commune_committee"])
        self.ward_a_user.groups.remove(group)
        response = self.client.post(reverse("importers:job_confirm", args=[job.pk]))
        self.assertEqual(response.status_code, 403)
        job.refresh_from_db()
        self.assertEqual(job.mode, "preview")
        self.assertFalse(VoterEntry.objects.exists())

    def test_a_ward_cannot_open_election_workbook_jobs(self):
        job = ImportJob.objects.create(kind="election", user=self.ward_a_user)
        url = reverse("importers:job", args=[job.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("importers:election")).status_code, 403
        )


class VoterImportEmptyAndNamedTests(VoterImportScreenTestCase):
    """Acceptance review: a file with no voter is refused, and messages name the
    file as the user uploaded it."""

    def test_a_file_with_only_blank_rows_is_not_called_valid(self):
        job = self.upload(csv_file(HEADER + ",,,,,,,\n" * 3))
        self.assertFalse(job.report["ok"])
        texts = [e["text"] for e in job.report["errors"]]
        self.assertTrue(any("Tệp chưa có cử tri nào" in t for t in texts), texts)
        self.assertNotContains(self.job_page(job), "Tệp hợp lệ")

    def test_a_utf16_file_is_named_as_uploaded(self):
        upload = SimpleUploadedFile("cu-tri-phuong.csv", WARD_A.encode("utf-16"))
        job = self.upload(upload)
        self.assertFalse(job.report["ok"])
        text = " ".join(e["text"] for e in job.report["errors"])
        self.assertIn("cu-tri-phuong.csv", text)
        self.assertIn("UTF-16", text)
