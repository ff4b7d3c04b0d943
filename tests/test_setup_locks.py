"""Voting areas are fixed once the voter list is posted (setup/locks.py): a ward can
no longer renumber, move or delete them (form, delete page, bulk delete, electoral
unit covers, the set-up import); the city committee can, with a reason, audited."""

import datetime
import io
import zipfile

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from electionadmin.audit.models import AuditEntry
from electionadmin.setup import locks
from electionadmin.setup.models import (
    Contest,
    Election,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from importers.election import import_election
from tests.factories import SmallElectionMixin
from tests.test_polling_data import add_voters


def form_fields(html: str, form_id: str) -> dict:
    """What the browser would post from the page's form, as it stands."""
    form = BeautifulSoup(html, "lxml").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = [
                o["value"] for o in field.find_all("option") if o.has_attr("selected")
            ]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.text
        else:
            data[name] = field.get("value", "")
    return data


class LockTestsMixin(SmallElectionMixin):
    def change(self, user, area, **values):
        self.client.force_login(user)
        url = reverse("admin:setup_votingarea_change", args=[area.pk])
        page = self.client.get(url)
        data = form_fields(page.content.decode(), "votingarea_form") | values
        return self.client.post(url, data)

    def bulk_delete(self, user, areas, **extra):
        self.client.force_login(user)
        data = {"action": "delete_selected", "_selected_action": [a.pk for a in areas]}
        url = reverse("admin:setup_votingarea_changelist")
        return self.client.post(url, data | extra, follow=True)


class AfterPostingTests(LockTestsMixin, TestCase):
    """The small election is on 15/03/2026: its list was posted on 03/02/2026."""

    def test_the_posting_date_comes_from_the_cycle(self):
        self.assertEqual(self.election.list_posting_date, datetime.date(2026, 2, 3))
        self.assertTrue(locks.list_posted(self.election))

    def test_a_ward_cannot_renumber_and_is_told_why_and_who_can(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(
            reverse("admin:setup_votingarea_change", args=[self.a2.pk])
        )
        self.assertContains(page, 'id="area-lock"')
        self.assertContains(page, "Chỉ Ủy ban bầu cử tỉnh/thành phố")
        self.assertContains(page, "03/02/2026")
        self.assertNotIn("number", page.context["adminform"].form.fields)
        self.change(self.ward_a_user, self.a2, number="7", commune=self.ward_b.pk)
        self.a2.refresh_from_db()
        self.assertEqual((self.a2.number, self.a2.commune), (2, self.ward_a))
        # The name and the polling place stay open to the ward.
        self.change(self.ward_a_user, self.a2, polling_place="Nhà văn hóa khu phố 2")
        self.a2.refresh_from_db()
        self.assertEqual(self.a2.polling_place, "Nhà văn hóa khu phố 2")

    def test_a_ward_cannot_delete_an_area(self):
        self.client.force_login(self.ward_a_user)
        url = reverse("admin:setup_votingarea_delete", args=[self.a2.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 403)
        self.assertContains(page, "Chỉ Ủy ban bầu cử tỉnh/thành phố", status_code=403)
        self.client.post(url, {"post": "yes", "audit_reason": "thử"})
        self.assertTrue(VotingArea.objects.filter(pk=self.a2.pk).exists())
        change = self.client.get(
            reverse("admin:setup_votingarea_change", args=[self.a2.pk])
        )
        self.assertNotContains(change, url)  # no delete button

    def test_a_ward_cannot_bulk_delete(self):
        page = self.bulk_delete(self.ward_a_user, [self.a2], post="yes")
        self.assertContains(page, "Chỉ Ủy ban bầu cử tỉnh/thành phố")
        self.assertTrue(VotingArea.objects.filter(pk=self.a2.pk).exists())

    def test_a_ward_cannot_move_an_area_to_another_electoral_unit(self):
        self.client.force_login(self.ward_a_user)
        url = reverse("admin:setup_electoralunit_change", args=[self.hdnd_a_unit.pk])
        page = self.client.get(url)
        data = form_fields(page.content.decode(), "electoralunit_form")
        data["covers_areas"] = [str(self.a1.pk)]
        data.pop("covers_units", None)
        response = self.client.post(url, data)
        self.assertContains(response, "Chỉ Ủy ban bầu cử tỉnh/thành phố")
        self.assertTrue(
            ElectoralUnitArea.objects.filter(
                electoral_unit=self.hdnd_a_unit, voting_area=self.a2
            ).exists()
        )

    def test_an_electoral_unit_holding_areas_is_deleted_only_by_the_city(self):
        url = reverse("admin:setup_electoralunit_delete", args=[self.hdnd_a_unit.pk])
        self.client.force_login(self.ward_a_user)
        refused = self.client.post(url, {"post": "yes", "audit_reason": "thử"})
        self.assertContains(
            refused, "Chỉ Ủy ban bầu cử tỉnh/thành phố", status_code=403
        )
        bulk = {"action": "delete_selected", "post": "yes"}
        bulk["_selected_action"] = [self.hdnd_a_unit.pk]
        changelist = reverse("admin:setup_electoralunit_changelist")
        self.client.post(changelist, bulk)
        self.assertTrue(ElectoralUnit.objects.filter(pk=self.hdnd_a_unit.pk).exists())
        self.client.force_login(self.city_user)
        self.assertContains(self.client.get(url), 'name="audit_reason"')
        self.client.post(url, {"post": "yes", "audit_reason": "Gộp đơn vị"})
        self.assertFalse(ElectoralUnit.objects.filter(pk=self.hdnd_a_unit.pk).exists())
        entry = AuditEntry.objects.get(
            object_id=str(self.hdnd_a_unit.pk), action="delete"
        )
        self.assertEqual(entry.reason, "Gộp đơn vị")

    def test_the_contest_page_offers_no_unit_deletion_after_posting(self):
        self.client.force_login(self.city_user)
        page = self.client.get(
            reverse("admin:setup_contest_change", args=[self.hdnd_a.pk])
        )
        [inline] = page.context["inline_admin_formsets"]
        self.assertFalse(inline.has_delete_permission)

    def test_the_city_renumbers_with_a_reason_and_it_is_audited(self):
        response = self.change(self.city_user, self.a2, number="7")
        self.assertContains(response, locks.REASON_REQUIRED)
        self.a2.refresh_from_db()
        self.assertEqual(self.a2.number, 2)
        self.change(
            self.city_user, self.a2, number="7", audit_reason="Sáp nhập khu phố 2"
        )
        self.a2.refresh_from_db()
        self.assertEqual(self.a2.number, 7)
        entry = AuditEntry.objects.get(object_id=str(self.a2.pk), action="update")
        self.assertEqual(entry.reason, "Sáp nhập khu phố 2")
        self.assertEqual(entry.user, self.city_user)
        self.assertIn("number", str(entry.changes))

    def test_the_city_deletes_with_a_reason_and_it_is_audited(self):
        self.client.force_login(self.city_user)
        url = reverse("admin:setup_votingarea_delete", args=[self.b2.pk])
        page = self.client.get(url)
        self.assertContains(page, 'name="audit_reason"')
        refused = self.client.post(url, {"post": "yes"}, follow=True)
        self.assertContains(refused, locks.REASON_REQUIRED)
        self.assertTrue(VotingArea.objects.filter(pk=self.b2.pk).exists())
        self.client.post(url, {"post": "yes", "audit_reason": "Khu vực trùng"})
        self.assertFalse(VotingArea.objects.filter(pk=self.b2.pk).exists())
        entry = AuditEntry.objects.get(object_id=str(self.b2.pk), action="delete")
        self.assertEqual(entry.reason, "Khu vực trùng")

    def test_the_city_bulk_deletes_with_a_reason(self):
        confirm = self.bulk_delete(self.city_user, [self.b2])
        self.assertContains(confirm, 'name="audit_reason"')
        self.bulk_delete(self.city_user, [self.b2], post="yes")
        self.assertTrue(VotingArea.objects.filter(pk=self.b2.pk).exists())
        self.bulk_delete(self.city_user, [self.b2], post="yes", audit_reason="Trùng")
        self.assertFalse(VotingArea.objects.filter(pk=self.b2.pk).exists())
        entry = AuditEntry.objects.get(object_id=str(self.b2.pk), action="delete")
        self.assertEqual(entry.reason, "Trùng")


class BeforePostingTests(LockTestsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        future = timezone.localdate() + datetime.timedelta(days=60)
        Election.objects.filter(pk=cls.election.pk).update(election_date=future)

    def test_a_ward_renumbers_and_deletes_freely_before_posting(self):
        self.change(self.ward_a_user, self.a2, number="5")
        self.a2.refresh_from_db()
        self.assertEqual(self.a2.number, 5)
        self.bulk_delete(self.ward_a_user, [self.a2], post="yes")
        self.assertFalse(VotingArea.objects.filter(pk=self.a2.pk).exists())


def setup_zip(hdnd_covers: str, seats: int = 1, contest="", covers="") -> bytes:
    """The small election as a set-up workbook, ward A's council unit covering
    `hdnd_covers` with `seats`; with `contest`, that ward's council too, its unit
    covering `covers`."""
    sheets = {
        "election": "code,name,election_date,cycle\nTEST-2026,Bầu cử thử TEST-2026,"
        "15/03/2026,2026\n",
        "units": "code,name,level,parent_code\n79,Thành phố Hồ Chí Minh,province,\n"
        "26734,Phường Tân Định,commune,79\n26737,Phường Sài Gòn,commune,79\n",
        "contests": "kind,council_unit_code\nQH,\nHDND_XA,26734\n"
        + (f"HDND_XA,{contest}\n" if contest else ""),
        "electoral_units": "kind,council_unit_code,number,seats,covers\n"
        f"HDND_XA,26734,1,{seats},{hdnd_covers}\n"
        + (f"HDND_XA,{contest},1,1,{covers}\n" if contest else ""),
        "voting_areas": "commune_code,area_number\n",
        "candidates": "kind,council_unit_code,unit_number,full_name,birth_date,"
        "gender\n",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in sheets.items():
            archive.writestr(f"{name}.csv", text.encode())
    return buffer.getvalue()


class ImportLockTests(SmallElectionMixin, TestCase):
    def test_a_ward_import_cannot_move_an_area_out_of_its_unit(self):
        report = import_election(
            io.BytesIO(setup_zip("26734/1")), user=self.ward_a_user, dry_run=True
        )
        moved = [e for e in report.errors if "niêm yết" in e.message]
        self.assertEqual(len(moved), 1)
        self.assertEqual(moved[0].sheet, "electoral_units")
        self.assertEqual(moved[0].column, "covers")
        self.assertIn("Chỉ Ủy ban bầu cử tỉnh/thành phố", moved[0].message)
        same = import_election(
            io.BytesIO(setup_zip("26734")), user=self.ward_a_user, dry_run=True
        )
        self.assertFalse(any("niêm yết" in e.message for e in same.errors))

    def test_the_city_import_is_not_locked(self):
        for book in (setup_zip("26734/1"), setup_zip("26734", seats=2)):
            report = import_election(
                io.BytesIO(book), user=self.city_user, dry_run=True
            )
            self.assertFalse(any("niêm yết" in e.message for e in report.errors))

    def test_a_ward_import_cannot_change_a_units_seats(self):
        report = import_election(
            io.BytesIO(setup_zip("26734", seats=2)), user=self.ward_a_user
        )
        [seats] = [e for e in report.errors if "niêm yết" in e.message]
        self.assertEqual((seats.sheet, seats.column), ("electoral_units", "seats"))
        self.assertIn("đổi số đại biểu được bầu", seats.message)
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual(self.hdnd_a_unit.seats, 1)

    def test_the_admin_sheet_import_cannot_change_a_units_seats(self):
        self.hdnd_a_unit.covers_units.set([self.ward_a])
        self.client.force_login(self.ward_a_user)
        text = (
            "election,kind,council_unit_code,number,seats,covers\n"
            "TEST-2026,HDND_XA,26734,1,2,26734\n"
        )
        upload = SimpleUploadedFile("don-vi.csv", text.encode("utf-8-sig"))
        data = {"import_file": upload, "format": "1", "resource": "0"}
        url = reverse("admin:setup_electoralunit_import")
        response = self.client.post(url, data)
        self.assertContains(response, "đổi số đại biểu được bầu")
        self.assertNotIn("confirm_form", response.context)
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual(self.hdnd_a_unit.seats, 1)


class ContestAndUnitLockTests(LockTestsMixin, TestCase):
    """After posting a ward no longer deletes its council contest, nor renumbers an
    electoral unit, moves it to another contest or changes its seats: not on the
    unit's page, the contest's page, the delete pages or the bulk delete."""

    def post_form(self, user, url, form_id, **values):
        self.client.force_login(user)
        data = form_fields(self.client.get(url).content.decode(), form_id) | values
        return self.client.post(url, data)

    def unit_change(self, user, **values):
        url = reverse("admin:setup_electoralunit_change", args=[self.hdnd_a_unit.pk])
        return self.post_form(user, url, "electoralunit_form", **values)

    def contest_change(self, user, **values):
        url = reverse("admin:setup_contest_change", args=[self.hdnd_a.pk])
        return self.post_form(user, url, "contest_form", **values)

    def test_a_ward_cannot_delete_its_council_contest(self):
        self.client.force_login(self.ward_a_user)
        url = reverse("admin:setup_contest_delete", args=[self.hdnd_a.pk])
        page = self.client.get(url)
        self.assertContains(page, "Chỉ Ủy ban bầu cử tỉnh/thành phố", status_code=403)
        self.assertContains(page, "xóa cuộc bầu cử", status_code=403)
        self.client.post(url, {"post": "yes", "audit_reason": "thử"})
        bulk = {"action": "delete_selected", "post": "yes"}
        bulk["_selected_action"] = [self.hdnd_a.pk]
        changelist = reverse("admin:setup_contest_changelist")
        refused = self.client.post(changelist, bulk, follow=True)
        self.assertContains(refused, "Chỉ Ủy ban bầu cử tỉnh/thành phố")
        self.assertTrue(type(self.hdnd_a).objects.filter(pk=self.hdnd_a.pk).exists())
        self.assertFalse(AuditEntry.objects.filter(action="delete").exists())
        change = self.client.get(
            reverse("admin:setup_contest_change", args=[self.hdnd_a.pk])
        )
        self.assertNotContains(change, url)  # no delete button

    def test_the_city_deletes_a_contest_with_a_reason_and_it_is_audited(self):
        self.client.force_login(self.city_user)
        url = reverse("admin:setup_contest_delete", args=[self.hdnd_a.pk])
        self.assertContains(self.client.get(url), 'name="audit_reason"')
        refused = self.client.post(url, {"post": "yes"}, follow=True)
        self.assertContains(refused, locks.reason_required(locks.CONTEST))
        self.assertTrue(type(self.hdnd_a).objects.filter(pk=self.hdnd_a.pk).exists())
        self.client.post(url, {"post": "yes", "audit_reason": "Hủy theo quyết định"})
        self.assertFalse(type(self.hdnd_a).objects.filter(pk=self.hdnd_a.pk).exists())
        entry = AuditEntry.objects.get(object_id=str(self.hdnd_a.pk), action="delete")
        self.assertEqual(entry.reason, "Hủy theo quyết định")

    def test_a_ward_cannot_move_its_contest(self):
        self.client.force_login(self.ward_a_user)
        url = reverse("admin:setup_contest_change", args=[self.hdnd_a.pk])
        form = self.client.get(url).context["adminform"].form
        self.assertNotIn("council_unit", form.fields)
        self.assertNotIn("kind", form.fields)
        self.contest_change(self.ward_a_user, council_unit=self.ward_b.pk, kind="QH")
        self.hdnd_a.refresh_from_db()
        self.assertEqual(
            (self.hdnd_a.kind, self.hdnd_a.council_unit), ("HDND_XA", self.ward_a)
        )

    def test_a_ward_cannot_renumber_a_unit_or_change_its_seats(self):
        self.hdnd_a_unit.covers_units.set([self.ward_a])
        self.client.force_login(self.ward_a_user)
        url = reverse("admin:setup_electoralunit_change", args=[self.hdnd_a_unit.pk])
        page = self.client.get(url)
        self.assertContains(page, "đổi số đại biểu được bầu hay xóa đơn vị bầu cử")
        form = page.context["adminform"].form
        for name in ("number", "seats", "contest"):
            self.assertNotIn(name, form.fields)
        self.unit_change(self.ward_a_user, number="4", seats="2", name="Đơn vị số 1")
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual((self.hdnd_a_unit.number, self.hdnd_a_unit.seats), (1, 1))
        # The name stays open, and the covers are still checked.
        self.assertEqual(self.hdnd_a_unit.name, "Đơn vị số 1")

    def test_the_city_renumbers_a_unit_with_a_reason_and_it_is_audited(self):
        self.hdnd_a_unit.covers_units.set([self.ward_a])
        response = self.unit_change(self.city_user, number="4")
        self.assertContains(response, locks.reason_required(locks.UNIT))
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual(self.hdnd_a_unit.number, 1)
        self.unit_change(self.city_user, number="4", audit_reason="Đánh số lại")
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual(self.hdnd_a_unit.number, 4)
        entry = AuditEntry.objects.get(
            object_id=str(self.hdnd_a_unit.pk), action="update"
        )
        self.assertEqual(entry.reason, "Đánh số lại")

    def test_the_contest_page_rows_lock_number_and_seats(self):
        rows = "units-0-number"
        self.client.force_login(self.ward_a_user)
        url = reverse("admin:setup_contest_change", args=[self.hdnd_a.pk])
        response = self.contest_change(self.ward_a_user, **{rows: "3"})
        self.assertContains(response, "Chỉ Ủy ban bầu cử tỉnh/thành phố")
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual(self.hdnd_a_unit.number, 1)
        # A new unit may still be added from the contest page.
        self.assertTrue(self.client.get(url).context["inline_admin_formsets"])
        response = self.contest_change(self.city_user, **{"units-0-seats": "2"})
        self.assertContains(response, locks.reason_required(locks.UNIT))
        self.contest_change(
            self.city_user, **{"units-0-seats": "2", "audit_reason": "Thêm ghế"}
        )
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual(self.hdnd_a_unit.seats, 2)

    def test_before_posting_a_ward_renumbers_and_deletes_its_units_and_contest(self):
        self.hdnd_a_unit.covers_units.set([self.ward_a])
        future = timezone.localdate() + datetime.timedelta(days=60)
        Election.objects.filter(pk=self.election.pk).update(election_date=future)
        self.unit_change(self.ward_a_user, number="4", seats="2")
        self.hdnd_a_unit.refresh_from_db()
        self.assertEqual((self.hdnd_a_unit.number, self.hdnd_a_unit.seats), (4, 2))
        url = reverse("admin:setup_contest_delete", args=[self.hdnd_a.pk])
        self.client.post(url, {"post": "yes"})
        self.assertFalse(type(self.hdnd_a).objects.filter(pk=self.hdnd_a.pk).exists())


class GainedAreaTests(LockTestsMixin, TestCase):
    """After posting, an electoral unit may not gain a voting area whose voters are
    on the list (they would vote in another contest): a ward's new council contest
    cannot take in its listed areas, on screen or by import; the city can."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_voters(cls.b1, 3)
        cls.hdnd_b = Contest.objects.create(
            election=cls.election, kind="HDND_XA", council_unit=cls.ward_b
        )

    def add_unit(self, user, areas, **extra):
        self.client.force_login(user)
        url = reverse("admin:setup_electoralunit_add")
        data = form_fields(self.client.get(url).content.decode(), "electoralunit_form")
        data |= {"contest": self.hdnd_b.pk, "number": "1", "seats": "1"}
        data["covers_areas"] = [str(a.pk) for a in areas]
        return self.client.post(url, data | extra)

    def test_a_ward_cannot_give_listed_voters_another_contest(self):
        response = self.add_unit(self.ward_b_user, [self.b1, self.b2])
        self.assertContains(response, "Chỉ Ủy ban bầu cử tỉnh/thành phố")
        self.assertFalse(ElectoralUnit.objects.filter(contest=self.hdnd_b).exists())

    def test_an_area_without_listed_voters_may_join(self):
        self.add_unit(self.ward_b_user, [self.b2])
        unit = ElectoralUnit.objects.get(contest=self.hdnd_b)
        self.assertEqual(list(unit.areas.all()), [self.b2])

    def test_the_city_may_with_a_reason(self):
        response = self.add_unit(self.city_user, [self.b1, self.b2])
        self.assertContains(response, locks.REASON_REQUIRED)
        self.add_unit(self.city_user, [self.b1, self.b2], audit_reason="Bổ sung")
        unit = ElectoralUnit.objects.get(contest=self.hdnd_b)
        self.assertEqual(set(unit.areas.all()), {self.b1, self.b2})

    def test_an_import_cannot_either(self):
        book = setup_zip("26734", contest="26737", covers="26737")
        report = import_election(io.BytesIO(book), user=self.ward_b_user, dry_run=True)
        [gained] = [e for e in report.errors if "niêm yết" in e.message]
        self.assertEqual((gained.sheet, gained.column), ("electoral_units", "covers"))
        alone = setup_zip("26734", contest="26737", covers="26737/2")
        report = import_election(io.BytesIO(alone), user=self.ward_b_user, dry_run=True)
        self.assertFalse(any("niêm yết" in e.message for e in report.errors))
