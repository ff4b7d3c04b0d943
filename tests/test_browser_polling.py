"""A commune enters its areas on the keyboard screen and the dashboard shows them,
in a real browser (Debian's chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_polling.py
"""

import os
from pathlib import Path

import pytest
from django.db import connections

from electionadmin.polling.models import TurnoutFigure

from .test_polling_data import Polling2026Mixin

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "matkhau-thu-123"
SCREENSHOT = Path("/tmp/polling_dashboard.png")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed"),
]


class Data(Polling2026Mixin):
    pass


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    Data.setUpTestData()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        yield context.new_page()
        browser.close()
        connections.close_all()


def login(page, base: str, username: str, target: str) -> None:
    page.goto(f"{base}/admin/login/?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")


def test_a_commune_types_its_figures_and_the_dashboard_sums_them(page, live_server):
    code = Data.election.code
    entry = f"/bau-cu/{code}/nhap/xa/26734/?slot=09:00"
    login(page, live_server.url, "phuonga", entry)
    first = page.get_by_label("KVBP số 1")
    assert first.evaluate("el => el === document.activeElement")
    first.fill("40")
    first.press("Enter")  # moves to the next area, does not submit
    second = page.get_by_label("KVBP số 2")
    assert second.evaluate("el => el === document.activeElement")
    second.fill("250")  # above the list of 200
    second.press("Enter")  # the last field saves
    page.wait_for_selector("#entry-errors")
    assert "Dòng 2 (KVBP số 2)" in page.inner_text("#entry-errors")
    assert not TurnoutFigure.objects.exists()
    page.get_by_label("KVBP số 2").fill("60")
    page.click("#save-all")
    page.wait_for_selector(".messagelist")
    assert "Đã lưu 2 số liệu" in page.inner_text(".messagelist")
    page.goto(f"{live_server.url}/bau-cu/{code}/tien-do/26734/")
    summary = page.inner_text("#summary")
    assert "100" in summary and "32,26 %" in summary  # 100 of 310
    assert page.locator("svg.polling-chart").count() == 2
    page.screenshot(path=str(SCREENSHOT), full_page=True)
