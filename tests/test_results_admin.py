"""The minutes' screens: double entry by two users who do not see each other's
figures, blocking errors, mismatch, explanations, acceptance, reopening, and scope
(a ward never opens another ward's minutes; a board accepts only its own unit's)."""

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.results.models import CountingRecord
from electionadmin.results.workflow import add_entry, open_record, submit

from .factories import make_user
from .test_results_base import ResultsMixin, figures


def entry_data(votes=(500, 300, 80), complaints="", **figs) -> dict:
    data = figures(**figs) | {"complaints": complaints}
    data |= {f"votes_{order}": n for order, n in enumerate(votes, 1)}
    return data


def transitions(record) -> list[str]:
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CountingRecord),
        object_id=str(record.pk),
    ).order_by("id")
    return [e.changes.get("transition") for e in entries]


class ScreensMixin(ResultsMixin):
    def url(self, name, record):
        return reverse(f"results:{name}", args=[record.pk])

    def status(self, record) -> str:
        record.refresh_from_db()
        return record.status

    def entered(self, **figs) -> CountingRecord:
        """QH minutes of A/1 whose double entry agreed (team + clerk)."""
        record = open_record(self.qh, self.a1)
        votes = self.qh_votes(500, 300, 80)
        add_entry(record, self.team_user, figures(**figs), votes)
        add_entry(record, self.clerk, figures(**figs), votes)
        record.refresh_from_db()
        return record


class DoubleEntryScreenTests(ScreensMixin, TestCase):
    def test_two_users_enter_the_paper_minutes_and_they_agree(self):
        self.client.force_login(self.team_user)
        opened = self.client.post(
            reverse("results:open"),
            {"area": self.a1.pk, "contest": self.qh.pk, "round": "first"},
        )
        new = reverse("results:new_entry", args=[self.a1.pk, self.qh.pk])
        self.assertRedirects(opened, new)
        page = self.client.get(new)
        self.assertContains(page, "Tổng số cử tri của khu vực bỏ phiếu")
        self.assertContains(page, "Trần Thị Bình")
        self.assertFalse(CountingRecord.objects.exists())  # nothing until saved
        done = self.client.post(new, entry_data(complaints="Không có khiếu nại."))
        record = CountingRecord.objects.get(contest=self.qh, voting_area=self.a1)
        self.assertRedirects(done, self.url("record", record))
        self.assertEqual(self.status(record), "draft")
        self.client.force_login(self.clerk)
        self.client.post(self.url("entry", record), entry_data())
        self.assertEqual(self.status(record), "entered")
        self.assertEqual(record.complaints, "Không có khiếu nại.")
        self.assertEqual(transitions(record)[-1], "entered")

    def test_the_second_entrant_never_sees_the_first_figures(self):
        record = open_record(self.qh, self.a1)
        add_entry(
            record, self.team_user, figures(on_list=1234), self.qh_votes(517, 0, 363)
        )
        self.client.force_login(self.clerk)
        for name in ("record", "entry"):
            page = self.client.get(self.url(name, record)).content.decode()
            for secret in ("1234", "1.234", "517", "363"):
                self.assertNotIn(secret, page)

    def test_the_same_user_cannot_enter_twice(self):
        record = open_record(self.qh, self.a1)
        add_entry(record, self.team_user, figures(), self.qh_votes(500, 300, 80))
        self.client.force_login(self.team_user)
        self.assertEqual(self.client.get(self.url("entry", record)).status_code, 403)

    def test_an_entry_breaking_the_arithmetic_is_refused_naming_the_row(self):
        record = open_record(self.qh, self.a1)
        self.client.force_login(self.team_user)
        page = self.client.post(self.url("entry", record), entry_data(invalid=21))
        self.assertContains(page, "E01")
        self.assertContains(page, "phải bằng số phiếu thu vào")
        over = self.client.post(
            self.url("entry", record), entry_data(votes=(900, 0, 0))
        )
        self.assertContains(over, "E04: Số phiếu bầu của Lê Văn An")
        self.assertFalse(record.entries.exists())

    def test_a_mismatch_is_settled_by_the_board_never_by_an_entrant(self):
        record = open_record(self.qh, self.a1)
        first = add_entry(
            record, self.team_user, figures(), self.qh_votes(500, 300, 80)
        )
        add_entry(record, self.clerk, figures(), self.qh_votes(500, 301, 79))
        self.assertEqual(self.status(record), "mismatch")
        self.client.force_login(self.team_user)
        self.assertEqual(self.client.get(self.url("mismatch", record)).status_code, 403)
        self.client.force_login(self.board_user)
        page = self.client.get(self.url("mismatch", record))
        differing = page.context["rows"]
        self.assertEqual(
            [r["label"] for r in differing if r["differs"]],
            ["2. Trần Thị Bình", "3. Phạm Chí"],
        )
        self.client.post(
            self.url("mismatch", record),
            {"choice": str(first.pk), "reason": "Đã đối chiếu bản giấy."},
        )
        self.assertEqual(self.status(record), "entered")
        self.assertEqual(record.votes_by_candidate()[self.candidates[1].pk], 300)

    def test_the_board_can_send_both_entries_back(self):
        record = open_record(self.qh, self.a1)
        add_entry(record, self.team_user, figures(), self.qh_votes(500, 300, 80))
        add_entry(record, self.clerk, figures(), self.qh_votes(500, 301, 79))
        self.client.force_login(self.board_user)
        self.client.post(self.url("mismatch", record), {"choice": "back"})
        self.assertEqual(self.status(record), "draft")
        self.assertEqual(record.entries.filter(discarded_at__isnull=True).count(), 0)


class SubmitAcceptScreenTests(ScreensMixin, TestCase):
    def test_submitting_needs_an_explanation_of_each_warning(self):
        record = self.entered(issued=902)  # W07: issued differs from voted
        self.client.force_login(self.ward_a_user)
        page = self.client.get(self.url("record", record))
        self.assertContains(page, "W07")
        self.client.post(self.url("submit", record), {"W07": ""}, follow=True)
        self.assertEqual(self.status(record), "entered")
        self.client.post(self.url("submit", record), {"W07": "Hai phiếu đổi do hỏng."})
        self.assertEqual(self.status(record), "submitted")
        self.assertEqual(record.explanations, {"W07": "Hai phiếu đổi do hỏng."})

    def test_a_board_accepts_only_its_own_units_minutes(self):
        record = self.entered()
        submit(record, self.ward_a_user)
        other_board = make_user(
            "banhdnd", "electoral_board", electoral_unit=self.hdnd_a_unit
        )
        self.client.force_login(other_board)
        self.assertEqual(self.client.get(self.url("record", record)).status_code, 404)
        self.assertEqual(self.client.post(self.url("accept", record)).status_code, 404)
        self.client.force_login(self.ward_a_user)  # a ward does not organise QH
        self.client.post(self.url("accept", record))
        self.assertEqual(self.status(record), "submitted")
        self.client.force_login(self.board_user)
        page = self.client.get(self.url("record", record))
        self.assertContains(page, "Chấp nhận biên bản")
        self.client.post(self.url("accept", record))
        self.assertEqual(self.status(record), "accepted")
        self.assertEqual(transitions(record)[-2:], ["submit", "accept"])

    def test_a_ward_cannot_open_another_wards_minutes(self):
        record = self.entered()
        self.client.force_login(self.ward_b_user)
        for name in ("record", "entry", "mismatch"):
            self.assertEqual(self.client.get(self.url(name, record)).status_code, 404)
        admin_page = reverse("admin:results_countingrecord_change", args=[record.pk])
        self.assertEqual(self.client.get(admin_page).status_code, 404)
        pdf = self.client.get(
            reverse("results:print", args=[self.election.code]),
            {"form_key": "TEAM_COUNT_QH", "scope": "26734/1", "round": "first"},
        )
        self.assertEqual(pdf.status_code, 404)
        listed = self.client.get(reverse("admin:results_countingrecord_changelist"))
        self.assertNotContains(listed, "26734/1")

    def test_reopening_needs_the_organising_committee_and_a_reason(self):
        record = self.entered()
        submit(record, self.ward_a_user)
        self.client.force_login(self.board_user)
        self.client.post(self.url("accept", record))
        self.client.post(self.url("reopen", record), {"reason": "Sai số"})
        self.assertEqual(self.status(record), "accepted")  # a board may not
        self.client.force_login(self.city_user)
        self.client.post(self.url("reopen", record), {"reason": ""})
        self.assertEqual(self.status(record), "accepted")
        self.client.post(self.url("reopen", record), {"reason": "Tổ báo ghi nhầm."})
        self.assertEqual(self.status(record), "draft")
        page = self.client.get(self.url("record", record))
        self.assertContains(page, "Tổ báo ghi nhầm.")
        self.assertEqual(transitions(record)[-1], "reopen")

    def test_the_entry_list_shows_the_teams_own_area_only(self):
        self.client.force_login(self.team_user)
        page = self.client.get(reverse("results:entry_list"))
        keys = {
            (link.voting_area.key, link.contest.key)
            for link, _, _ in page.context["rows"]
        }
        self.assertEqual(keys, {("26734/1", "QH"), ("26734/1", "HDND_XA:26734")})
