"""The demo's published password and second-factor key exist only with DEMO (or DEBUG)
on (issue #11, 7), and DEMO relaxes nothing else: with DEBUG off the site's own
error pages show (issue #12), a real SECRET_KEY is still needed, and the checks warn
where DEMO does not belong."""

import secrets
from importlib import import_module
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core import checks
from django.core.management import CommandError, call_command
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import path
from django_otp.oath import TOTP

from config import urls as config_urls
from demo.users import (
    PASSWORD,
    TOTP_KEY,
    DemoUser,
    demo_code,
    demo_secret,
    ensure_users,
    refuse_unless_demo,
)
from electionadmin.access.models import Profile
from electionadmin.setup.models import Election

from .factories import make_election, make_unit
from .test_deploy_settings import ROOT, START, run


class DemoRefusalTests(TestCase):
    def test_load_demo_refuses_the_published_superuser_without_demo(self):
        with self.assertRaises(CommandError) as refused:
            call_command("load_demo", no_voters=True, stdout=StringIO())
        message = str(refused.exception)
        self.assertIn("Không tạo các tài khoản dùng thử", message)
        self.assertIn("DEMO=true", message)
        # Refused before anything: no election imported, no login made.
        self.assertFalse(Election.objects.filter(code="HCM-2021").exists())
        self.assertFalse(get_user_model().objects.filter(username="admin").exists())

    def test_demo_code_refuses_without_demo(self):
        with self.assertRaises(CommandError):
            call_command("demo_code", stdout=StringIO())

    @override_settings(DEBUG=True)
    def test_demo_code_prints_what_an_app_with_the_demo_key_shows(self):
        out = StringIO()
        call_command("demo_code", stdout=out)
        expected = TOTP(bytes.fromhex(TOTP_KEY)).token()
        self.assertEqual(out.getvalue().strip(), f"{expected:06d}")


class DemoDocumentedTests(TestCase):
    def test_the_readme_shows_the_demo_key_start_prints(self):
        readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
        self.assertIn(demo_secret(), readme)


def boom(request):
    raise RuntimeError("lỗi thử")


urlpatterns = [path("loi/", boom), *config_urls.urlpatterns]


@override_settings(DEMO=True, DEBUG=False)
class DemoWithoutDebugTests(TestCase):
    """What ./scripts/start runs: DEMO on, DEBUG off."""

    def test_the_demo_logins_are_allowed(self):
        refuse_unless_demo()  # no refusal
        out = StringIO()
        call_command("demo_code", stdout=out)
        self.assertEqual(out.getvalue().strip(), demo_code())

    def test_a_missing_url_gives_the_sites_404_page(self):
        page = self.client.get("/khong-co-trang-nay/")
        self.assertEqual(page.status_code, 404)
        self.assertTemplateUsed(page, "404.html")
        self.assertContains(page, "Không tìm thấy trang (404)", status_code=404)
        self.assertNotContains(page, "URLconf", status_code=404)  # no debug page

    @override_settings(ROOT_URLCONF=__name__)
    def test_an_error_gives_the_sites_500_page(self):
        self.client.raise_request_exception = False
        page = self.client.get("/loi/")
        self.assertEqual(page.status_code, 500)
        self.assertContains(page, "Hệ thống gặp lỗi (500)", status_code=500)
        self.assertNotContains(page, "lỗi thử", status_code=500)
        self.assertNotContains(page, "Traceback", status_code=500)

    def test_the_checks_warn_where_demo_does_not_belong(self):
        self.assertEqual(checks.run_checks(tags=["security"]), [])
        with self.settings(SECURE_SSL_REDIRECT=True):
            found = [m.id for m in checks.run_checks(tags=["security"])]
        self.assertIn("access.W001", found)
        deploy = checks.run_checks(include_deployment_checks=True)
        self.assertIn("access.W002", [m.id for m in deploy])

    def test_without_demo_the_deploy_checks_say_nothing_of_it(self):
        with self.settings(DEMO=False, SECURE_SSL_REDIRECT=True):
            found = [m.id for m in checks.run_checks(include_deployment_checks=True)]
        self.assertFalse([i for i in found if i.startswith("access.")])


class DemoStartTests(SimpleTestCase):
    def test_demo_needs_a_real_secret_key_like_any_site(self):
        started = run(START, DEBUG="false", DEMO="true")
        self.assertIn("ImproperlyConfigured", started.stderr)
        real = run(
            START, DEBUG="false", DEMO="true", SECRET_KEY=secrets.token_urlsafe(50)
        )
        self.assertIn("started", real.stdout)

    def test_start_runs_the_demo_with_debug_off(self):
        script = (ROOT / "scripts" / "start").read_text()
        self.assertIn("export DEMO=true", script)
        self.assertIn('export DEBUG="${DEBUG:-false}"', script)
        self.assertIn("runserver --insecure", script)


class DemoAccountsOffDemoTests(TestCase):
    """A database loaded with the demo, later run without DEMO (production settings):
    the demo's accounts, whose password is published, can no longer log in."""

    @classmethod
    def setUpTestData(cls):
        election = make_election()
        make_unit(election.unit_set, "79", "Thành phố Hồ Chí Minh", "province")
        viewer = DemoUser("xem", Profile.Role.VIEWER, "79")
        with override_settings(DEMO=True):
            ensure_users(election, [viewer])
        # A real user with a demo-like name is not a demo account.
        cls.real = get_user_model().objects.create_user("thanhpho", password="Th@t-1")
        Profile.objects.create(
            user=cls.real, role=Profile.Role.SYSADMIN, phone="0900000000"
        )

    def log_in(self, username="xem", password=PASSWORD):
        data = {"username": username, "password": password, "next": "/viec-cua-toi/"}
        return self.client.post("/admin/login/", data)

    def test_the_demo_marks_its_accounts(self):
        self.assertTrue(Profile.objects.get(user__username="xem").demo)
        self.assertFalse(Profile.objects.get(user__username="thanhpho").demo)

    def test_without_demo_a_demo_account_is_refused_with_a_vietnamese_message(self):
        page = self.log_in()
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Tài khoản dùng thử")
        self.assertContains(page, "đã bị khóa")
        self.assertNotIn("_auth_user_id", self.client.session)
        # Nor through the backend itself, whatever page calls it.
        request = RequestFactory().post("/admin/login/")
        self.assertIsNone(authenticate(request, username="xem", password=PASSWORD))

    def test_with_demo_on_it_logs_in(self):
        with self.settings(DEMO=True):
            page = self.log_in()
        self.assertEqual(page.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)

    def test_a_session_opened_with_demo_on_ends_when_demo_is_off(self):
        with self.settings(DEMO=True):
            self.log_in()
            self.assertEqual(self.client.get("/viec-cua-toi/").status_code, 200)
        page = self.client.get("/viec-cua-toi/")
        self.assertEqual(page.status_code, 302)
        self.assertIn("/admin/login/", page["Location"])

    def test_other_accounts_log_in_without_demo(self):
        self.client.force_login(self.real)
        self.assertEqual(self.client.get("/viec-cua-toi/").status_code, 200)
        self.client.logout()
        self.assertFalse(Profile.objects.filter(user=self.real, demo=True).exists())
        request = RequestFactory().post("/admin/login/")
        found = authenticate(request, username="thanhpho", password="Th@t-1")
        self.assertEqual(found, self.real)

    def test_a_database_loaded_before_the_flag_gets_it(self):
        Profile.objects.update(demo=False)
        # The first name the demo gave its accounts then (now "Dùng thử").
        get_user_model().objects.filter(username="xem").update(first_name="Demo")
        migration = import_module("electionadmin.access.migrations.0003_profile_demo")
        migration.flag_demo_accounts(apps, None)
        self.assertEqual(
            list(Profile.objects.filter(demo=True).values_list("user__username")),
            [("xem",)],
        )
