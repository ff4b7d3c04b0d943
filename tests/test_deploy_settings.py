"""Deployment settings (issue #11, 8): `check --deploy` is clean with the production
variables set, the app refuses to start without a real SECRET_KEY when DEBUG is off,
and every page carries a Content-Security-Policy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "HTTPS": "true",
    "ALLOWED_HOSTS": "baucu.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://baucu.example.gov.vn",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """A fresh Python with exactly these settings variables (not a test run, and
    without what the browser tests set for themselves, DJANGO_ALLOW_ASYNC_UNSAFE)."""
    ours = ("TESTING", "DEBUG", "DEMO", "SECRET_KEY", "HTTPS", "DJANGO_SETTINGS_MODULE")
    ours += ("DJANGO_ALLOW_ASYNC_UNSAFE",)
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


START = ["-c", "import django; django.setup(); print('started')"]


class SecretKeyTests(SimpleTestCase):
    def test_the_app_refuses_to_start_without_a_secret_key_when_debug_is_off(self):
        started = run(START, DEBUG="false")
        self.assertNotEqual(started.returncode, 0)
        self.assertIn("ImproperlyConfigured", started.stderr)
        self.assertIn(
            "SECRET_KEY is missing or weak while DEBUG is off", started.stderr
        )

    def test_nor_with_the_example_key_or_a_short_one(self):
        for key in ("dev-only-not-secret-change-me", "short-key", "x" * 60):
            started = run(START, DEBUG="false", SECRET_KEY=key)
            self.assertIn("ImproperlyConfigured", started.stderr, key)

    def test_it_starts_with_a_real_key_or_in_debug(self):
        self.assertIn(
            "started",
            run(START, DEBUG="false", SECRET_KEY=PRODUCTION["SECRET_KEY"]).stdout,
        )
        self.assertIn("started", run(START, DEBUG="true").stdout)


class DeployCheckTests(SimpleTestCase):
    def test_check_deploy_is_clean_with_the_production_variables(self):
        checked = run(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION
        )
        self.assertEqual(checked.returncode, 0, checked.stderr + checked.stdout)
        self.assertIn("System check identified no issues", checked.stdout)

    def test_without_https_it_names_what_is_missing(self):
        checked = run(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            **(PRODUCTION | {"HTTPS": "false"}),
        )
        self.assertNotEqual(checked.returncode, 0)
        for warning in (
            "security.W004",
            "security.W008",
            "security.W012",
            "security.W016",
        ):
            self.assertIn(warning, checked.stderr + checked.stdout)

    def test_https_turns_on_hsts_redirect_and_secure_cookies(self):
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
        )
        shown = run(["-c", code], **PRODUCTION)
        self.assertEqual(
            shown.stdout.split(), ["True", "True", "True", "31536000", "True"]
        )


class ContentSecurityPolicyTests(TestCase):
    def test_pages_carry_the_policy_and_wagtails_admin_still_loads(self):
        root = get_user_model().objects.create_superuser("goc", password="x")
        self.client.force_login(root)  # conftest passes the second factor
        for url in ("/admin/login/", "/admin/", "/django-admin/", "/admin/pages/"):
            page = self.client.get(url, follow=True)
            self.assertEqual(page.status_code, 200, url)
            policy = page["Content-Security-Policy"]
            self.assertEqual(policy, settings.CONTENT_SECURITY_POLICY)
        for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors"):
            self.assertIn(directive, policy)
