"""Printing and reporting screens: scope, downloads, the background commune job."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse

from electionadmin.printing.models import PrintJob
from electionadmin.voters.changes import Paper, issue_certificate
from electionadmin.voters.models import VoterChange, VoterEntry
from importers.voters import import_voters

from .factories import SmallElectionMixin, make_user
from .test_voters_import import DATA
from .test_voters_print import pdf_text
from .test_voters_report import at

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class PrintViewTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with at(2026, 2, 1, 8):
            import_voters(DATA / "ok.csv", cls.election)

    def test_a_commune_prints_its_areas_only(self, tmp=None):
        self.client.force_login(self.ward_a_user)
        response = self.client.get(f"/cu-tri/khu-vuc/{self.a1.pk}/the-cu-tri.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        response = self.client.get(f"/cu-tri/khu-vuc/{self.b1.pk}/the-cu-tri.pdf")
        self.assertEqual(response.status_code, 404)
        response = self.client.get(f"/cu-tri/khu-vuc/{self.b1.pk}/danh-sach.pdf")
        self.assertEqual(response.status_code, 404)

    def test_a_list_downloads(self):
        self.client.force_login(self.ward_a_user)
        response = self.client.get(f"/cu-tri/khu-vuc/{self.a1.pk}/danh-sach.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))

    @override_settings(TASKS=IMMEDIATE)
    def test_a_whole_commune_prints_as_a_background_job(self):
        import io
        import zipfile

        self.client.force_login(self.ward_a_user)
        url = f"/cu-tri/bau-cu/{self.election.pk}/don-vi/{self.ward_a.pk}/in/"
        response = self.client.post(url, {"form": "VOTER_CARD"})
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Đã in xong 2 khu vực bỏ phiếu")
        zipped = self.client.get(response["Location"] + "tai-ve/")
        archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
        self.assertEqual(len(archive.namelist()), 1)
        refused = self.client.post(
            f"/cu-tri/bau-cu/{self.election.pk}/don-vi/{self.ward_b.pk}/in/"
        )
        self.assertEqual(refused.status_code, 404)

    def test_the_commune_print_link_opens_the_choice_of_documents(self):
        self.client.force_login(self.ward_a_user)
        url = f"/cu-tri/bau-cu/{self.election.pk}/don-vi/{self.ward_a.pk}/in/"
        page = self.client.get(url)
        self.assertContains(page, "In thẻ cử tri")
        self.assertContains(page, "In danh sách cử tri")
        self.assertFalse(PrintJob.objects.exists())  # a look starts nothing
        other = f"/cu-tri/bau-cu/{self.election.pk}/don-vi/{self.ward_b.pk}/in/"
        self.assertEqual(self.client.get(other).status_code, 404)

    def test_the_area_page_and_the_area_rows_carry_print_buttons(self):
        self.client.force_login(self.ward_a_user)
        area_page = reverse("admin:setup_votingarea_change", args=[self.a1.pk])
        page = self.client.get(area_page)
        self.assertContains(page, f'href="/cu-tri/khu-vuc/{self.a1.pk}/the-cu-tri.pdf"')
        self.assertContains(page, f'href="/cu-tri/khu-vuc/{self.a1.pk}/danh-sach.pdf"')
        commune = f"/cu-tri/bau-cu/{self.election.pk}/don-vi/{self.ward_a.pk}/in/"
        self.assertContains(page, f'href="{commune}" id="commune-print-link"')
        self.assertContains(page, 'id="area-print"')
        self.assertContains(page, "Cả Phường Tân Định (chạy nền)")
        rows = self.client.get(reverse("admin:setup_votingarea_changelist"))
        self.assertContains(rows, f"/cu-tri/khu-vuc/{self.a2.pk}/danh-sach.pdf")
        self.assertNotContains(rows, f"/cu-tri/khu-vuc/{self.b1.pk}/")
        foreign = reverse("admin:setup_votingarea_change", args=[self.b1.pk])
        self.assertNotEqual(self.client.get(foreign).status_code, 200)

    @override_settings(TASKS=IMMEDIATE)
    def test_several_areas_chosen_in_the_list_print_in_the_background(self):
        self.client.force_login(self.ward_a_user)
        changelist = reverse("admin:setup_votingarea_changelist")
        chosen = {"action": "print_area_lists", "_selected_action": [self.a1.pk]}
        one = self.client.post(changelist, chosen)
        self.assertEqual(one["Content-Type"], "application/pdf")  # one: at once
        chosen["_selected_action"] = [self.a1.pk, self.a2.pk]
        response = self.client.post(changelist, chosen)
        self.assertEqual(response.status_code, 302)
        job = PrintJob.objects.get()
        self.assertEqual(sorted(job.area_ids), sorted([self.a1.pk, self.a2.pk]))
        page = self.client.get(response["Location"])
        self.assertContains(page, "Đã in xong 2 khu vực bỏ phiếu của 1 xã/phường")
        chosen["_selected_action"] = [self.b1.pk, self.b2.pk]  # another ward's
        self.client.post(changelist, chosen)
        self.assertEqual(PrintJob.objects.count(), 1)

    def test_the_viewer_sees_the_area_but_no_print_button(self):
        viewer = make_user("xem", "viewer", admin_unit=self.city)
        self.client.force_login(viewer)
        area_page = reverse("admin:setup_votingarea_change", args=[self.a1.pk])
        page = self.client.get(area_page)
        self.assertContains(page, "KVBP số 1 - Phường Tân Định")
        self.assertNotContains(page, 'id="area-cards-link"')
        self.assertNotContains(page, 'id="commune-print-link"')
        rows = self.client.get(reverse("admin:setup_votingarea_changelist"))
        self.assertNotContains(rows, "area-cards-link")

    def test_the_report_screen_and_exports(self):
        self.client.force_login(self.city_user)
        query = f"?election={self.election.pk}&level=commune"
        response = self.client.get("/cu-tri/bien-dong/" + query)
        self.assertContains(response, "Phường Sài Gòn")
        self.assertContains(response, "Số cử tri hiện nay")
        xlsx = self.client.get("/cu-tri/bien-dong/" + query + "&format=xlsx")
        self.assertEqual(xlsx.status_code, 200)
        pdf = self.client.get("/cu-tri/bien-dong/" + query + "&format=pdf")
        self.assertIn("BÁO CÁO BIẾN ĐỘNG CỬ TRI", pdf_text(pdf.content, self._tmp()))

    def test_the_certificate(self):
        entry = VoterEntry.objects.get(citizen_id="079192000006")
        with at(2026, 3, 1, 9):
            issue_certificate(entry, Paper("other"))
        change = VoterChange.objects.get(kind="certificate_issued")
        self.client.force_login(self.ward_a_user)
        response = self.client.get(f"/cu-tri/giay-chung-nhan/{change.pk}.pdf")
        text = pdf_text(response.content, self._tmp())
        self.assertIn("Võ Thị Giang", text)
        self.assertIn("079192000006", text)
        self.client.force_login(self.ward_b_user)
        response = self.client.get(f"/cu-tri/giay-chung-nhan/{change.pk}.pdf")
        self.assertEqual(response.status_code, 404)

    @override_settings(TASKS=IMMEDIATE)
    def test_a_communes_certificates_print_in_the_background(self):
        import io
        import zipfile

        entry = VoterEntry.objects.get(citizen_id="079192000006")
        with at(2026, 3, 1, 9):
            issue_certificate(entry, Paper("other"))
        self.client.force_login(self.ward_a_user)
        url = f"/cu-tri/bau-cu/{self.election.pk}/don-vi/{self.ward_a.pk}/in/"
        self.assertContains(self.client.get(url), "In giấy chứng nhận đã cấp")
        response = self.client.post(url, {"form": "VOTE_ELSEWHERE_CERT"})
        zipped = self.client.get(response["Location"] + "tai-ve/")
        archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
        (name,) = archive.namelist()
        self.assertIn("giay-chung-nhan", name)
        text = pdf_text(archive.read(name), self._tmp())
        self.assertIn("Võ Thị Giang", text)
        self.assertIn("GIẤY CHỨNG NHẬN", text.upper())

    def _tmp(self):
        import tempfile
        from pathlib import Path

        return Path(tempfile.mkdtemp())


__all__ = ["datetime"]
