"""Dates checked in the admin forms as in the importer: early voting before election
day (voting area, election), the cycle's calendar in order, a later round within the
cycle's limit (setup/rules.py, results/rounds.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from electionadmin.results.forms import OpenRoundForm
from electionadmin.setup import rules
from electionadmin.setup.cycle_defaults import CYCLES
from electionadmin.setup.models import Cycle
from tests.factories import SmallElectionMixin

from .test_setup_locks import form_fields


class CalendarRuleTests(SimpleTestCase):
    def test_the_cycles_calendars_are_in_order(self):
        for cycle in CYCLES:
            self.assertEqual(rules.calendar_problems(cycle["deadlines"]), [])

    def test_posting_after_election_day_is_refused(self):
        deadlines = dict(CYCLES[1]["deadlines"]) | {"voter_list_posted": 2}
        problems = rules.calendar_problems(deadlines, name=lambda key: f"<{key}>")
        self.assertEqual(
            problems, ["<voter_list_posted> phải trước ngày bầu cử (số ngày âm)."]
        )

    def test_teams_formed_after_posting_is_refused(self):
        deadlines = dict(CYCLES[1]["deadlines"]) | {"teams_formed": -30}
        problems = rules.calendar_problems(deadlines, name=lambda key: f"<{key}>")
        self.assertEqual(
            problems,
            [
                "<teams_formed> (-30 ngày) phải không muộn hơn <voter_list_posted> "
                "(-40 ngày)."
            ],
        )

    def test_results_are_announced_after_the_minutes(self):
        deadlines = dict(CYCLES[0]["deadlines"]) | {"hdnd_results_announced": 4}
        [problem] = rules.calendar_problems(deadlines, name=lambda key: key)
        self.assertIn("hdnd_results_announced", problem)


class AdminDateTests(SmallElectionMixin, TestCase):
    def post(self, user, url, form_id, **values):
        self.client.force_login(user)
        data = form_fields(self.client.get(url).content.decode(), form_id)
        return self.client.post(url, data | values)

    def test_early_voting_after_election_day_is_refused_on_the_area(self):
        url = reverse("admin:setup_votingarea_change", args=[self.a1.pk])
        response = self.post(
            self.city_user, url, "votingarea_form", voting_date="2026-03-16"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["adminform"].form.errors["voting_date"],
            ["Ngày bỏ phiếu sớm (16/03/2026) phải trước ngày bầu cử (15/03/2026)."],
        )
        self.a1.refresh_from_db()
        self.assertIsNone(self.a1.voting_date)
        self.post(self.ward_a_user, url, "votingarea_form", voting_date="2026-03-14")
        self.a1.refresh_from_db()
        self.assertEqual(self.a1.voting_date, datetime.date(2026, 3, 14))

    def test_moving_election_day_before_an_early_vote_is_refused(self):
        self.a1.voting_date = datetime.date(2026, 3, 14)
        self.a1.save()
        url = reverse("admin:setup_election_change", args=[self.election.pk])
        response = self.post(
            self.city_user, url, "election_form", election_date="2026-03-13"
        )
        self.assertEqual(response.status_code, 200)
        [error] = response.context["adminform"].form.errors["election_date"]
        self.assertIn("26734/1", error)
        self.election.refresh_from_db()
        self.assertEqual(self.election.election_date, datetime.date(2026, 3, 15))

    def test_the_cycle_calendar_out_of_order_is_refused(self):
        root = get_user_model().objects.create_superuser("quantri")
        cycle = Cycle.objects.get(code="2026")
        url = reverse("admin:setup_cycle_change", args=[cycle.pk])
        deadlines = dict(cycle.deadlines) | {"voter_list_posted": 3}
        response = self.post(
            root, url, "cycle_form", deadlines=str(deadlines).replace("'", '"')
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.errors["deadlines"]
        self.assertIn(
            "Niêm yết danh sách cử tri phải trước ngày bầu cử (số ngày âm).", errors
        )
        cycle.refresh_from_db()
        self.assertEqual(cycle.deadlines["voter_list_posted"], -40)


class RoundDateTests(SmallElectionMixin, TestCase):
    def form(self, day: str) -> OpenRoundForm:
        data = {"decision": "Nghị quyết số 1", "election_date": day}
        return OpenRoundForm(data, election=self.election)

    def test_the_limit_is_said_before_the_form_is_filled(self):
        help_text = OpenRoundForm(election=self.election).fields["election_date"]
        self.assertEqual(
            help_text.help_text,
            "Sau ngày bầu cử 15/03/2026 và chậm nhất là ngày 30/03/2026.",
        )

    def test_a_round_after_the_limit_or_before_election_day_is_refused(self):
        for day in ("31/03/2026", "15/03/2026"):
            form = self.form(day)
            form.is_valid()
            self.assertEqual(
                form.errors["election_date"],
                [
                    "Ngày bầu cử lại, bầu cử thêm phải sau ngày bầu cử 15/03/2026 và "
                    "chậm nhất là ngày 30/03/2026."
                ],
            )
        form = self.form("30/03/2026")
        form.is_valid()
        self.assertNotIn("election_date", form.errors)
