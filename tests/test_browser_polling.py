"""A commune enters its areas on the keyboard screen and the dashboard shows them,
in a real browser (Debian's chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_polling.py
"""

from pathlib import Path

import pytest

from electionadmin.polling.models import TurnoutFigure

from .browser import MARKS, SCREEN, new_page, sign_in_to
from .test_polling_data import Polling2026Mixin

SCREENSHOT = Path("/tmp/polling_dashboard.png")

pytestmark = MARKS


class Data(Polling2026Mixin):
    pass


@pytest.fixture
def page(live_server):
    Data.setUpTestData()
    with new_page(viewport=SCREEN) as page:
        yield page


def test_a_commune_types_its_figures_and_the_dashboard_sums_them(page, live_server):
    code = Data.election.code
    entry = f"/bau-cu/{code}/nhap/xa/26734/?slot=09:00"
    sign_in_to(page, live_server.url, "phuonga", entry)
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
