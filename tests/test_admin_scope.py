"""Jurisdiction through the admin URLs: lists, detail pages, forms, actions, exports."""

import datetime
import io

import openpyxl
from django.test import TestCase

from electionadmin.access.admin import OUTSIDE_JURISDICTION
from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import Candidate, Election, ElectionBody, VotingArea
from importers.resources import VotingAreaResource

from .admin_helpers import admin_url, change_form_data
from .factories import SmallElectionMixin


class WardScopeTests(SmallElectionMixin, TestCase):
    def setUp(self):
        self.client.force_login(self.ward_a_user)

    def test_it_lists_only_the_wards_own_voting_areas(self):
        response = self.client.get(admin_url(VotingArea, "changelist"))
        self.assertEqual(response.status_code, 200)
        listed = set(response.context["cl"].result_list)
        self.assertEqual(listed, {self.a1, self.a2})

    def test_it_answers_404_for_another_wards_area(self):
        for view in ("change", "delete", "history"):
            response = self.client.get(admin_url(VotingArea, view, self.b1.pk))
            self.assertEqual(response.status_code, 404, view)

    def test_it_cannot_post_a_change_to_another_wards_area(self):
        url = admin_url(VotingArea, "change", self.b1.pk)
        response = self.client.post(url, {"name": "Đổi tên"})
        self.assertEqual(response.status_code, 404)
        self.b1.refresh_from_db()
        self.assertEqual(self.b1.name, "")

    def test_an_export_holds_only_the_wards_rows(self):
        fields = VotingAreaResource().get_export_order()
        data = {"format": "0", "resource": "0"}
        data |= {f"votingarearesource_{name}": "on" for name in fields}
        response = self.client.post(admin_url(VotingArea, "export"), data)
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0][:3], ("Mã cuộc bầu cử", "Mã xã/phường", "Khu vực bỏ phiếu số")
        )
        self.assertEqual({(r[1], r[2]) for r in rows[1:]}, {("26734", 1), ("26734", 2)})

    def test_the_export_action_ignores_selected_rows_outside_the_ward(self):
        data = {
            "action": "export_admin_action",
            "_selected_action": [self.a1.pk, self.b1.pk],
        }
        response = self.client.post(admin_url(VotingArea, "changelist"), data)
        self.assertEqual(response.status_code, 200)
        items = response.context["form"].initial["export_items"]
        self.assertEqual(items, [self.a1.pk])
        fields = VotingAreaResource().get_export_order()
        data = {
            "format": "1",
            "resource": "0",
            "export_items": [self.a1.pk, self.b1.pk],
        }
        data |= {f"votingarearesource_{name}": "on" for name in fields}
        refused = self.client.post(admin_url(VotingArea, "export"), data)
        self.assertNotIn("Content-Disposition", refused.headers)
        data["export_items"] = [self.a1.pk]
        exported = self.client.post(admin_url(VotingArea, "export"), data)
        lines = exported.content.decode("utf-8-sig").splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("26734,1", lines[1])

    def test_it_cannot_pick_another_wards_area_in_a_form(self):
        data = {"election": self.election.pk, "kind": "team", "voting_area": self.b2.pk}
        data |= {"members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0"}
        response = self.client.post(admin_url(ElectionBody, "add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("voting_area", response.context["adminform"].form.errors)
        self.assertFalse(ElectionBody.objects.filter(voting_area=self.b2).exists())

    def test_autocomplete_offers_only_the_wards_areas(self):
        response = self.client.get(
            "/django-admin/autocomplete/",
            {
                "app_label": "setup",
                "model_name": "electionbody",
                "field_name": "voting_area",
                "term": "",
            },
        )
        ids = {int(item["id"]) for item in response.json()["results"]}
        self.assertEqual(ids, {self.a1.pk, self.a2.pk})

    def test_qh_candidates_are_read_only_for_a_ward(self):
        candidate = Candidate.objects.get(full_name="Lê Văn An")
        url = admin_url(Candidate, "change", candidate.pk)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"full_name": "Đổi tên"})
        self.assertEqual(response.status_code, 403)

    def test_delete_action_refuses_records_it_cannot_change(self):
        candidate = Candidate.objects.get(full_name="Lê Văn An")
        data = {"action": "delete_selected", "_selected_action": [candidate.pk]}
        data["post"] = "yes"
        self.client.post(admin_url(Candidate, "changelist"), data)
        self.assertTrue(Candidate.objects.filter(pk=candidate.pk).exists())

    def test_a_ward_cannot_move_its_area_to_another_ward(self):
        # Before the list is posted (after it, the commune is read-only for a ward:
        # tests/test_setup_locks.py), the jurisdiction refuses the move.
        future = datetime.date.today() + datetime.timedelta(days=60)
        Election.objects.filter(pk=self.election.pk).update(election_date=future)
        url = admin_url(VotingArea, "change", self.a2.pk)
        page = self.client.get(url)
        data = change_form_data(page, commune=self.ward_b.pk)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("commune", response.context["adminform"].form.errors)
        self.a2.refresh_from_db()
        self.assertEqual(self.a2.commune, self.ward_a)

    def test_a_record_saved_outside_the_jurisdiction_is_refused(self):
        # The city is visible to the ward (an ancestor) but its committee is not
        # the ward's to create.
        data = {"election": self.election.pk, "kind": "committee"}
        data |= {"admin_unit": self.city.pk, "members-TOTAL_FORMS": "0"}
        data |= {"members-INITIAL_FORMS": "0"}
        response = self.client.post(admin_url(ElectionBody, "add"), data)
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertEqual(form.non_field_errors(), [OUTSIDE_JURISDICTION])
        self.assertFalse(ElectionBody.objects.filter(kind="committee").exists())


class OtherRoleScopeTests(SmallElectionMixin, TestCase):
    def test_a_team_sees_only_its_area(self):
        self.client.force_login(self.team_user)
        response = self.client.get(admin_url(VotingArea, "changelist"))
        self.assertEqual(list(response.context["cl"].result_list), [self.a1])

    def test_a_board_sees_its_areas_but_cannot_change_them(self):
        self.client.force_login(self.board_user)
        url = admin_url(VotingArea, "change", self.a1.pk)
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="_save"')
        response = self.client.post(url, {"name": "Đổi tên"})
        self.assertEqual(response.status_code, 403)

    def test_the_city_changes_any_ward_and_the_change_is_audited(self):
        self.client.force_login(self.city_user)
        url = admin_url(VotingArea, "change", self.b1.pk)
        page = self.client.get(url)
        data = change_form_data(
            page, polling_place="Nhà văn hóa B", audit_reason="Đổi địa điểm"
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.b1.refresh_from_db()
        self.assertEqual(self.b1.polling_place, "Nhà văn hóa B")
        entry = AuditEntry.objects.get(object_id=str(self.b1.pk), action="update")
        self.assertEqual(entry.changes["polling_place"], ["", "Nhà văn hóa B"])
        self.assertEqual(entry.reason, "Đổi địa điểm")
        self.assertEqual(entry.election_code, self.election.code)
        self.assertEqual(entry.user, self.city_user)
