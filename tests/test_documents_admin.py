"""Every form of both cycles prints from the admin; the inventory is entered there;
the changelist action prints the chosen minutes; printing respects the scope."""

from django.test import TestCase
from django.urls import reverse

from electionadmin.printing import catalogue
from electionadmin.results.models import BallotInventory, CountingRecord

from .factories import make_user
from .test_documents_base import DocumentsElection, pdf_text, scopes


class AdminPrintingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.docs = {cycle: DocumentsElection(cycle) for cycle in ("2021", "2026")}
        cls.root = cls.docs["2021"].superuser()

    def setUp(self):
        self.client.force_login(self.root)

    def get_pdf(self, election, key, scope, contest=None):
        query = {"form_key": key, "scope": scope, "round": "first"}
        if contest:
            query["contest"] = contest
        url = reverse("results:print", args=[election.code])
        return self.client.get(url, query)

    def test_every_form_of_both_cycles_prints_from_the_admin(self):
        for cycle, doc in self.docs.items():
            for key, scope, contest in scopes(doc):
                with self.subTest(cycle=cycle, key=key):
                    response = self.get_pdf(doc.election, key, scope, contest)
                    self.assertEqual(response["Content-Type"], "application/pdf")
                    self.assertIn(
                        f"{doc.election.code}-{key.lower()}",
                        response["Content-Disposition"],
                    )
                    text = pdf_text(response.content)
                    title = catalogue.entry(doc.election.cycle, key)["title"]
                    self.assertIn(title.upper()[:20], text)

    def test_the_print_page_lists_the_cycles_catalogue_and_explains_errors(self):
        doc = self.docs["2026"]
        page = self.client.get(reverse("results:print", args=[doc.election.code]))
        self.assertContains(page, "Mẫu số 18/HĐBC-QH")
        self.assertContains(page, "Nghị quyết số 40/NQ-HĐBCQG")
        # The form by number and name, the scope by name from menus, no codes.
        self.assertContains(page, "Mẫu số 18/HĐBC-QH - Biên bản")
        self.assertContains(page, '<optgroup label="Đơn vị bầu cử">')
        self.assertContains(page, "Khu vực bỏ phiếu số 1 - Phường Tân Định")
        self.assertNotContains(page, ">TEAM_COUNT_QH<")
        self.assertNotContains(page, ">26734/1<")
        mismatch = self.get_pdf(doc.election, "BOARD_RESULT_QH", "26734/1")
        self.assertContains(mismatch, "Biểu mẫu này in cho một mục trong nhóm")
        self.assertContains(mismatch, "Đơn vị bầu cử")
        missing = self.get_pdf(doc.election, "BOARD_RESULT_QH", "QH#9")
        self.assertEqual(missing.status_code, 404)  # in no menu: as a foreign id

    def test_the_board_and_record_screens_link_to_their_forms(self):
        doc = self.docs["2021"]
        board = self.client.get(reverse("results:board", args=[doc.qh_unit.pk]))
        self.assertContains(board, "form_key=BOARD_RESULT_QH&amp;scope=QH%231")
        record = self.client.get(reverse("results:record", args=[doc.qh_a1.pk]))
        self.assertContains(record, "form_key=TEAM_COUNT_QH")
        committee = self.client.get(reverse("results:committee", args=[doc.tinh.pk]))
        self.assertContains(committee, "form_key=COMMITTEE_SUMMARY_HDND")

    def test_the_changelist_action_prints_the_chosen_minutes_in_one_pdf(self):
        doc = self.docs["2021"]
        chosen = CountingRecord.objects.filter(contest=doc.qh).values_list(
            "pk", flat=True
        )
        response = self.client.post(
            reverse("admin:results_countingrecord_changelist"),
            {"action": "print_selected", "_selected_action": list(chosen)},
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertEqual(text.count("Mẫu số 20/HĐBC-QH"), 3)
        for key in ("26734/1", "26734/2", "26737/1"):
            self.assertIn(key, text)


class InventoryAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2026")
        cls.team = make_user("to-26734-2", "election_team", voting_area=cls.doc.a2)

    def test_a_team_enters_its_inventory_and_the_balance_is_checked(self):
        self.client.force_login(self.team)
        url = reverse("admin:results_ballotinventory_add")
        data = {
            "contest": self.doc.qh.pk,
            "voting_area": self.doc.a2.pk,
            "round": "first",
            "received": 1000,
            "issued": 900,
            "spoiled": 3,
            "unused": 90,
        }
        page = self.client.post(url, data)
        self.assertContains(page, "khác số phiếu phát ra")
        self.client.post(url, data | {"unused": 97})
        saved = BallotInventory.objects.get(voting_area=self.doc.a2)
        self.assertEqual(saved.entered_by, self.team)
        pdf = self.client.get(
            reverse("results:print", args=["DOC-2026"]),
            {"form_key": "BALLOT_INVENTORY", "scope": "26734/2", "round": "first"},
        )
        self.assertIn("Mẫu số 33/HĐBC", pdf_text(pdf.content))

    def test_a_team_cannot_enter_or_print_another_areas_inventory(self):
        self.client.force_login(self.team)
        url = reverse("admin:results_ballotinventory_add")
        self.client.post(
            url,
            {
                "contest": self.doc.qh.pk,
                "voting_area": self.doc.b1.pk,
                "round": "first",
                "received": 10,
                "issued": 10,
                "spoiled": 0,
                "unused": 0,
            },
        )
        self.assertFalse(BallotInventory.objects.filter(voting_area=self.doc.b1))
        pdf = self.client.get(
            reverse("results:print", args=["DOC-2026"]),
            {"form_key": "BALLOT_INVENTORY", "scope": "26734/1", "round": "first"},
        )
        self.assertEqual(pdf.status_code, 404)
