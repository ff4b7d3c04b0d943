"""Logging in: the lockout after failed attempts (django-axes), the second factor of
committees and administrators (TOTP, django-otp), session expiry and the password
rules (issue #11, 7)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from electionadmin.access.middleware import SEEN

from .factories import make_election, make_unit, make_user
from .second_factor import code_for, device_for

PASSWORD = "matkhau-thu-123"
LOGIN = "/admin/login/"


def log_in(client, username, password=PASSWORD, next_url="/django-admin/"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": next_url}
    )


class Users(TestCase):
    @classmethod
    def setUpTestData(cls):
        election = make_election()
        city = make_unit(election.unit_set, "79", "Thành phố Hồ Chí Minh", "province")
        cls.ward = make_unit(
            election.unit_set, "26734", "Phường Tân Định", "commune", city
        )
        cls.committee = make_user("tandinh", "commune_committee", admin_unit=cls.ward)
        cls.viewer = make_user("xem", "viewer", admin_unit=city)
        cls.admin = make_user("quantri", "sysadmin")


@pytest.mark.real_second_factor
class SecondFactorTests(Users):
    def test_a_committee_is_sent_from_every_admin_to_the_second_factor(self):
        self.client.force_login(self.committee)
        for url in ("/django-admin/", "/admin/", "/bau-cu/", "/cu-tri/"):
            page = self.client.get(url)
            self.assertEqual(page.status_code, 302, url)
            self.assertTrue(page["Location"].startswith("/xac-thuc/?next="), url)
        # A form sent before the code is refused, not carried out.
        self.assertEqual(
            self.client.post("/django-admin/setup/contest/add/").status_code, 403
        )

    def test_an_administrator_needs_it_and_a_viewer_does_not(self):
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get("/django-admin/").status_code, 302)
        superuser = get_user_model().objects.create_superuser("goc", password="x")
        self.client.force_login(superuser)
        self.assertEqual(self.client.get("/django-admin/").status_code, 302)
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get("/django-admin/").status_code, 200)

    def test_first_login_enrols_an_app_with_a_qr_code_then_the_code_opens_the_admin(
        self,
    ):
        page = log_in(self.client, "tandinh")
        self.assertEqual(page.status_code, 302)
        page = self.client.get("/django-admin/", follow=True)
        self.assertEqual(
            page.redirect_chain[-1][0], "/xac-thuc/dang-ky/?next=%2Fdjango-admin%2F"
        )
        self.assertContains(page, "Đăng ký xác thực hai bước")
        self.assertContains(page, 'src="data:image/svg+xml;base64,')  # the QR code
        device = TOTPDevice.objects.get(user=self.committee, confirmed=False)
        secret = page.context["secret"].replace(" ", "")
        import base64

        self.assertEqual(
            base64.b32decode(secret + "=" * (-len(secret) % 8)), device.bin_key
        )
        # The same secret on a second visit: the app scanned stays valid.
        again = self.client.get("/xac-thuc/dang-ky/")
        self.assertEqual(again.context["secret"], page.context["secret"])

        wrong = self.client.post(
            "/xac-thuc/dang-ky/", {"code": "000000", "next": "/django-admin/"}
        )
        self.assertContains(wrong, "Mã xác thực không đúng")
        self.assertEqual(self.client.get("/django-admin/").status_code, 302)

        done = self.client.post(
            "/xac-thuc/dang-ky/", {"code": code_for(device), "next": "/django-admin/"}
        )
        self.assertRedirects(done, "/django-admin/", fetch_redirect_response=False)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        for url in ("/django-admin/", "/admin/"):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_an_enrolled_user_types_the_code_at_each_login(self):
        device = device_for(self.committee)
        log_in(self.client, "tandinh")
        page = self.client.get("/admin/", follow=True)
        self.assertEqual(page.redirect_chain[-1][0], "/xac-thuc/?next=%2Fadmin%2F")
        self.assertContains(page, "Xác thực hai bước")
        # Enrolling another app needs the first one's code: no way around it.
        self.assertRedirects(
            self.client.get("/xac-thuc/dang-ky/"),
            "/xac-thuc/?next=%2Fviec-cua-toi%2F",  # the home, none asked for
            fetch_redirect_response=False,
        )
        wrong = self.client.post("/xac-thuc/", {"code": "12345", "next": "/admin/"})
        self.assertContains(wrong, "Mã xác thực gồm 6 chữ số.")
        right = self.client.post(
            "/xac-thuc/", {"code": code_for(device), "next": "/admin/"}
        )
        self.assertRedirects(right, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertEqual(self.client.get("/django-admin/").status_code, 200)

    def test_the_second_factor_goes_only_to_a_page_of_this_site(self):
        device = device_for(self.committee)
        log_in(self.client, "tandinh")
        page = self.client.post(
            "/xac-thuc/", {"code": code_for(device), "next": "https://ke-gian.example/"}
        )
        # Back to the user's home (Việc của tôi), not elsewhere.
        self.assertRedirects(page, "/viec-cua-toi/", fetch_redirect_response=False)

    def test_the_second_factor_page_is_in_vietnamese(self):
        device_for(self.committee)
        log_in(self.client, "tandinh")
        page = self.client.get("/xac-thuc/")
        text = page.content.decode()
        for english in ("Sign in", "Token", "Verify", "Log out"):
            self.assertNotIn(english, text)
        self.assertContains(page, "Mã xác thực (6 chữ số)")


class LockoutTests(Users):
    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_a_user_name_is_locked_after_repeated_failures_even_with_the_right_password(
        self,
    ):
        for _ in range(2):
            self.assertEqual(
                log_in(self.client, "xem", "sai-mat-khau").status_code, 200
            )
        locked = log_in(self.client, "xem", "sai-mat-khau")
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "Đăng nhập bị tạm khóa", status_code=429)
        self.assertContains(locked, "30 phút", status_code=429)
        right = log_in(self.client, "xem", PASSWORD)
        self.assertEqual(right.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_an_address_is_locked_after_failures_over_several_user_names(self):
        for name in ("a", "b", "c"):
            log_in(self.client, name, "sai-mat-khau", next_url="/admin/")
        other = log_in(self.client, "xem", PASSWORD)
        self.assertEqual(other.status_code, 429)
        # Another address is not locked for that user.
        page = self.client.post(
            LOGIN,
            {"username": "xem", "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="10.0.0.9",
        )
        self.assertEqual(page.status_code, 302)

    @override_settings(AXES_FAILURE_LIMIT=3, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(self):
        for name in ("a", "b", "c"):
            self.client.post(
                LOGIN,
                {"username": name, "password": "x"},
                HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7",
            )
        # Another client behind the same proxy is not locked; the address a client
        # writes itself (before the proxy's) does not count.
        page = self.client.post(
            LOGIN,
            {"username": "xem", "password": PASSWORD, "next": "/admin/"},
            HTTP_X_FORWARDED_FOR="198.51.100.7, 198.51.100.8",
        )
        self.assertEqual(page.status_code, 302)

    def test_a_success_clears_the_count(self):
        with override_settings(AXES_FAILURE_LIMIT=3):
            for _ in range(2):
                log_in(self.client, "xem", "sai")
            self.assertEqual(log_in(self.client, "xem").status_code, 302)
            self.client.logout()
            for _ in range(2):
                log_in(self.client, "xem", "sai")
            self.assertEqual(log_in(self.client, "xem").status_code, 302)


class SessionAndPasswordTests(Users):
    def test_a_session_ends_after_30_idle_minutes_and_with_the_browser(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        self.assertTrue(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
        log_in(self.client, "xem", next_url="/admin/")
        self.assertEqual(self.client.get("/django-admin/").status_code, 200)
        session = self.client.session
        # Idle for 31 minutes: the stored session has expired, the login page again.
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )
        page = self.client.get("/django-admin/")
        self.assertEqual(page.status_code, 302)

    def test_a_request_moves_the_expiry_on_at_most_once_a_minute(self):
        page = log_in(self.client, "xem", next_url="/admin/")
        # A browser-session cookie: gone when the browser closes.
        self.assertEqual(page.cookies[settings.SESSION_COOKIE_NAME]["expires"], "")
        key = self.client.session.session_key
        stored = Session.objects.get(session_key=key).expire_date
        self.client.get("/django-admin/")
        self.assertEqual(Session.objects.get(session_key=key).expire_date, stored)
        session = self.client.session
        session[SEEN] -= settings.SESSION_REFRESH_SECONDS
        session.save()
        saved = Session.objects.get(session_key=key).expire_date
        self.client.get("/django-admin/")
        moved = Session.objects.get(session_key=key).expire_date
        self.assertGreater(moved, saved)
        self.assertAlmostEqual(
            (moved - timezone.now()).total_seconds(), 30 * 60, delta=60
        )

    def test_passwords_need_12_characters_and_are_refused_in_vietnamese(self):
        user = get_user_model()(username="nguyenvanan")
        cases = {
            "Ngan-1234": "Mật khẩu quá ngắn: cần ít nhất 12 ký tự.",
            "123456789012": "Mật khẩu không được chỉ gồm chữ số.",
            "password1234": "Mật khẩu này quá phổ biến, dễ bị đoán ra.",
            "nguyenvanan1": "Mật khẩu quá giống mục",
        }
        for password, message in cases.items():
            with self.assertRaises(ValidationError) as refused:
                password_validation.validate_password(password, user)
            self.assertTrue(
                any(m.startswith(message) for m in refused.exception.messages),
                (password, refused.exception.messages),
            )
        password_validation.validate_password("Bau-cu-2026-an-toan", user)
        for text in password_validation.password_validators_help_texts():
            self.assertNotRegex(text, r"[Pp]assword|must|characters")

    def test_the_admin_password_change_form_applies_the_rules(self):
        self.client.force_login(self.viewer)
        url = reverse("admin:password_change")
        page = self.client.post(
            url,
            {
                "old_password": PASSWORD,
                "new_password1": "ngan12",
                "new_password2": "ngan12",
            },
        )
        self.assertContains(page, "Mật khẩu quá ngắn: cần ít nhất 12 ký tự.")


class AuthenticatorAdminTests(Users):
    def test_an_administrator_sees_and_deletes_apps_in_vietnamese(self):
        device = device_for(self.committee)
        root = get_user_model().objects.create_superuser("goc", password="x")
        self.client.force_login(root)  # conftest passes the second factor
        index = self.client.get("/django-admin/")
        self.assertContains(index, "Xác thực hai bước")
        self.assertNotContains(index, "TOTP")
        self.assertNotContains(index, "Axes")
        url = reverse("admin:otp_totp_totpdevice_changelist")
        listing = self.client.get(url)
        self.assertContains(listing, "tandinh")
        self.assertNotContains(listing, device.key)
        for english in ("TOTP device", "Confirmed", "Created at"):
            self.assertNotContains(listing, english)
        self.assertEqual(
            self.client.get(reverse("admin:otp_totp_totpdevice_add")).status_code, 403
        )
        delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
        self.client.post(delete, {"post": "yes"})
        self.assertFalse(TOTPDevice.objects.filter(pk=device.pk).exists())
