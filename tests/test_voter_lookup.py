"""Tra cứu nơi bỏ phiếu: the public look-up by citizen ID and birth date."""

import datetime
import logging
import re

from django.core.cache import cache
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from electionadmin.publishing import lookup
from electionadmin.voters.models import VoterEntry

from .factories import SmallElectionMixin

URL = "/tra-cuu-noi-bo-phieu/"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def entry(area, number, citizen_id, birth, precision="d", **extra) -> VoterEntry:
    return VoterEntry.objects.create(
        election=area.election,
        voting_area=area,
        commune=area.commune,
        list_number=number,
        citizen_id=citizen_id,
        full_name=extra.pop("full_name", "Nguyễn Văn Thử"),
        birth_date=birth,
        birth_precision=precision,
        gender="M",
        residence="permanent",
        permanent_address="12 Hai Bà Trưng",
        added_at=timezone.now(),
        **extra,
    )


class LookupTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Election day in 20 days: the list is posted (from 40 days before).
        cls.election.election_date = timezone.localdate() + datetime.timedelta(20)
        cls.election.save()
        entry(
            cls.a1,
            17,
            "079085001234",
            datetime.date(1985, 9, 5),
            full_name="Trần Thị Riêng Tư",
            occupation="Giáo viên",
        )
        entry(cls.a2, 3, "079056004321", datetime.date(1956, 1, 1), precision="y")

    def setUp(self):
        cache.clear()

    def ask(self, citizen_id, birth, **extra):
        return self.client.post(
            URL, {"citizen_id": citizen_id, "birth_date": birth}, **extra
        )

    def test_a_voter_gets_area_polling_place_and_number_only(self):
        response = self.ask("079 085 001 234", "05/09/1985")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Khu vực bỏ phiếu số 1")
        self.assertContains(response, "Phường Tân Định")
        self.assertContains(response, "Trường Tiểu học A")
        self.assertContains(response, "<dd>17</dd>", html=False)
        for private in ("Trần Thị Riêng Tư", "Giáo viên", "12 Hai Bà Trưng", "1985"):
            self.assertNotContains(response, private)
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_year_of_birth_alone_matches_the_year(self):
        self.assertContains(self.ask("079056004321", "20/07/1956"), "<dd>3</dd>")

    def test_not_found_and_wrong_birth_date_get_the_same_answer(self):
        unknown = self.ask("079099999999", "05/09/1985")
        wrong_birth = self.ask("079085001234", "06/09/1985")
        self.assertEqual(unknown.status_code, wrong_birth.status_code)
        self.assertEqual(unknown.status_code, 200)
        # The CSRF token is random on every page; the rest is byte for byte equal.
        self.assertEqual(
            CSRF.sub(b"", unknown.content), CSRF.sub(b"", wrong_birth.content)
        )
        self.assertContains(unknown, "Không tìm thấy cử tri")
        self.assertNotContains(unknown, "079099999999")

    def test_a_struck_off_entry_is_not_found(self):
        VoterEntry.objects.filter(citizen_id="079085001234").update(
            status="removed", removal_reason="died", removed_at=timezone.now()
        )
        self.assertContains(self.ask("079085001234", "05/09/1985"), "Không tìm thấy")

    def test_only_while_the_list_is_posted(self):
        self.election.election_date = timezone.localdate() + datetime.timedelta(60)
        self.election.save()
        self.assertContains(self.client.get(URL), "Hiện không có danh sách cử tri")
        self.assertContains(self.ask("079085001234", "05/09/1985"), "Không tìm thấy")
        self.election.election_date = timezone.localdate() - datetime.timedelta(1)
        self.election.save()
        self.assertContains(self.ask("079085001234", "05/09/1985"), "Không tìm thấy")
        with override_settings(VOTER_LOOKUP_ALWAYS_OPEN=True):
            self.assertContains(self.ask("079085001234", "05/09/1985"), "<dd>17</dd>")

    def test_get_shows_the_form_and_takes_nothing_from_the_url(self):
        response = self.client.get(
            URL, {"citizen_id": "079085001234", "birth_date": "05/09/1985"}
        )
        self.assertContains(response, 'method="post"')
        self.assertNotContains(response, "Khu vực bỏ phiếu số 1")

    def test_bad_input_is_explained_in_vietnamese(self):
        response = self.ask("12345", "1985-09-05")
        self.assertContains(response, "phải gồm đúng 12 chữ số")
        self.assertContains(response, "Ngày sinh phải có dạng ngày/tháng/năm")

    def test_ten_tries_per_client_in_ten_minutes(self):
        for _ in range(lookup.LOOKUP_LIMIT):
            self.assertEqual(self.ask("079099999999", "05/09/1985").status_code, 200)
        refused = self.ask("079085001234", "05/09/1985")
        self.assertEqual(refused.status_code, 429)
        self.assertContains(refused, "quá 10 lần trong 10 phút", status_code=429)
        self.assertNotContains(refused, "Khu vực bỏ phiếu số 1", status_code=429)
        # Another client is not held back.
        other = self.ask("079085001234", "05/09/1985", REMOTE_ADDR="10.0.0.9")
        self.assertContains(other, "<dd>17</dd>")

    def test_the_window_ends(self):
        for _ in range(lookup.LOOKUP_LIMIT + 1):
            self.ask("079099999999", "05/09/1985")
        # What the cache does LOOKUP_WINDOW seconds after the first try:
        cache.delete(lookup.client_key(RequestFactory().post(URL)))
        self.assertContains(self.ask("079085001234", "05/09/1985"), "<dd>17</dd>")

    def test_nothing_personal_is_logged(self):
        with self.assertLogs(level=logging.DEBUG) as logs:
            logging.getLogger("django.request").debug("start")
            for _ in range(lookup.LOOKUP_LIMIT + 1):
                self.ask("079085001234", "06/09/1985")
        text = "\n".join(logs.output)
        self.assertNotIn("079085001234", text)
        self.assertNotIn("1985", text)
        self.assertIn("Too Many Requests", text)

    def test_the_client_header_behind_a_proxy(self):
        with override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP"):
            for _ in range(lookup.LOOKUP_LIMIT):
                self.ask("079099999999", "05/09/1985", HTTP_X_REAL_IP="203.0.113.5")
            refused = self.ask(
                "079085001234", "05/09/1985", HTTP_X_REAL_IP="203.0.113.5"
            )
            self.assertEqual(refused.status_code, 429)
            fine = self.ask("079085001234", "05/09/1985", HTTP_X_REAL_IP="203.0.113.6")
            self.assertEqual(fine.status_code, 200)

    def test_the_home_page_links_the_look_up(self):
        self.assertContains(self.client.get("/"), f'href="{reverse("voter_lookup")}"')
