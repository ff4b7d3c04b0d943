"""A commune moves a voter to another voting area through the screens (real chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_voter_changes.py
"""

import datetime

import pytest

from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters

from .browser import MARKS, new_page, sign_in
from .factories import SmallElectionMixin
from .test_voters_changes import BEFORE_CUTOFF, VN, at
from .test_voters_import import DATA

pytestmark = MARKS


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def page(live_server):
    Data.setUpTestData()
    with at(datetime.datetime(2026, 2, 1, 8, 0, tzinfo=VN)):
        import_voters(DATA / "ok.csv", Data.election)
    # The server thread shares this clock: a day before the changes close.
    with at(BEFORE_CUTOFF), new_page() as page:
        yield page


def area_list(page, base: str, area) -> dict[str, str]:
    """Full name -> status, as the area's voter list in the admin shows them."""
    page.goto(
        f"{base}/django-admin/voters/voterentry/?voting_area__id__exact={area.pk}"
    )
    rows = page.locator("#result_list tbody tr")
    return {
        rows.nth(i).locator(".field-full_name").inner_text().strip(): (
            rows.nth(i).locator("td.field-status").inner_text().strip()
        )
        for i in range(rows.count())
    }


def test_a_commune_transfers_a_voter_and_both_lists_follow(page, live_server):
    base = live_server.url
    page.goto(f"{base}/django-admin/")
    sign_in(page, "phuonga")
    page.wait_for_url(f"{base}/django-admin/")

    an = VoterEntry.objects.get(citizen_id="079080000001")
    page.goto(f"{base}/django-admin/voters/voterentry/{an.pk}/change/")
    page.click("#transfer-link")
    assert "26737/1" not in page.inner_text("select[name=to_area]")  # ward B's
    page.select_option("select[name=to_area]", str(Data.a2.pk))
    page.select_option("select[name=reason]", "permanent_move")
    page.fill("input[name=document]", "Đơn xin chuyển ngày 10/03/2026")
    page.click("#change-submit")
    message = page.inner_text(".messagelist")
    assert "Nguyễn Văn An" in message
    assert "sang khu vực bỏ phiếu 26734/2, số thứ tự 2" in message

    old = area_list(page, base, Data.a1)
    assert old["Nguyễn Văn An"] == "Đã chuyển đi khu vực khác"
    assert old["Trần Thị Bình"] == "Có tên trong danh sách"
    new = area_list(page, base, Data.a2)
    assert new == {
        "Võ Thị Giang": "Có tên trong danh sách",
        "Nguyễn Văn An": "Có tên trong danh sách",
    }
