"""The login screens in chromium: a committee enrols its authenticator app, logs in
again with its code into both admins; a locked-out login; the Wagtail admin under the
Content-Security-Policy (issue #11, 7 and 8).

Run with: .venv/bin/pytest -m browser tests/test_browser_login.py
"""

from pathlib import Path

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .browser import MARKS, SCREEN, new_page
from .factories import make_election, make_unit, make_user
from .second_factor import code_for

pytestmark = MARKS
SHOTS = Path("/tmp")


@pytest.fixture
def users(live_server):
    election = make_election()
    city = make_unit(election.unit_set, "79", "Thành phố Hồ Chí Minh", "province")
    ward = make_unit(election.unit_set, "26734", "Phường Tân Định", "commune", city)
    return {
        "committee": make_user("tandinh", "commune_committee", admin_unit=ward),
        "viewer": make_user("xem", "viewer", admin_unit=city),
    }


def password(page, base: str, username: str, target: str) -> None:
    page.goto(f"{base}{target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "matkhau-thu-123")
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_a_committee_enrols_its_app_then_types_its_code(users, live_server):
    base = live_server.url
    with new_page(viewport=SCREEN) as page:
        password(page, base, "tandinh", "/django-admin/")
        assert "/xac-thuc/dang-ky/" in page.url
        assert page.is_visible("#enrol-qr")
        secret = page.text_content("#enrol-secret").strip()
        assert len(secret.replace(" ", "")) == 32
        page.screenshot(path=str(SHOTS / "login_enrol.png"), full_page=True)

        page.fill("input[name=code]", "000000")
        with page.expect_navigation():
            page.click("form.login-form button[type=submit]")
        assert "Mã xác thực không đúng" in page.text_content("main")

        device = TOTPDevice.objects.get(user=users["committee"], confirmed=False)
        page.fill("input[name=code]", code_for(device))
        with page.expect_navigation():
            page.click("form.login-form button[type=submit]")
        assert page.url == f"{base}/django-admin/"
        assert "Quản trị dữ liệu bầu cử" in page.title()

    with new_page(viewport=SCREEN) as page:
        password(page, base, "tandinh", "/admin/")
        assert "/xac-thuc/?next=" in page.url
        page.screenshot(path=str(SHOTS / "login_second_factor.png"))
        device.refresh_from_db()
        page.fill("input[name=code]", code_for(device))
        with page.expect_navigation():
            page.click("form.login-form button[type=submit]")
        assert page.url == f"{base}/admin/"
        page.goto(f"{base}/django-admin/")
        assert page.url == f"{base}/django-admin/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_user_name_is_locked_after_failures(users, live_server):
    with new_page(viewport=SCREEN) as page:
        for _ in range(3):
            page.goto(f"{live_server.url}/admin/login/")
            page.fill("input[name=username]", "xem")
            page.fill("input[name=password]", "sai-mat-khau")
            with page.expect_navigation():
                page.click("button[type=submit]")
        text = page.text_content("#lockout-message")
        assert "Đăng nhập bị tạm khóa" in text and "30 phút" in text
        page.screenshot(path=str(SHOTS / "login_lockout.png"))


def test_wagtails_admin_works_under_the_content_security_policy(users, live_server):
    refused = []
    with new_page(viewport=SCREEN) as page:
        page.on(
            "console",
            lambda m: (
                refused.append(m.text) if "Content Security Policy" in m.text else 0
            ),
        )
        password(page, live_server.url, "xem", "/admin/")
        assert page.url == f"{live_server.url}/admin/"
        # The admin's scripts ran: the sidebar is drawn by JavaScript.
        page.wait_for_function(
            "document.querySelectorAll('#wagtail-sidebar a[href]').length > 0"
        )
        page.goto(f"{live_server.url}/admin/pages/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / "wagtail_under_csp.png"))
    assert refused == []
