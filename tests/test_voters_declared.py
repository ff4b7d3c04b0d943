"""A voting area's list size declared by its commune when the list is kept outside
the system (electionadmin/voters/declared.py, list_size_views.py): who may, when it
is refused, its audit entry, how the list counts keep it and replace it, and that
turnout, roll-ups and dashboards count it like a list in the system."""

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.polling import rollup
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import TurnoutFigure
from electionadmin.voters.counts import refresh_list_counts
from electionadmin.voters.declared import DeclarationRefused, declare_list_sizes
from electionadmin.voters.models import AreaListCount
from importers.voters import import_voters

from .factories import SmallElectionMixin
from .test_polling_data import add_voters
from .test_polling_views import at

DATA = Path(__file__).parent / "data" / "voters"
REASON = "Danh sách lập trên giấy, niêm yết ngày 24/02/2026."


class DeclaredMixin(SmallElectionMixin):
    """The small 2026 election; A/1 has a list of 100 in the system, the other
    areas have none."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_voters(cls.a1, 100)
        refresh_list_counts(cls.election)

    def counts(self, area):
        return {
            row.contest_id: (row.voters, row.whole_list, row.declared)
            for row in AreaListCount.objects.filter(voting_area=area)
        }

    def declare(self, area, voters, user=None, **kwargs):
        user = user or self.ward_a_user
        return declare_list_sizes(
            self.election, {area.pk: voters}, user, REASON, **kwargs
        )


class DeclarationTests(DeclaredMixin, TestCase):
    def test_a_declared_size_is_the_areas_count_for_every_contest_it_holds(self):
        self.declare(self.a2, 850)
        self.assertEqual(
            self.counts(self.a2),
            {
                None: (850, True, True),
                self.qh.pk: (850, True, True),
                self.hdnd_a.pk: (850, True, True),
            },
        )

    def test_a_contests_own_size_may_be_declared_not_above_the_areas(self):
        self.declare(self.a2, 850, per_contest={self.a2.pk: {self.hdnd_a.pk: 800}})
        self.assertEqual(self.counts(self.a2)[self.hdnd_a.pk], (800, False, True))
        with self.assertRaisesMessage(DeclarationRefused, "phải từ 0 đến"):
            self.declare(self.a2, 850, per_contest={self.a2.pk: {self.qh.pk: 851}})

    def test_it_is_audited_with_who_the_old_and_new_size_and_why(self):
        self.declare(self.a2, 850)
        self.declare(self.a2, 860)
        kind = ContentType.objects.get_for_model(AreaListCount)
        entries = AuditEntry.objects.filter(content_type=kind).order_by("pk")
        self.assertEqual(
            [(e.user, e.action, e.changes["voters"]) for e in entries],
            [
                (self.ward_a_user, "update", [0, 850]),
                (self.ward_a_user, "update", [850, 860]),
            ],
        )
        self.assertEqual(entries[0].reason, REASON)
        self.assertEqual(entries[0].election_code, self.election.code)

    def test_refused_for_an_area_whose_list_is_in_the_system(self):
        with self.assertRaisesMessage(DeclarationRefused, "đã có danh sách cử tri"):
            self.declare(self.a1, 500)
        self.assertEqual(self.counts(self.a1)[None], (100, True, False))

    def test_refused_without_a_reason_or_below_the_turnout_already_reported(self):
        with self.assertRaisesMessage(DeclarationRefused, "lý do"):
            declare_list_sizes(self.election, {self.a2.pk: 10}, self.ward_a_user, " ")
        self.declare(self.a2, 850)
        save_figures(self.election, [Entry("A/2", self.a2, "09:00", 300)])
        with self.assertRaisesMessage(DeclarationRefused, "đã báo 300 cử tri"):
            self.declare(self.a2, 299)
        self.assertEqual(self.counts(self.a2)[None], (850, True, True))

    def test_a_refresh_keeps_it_and_imported_entries_replace_it_audited(self):
        self.declare(self.a2, 850)
        refresh_list_counts(self.election)
        self.assertEqual(self.counts(self.a2)[None], (850, True, True))
        add_voters(self.a2, 40)
        replaced = []
        refresh_list_counts(self.election, replaced=replaced)
        self.assertEqual(replaced, [self.a2.pk])
        self.assertEqual(self.counts(self.a2)[None], (40, True, False))
        self.assertEqual(self.counts(self.a2)[self.qh.pk], (40, True, False))
        last = AuditEntry.objects.filter(object_id=str(self.a2_overall())).first()
        self.assertEqual(last.changes, {"voters": [850, 40], "declared": [True, False]})
        self.assertIsNone(last.user)

    def test_importing_the_areas_list_replaces_it_with_a_warning(self):
        self.declare(self.a2, 850)
        self.declare(self.b2, 400, user=self.ward_b_user)
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.ok, [str(e) for e in report.errors])
        self.assertIn(
            "1 khu vực bỏ phiếu có số cử tri khai báo: số đếm từ danh sách vừa nhập "
            "thay cho số khai báo",
            " ".join(str(w) for w in report.warnings),
        )
        self.assertEqual(self.counts(self.a2)[None], (1, True, False))
        self.assertEqual(self.counts(self.b2)[None], (400, True, True))

    def a2_overall(self) -> int:
        return AreaListCount.objects.get(voting_area=self.a2, contest=None).pk


class DeclaredTurnoutTests(DeclaredMixin, TestCase):
    def test_turnout_goes_through_the_usual_rules_against_the_declared_size(self):
        self.declare(self.a2, 500)
        (saved,) = save_figures(self.election, [Entry("A/2", self.a2, "09:00", 200)])
        self.assertEqual(saved.errors, [])
        figure = TurnoutFigure.objects.get(voting_area=self.a2, slot="09:00")
        self.assertEqual(figure.voters_on_list, 500)
        (refused,) = save_figures(self.election, [Entry("A/2", self.a2, "11:00", 501)])
        self.assertEqual(len(refused.errors), 1)

    def test_roll_ups_and_the_dashboard_count_declared_lists(self):
        self.declare(self.a2, 500)
        self.declare(self.b1, 300, user=self.ward_b_user)
        self.declare(self.b2, 200, user=self.ward_b_user)
        entries = [
            Entry("A/1", self.a1, "19:00", 90),
            Entry("A/2", self.a2, "19:00", 450),
            Entry("B/1", self.b1, "19:00", 270),
            Entry("B/2", self.b2, "19:00", 180),
        ]
        self.assertEqual(
            [e.errors for e in save_figures(self.election, entries)], [[]] * 4
        )
        rows = {row.code: row for row in rollup.admin_rows(self.election)}
        city = rows["79"]
        self.assertEqual(city.voters_on_list, 1100)
        self.assertEqual((city.reported["19:00"], city.voted["19:00"]), (4, 990))
        self.assertEqual(rows["26737"].voters_on_list, 500)
        self.client.force_login(self.city_user)
        with at(20):
            page = self.client.get(
                reverse("polling:dashboard", args=[self.election.code, "79"])
            )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "1.100")
        self.assertContains(page, "90,00")
        self.assertContains(page, "gồm 1.000 cử tri của 3 khu vực theo số khai báo")


class DeclarationScreenTests(DeclaredMixin, TestCase):
    def url(self, area):
        return reverse("voters:area_list_size", args=[area.pk])

    def test_the_commune_declares_on_its_screen(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(self.url(self.a2))
        self.assertContains(page, "Số cử tri theo danh sách niêm yết (khai báo)")
        sent = self.client.post(
            self.url(self.a2),
            {"voters": "850", "reason": REASON, f"contest_{self.hdnd_a.pk}": "840"},
        )
        self.assertEqual(sent.status_code, 302)
        self.assertEqual(self.counts(self.a2)[None], (850, True, True))
        self.assertEqual(self.counts(self.a2)[self.hdnd_a.pk], (840, False, True))
        self.assertContains(self.client.get(self.url(self.a2)), "850")

    def test_another_ward_cannot_declare_and_a_listed_area_is_refused(self):
        self.client.force_login(self.ward_b_user)
        self.assertEqual(self.client.get(self.url(self.a2)).status_code, 404)
        sent = self.client.post(self.url(self.a2), {"voters": "9", "reason": REASON})
        self.assertEqual(sent.status_code, 404)
        self.assertEqual(self.counts(self.a2)[None], (0, True, False))
        self.client.force_login(self.ward_a_user)
        page = self.client.get(self.url(self.a1))
        self.assertContains(page, "đã có danh sách cử tri trong hệ thống")
        self.client.post(self.url(self.a1), {"voters": "9", "reason": REASON})
        self.assertEqual(self.counts(self.a1)[None], (100, True, False))

    def test_a_board_without_the_permission_is_refused(self):
        self.client.force_login(self.board_user)
        self.assertEqual(self.client.get(self.url(self.a2)).status_code, 403)

    def test_a_reason_is_required(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.post(self.url(self.a2), {"voters": "850", "reason": ""})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.counts(self.a2)[None], (0, True, False))
