"""The dashboards' drill-down in a real browser (Debian's chromium): the city goes
city → commune → voting area and back by the breadcrumb; the figures refresh
without moving the page; a ward records "Bắt đầu kiểm phiếu" and undoes it.

Run with: .venv/bin/pytest -m browser tests/test_browser_dashboards.py
"""

from pathlib import Path

import pytest
from django.utils import timezone

from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import CountingStart, TurnoutFigure
from electionadmin.setup.models import VotingArea

from .browser import MARKS, SCREEN, new_page, sign_in_to
from .test_polling_data import Polling2026Mixin

SHOTS = Path("/tmp")

pytestmark = MARKS


class Data(Polling2026Mixin):
    pass


@pytest.fixture
def page(live_server):
    Data.setUpTestData()
    VotingArea.objects.bulk_create(
        VotingArea(election=Data.election, commune=Data.ward_a, number=n)
        for n in range(3, 70)
    )
    save_figures(Data.election, [Entry("thử", Data.a1, "09:00", 50)])
    with new_page(viewport=SCREEN) as page:
        yield page


def test_the_city_drills_down_and_back(page, live_server):
    code = Data.election.code
    sign_in_to(page, live_server.url, "thanhpho", f"/bau-cu/{code}/tien-do/79/")
    summary = page.inner_text("#summary")
    assert "Tỷ lệ trên toàn bộ danh sách cử tri" in summary
    assert "Tỷ lệ trong các khu vực đã báo cáo" in summary
    assert "45,45 %" in summary  # 50 of the 110 of the one area that reported
    page.screenshot(path=str(SHOTS / "dash_city.png"), full_page=True)
    page.click("table.polling-table >> text=Phường Tân Định")
    page.wait_for_url("**/tien-do/26734/**")
    assert "Thành phố Hồ Chí Minh" in page.inner_text("#drill-path")
    missing = page.inner_text("#chua-bao-cao")
    assert "Trang 1/2" in missing  # 69 areas: never one long page
    page.screenshot(path=str(SHOTS / "dash_commune.png"), full_page=True)
    # Refreshing keeps the reader's place and changes the figures.
    page.evaluate("window.scrollTo(0, 900)")
    save_figures(Data.election, [Entry("thử", Data.a2, "09:00", 100)])
    page.evaluate("window.pollingRefresh()")
    page.wait_for_function(
        "document.querySelector('#summary').innerText.includes('150')"
    )
    assert page.evaluate("window.scrollY") == 900
    page.click("table.polling-table a[href*='/kvbp/1/']")
    page.wait_for_url("**/kvbp/1/**")
    assert "50" in page.inner_text("#area-slots")
    page.screenshot(path=str(SHOTS / "dash_area.png"), full_page=True)
    page.click("#drill-path >> text=Phường Tân Định")
    page.wait_for_url("**/tien-do/26734/**")
    assert TurnoutFigure.objects.count() == 2


def test_a_ward_records_the_start_of_counting_and_undoes_it(page, live_server):
    code = Data.election.code
    target = f"/bau-cu/{code}/tien-do/26734/kvbp/2/"
    sign_in_to(page, live_server.url, "phuonga", target)
    page.click("#counting-mark a.button")
    page.wait_for_selector("#confirm")
    assert not CountingStart.objects.exists()
    page.screenshot(path=str(SHOTS / "dash_confirm.png"), full_page=True)
    page.click("#confirm")
    page.wait_for_url(f"**{target}")
    assert "Đã ghi nhận bắt đầu kiểm phiếu" in page.inner_text("#counting-mark")
    assert "Đang kiểm phiếu" in page.inner_text("#area-counting")
    page.click("#counting-mark a")
    page.fill("input[name=reason]", "Bấm nhầm khu vực")
    page.click("#confirm")
    page.wait_for_url(f"**{target}")
    assert "Chưa ghi nhận" in page.inner_text("#counting-mark")
    mark = CountingStart.objects.get()
    assert mark.undone_at is not None and mark.undone_at <= timezone.now()
