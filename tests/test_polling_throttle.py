"""The turnout API's per-token limit: counted in the cache, never in the database
(issue #11, 7)."""

import json
from unittest import mock

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from electionadmin.polling import api
from electionadmin.polling.models import TurnoutFigure

from .test_polling_api import ApiMixin


@override_settings(TURNOUT_API_PER_MINUTE=3)
class ThrottleTests(ApiMixin, TestCase):
    def at(self, seconds: float):
        return mock.patch.object(api, "_wall", lambda: seconds)

    def test_a_token_past_its_minutes_limit_is_refused_and_told_when_to_retry(self):
        with self.at(600_000.0 + 15):
            for voted in (10, 11, 12):
                self.assertEqual(self.post(self.team_key, voted=voted).status_code, 200)
            refused = self.post(self.team_key, voted=13)
        self.assertEqual(refused.status_code, 429)
        self.assertEqual(refused["Retry-After"], "45")
        self.assertEqual(
            json.loads(refused.content)["errors"],
            ["Khóa này đã gửi quá 3 lần trong một phút: gửi lại sau 45 giây."],
        )
        figure = TurnoutFigure.objects.get(voting_area=self.a1, contest=None)
        self.assertEqual(figure.voters_voted, 12)

    def test_another_token_keeps_its_own_count(self):
        with self.at(600_000.0):
            for voted in (10, 11, 12, 13):
                self.post(self.team_key, voted=voted)
            self.assertEqual(self.post(self.ward_key, voted=14).status_code, 200)

    def test_the_next_minute_starts_a_new_count(self):
        with self.at(600_000.0 + 59):
            for voted in (10, 11, 12):
                self.post(self.team_key, voted=voted)
            self.assertEqual(self.post(self.team_key, voted=13).status_code, 429)
        with self.at(600_000.0 + 60):
            self.assertEqual(self.post(self.team_key, voted=13).status_code, 200)

    def test_a_refused_submission_sends_no_query(self):
        with self.at(600_000.0):
            for voted in (10, 11, 12):
                self.post(self.team_key, voted=voted)
            with CaptureQueriesContext(connection) as sent:
                self.assertEqual(self.post(self.team_key, voted=13).status_code, 429)
        self.assertEqual(len(sent), 0)

    def test_the_count_adds_no_query_to_an_accepted_submission(self):
        with self.at(600_000.0):
            self.post(self.team_key, voted=10)
            with CaptureQueriesContext(connection) as limited:
                self.post(self.team_key, voted=11)
            with (
                override_settings(TURNOUT_API_PER_MINUTE=0),
                CaptureQueriesContext(connection) as unlimited,
            ):
                self.post(self.team_key, voted=12)
        self.assertEqual(len(limited), len(unlimited))
