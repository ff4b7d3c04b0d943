"""A unit's public results on a phone's screen, anonymous, in a real browser
(Debian's chromium): readable without sideways scrolling, winners marked, the
figures of the certified contest only.

Run with: .venv/bin/pytest -m browser tests/test_browser_public_results.py
"""

from pathlib import Path

import pytest

from electionadmin.results.certification import certify

from .browser import MARKS, new_page
from .test_results_base import ResultsMixin, counted

SCREENSHOT = Path("/tmp/public_results_phone.png")
PHONE = {"width": 375, "height": 740}

pytestmark = MARKS


class Data(ResultsMixin):
    pass


@pytest.fixture
def site(live_server):
    Data.setUpTestData()
    for area, votes in [(Data.a1, (500, 300, 80)), (Data.a2, (400, 380, 100))]:
        counted(Data.qh_unit, area, dict(zip((1, 2, 3), votes, strict=True)))
    for area in (Data.b1, Data.b2):
        counted(Data.qh_unit, area, {1: 600, 2: 200, 3: 80})
    for area in (Data.a1, Data.a2):
        counted(Data.hdnd_a_unit, area, {1: 700, 2: 180})  # never certified
    certify(Data.qh, Data.city_user)
    return live_server.url


def test_a_unit_page_reads_on_a_phone(site):
    with new_page(viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(f"{site}/ket-qua/")
        page.click("text=Bầu cử thử TEST-2026")
        page.click("text=Đơn vị bầu cử số 1")
        page.wait_for_selector("h1:has-text('Đơn vị bầu cử số 1')")
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        rows = page.locator("table tbody tr")
        assert rows.count() == 3
        first = rows.nth(0).inner_text()
        assert "Lê Văn An" in first and "Trúng cử" in first
        assert "2.100" in first and "59,66%" in first
        # Each figure sits inside the screen (nothing cut off at the right).
        for cell in page.locator("td.num").all():
            box = cell.bounding_box()
            assert box["x"] + box["width"] <= PHONE["width"] + 1
        body = page.inner_text("body")
        assert "Ngô Thị Dung" not in body
        assert page.locator("header.site").inner_text().count("Ủy ban bầu cử") == 1
        assert page.locator("main#noi-dung").count() == 1
