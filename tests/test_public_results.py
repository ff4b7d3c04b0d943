"""Public results (EXCHANGE §9) and certification from the command line (§8).

The small election: QH (certified in setUp) and the council of ward A (accepted
minutes, never certified). An anonymous visitor must see the first and nothing of
the second, in pages, files, previews, search and the sitemap.
"""

import csv
import datetime
import hashlib
import io
import json

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone
from wagtail.models import Page

from electionadmin.audit.models import AuditEntry
from electionadmin.publishing.models import ResultsIndexPage
from electionadmin.results import snapshots
from electionadmin.results.determination import election_results
from electionadmin.results.models import (
    CandidateVotes,
    Certification,
    CountingRecord,
    ResultSnapshot,
)
from electionadmin.results.workflow import WorkflowError

from .test_results_base import ResultsMixin, born, counted

BASE = "/ket-qua/TEST-2026/"
UNIT = BASE + "quoc-hoi/don-vi-1/"
COUNCIL_UNIT = BASE + "hdnd-xa-26734/don-vi-1/"
HIDDEN = ["Ngô Thị Dung", "Đỗ Văn Em"]  # the uncertified council's candidates


def certify_results(*args) -> str:
    out = io.StringIO()
    call_command("certify_results", "TEST-2026", *args, stdout=out)
    return out.getvalue()


def results_command(*args) -> str:
    out = io.StringIO()
    call_command("election_results", "TEST-2026", *args, stdout=out)
    return out.getvalue()


class PublicResultsMixin(ResultsMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for area, votes in [(cls.a1, (500, 300, 80)), (cls.a2, (400, 380, 100))]:
            counted(cls.qh_unit, area, dict(zip((1, 2, 3), votes, strict=True)))
        for area in (cls.b1, cls.b2):
            counted(cls.qh_unit, area, {1: 600, 2: 200, 3: 80})
        for area in (cls.a1, cls.a2):
            counted(cls.hdnd_a_unit, area, {1: 700, 2: 180})

    def setUp(self):
        cache.clear()

    def certify_qh(self):
        return certify_results("--contest", "QH", "--user", "thanhpho")


class CertifyCommandTests(PublicResultsMixin, TestCase):
    def test_it_certifies_locks_publishes_and_audits(self):
        self.assertIn("Đã xác nhận kết quả", self.certify_qh())
        certification = Certification.objects.get(contest=self.qh)
        self.assertEqual(certification.certified_by, self.city_user)
        statuses = set(
            CountingRecord.objects.filter(contest=self.qh).values_list(
                "status", flat=True
            )
        )
        self.assertEqual(statuses, {"locked"})
        snapshot = ResultSnapshot.objects.get(contest=self.qh)
        self.assertEqual(snapshot.version, 1)
        self.assertEqual(snapshot.certification, certification)
        self.assertEqual(
            snapshot.data,
            election_results(self.election, "QH")["contests"][0],
        )
        transitions = [
            e.changes["transition"] for e in AuditEntry.objects.order_by("id")
        ]
        self.assertEqual(transitions[-2:], ["certify", "publish"])

    def assert_refused(self, message, *args):
        before = (
            Certification.objects.count(),
            ResultSnapshot.objects.count(),
            AuditEntry.objects.count(),
            sorted(CountingRecord.objects.values_list("status", flat=True)),
        )
        with self.assertRaisesMessage(CommandError, message):
            certify_results(*args)
        after = (
            Certification.objects.count(),
            ResultSnapshot.objects.count(),
            AuditEntry.objects.count(),
            sorted(CountingRecord.objects.values_list("status", flat=True)),
        )
        self.assertEqual(before, after)

    def test_a_ward_committee_may_not_certify_the_national_assembly(self):
        self.assert_refused(
            "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới xác nhận được kết quả.",
            *("--contest", "QH", "--user", "phuonga"),
        )

    def test_minutes_not_accepted_are_refused(self):
        CountingRecord.objects.filter(voting_area=self.b2, contest=self.qh).update(
            status="submitted"
        )
        self.assert_refused(
            "Còn 1 biên bản chưa được chấp nhận.",
            *("--contest", "QH", "--user", "thanhpho"),
        )

    def test_an_undecided_tie_is_refused(self):
        people = [("Hồ Văn Một", born(1960)), ("Mai Văn Hai", born(1970))]
        people.append(("Lê Văn Ba", born(1970)))
        unit, (area,) = self.new_unit(2, people)
        counted(unit, area, {1: 600, 2: 500, 3: 500})
        self.assert_refused(
            "bằng phiếu và cùng ngày sinh ở đơn vị bầu cử số 1",
            *("--contest", "HDND_XA:26737", "--user", "thanhpho"),
        )

    def test_certifying_twice_is_refused(self):
        self.certify_qh()
        self.assert_refused(
            "đã được xác nhận", *("--contest", "QH", "--user", "thanhpho")
        )

    def test_unknown_user_and_contest_are_refused(self):
        self.assert_refused(
            "Không có người dùng 'ai'", *("--contest", "QH", "--user", "ai")
        )
        self.assert_refused(
            "không có 'HDND_TINH:01'",
            *("--contest", "HDND_TINH:01", "--user", "thanhpho"),
        )

    def test_revoking_needs_a_reason_the_authority_and_a_certification(self):
        self.assert_refused(
            "chưa được xác nhận",
            *("--contest", "QH", "--user", "thanhpho", "--revoke", "--reason", "x"),
        )
        self.certify_qh()
        self.assert_refused(
            "Phải ghi lý do", *("--contest", "QH", "--user", "thanhpho", "--revoke")
        )
        self.assert_refused(
            "mới hủy được",
            *("--contest", "QH", "--user", "phuonga", "--revoke", "--reason", "x"),
        )

    def test_revoking_unlocks_the_minutes_and_withdraws_the_publication(self):
        self.certify_qh()
        reason = "Sai sót ở biên bản khu vực 26737/2"
        out = certify_results(
            *("--contest", "QH", "--user", "thanhpho", "--revoke", "--reason", reason)
        )
        self.assertIn("Đã hủy xác nhận kết quả", out)
        certification = Certification.objects.get(contest=self.qh)
        self.assertEqual(certification.revoke_reason, reason)
        self.assertEqual(certification.revoked_by, self.city_user)
        self.assertFalse(
            CountingRecord.objects.filter(contest=self.qh, status="locked").exists()
        )
        snapshot = ResultSnapshot.objects.get(contest=self.qh)
        self.assertIsNotNone(snapshot.withdrawn_at)
        self.assertEqual(snapshot.withdraw_reason, reason)
        transitions = [
            e.changes["transition"] for e in AuditEntry.objects.order_by("id")
        ]
        self.assertEqual(transitions[-2:], ["revoke", "withdraw_publication"])


class SnapshotTests(PublicResultsMixin, TestCase):
    def test_a_snapshot_is_never_changed(self):
        self.certify_qh()
        snapshot = ResultSnapshot.objects.get()
        snapshot.data = {}
        with self.assertRaises(ValueError):
            snapshot.save()

    def test_no_snapshot_of_an_uncertified_contest(self):
        with self.assertRaisesMessage(WorkflowError, "chưa được xác nhận"):
            snapshots.take_snapshot(self.hdnd_a, self.city_user)

    def test_a_new_version_replaces_the_old_on_the_site(self):
        self.certify_qh()
        second = snapshots.take_snapshot(self.qh, self.city_user)
        self.assertEqual(second.version, 2)
        self.assertEqual(snapshots.current(self.election), [second])
        data = json.loads(self.client.get(BASE + "ket-qua.json").content)
        self.assertEqual(data["contests"][0]["version"], 2)
        page = self.client.get(BASE).content.decode()
        self.assertIn("Đã được thay bằng phiên bản mới hơn", page)

    def test_a_winner_not_confirmed_is_published_as_a_new_version(self):
        self.certify_qh()
        call_command(
            "confirm_elected", "TEST-2026", "--contest", "QH",
            "--candidate", "Lê Văn An", "--decision", "Nghị quyết số 40/NQ-HĐBCQG",
            "--not-confirmed", "--reason", "Không đủ tiêu chuẩn", "--user", "thanhpho",
            stdout=io.StringIO(),
        )  # fmt: skip
        data = json.loads(self.client.get(BASE + "ket-qua.json").content)
        (unit,) = data["contests"][0]["units"]
        self.assertEqual(data["contests"][0]["version"], 2)
        self.assertEqual(unit["seats_unfilled"], 1)
        page = self.client.get(UNIT).content.decode()
        self.assertIn("không được xác nhận tư cách đại biểu", page)
        # A seat left empty is shown as a warning, not as a plain valid election.
        self.assertIn('class="status warning"', page)
        self.assertNotIn('class="status valid"', page)

    def test_the_site_shows_the_snapshot_not_the_minutes(self):
        self.certify_qh()
        # A change made behind the workflow's back is not published.
        CandidateVotes.objects.filter(record__contest=self.qh).update(votes=1)
        page = self.client.get(UNIT).content.decode()
        self.assertIn("2.100", page)  # Lê Văn An's votes as certified


class PublicPagesTests(PublicResultsMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.certify_qh()

    def assert_hidden(self, text: str):
        for name in HIDDEN:
            self.assertNotIn(name, text)

    def test_the_pages_show_the_certified_contest_only(self):
        index = self.client.get("/ket-qua/")
        self.assertContains(index, "Bầu cử thử TEST-2026")
        for url in (BASE, UNIT):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            text = response.content.decode()
            self.assertIn("Lê Văn An", text)
            self.assertIn("Trúng cử", text)
            self.assert_hidden(text)
        self.assertEqual(self.client.get(COUNCIL_UNIT).status_code, 404)

    def test_a_unit_page_lists_every_candidate_in_rank_order(self):
        text = self.client.get(UNIT).content.decode()
        order = [text.index(n) for n in ("Lê Văn An", "Trần Thị Bình", "Phạm Chí")]
        self.assertEqual(order, sorted(order))
        self.assertIn("2.100", text)  # Lê Văn An's votes, grouped
        self.assertIn("59,66%", text)  # 2100 / 3520, with a decimal comma
        self.assertIn("Cuộc bầu cử có giá trị", text)
        # A valid election with every seat filled is not styled as a warning.
        self.assertIn('class="status valid"', text)
        self.assertNotIn('class="status warning"', text)
        self.assertIn('<th scope="col"', text)
        self.assertIn("<main", text)
        self.assertIn("Ủy ban bầu cử Thành phố Hồ Chí Minh", text)

    def test_the_files_equal_election_results_and_their_sums(self):
        raw_json = self.client.get(BASE + "ket-qua.json")
        self.assertEqual(raw_json["Content-Type"], "application/json; charset=utf-8")
        data = json.loads(raw_json.content)
        self.assertEqual(data["election"], "TEST-2026")
        (contest,) = data["contests"]
        self.assertEqual(contest["version"], 1)
        self.assertTrue(contest["certified_at"].startswith(str(timezone.now().year)))
        for key in ("certified_at", "version", "published_at"):
            contest.pop(key)
        expected = json.loads(results_command("--contest", "QH"))["contests"][0]
        self.assertEqual(contest, expected)
        raw_csv = self.client.get(BASE + "ket-qua.csv").content
        self.assertEqual(
            raw_csv.decode(), results_command("--contest", "QH", "--format", "csv")
        )
        sums = self.client.get(BASE + "SHA256SUMS").content.decode()
        self.assertEqual(
            sums,
            f"{hashlib.sha256(raw_json.content).hexdigest()}  ket-qua.json\n"
            f"{hashlib.sha256(raw_csv).hexdigest()}  ket-qua.csv\n",
        )

    def test_a_revocation_takes_the_contest_off_at_once(self):
        self.client.get(BASE)  # rendered and cached
        certify_results(
            *("--contest", "QH", "--user", "thanhpho", "--revoke", "--reason", "Sai")
        )
        self.assertEqual(self.client.get(UNIT).status_code, 404)
        page = self.client.get(BASE).content.decode()
        self.assertNotIn("Lê Văn An", page)
        self.assertIn("Đã thu hồi: Sai", page)
        data = json.loads(self.client.get(BASE + "ket-qua.json").content)
        self.assertEqual(data["contests"], [])
        self.assertEqual(
            len(self.client.get(BASE + "ket-qua.csv").content.splitlines()), 1
        )
        self.assertNotContains(self.client.get("/ket-qua/"), "Bầu cử thử TEST-2026")
        old = self.client.get(BASE + "phien-ban/1/ket-qua.json")
        self.assertEqual(old.status_code, 200)
        contest = json.loads(old.content)["contests"][0]
        self.assertEqual(
            (contest["withdrawn"], contest["withdraw_reason"]), (True, "Sai")
        )
        sums = self.client.get(BASE + "phien-ban/1/SHA256SUMS").content.decode()
        self.assertIn(hashlib.sha256(old.content).hexdigest(), sums)

    def test_certified_again_the_contest_returns_as_a_new_version(self):
        certify_results(
            *("--contest", "QH", "--user", "thanhpho", "--revoke", "--reason", "Sai")
        )
        self.certify_qh()
        data = json.loads(self.client.get(BASE + "ket-qua.json").content)
        self.assertEqual(data["contests"][0]["version"], 2)
        page = self.client.get(BASE).content.decode()
        self.assertIn("Đã thu hồi: Sai", page)

    def test_nothing_before_the_polls_close(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        type(self.election).objects.filter(pk=self.election.pk).update(
            election_date=tomorrow
        )
        for url in (
            BASE,
            UNIT,
            BASE + "ket-qua.json",
            BASE + "phien-ban/1/ket-qua.csv",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertNotContains(self.client.get("/ket-qua/"), "Bầu cử thử TEST-2026")

    def test_the_sitemap_lists_certified_units_only(self):
        text = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("/ket-qua/TEST-2026/quoc-hoi/don-vi-1/", text)
        self.assertNotIn("hdnd-xa", text)

    def test_search_and_preview_hold_no_uncertified_figure(self):
        for name in HIDDEN + ["Lê Văn An"]:
            self.assertFalse(Page.objects.live().search(name))
        page = ResultsIndexPage.objects.get()
        preview = page.make_preview_request()
        self.assertEqual(preview.status_code, 200)
        text = preview.content.decode()
        self.assertIn("Bầu cử thử TEST-2026", text)
        self.assert_hidden(text)

    def test_csv_rows_are_one_per_candidate(self):
        rows = list(
            csv.DictReader(
                io.StringIO(self.client.get(BASE + "ket-qua.csv").content.decode())
            )
        )
        self.assertEqual(len(rows), 3)
        self.assertEqual({r["contest"] for r in rows}, {"QH"})


def call_wsgi(
    path: str, host: str = "testserver", scheme: str = "http", application=None
) -> tuple[str, bytes, dict]:
    """The request through config.wsgi.application (or `application`), as gunicorn
    sends it."""
    if application is None:
        from config.wsgi import application

    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    environ["HTTP_HOST"] = host
    environ["wsgi.url_scheme"] = scheme
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    # As the test client does: no closing of the test's connection between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], body, answer["headers"]


@override_settings(PUBLIC_RESULTS_STATE_SECONDS=0)
class FastPathTests(PublicResultsMixin, TestCase):
    """config.wsgi answers a cached page before Django; a miss goes to Django."""

    def setUp(self):
        super().setUp()
        self.certify_qh()

    def test_a_cached_page_is_answered_as_django_rendered_it(self):
        rendered = self.client.get(UNIT).content
        with self.assertNumQueries(1):  # the state; no session, no view
            status, body, headers = call_wsgi(UNIT)
        self.assertEqual((status, body), ("200 OK", rendered))
        self.assertEqual(headers["X-Frame-Options"], "DENY")
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")

    def test_a_revocation_is_not_answered_from_the_old_page(self):
        self.client.get(UNIT)
        certify_results(
            *("--contest", "QH", "--user", "thanhpho", "--revoke", "--reason", "Sai")
        )
        status, body, _ = call_wsgi(UNIT)
        self.assertEqual(status, "404 Not Found")
        self.assertNotIn("Lê Văn An", body.decode())

    def test_a_cached_page_carries_the_security_headers_django_adds(self):
        self.client.get(UNIT)
        _, _, headers = call_wsgi(UNIT)
        self.assertEqual(
            headers["Content-Security-Policy"], settings.CONTENT_SECURITY_POLICY
        )
        self.assertNotIn("Strict-Transport-Security", headers)
        with self.settings(SECURE_HSTS_SECONDS=3600):
            _, _, headers = call_wsgi(UNIT, scheme="https")
        self.assertTrue(headers["Strict-Transport-Security"].startswith("max-age=3600"))

    def test_plain_http_where_https_is_required_goes_to_django(self):
        from electionadmin.publishing.fast import PublicResults

        self.client.get(UNIT)
        passed = []

        def django(environ, start_response):
            passed.append(environ["wsgi.url_scheme"])
            start_response("301 Moved Permanently", [])
            return [b""]

        fast = PublicResults(django)
        for scheme in ("http", "https"):
            with self.settings(SECURE_SSL_REDIRECT=True):
                call_wsgi(UNIT, scheme=scheme, application=fast)
        self.assertEqual(passed, ["http"])  # https was answered from the cache

    def test_an_unknown_host_goes_to_django(self):
        self.client.get(UNIT)
        status, _, _ = call_wsgi(UNIT, host="evil.example")
        self.assertEqual(status, "400 Bad Request")


def test_only_a_valid_filled_unit_is_shown_plainly():
    from electionadmin.publishing.results import status_warning

    base = {"status": "complete", "seats_unfilled": 0, "candidates": []}
    assert status_warning(base) is False
    assert status_warning({**base, "status": "reelection_required"}) is True
    assert status_warning({**base, "status": "incomplete"}) is True
    assert status_warning({**base, "seats_unfilled": 1}) is True
    assert status_warning({**base, "seats_undecided": 1}) is True
