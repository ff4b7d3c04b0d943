"""The demo's published password and second-factor key exist only with DEBUG on
(issue #11, 7)."""

from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django_otp.oath import TOTP

from demo.users import TOTP_KEY, demo_secret
from electionadmin.setup.models import Election


class DemoRefusalTests(TestCase):
    def test_load_demo_refuses_the_published_superuser_when_debug_is_off(self):
        with self.assertRaises(CommandError) as refused:
            call_command("load_demo", no_voters=True, stdout=StringIO())
        message = str(refused.exception)
        self.assertIn("Không tạo các tài khoản dùng thử", message)
        self.assertIn("DEBUG", message)
        # Refused before anything: no election imported, no login made.
        self.assertFalse(Election.objects.filter(code="HCM-2021").exists())
        self.assertFalse(get_user_model().objects.filter(username="admin").exists())

    def test_demo_code_refuses_when_debug_is_off(self):
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
