"""The demo's published password and second-factor key exist only with DEMO (or DEBUG)
on (issue #11, 7), and DEMO relaxes nothing else: with DEBUG off the site's own
error pages show (issue #12), a real SECRET_KEY is still needed, and the checks warn
where DEMO does not belong."""

import secrets
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import checks
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import path
from django_otp.oath import TOTP

from config import urls as config_urls
from demo.users import TOTP_KEY, demo_code, demo_secret, refuse_unless_demo
from electionadmin.setup.models import Election

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
