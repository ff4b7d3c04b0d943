"""The screens that record changes to the voter list: forms, refusals, scope."""

import datetime
import unicodedata

from django.test import Client, TestCase
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import VotingArea
from electionadmin.voters.changes import Paper, issue_certificate, transfer_voter
from electionadmin.voters.models import AreaListCount, VoterChange, VoterEntry
from importers.voters import import_voters

from .admin_helpers import admin_url
from .factories import SmallElectionMixin, make_user
from .test_documents_base import pdf_text
from .test_voters_changes import AFTER_CUTOFF, BEFORE_CUTOFF, ELECTION_MORNING, VN, at
from .test_voters_import import DATA

POSTED = datetime.datetime(2026, 2, 1, 8, 0, tzinfo=VN)
CERTIFICATE_MORNING = datetime.datetime(2026, 3, 15, 6, 30, tzinfo=VN)


def listed(area) -> int:
    """The list count election day reads (refreshed by every change)."""
    row = AreaListCount.objects.filter(voting_area=area, contest=None).first()
    return row.voters if row else 0


class ScreenMixin(SmallElectionMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with at(POSTED):
            import_voters(DATA / "ok.csv", cls.election)
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)

    def setUp(self):
        self.an = VoterEntry.objects.get(citizen_id="079080000001")  # a1, number 1
        self.giang = VoterEntry.objects.get(citizen_id="079192000006")  # a2
        self.audited = AuditEntry.objects.count()  # the import's entry

    def written(self) -> tuple[int, int]:
        """(changes, audit entries) recorded by the test."""
        return VoterChange.objects.count(), AuditEntry.objects.count() - self.audited

    def url(self, name, obj) -> str:
        return reverse(f"voters:{name}", args=[obj.pk])

    def assert_goes_to(self, response, entry):
        """Redirected to the entry's page (not fetched: the message waits there)."""
        url = admin_url(VoterEntry, "change", entry.pk)
        self.assertRedirects(response, url, fetch_redirect_response=False)

    def post(self, user, url, data, moment=BEFORE_CUTOFF):
        self.client.force_login(user)
        with at(moment):
            return self.client.post(url, data)


class EntryScreenTests(ScreenMixin, TestCase):
    def entry_page(self, user, entry):
        self.client.force_login(user)
        return self.client.get(admin_url(VoterEntry, "change", entry.pk))

    def test_the_entry_page_offers_the_change_screens_to_its_commune(self):
        page = self.entry_page(self.ward_a_user, self.an)
        for name in ("entry_remove", "entry_transfer", "entry_certificate"):
            self.assertContains(page, self.url(name, self.an))
        self.assertContains(page, "Cấp giấy chứng nhận đi bỏ phiếu nơi khác")
        for user in (self.city_user, self.team_user):
            page = self.entry_page(user, self.an)
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, self.url("entry_remove", self.an))

    def test_a_removal_is_confirmed_before_it_is_recorded(self):
        before = listed(self.a1)
        data = {"reason": "died", "document": "Trích lục khai tử 12/2026"}
        url = self.url("entry_remove", self.an)
        page = self.post(self.ward_a_user, url, data)
        self.assertContains(page, "Xác nhận xóa tên")
        self.assertEqual(self.written(), (0, 0))
        done = self.post(self.ward_a_user, url, data | {"confirmed": "1"})
        self.assert_goes_to(done, self.an)
        self.an.refresh_from_db()
        self.assertEqual((self.an.status, self.an.removal_reason), ("removed", "died"))
        change = VoterChange.objects.get()
        self.assertEqual((change.kind, change.old_entry), ("remove", self.an))
        self.assertEqual(change.document, "Trích lục khai tử 12/2026")
        self.assertEqual(change.user, self.ward_a_user)
        self.assertEqual(AuditEntry.objects.filter(reason="Chết").count(), 1)
        self.assertEqual(listed(self.a1), before - 1)
        page = self.client.get(done["Location"])
        self.assertContains(page, "Đã xóa tên cử tri Nguyễn Văn An (số thứ tự 1)")
        self.assertNotContains(page, self.url("entry_remove", self.an))

    def test_a_removal_past_its_deadline_is_refused_on_the_form(self):
        data = {"reason": "moved_away", "confirmed": "1"}
        url = self.url("entry_remove", self.an)
        page = self.post(self.ward_a_user, url, data, moment=AFTER_CUTOFF)
        self.assertContains(page, "Đã hết thời hạn xóa tên khỏi danh sách")
        self.assertContains(page, "07:00 ngày 14/03/2026")
        self.assertEqual(self.written(), (0, 0))
        self.assertTrue(VoterEntry.objects.get(pk=self.an.pk).is_active)

    def test_a_transfer_moves_the_voter_and_both_counts(self):
        a1, a2 = listed(self.a1), listed(self.a2)
        data = {"to_area": self.a2.pk, "reason": "permanent_move", "residence": ""}
        response = self.post(
            self.ward_a_user, self.url("entry_transfer", self.an), data
        )
        new = VoterEntry.objects.get(voting_area=self.a2, citizen_id=self.an.citizen_id)
        self.assert_goes_to(response, new)
        self.assertEqual((new.list_number, new.residence), (2, "permanent"))
        self.assertEqual(
            VoterEntry.objects.get(pk=self.an.pk).status, "transferred_out"
        )
        self.assertEqual((listed(self.a1), listed(self.a2)), (a1 - 1, a2 + 1))
        self.assertEqual(self.written(), (1, 2))
        page = self.client.get(response["Location"])
        self.assertContains(page, "sang khu vực bỏ phiếu 26734/2, số thứ tự 2")

    def test_the_transfer_form_offers_only_areas_the_user_may_edit(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(self.url("entry_transfer", self.an))
        self.assertContains(page, "26734/2")
        self.assertContains(page, '<optgroup label="Phường Tân Định">')
        self.assertNotContains(page, "26737/1")

    def test_a_transfer_into_another_wards_area_is_not_found(self):
        data = {"to_area": self.b1.pk, "reason": "permanent_move"}
        url = self.url("entry_transfer", self.an)
        self.assertEqual(self.post(self.ward_a_user, url, data).status_code, 404)
        self.assertEqual(self.written(), (0, 0))

    def test_a_transfer_past_the_deadline_or_dated_after_polling_writes_nothing(self):
        data = {"to_area": self.a2.pk, "reason": "permanent_move"}
        url = self.url("entry_transfer", self.an)
        page = self.post(self.ward_a_user, url, data, moment=AFTER_CUTOFF)
        self.assertContains(page, "Đã hết thời hạn chuyển khu vực bỏ phiếu")
        page = self.post(self.ward_a_user, url, data | {"effective_on": "16/03/2026"})
        self.assertContains(page, "không được sau ngày bỏ phiếu 15/03/2026")
        self.assertEqual(self.written(), (0, 0))
        self.assertEqual(VoterEntry.objects.filter(voting_area=self.a2).count(), 1)

    def test_a_certificate_is_issued_and_its_pdf_linked(self):
        data = {"electronic": "1", "note": "Đi công tác", "document": "GCN 01"}
        url = self.url("entry_certificate", self.an)
        response = self.post(self.ward_a_user, url, data, moment=CERTIFICATE_MORNING)
        self.assert_goes_to(response, self.an)
        change = VoterChange.objects.get()
        self.assertEqual((change.kind, change.electronic), ("certificate_issued", True))
        self.assertEqual(
            VoterEntry.objects.get(pk=self.an.pk).status, "voting_elsewhere"
        )
        page = self.client.get(response["Location"])
        pdf_url = reverse("voters:certificate", args=[change.pk])
        self.assertContains(page, "Đã cấp giấy chứng nhận bỏ phiếu ở nơi khác")
        self.assertContains(page, f'href="{pdf_url}"', count=3)  # message, tool, row
        pdf = self.client.get(pdf_url)
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        text = pdf_text(pdf.content)
        for expected in (
            "GIẤY CHỨNG NHẬN",
            "CỬ TRI THAM GIA BỎ PHIẾU Ở NƠI KHÁC",
            f"Họ và tên: {self.an.full_name}",
            "Khu vực bỏ phiếu số 1",
            "(số thứ tự 1)",
            "Giấy chứng nhận điện tử (VNeID)",
            "TM. ỦY BAN NHÂN DÂN",
            "Trang 1 / 1",
        ):
            self.assertIn(expected, text)

    def test_a_certificate_is_not_issued_once_voting_started(self):
        url = self.url("entry_certificate", self.an)
        page = self.post(self.ward_a_user, url, {"electronic": "0"}, ELECTION_MORNING)
        self.assertContains(page, "Đã hết thời hạn cấp giấy chứng nhận")
        self.assertEqual(self.written(), (0, 0))

    def test_another_wards_entry_is_not_found(self):
        self.client.force_login(self.ward_b_user)
        for name in ("entry_remove", "entry_transfer", "entry_certificate"):
            url = self.url(name, self.an)
            self.assertEqual(self.client.get(url).status_code, 404)
            data = {"reason": "died", "confirmed": "1", "to_area": self.b1.pk}
            self.assertEqual(self.post(self.ward_b_user, url, data).status_code, 404)
        self.assertEqual(self.written(), (0, 0))

    def test_roles_without_the_permission_are_forbidden(self):
        for user in (self.city_user, self.team_user, self.viewer):
            self.client.force_login(user)
            for name in ("entry_remove", "entry_transfer", "entry_certificate"):
                url = self.url(name, self.an)
                self.assertEqual(self.client.get(url).status_code, 403)
                data = {"reason": "died", "confirmed": "1", "to_area": self.a2.pk}
                self.assertEqual(self.post(user, url, data).status_code, 403)
        self.assertEqual(self.written(), (0, 0))

    def test_a_write_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.ward_a_user)
        with at(BEFORE_CUTOFF):
            response = client.post(
                self.url("entry_remove", self.an),
                {"reason": "died", "confirmed": "1"},
            )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.written(), (0, 0))

    def test_a_struck_off_entry_has_no_change_screens(self):
        with at(BEFORE_CUTOFF):
            transfer_voter(self.an, self.a2, Paper("permanent_move"))
        self.client.force_login(self.ward_a_user)
        response = self.client.get(self.url("entry_transfer", self.an))
        self.assert_goes_to(response, self.an)
        page = self.client.get(response["Location"])
        self.assertContains(page, "không còn tên trong danh sách")
        self.assertContains(page, "Biến động của cử tri này")


class AreaScreenTests(ScreenMixin, TestCase):
    def person(self, **extra) -> dict:
        values = {
            "citizen_id": "001308000099",
            "full_name": unicodedata.normalize("NFD", "Lý  Thị Mai"),
            "birth": "03/2008",
            "gender": "F",
            "residence": "permanent",
            "permanent_address": "3 Trần Quang Khải",
            "ethnicity": "Kinh",
        }
        return values | extra

    def test_a_voter_is_added_with_leading_zeros_and_a_partial_birth_date(self):
        before = listed(self.a1)
        data = self.person(reason="newly_eligible", document="Đơn ngày 02/03/2026")
        response = self.post(self.ward_a_user, self.url("area_add", self.a1), data)
        entry = VoterEntry.objects.get(citizen_id="001308000099")
        self.assert_goes_to(response, entry)
        self.assertEqual(entry.full_name, "Lý Thị Mai")  # NFC, one space
        self.assertEqual(
            (entry.birth_date, entry.birth_precision), (datetime.date(2008, 3, 1), "m")
        )
        self.assertEqual((entry.voting_area, entry.list_number), (self.a1, 6))
        self.assertEqual(entry.kinds, ["QH", "HDND_XA"])
        self.assertEqual(VoterChange.objects.get().kind, "add")
        self.assertEqual(self.written(), (1, 1))
        self.assertEqual(listed(self.a1), before + 1)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Đã bổ sung cử tri Lý Thị Mai vào danh sách khu vực")
        self.assertContains(page, "số thứ tự 6")
        self.assertNotContains(page, "không khớp năm sinh")

    def test_bad_input_is_shown_on_the_form_and_nothing_is_written(self):
        url = self.url("area_add", self.a1)
        data = self.person(citizen_id="1308000099", birth="31/02/2000")
        page = self.post(self.ward_a_user, url, data | {"reason": "newly_eligible"})
        self.assertContains(page, "phải gồm đúng 12 chữ số")
        self.assertContains(page, "Ngày &#x27;31/02/2000&#x27; không tồn tại.")
        young = self.person(birth="16/03/2008", reason="newly_eligible")
        page = self.post(self.ward_a_user, url, young)
        self.assertContains(page, "chưa đủ 18 tuổi vào ngày bầu cử 15/03/2026")
        twice = self.person(citizen_id=self.an.citizen_id, reason="moved_in")
        page = self.post(self.ward_a_user, self.url("area_add", self.a2), twice)
        self.assertContains(page, "đã có tên trong danh sách khu vực bỏ phiếu 26734/1")
        self.assertEqual(self.written(), (0, 0))

    def test_an_addition_past_the_deadline_is_refused(self):
        data = self.person(reason="newly_eligible")
        url = self.url("area_add", self.a1)
        page = self.post(self.ward_a_user, url, data, moment=AFTER_CUTOFF)
        self.assertContains(page, "Đã hết thời hạn bổ sung vào danh sách")
        self.assertEqual(self.written(), (0, 0))

    def test_an_odd_citizen_id_is_added_with_a_warning(self):
        data = self.person(citizen_id="079090000098", reason="moved_in")
        response = self.post(self.ward_a_user, self.url("area_add", self.a1), data)
        page = self.client.get(response["Location"])
        self.assertContains(page, "không khớp năm sinh hoặc giới tính")

    def test_another_wards_area_is_not_found(self):
        self.client.force_login(self.ward_b_user)
        for name in ("area_add", "area_receive"):
            url = self.url(name, self.a1)
            self.assertEqual(self.client.get(url).status_code, 404)
            data = self.person(reason="newly_eligible", mode="other", contests="QH")
            self.assertEqual(self.post(self.ward_b_user, url, data).status_code, 404)
        self.assertEqual(self.written(), (0, 0))

    def test_roles_without_the_permission_are_forbidden(self):
        for user in (self.city_user, self.team_user, self.viewer):
            for name in ("area_add", "area_receive"):
                self.client.force_login(user)
                url = self.url(name, self.a1)
                self.assertEqual(self.client.get(url).status_code, 403)
                data = self.person(reason="newly_eligible")
                self.assertEqual(self.post(user, url, data).status_code, 403)
        self.assertEqual(self.written(), (0, 0))

    def test_a_certificate_holder_of_this_election_is_found_and_received(self):
        with at(CERTIFICATE_MORNING):
            issue_certificate(self.giang, Paper("other"))
        before = listed(self.b1)
        url = self.url("area_receive", self.b1)
        self.client.force_login(self.ward_b_user)
        page = self.client.get(url, {"q": "vo thi giang", "ns": "30/07/1992"})
        self.assertContains(page, "Võ Thị Giang — sinh 30/07/1992")
        self.assertContains(page, "khu vực bỏ phiếu 26734/2")
        self.assertNotContains(self.client.get(url, {"q": "0791"}), "Võ Thị Giang")
        self.assertNotContains(self.client.get(url, {"q": "an"}), "Nguyễn Văn An")
        data = {"mode": "issued", "q": "079192000006", "issued": self.giang.pk}
        response = self.post(self.ward_b_user, url, data, moment=ELECTION_MORNING)
        entry = VoterEntry.objects.get(voting_area=self.b1, citizen_id="079192000006")
        self.assert_goes_to(response, entry)
        self.assertTrue(entry.by_certificate)
        self.assertEqual((entry.list_number, entry.kinds), (2, ["QH"]))
        change = VoterChange.objects.get(kind="certificate_received")
        self.assertEqual((change.old_entry, change.new_entry), (self.giang, entry))
        self.assertEqual(listed(self.b1), before + 1)
        again = self.client.get(url, {"q": "079192000006"})
        self.assertContains(again, "Không tìm thấy cử tri nào")

    def test_a_voter_who_has_no_certificate_cannot_be_received(self):
        url = self.url("area_receive", self.b1)
        data = {"mode": "issued", "q": "079080000001", "issued": self.an.pk}
        page = self.post(self.ward_b_user, url, data, moment=ELECTION_MORNING)
        self.assertContains(page, "Không tìm thấy cử tri nào")
        self.assertEqual(self.written(), (0, 0))

    def test_a_certificate_from_elsewhere_is_received(self):
        url = self.url("area_receive", self.a1)
        self.client.force_login(self.ward_a_user)
        self.assertContains(
            self.client.get(url), "Đại biểu HĐND cấp xã — Phường Tân Định"
        )
        data = self.person(
            citizen_id="001090000077",
            full_name="Hà Văn Khánh",
            birth="1990",
            gender="M",
            mode="other",
            contests=["QH"],
            origin="UBND phường Hoàn Kiếm, Hà Nội",
            document="GCN 15",
        )
        response = self.post(self.ward_a_user, url, data, moment=ELECTION_MORNING)
        entry = VoterEntry.objects.get(citizen_id="001090000077")
        self.assert_goes_to(response, entry)
        self.assertEqual((entry.kinds, entry.birth_precision), (["QH"], "y"))
        self.assertEqual(
            VoterChange.objects.get().origin, "UBND phường Hoàn Kiếm, Hà Nội"
        )

    def test_a_certificate_from_elsewhere_needs_its_issuing_place(self):
        url = self.url("area_receive", self.a1)
        data = self.person(mode="other", contests=["QH"])
        page = self.post(self.ward_a_user, url, data, moment=ELECTION_MORNING)
        self.assertContains(page, "Chưa ghi được")
        self.assertEqual(self.written(), (0, 0))

    def test_the_voting_area_page_links_the_list_and_the_screens(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(admin_url(VotingArea, "change", self.a1.pk))
        self.assertContains(page, self.url("area_add", self.a1))
        self.assertContains(page, self.url("area_receive", self.a1))
        voters = admin_url(VoterEntry, "changelist")
        link = f"{voters}?voting_area__id__exact={self.a1.pk}"
        self.assertContains(page, link)
        listed = self.client.get(link)
        self.assertEqual(len(listed.context["cl"].result_list), 5)
        self.assertContains(listed, self.url("area_add", self.a1))
        self.assertContains(listed, self.url("area_receive", self.a1))
        self.client.force_login(self.city_user)
        page = self.client.get(admin_url(VotingArea, "change", self.a1.pk))
        self.assertNotContains(page, self.url("area_add", self.a1))


class ChangeListTests(ScreenMixin, TestCase):
    def test_each_change_links_its_entries_and_the_certificate(self):
        with at(BEFORE_CUTOFF):
            new = transfer_voter(self.an, self.b1, Paper("permanent_move"))
            change = issue_certificate(self.giang, Paper("other"))
        changelist = admin_url(VoterChange, "changelist")
        self.client.force_login(self.ward_a_user)
        page = self.client.get(changelist)
        self.assertContains(page, admin_url(VoterEntry, "change", self.an.pk))
        self.assertContains(page, reverse("voters:certificate", args=[change.pk]))
        self.assertNotContains(page, admin_url(VoterEntry, "change", new.pk))
        self.assertContains(page, "2. Nguyễn Văn An")  # in ward B: named, not linked
        self.client.force_login(self.ward_b_user)  # sees the arrival, not ward A
        page = self.client.get(changelist)
        self.assertContains(page, admin_url(VoterEntry, "change", new.pk))
        self.assertNotContains(page, admin_url(VoterEntry, "change", self.an.pk))
        self.assertContains(page, "1. Nguyễn Văn An")
        detail = self.client.get(admin_url(VoterChange, "change", change.pk))
        self.assertEqual(detail.status_code, 404)
        self.client.force_login(self.ward_a_user)
        detail = self.client.get(admin_url(VoterChange, "change", change.pk))
        self.assertContains(detail, "Tải PDF")


class HolderSearchTests(ScreenMixin, TestCase):
    """Another ward's certificate holders: found only by the full ID or the full
    name with the birth date, and shown with the ID masked (issue #11, 2)."""

    def setUp(self):
        super().setUp()
        with at(CERTIFICATE_MORNING):
            issue_certificate(self.giang, Paper("other"))
        self.client.force_login(self.ward_b_user)
        self.url_b1 = self.url("area_receive", self.b1)

    def found(self, **query) -> list:
        page = self.client.get(self.url_b1, query)
        self.assertEqual(page.status_code, 200)
        return list(page.context["found"])

    def test_three_letters_or_a_name_alone_find_nobody(self):
        for query in [
            {"q": "gia"},
            {"q": "vo thi"},
            {"q": "vo thi giang"},
            {"q": "giang", "ns": "30/07/1992"},
            {"q": "vo thi giang", "ns": "31/07/1992"},
            {"q": "0791920"},
            {"q": "07919200000"},
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.found(**query), [])

    def test_the_full_id_or_the_full_name_and_birth_date_find_the_holder(self):
        for query in [
            {"q": "079192000006"},
            {"q": "079 192 000 006"},
            {"q": "Võ Thị Giang", "ns": "30/07/1992"},
            {"q": "VO THI  GIANG", "ns": "30/7/1992"},
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.found(**query), [self.giang])

    def test_the_holder_is_shown_with_the_id_masked(self):
        page = self.client.get(self.url_b1, {"q": "079192000006"})
        self.assertContains(page, "Võ Thị Giang — sinh 30/07/1992 — 0791******06")
        self.assertNotContains(page, "079192000006 —")
