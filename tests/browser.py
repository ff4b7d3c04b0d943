"""What every browser test shares: Debian's chromium driven by Playwright, headless.

Browsers are never downloaded here: `executable_path` points at the system's
chromium, and the tests are skipped where it is not installed.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop; the ORM calls the tests make beside it
# are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREEN = {"width": 1280, "height": 900}

MARKS = [
    pytest.mark.browser,
    # Serialized rollback keeps the rows data migrations seed (cycles, unit sets,
    # roles, the Wagtail home page) for the next test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed"),
]


@contextmanager
def chromium():
    """A headless chromium, closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # ORM calls made under Playwright's loop got their own connections:
            # close them, or PostgreSQL refuses to drop the test database.
            connections.close_all()


@contextmanager
def new_page(**context_options):
    """One page in a fresh Vietnamese-locale context of a fresh chromium."""
    with chromium() as browser:
        context = browser.new_context(locale="vi-VN", **context_options)
        yield context.new_page()


def sign_in(page, username: str, password: str = "matkhau-thu-123") -> None:
    """Fill the login page that is open, then pass the second factor when the
    user's role needs it, as a person does: the code of the user's app (a test
    device of a known key, tests/second_factor.py), typed on the page."""
    from django.contrib.auth import get_user_model

    from electionadmin.access.roles import needs_second_factor

    from .second_factor import code_for, device_for

    user = get_user_model().objects.get(username=username)
    device = device_for(user) if needs_second_factor(user) else None
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    if device is None:
        page.click("button[type=submit]")
        return
    with page.expect_navigation(url="**/xac-thuc/**"):
        page.click("button[type=submit]")
    page.fill("input[name=code]", code_for(device))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")


def signed_in(
    browser,
    base: str,
    username: str,
    *,
    login: str = "/django-admin/",
    landing: str | None = None,
    **context_options,
):
    """A page in a fresh Vietnamese-locale context of `browser` (screen size SCREEN),
    signed in as `username` from the page `login`; then at `landing` when it is
    given, else once the page after the login has loaded."""
    context = browser.new_context(locale="vi-VN", viewport=SCREEN, **context_options)
    page = context.new_page()
    page.goto(f"{base}{login}")
    sign_in(page, username)
    if landing is None:
        page.wait_for_load_state()
    else:
        page.wait_for_url(f"{base}{landing}")
    return page


def sign_in_to(page, base: str, username: str, target: str) -> None:
    """The login page asked for `target` (?next=), signed in, and at `target`."""
    page.goto(f"{base}/admin/login/?next={target}")
    sign_in(page, username)
    page.wait_for_url(f"**{target}")
