"""The turnout API's fast path: token requests skip the session middleware, and the
per-process caches never let a submission be checked against stale rules."""

import datetime
import json
import unittest
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from electionadmin.access.models import Profile
from electionadmin.polling import api, entry
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import ApiToken, TurnoutFigure
from electionadmin.polling.rules import NEIGHBOURS
from electionadmin.setup.models import VotingArea
from electionadmin.voters.counts import refresh_list_counts

from .factories import make_area, make_election
from .test_polling_data import add_voters
from .test_polling_views import PollingViewMixin

EARLY = datetime.date(2026, 3, 8)


class ApiMixin(PollingViewMixin):
    def setUp(self):
        api.forget()
        _, self.team_key = ApiToken.issue(self.team_user)
        _, self.ward_key = ApiToken.issue(self.ward_a_user)

    def post(self, key, area="26734/1", slot="09:00", voted=10, client=None, **extra):
        body = {"area": area, "slot": slot, "voters_voted": voted, **extra}
        headers = {"Authorization": f"Token {key}"} if key else {}
        return (client or self.client).post(
            self.url("api_turnout"),
            json.dumps(body),
            content_type="application/json",
            headers=headers,
        )

    def later(self, seconds: float):
        """The API's clock, `seconds` on (as another process's change ages)."""
        now = api._clock()
        return mock.patch.object(api, "_clock", lambda: now + seconds)


class TokenPathTests(ApiMixin, TestCase):
    def test_a_token_needs_no_csrf_token_and_gets_no_cookie(self):
        strict = Client(enforce_csrf_checks=True)
        response = self.post(self.team_key, client=strict)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.cookies, {})
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")

    def test_a_session_still_needs_its_csrf_token(self):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.ward_a_user)
        self.assertEqual(self.post(None, client=strict).status_code, 401)
        secret = "a" * 32
        strict.cookies["csrftoken"] = secret
        response = strict.post(
            self.url("api_turnout"),
            json.dumps({"area": "26734/1", "slot": "09:00", "voters_voted": 10}),
            content_type="application/json",
            headers={"X-CSRFToken": secret},
        )
        self.assertEqual(response.status_code, 200)

    def test_a_request_with_a_token_is_judged_by_the_token_alone(self):
        self.client.force_login(self.ward_a_user)
        self.assertEqual(self.post("not-a-key").status_code, 401)
        self.assertFalse(TurnoutFigure.objects.exists())

    def test_an_unknown_host_is_refused(self):
        response = self.client.post(
            self.url("api_turnout"),
            "{}",
            content_type="application/json",
            headers={"Authorization": f"Token {self.team_key}"},
            HTTP_HOST="bau-cu.example.com",
        )
        self.assertEqual(response.status_code, 400)

    def test_the_submission_is_saved_with_its_audit_entry(self):
        self.post(self.team_key, voted=10)
        response = self.post(self.team_key, voted=12)
        self.assertEqual(response.json()["action"], "updated")
        figure = TurnoutFigure.objects.get(voting_area=self.a1)
        self.assertEqual((figure.voters_voted, figure.source), (12, "api"))
        self.assertEqual(figure.entered_by, self.team_user)
        audits = figure_audits(figure)
        self.assertEqual(
            [(a.action, a.changes, a.user) for a in audits],
            [
                ("create", {"voters_voted": [None, 10]}, self.team_user),
                ("update", {"voters_voted": [10, 12]}, self.team_user),
            ],
        )

    def test_a_per_contest_figure_gets_its_electoral_unit(self):
        response = self.post(self.team_key, voted=7, contest="HDND_XA:26734")
        self.assertEqual(response.status_code, 200)
        figure = TurnoutFigure.objects.get(contest=self.hdnd_a)
        self.assertEqual(figure.electoral_unit, self.hdnd_a_unit)
        self.assertEqual(self.post(self.team_key, contest="HDND_XA:1").status_code, 400)


def figure_audits(figure):
    from electionadmin.audit.models import AuditEntry

    return AuditEntry.objects.filter(object_id=str(figure.pk)).order_by("id")


class CacheTests(ApiMixin, TestCase):
    def test_new_slots_of_the_election_count_from_the_next_submission(self):
        self.assertEqual(self.post(self.team_key, slot="10:00").status_code, 400)
        self.election.turnout_slots = ["09:00", "10:00", "15:00"]
        self.election.save()
        self.assertEqual(self.post(self.team_key, slot="10:00").status_code, 200)
        self.assertEqual(self.post(self.team_key, slot="11:00").status_code, 400)

    def test_new_slots_of_the_cycle_count_from_the_next_submission(self):
        self.assertEqual(self.post(self.team_key, slot="10:00").status_code, 400)
        cycle = self.election.cycle
        cycle.turnout_slots = ["08:00", "10:00"]
        cycle.save()
        self.assertEqual(self.post(self.team_key, slot="10:00").status_code, 200)

    def test_a_longer_voter_list_counts_from_the_next_submission(self):
        refused = self.post(self.team_key, voted=115)
        self.assertIn("(110)", refused.json()["errors"][0])
        add_voters(self.a1, 10)
        refresh_list_counts(self.election, [self.a1.pk])
        self.assertEqual(self.post(self.team_key, voted=115).status_code, 200)

    def test_a_revoked_token_is_refused_at_once(self):
        self.assertEqual(self.post(self.team_key).status_code, 200)
        ApiToken.objects.filter(user=self.team_user).delete()
        self.assertEqual(self.post(self.team_key, voted=11).status_code, 401)

    def test_another_process_deactivating_the_user_counts_within_a_minute(self):
        self.assertEqual(self.post(self.team_key).status_code, 200)
        get_user_model().objects.filter(pk=self.team_user.pk).update(is_active=False)
        with self.later(api.CACHE_SECONDS + 1):
            self.assertEqual(self.post(self.team_key, voted=11).status_code, 401)

    def test_another_process_moving_the_team_counts_within_a_minute(self):
        self.assertEqual(self.post(self.team_key).status_code, 200)
        Profile.objects.filter(user=self.team_user).update(voting_area=self.a2)
        with self.later(api.CACHE_SECONDS + 1):
            self.assertEqual(self.post(self.team_key, voted=11).status_code, 403)
            moved = self.post(self.team_key, area="26734/2", voted=11)
            self.assertEqual(moved.status_code, 200)

    def test_an_unchanged_user_is_rechecked_with_one_small_query(self):
        self.post(self.team_key)
        with (
            self.later(api.CACHE_SECONDS + 1),
            CaptureQueriesContext(connection) as rechecked,
        ):
            self.assertEqual(self.post(self.team_key, voted=12).status_code, 200)
        token_queries = [q["sql"] for q in rechecked if "polling_apitoken" in q["sql"]]
        self.assertEqual(len(token_queries), 1)
        self.assertIn("t.digest", token_queries[0])

    def test_an_area_renumbered_by_another_process_is_loaded_again(self):
        self.assertEqual(self.post(self.ward_key, area="26734/2").status_code, 200)
        VotingArea.objects.filter(pk=self.a2.pk).update(number=9)
        self.assertEqual(self.post(self.ward_key, area="26734/2").status_code, 404)
        self.assertEqual(
            self.post(self.ward_key, area="26734/9", voted=11).status_code, 200
        )
        self.assertEqual(self.figure(self.a2), 11)

    def test_an_early_voting_date_set_by_another_process_counts_at_once(self):
        areas = [make_area(self.election, self.ward_b, n) for n in (3, 4, 5, 6)]
        for area in areas:
            add_voters(area, 100)
        _, key = ApiToken.issue(self.ward_b_user)
        for area in areas[:3]:
            self.post(key, area=f"26737/{area.number}", voted=30)
        VotingArea.objects.filter(pk=areas[3].pk).update(voting_date=EARLY)
        response = self.post(key, area="26737/6", voted=90)
        self.assertEqual(response.json()["warnings"], [])
        VotingArea.objects.filter(pk=areas[3].pk).update(voting_date=None)
        response = self.post(key, area="26737/6", voted=91)
        self.assertEqual(response.json()["warnings"][0]["code"], NEIGHBOURS)


class NeighbourTests(PollingViewMixin, TestCase):
    def test_another_elections_figures_are_not_neighbours(self):
        other = make_election("KHAC-2026")
        for number in (1, 2, 3):
            area = make_area(other, self.ward_b, number)
            add_voters(area, 100)
            save_figures(other, [Entry("x", area, "11:00", 10)])
        (saved,) = save_figures(self.election, [Entry("x", self.b1, "11:00", 270)])
        self.assertEqual((saved.errors, saved.warnings), ([], []))


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class AsyncCommitTests(PollingViewMixin, TestCase):
    def setting(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    def save_and_read_setting(self) -> str:
        with transaction.atomic():  # a batch (one figure: test_polling_race)
            save_figures(
                self.election,
                [Entry("x", self.a1, "09:00", 5), Entry("y", self.a2, "09:00", 5)],
            )
            return self.setting()

    def test_a_turnout_transaction_does_not_wait_for_the_flush(self):
        self.assertEqual(self.save_and_read_setting(), "off")

    def test_it_waits_for_the_flush_when_switched_off(self):
        before = self.setting()
        with mock.patch.object(entry, "ASYNC_COMMIT", False):
            self.assertEqual(self.save_and_read_setting(), before)
