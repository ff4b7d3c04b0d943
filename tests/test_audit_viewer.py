"""The audit viewer: who, when, from where, before/after, why; filtered by record and
by person; scoped; append-only even for a superuser (issue #11, 9)."""

import json

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase, override_settings
from django.urls import reverse

from electionadmin.audit import log
from electionadmin.audit.models import AuditEntry
from electionadmin.polling.models import ApiToken
from electionadmin.setup.models import VotingArea
from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters

from .admin_helpers import admin_url, change_form_data
from .factories import SmallElectionMixin
from .test_polling_data import Polling2026Mixin
from .test_voters_import import DATA

CLIENT = "203.0.113.7"
VIEWER = reverse("admin:audit_auditentry_changelist")


def record_param(obj) -> str:
    return f"{ContentType.objects.get_for_model(obj).pk}-{obj.pk}"


class AuditViewerTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = get_user_model().objects.create_superuser("goc", "", "matkhau-123")

    def change_area(self, user, area, address=CLIENT, **changes):
        self.client.force_login(user)
        url = admin_url(VotingArea, "change", area.pk)
        page = self.client.get(url)
        data = change_form_data(page, **changes)
        response = self.client.post(url, data, REMOTE_ADDR=address)
        self.assertEqual(response.status_code, 302)
        return AuditEntry.objects.latest("pk")

    def listed(self, user, query=None) -> list[AuditEntry]:
        self.client.force_login(user)
        response = self.client.get(VIEWER, query or {})
        self.assertEqual(response.status_code, 200)
        return list(response.context["cl"].result_list)

    def test_an_entry_records_the_client_address(self):
        entry = self.change_area(
            self.ward_a_user, self.a1, name="Nhà văn hóa", audit_reason="Đổi tên"
        )
        self.assertEqual(entry.client_address, CLIENT)
        self.assertEqual(entry.user, self.ward_a_user)
        self.assertEqual(entry.reason, "Đổi tên")

    def test_a_forwarded_header_counts_only_behind_a_trusted_proxy(self):
        self.client.force_login(self.ward_a_user)
        url = admin_url(VotingArea, "change", self.a1.pk)
        data = change_form_data(self.client.get(url), name="Một")
        self.client.post(
            url, data, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
        self.assertEqual(AuditEntry.objects.latest("pk").client_address, "10.0.0.5")
        with override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR"):
            data["name"] = "Hai"
            self.client.post(
                url,
                data,
                REMOTE_ADDR="10.0.0.5",
                HTTP_X_FORWARDED_FOR="198.51.100.9, 192.0.2.4",
            )
        self.assertEqual(AuditEntry.objects.latest("pk").client_address, "192.0.2.4")

    def test_the_viewer_shows_who_when_where_before_after_and_why(self):
        entry = self.change_area(
            self.ward_a_user, self.a1, name="Nhà văn hóa", audit_reason="Đổi tên"
        )
        self.client.force_login(self.ward_a_user)
        page = self.client.get(VIEWER)
        for text in ["Nhật ký thay đổi", "Từ địa chỉ máy", CLIENT, "phuonga"]:
            self.assertContains(page, text)
        self.assertContains(page, "Nhà văn hóa")
        detail = self.client.get(admin_url(AuditEntry, "change", entry.pk))
        self.assertContains(detail, 'id="audit-changes"')
        self.assertContains(detail, "<th>tên</th>")
        self.assertContains(detail, "<td>Nhà văn hóa</td>")
        self.assertContains(detail, "Đổi tên")
        self.assertNotContains(detail, 'name="_save"')

    def test_filtered_by_record_and_by_person(self):
        mine = self.change_area(self.ward_a_user, self.a1, name="A")
        other = self.change_area(self.city_user, self.a2, name="B")
        by_record = self.listed(self.root, {"ho_so": record_param(self.a1)})
        self.assertEqual(by_record, [mine])
        by_person = self.listed(self.root, {"nguoi": self.city_user.pk})
        self.assertEqual(by_person, [other])
        self.assertEqual(self.listed(self.root, {"ho_so": "khong-co"}), [])

    def test_a_ward_sees_entries_of_its_own_records_only(self):
        own = self.change_area(self.city_user, self.a1, name="A")
        other = self.change_area(self.city_user, self.b1, name="B")
        self.assertEqual(self.listed(self.ward_a_user), [own])
        self.assertEqual(self.listed(self.ward_b_user), [other])
        self.client.force_login(self.ward_b_user)
        detail = self.client.get(admin_url(AuditEntry, "change", own.pk))
        self.assertEqual(detail.status_code, 404)
        asked = self.listed(self.ward_b_user, {"ho_so": record_param(self.a1)})
        self.assertEqual(asked, [])

    def test_every_records_history_leads_to_its_entries(self):
        self.client.force_login(self.ward_a_user)
        history = self.client.get(admin_url(VotingArea, "history", self.a1.pk))
        self.assertRedirects(history, f"{VIEWER}?ho_so={record_param(self.a1)}")
        self.client.force_login(self.ward_b_user)
        refused = self.client.get(admin_url(VotingArea, "history", self.a1.pk))
        self.assertEqual(refused.status_code, 404)

    def test_an_entrys_history_button_leads_to_its_records_entries(self):
        entry = self.change_area(self.ward_a_user, self.a1, name="A")
        self.client.force_login(self.ward_a_user)
        page = self.client.get(admin_url(AuditEntry, "change", entry.pk))
        self.assertContains(page, "Nhật ký thay đổi")
        history = self.client.get(admin_url(AuditEntry, "history", entry.pk))
        self.assertRedirects(history, f"{VIEWER}?ho_so={record_param(self.a1)}")

    def test_nobody_adds_changes_or_deletes_an_entry_not_even_a_superuser(self):
        entry = self.change_area(self.ward_a_user, self.a1, name="A")
        self.client.force_login(self.root)
        self.assertEqual(self.client.get(admin_url(AuditEntry, "add")).status_code, 403)
        url = admin_url(AuditEntry, "change", entry.pk)
        self.assertEqual(self.client.post(url, {"reason": "sửa"}).status_code, 403)
        delete = admin_url(AuditEntry, "delete", entry.pk)
        self.assertEqual(self.client.get(delete).status_code, 403)
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        bulk = {"action": "delete_selected", "_selected_action": [entry.pk]}
        self.client.post(VIEWER, bulk)
        entry.refresh_from_db()
        self.assertEqual(entry.reason, "")
        page = self.client.get(VIEWER)
        self.assertNotContains(page, "delete_selected")
        self.assertNotContains(page, "Thêm nhật ký")

    def test_a_citizen_id_in_the_history_is_masked_as_elsewhere(self):
        import_voters(DATA / "ok.csv", self.election)
        entry = VoterEntry.objects.get(citizen_id="079080000001")
        log.record(
            self.ward_a_user,
            "update",
            entry,
            changes={"citizen_id": ["079080000009", "079080000001"]},
        )
        query = {"ho_so": record_param(entry)}
        self.client.force_login(self.city_user)
        page = self.client.get(VIEWER, query)
        self.assertContains(page, "0790******09 → 0790******01")
        self.assertNotContains(page, "079080000009")
        self.client.force_login(self.ward_a_user)
        page = self.client.get(VIEWER, query)
        self.assertContains(page, "079080000009 → 079080000001")


class TurnoutAuditAddressTests(Polling2026Mixin, TestCase):
    def test_a_turnout_submission_records_the_client_address(self):
        _, key = ApiToken.issue(self.team_user)
        body = {"area": "26734/1", "slot": "09:00", "voters_voted": 33}
        response = self.client.post(
            reverse("polling:api_turnout", args=[self.election.code]),
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Token {key}"},
            REMOTE_ADDR=CLIENT,
        )
        self.assertEqual(response.status_code, 200)
        entry = AuditEntry.objects.latest("pk")
        self.assertEqual(entry.client_address, CLIENT)
