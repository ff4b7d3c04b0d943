"""The change report (báo cáo biến động cử tri) at 1366×768, in real chromium: the
22 figures of a 2021 report (three council tiers) fit the screen without a
horizontal scrollbar, at the district level and at the level of voting areas
(long row names), their short headings carry the full heading as a Vietnamese
tooltip, and sorting still works. Screenshots go to /tmp/change_report_*.png.

Run with: .venv/bin/pytest -m browser tests/test_browser_change_report.py
"""

import pytest

from importers.voters import import_voters

from .browser import MARKS, new_page, sign_in
from .factories import make_area, make_election, make_unit, make_user
from .test_voters_import import DATA

pytestmark = MARKS
LAPTOP = {"width": 1366, "height": 768}
SHOT = "/tmp/change_report_{}.png"
TABLE = "document.querySelector('#change-report')"


@pytest.fixture
def data(live_server):
    election = make_election("HCM-2021", cycle="2021")
    units = election.unit_set
    city = make_unit(units, "79", "Thành phố Hồ Chí Minh", "province")
    district = make_unit(units, "760", "Quận 1", "district", city)
    wards = [
        make_unit(units, "26734", "Phường Tân Định", "commune", district),
        make_unit(units, "26737", "Phường Đa Kao", "commune", district),
    ]
    for ward in wards:
        for number in range(1, 12):
            make_area(election, ward, number, name=f"Khu phố {number}")
    import_voters(DATA / "ok.csv", election)
    make_user("thanhpho", "city_committee", admin_unit=city)
    with new_page(viewport=LAPTOP) as page:
        yield page, election, wards[0]


def no_side_scroll(page) -> bool:
    return page.evaluate(
        f"document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        f" && {TABLE}.scrollWidth <= {TABLE}.parentElement.clientWidth"
    )


def test_the_change_report_fits_a_laptop_screen(data, live_server):
    page, election, ward = data
    base = f"{live_server.url}/cu-tri/bien-dong/?election={election.pk}"
    page.goto(f"{live_server.url}/django-admin/")
    sign_in(page, "thanhpho")
    page.wait_for_load_state()

    page.goto(f"{base}&level=district")
    assert "Quận 1" in page.text_content("#change-report tbody")
    assert no_side_scroll(page)
    # The unit and 22 figures, under 6 group headings.
    assert page.locator("#change-report thead th").count() == 23 + 6
    page.screenshot(path=SHOT.format("1_district"), full_page=True)

    page.goto(f"{base}&level=area&unit={ward.pk}")
    assert "KVBP 26734/11 - Phường Tân Định" in page.text_content("#change-report")
    assert no_side_scroll(page)
    at_start = page.locator("abbr[title='Số cử tri khi niêm yết']")
    assert at_start.text_content() == "Khi niêm yết"
    assert page.locator("abbr[title='Được bầu HĐND huyện']").count() == 1
    page.locator("#report-issuer").scroll_into_view_if_needed()
    page.screenshot(path=SHOT.format("2_areas"))

    page.click("#change-report thead a:has-text('Hiện nay')")
    page.wait_for_url("**sort=now**")
    first = page.text_content("#change-report tbody tr:first-child td:first-child")
    assert first.strip().startswith("KVBP 26734/")  # fewest voters first
