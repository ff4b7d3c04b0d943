"""The voter screens officials use (issue #12, item 6): the list filtered by voting
area within the jurisdiction, the removal form with no reason chosen in advance, the
deadlines said before a form is filled, the change report opening on the user's own
jurisdiction with its issuing body and signatures, typed names in title case."""

import unicodedata

from django.test import TestCase
from django.urls import reverse

from electionadmin.text import person_name
from electionadmin.voters.models import VoterChange, VoterEntry

from .admin_helpers import admin_url
from .test_documents_base import pdf_text
from .test_voters_change_screens import ScreenMixin
from .test_voters_changes import AFTER_CUTOFF, BEFORE_CUTOFF, at

LIST = admin_url(VoterEntry, "changelist")
AREA = "voting_area__id__exact"


def names(page) -> set[str]:
    return {e.full_name for e in page.context["cl"].result_list}


def filter_choices(page, title: str) -> list[str]:
    """The labels a filter of the list offers (its "all" link left out)."""
    for spec in page.context["cl"].filter_specs:
        if spec.title == title:
            return [label for _, label in spec.lookup_choices]
    return []


class AreaFilterTests(ScreenMixin, TestCase):
    def test_a_ward_filters_its_list_by_voting_area(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(LIST)
        choices = filter_choices(page, "khu vực bỏ phiếu")
        self.assertEqual(
            choices,
            [
                "Số 1, Phường Tân Định - Trường Tiểu học A",
                "Số 2, Phường Tân Định",
            ],
        )
        self.assertEqual(filter_choices(page, "xã/phường"), [])  # one commune
        page = self.client.get(LIST, {AREA: self.a2.pk})
        self.assertEqual(names(page), {"Võ Thị Giang"})

    def test_a_ward_sees_no_other_wards_voters_through_the_filter(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(LIST, {AREA: self.b1.pk})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(names(page), set())
        self.assertNotContains(page, "Hoàng Văn Em")
        self.assertNotIn("Phường Sài Gòn", " ".join(filter_choices(page, "khu vực")))
        page = self.client.get(LIST, {"commune__id__exact": self.ward_b.pk})
        self.assertNotIn("Hoàng Văn Em", names(page))  # its own list, not B's

    def test_a_city_narrows_by_commune_then_area(self):
        self.client.force_login(self.city_user)
        page = self.client.get(LIST)
        self.assertEqual(
            filter_choices(page, "xã/phường"), ["Phường Tân Định", "Phường Sài Gòn"]
        )
        page = self.client.get(LIST, {"commune__id__exact": self.ward_b.pk})
        self.assertEqual(names(page), {"Hoàng Văn Em"})
        self.assertEqual(
            filter_choices(page, "khu vực bỏ phiếu"),
            ["Số 1, Phường Sài Gòn", "Số 2, Phường Sài Gòn"],
        )


class RemovalFormTests(ScreenMixin, TestCase):
    def test_no_removal_reason_is_chosen_in_advance(self):
        self.client.force_login(self.ward_a_user)
        with at(BEFORE_CUTOFF):
            page = self.client.get(self.url("entry_remove", self.an))
        field = page.context["form"]["reason"]
        self.assertIn(field.value(), (None, ""))
        self.assertContains(page, '<option value="" selected>— Chọn lý do xóa tên —')
        refused = self.post(
            self.ward_a_user, self.url("entry_remove", self.an), {"confirmed": "1"}
        )
        self.assertContains(refused, "Hãy chọn lý do xóa tên.")
        self.assertEqual(self.written(), (0, 0))


class DeadlineTests(ScreenMixin, TestCase):
    def test_the_deadlines_are_said_before_the_form_is_filled(self):
        self.client.force_login(self.ward_a_user)
        with at(BEFORE_CUTOFF):
            page = self.client.get(self.url("entry_remove", self.an))
        self.assertContains(page, "Thời hạn (đọc trước khi ghi)")
        self.assertContains(page, "Ngày bỏ phiếu ở khu vực này: 15/03/2026")
        self.assertContains(page, "niêm yết từ ngày 03/02/2026 (40 ngày trước")
        self.assertContains(
            page, "Chuyển đi, lý do khác: ghi nhận được đến trước 07:00 ngày 14/03/2026"
        )
        self.assertContains(page, "Chết, bị tước quyền bầu cử, ghi trùng")
        self.assertNotContains(page, "đã hết hạn")
        with at(AFTER_CUTOFF):
            page = self.client.get(self.url("area_add", self.a1))
        self.assertContains(page, "24 giờ trước khi bắt đầu bỏ phiếu) — đã hết hạn.")
        self.assertContains(page, "Được khôi phục quyền bầu cử: ghi nhận được đến")


class ChangeReportTests(ScreenMixin, TestCase):
    URL = reverse("voters:change_report")

    def test_the_report_opens_on_the_users_own_jurisdiction(self):
        self.client.force_login(self.ward_a_user)
        form = self.client.get(self.URL).context["form"]
        self.assertEqual(form["unit"].value(), self.ward_a.pk)
        self.assertEqual(form["level"].value(), "area")
        self.assertEqual(form["election"].value(), self.election.pk)
        self.client.force_login(self.city_user)
        form = self.client.get(self.URL).context["form"]
        self.assertIn(form["unit"].value(), (None, ""))
        self.assertEqual(form["level"].value(), "commune")

    def test_the_pdf_names_its_issuing_body_and_has_signatures(self):
        self.client.force_login(self.ward_a_user)
        query = {"election": self.election.pk, "level": "area", "unit": self.ward_a.pk}
        page = self.client.get(self.URL, query)
        self.assertContains(page, "Đơn vị báo cáo: <b>Ủy ban nhân dân Phường Tân Định")
        self.assertNotContains(page, "Sài Gòn")
        pdf = self.client.get(self.URL, query | {"format": "pdf"})
        text = pdf_text(pdf.content)
        for words in (
            "ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH",
            "BÁO CÁO BIẾN ĐỘNG CỬ TRI",
            "NGƯỜI LẬP BIỂU",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Phường Tân Định, ngày",
        ):
            self.assertIn(words, text)
        self.assertNotIn("Sài Gòn", text)

    def test_another_wards_unit_is_refused(self):
        self.client.force_login(self.ward_a_user)
        query = {"election": self.election.pk, "level": "area", "unit": self.ward_b.pk}
        page = self.client.get(self.URL, query)
        self.assertNotContains(page, "Phường Sài Gòn")
        self.assertNotIn("table", page.context)


class TypedNameTests(ScreenMixin, TestCase):
    def test_a_typed_name_is_saved_in_title_case_and_nfc(self):
        data = {
            "citizen_id": "001308000099",
            "full_name": unicodedata.normalize("NFD", "  nguyễn   văn an "),
            "birth": "03/2000",
            "gender": "M",
            "residence": "permanent",
            "reason": "moved_in",
        }
        self.post(self.ward_a_user, self.url("area_add", self.a1), data)
        entry = VoterEntry.objects.get(citizen_id="001308000099")
        self.assertEqual(entry.full_name, "Nguyễn Văn An")
        self.assertTrue(unicodedata.is_normalized("NFC", entry.full_name))
        self.assertEqual(VoterChange.objects.get().kind, "add")

    def test_title_case_keeps_a_word_typed_in_mixed_case(self):
        self.assertEqual(person_name("NGUYỄN THỊ mai"), "Nguyễn Thị Mai")
        self.assertEqual(person_name("lê (mai anh)"), "Lê (Mai Anh)")
        self.assertEqual(person_name("McKay smith"), "McKay Smith")
