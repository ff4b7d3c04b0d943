"""A minutes entered twice by two users, accepted by the board, and the board's
minutes printed, in a real browser (Debian's chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_results.py
"""

from pathlib import Path

import pytest

from electionadmin.results.models import CountingRecord

from .browser import MARKS, chromium, signed_in
from .test_documents_base import pdf_text
from .test_results_base import ResultsMixin, counted

SCREENSHOT = Path("/tmp/results_entry.png")

pytestmark = MARKS
FIGURES = {
    "voters_on_list": "1000",
    "voters_voted": "900",
    "ballots_issued": "900",
    "ballots_received": "900",
    "valid": "880",
    "invalid": "20",
}
VOTES = {"votes_1": "500", "votes_2": "300", "votes_3": "80"}


class Data(ResultsMixin):
    pass


@pytest.fixture
def browser(live_server):
    Data.setUpTestData()
    for area in (Data.a2, Data.b1, Data.b2):
        counted(Data.qh_unit, area, {1: 600, 2: 200, 3: 80})
    with chromium() as launched:
        yield launched


def enter_minutes(page, base: str) -> None:
    for name, value in (FIGURES | VOTES).items():
        page.fill(f"input[name={name}]", value)
    page.click("input[type=submit][value='Lưu lần nhập']")
    page.wait_for_selector("#record-status")


def test_two_entries_an_acceptance_and_the_board_minutes_printed(browser, live_server):
    base = live_server.url
    team = signed_in(browser, base, "toa1", landing="/django-admin/")
    team.goto(f"{base}/django-admin/ket-qua/nhap/")
    team.click("a[data-key='26734/1-QH']")
    team.wait_for_selector("#entry-form")
    assert "Trần Thị Bình" in team.text_content("#entry-form")
    team.screenshot(path=str(SCREENSHOT), full_page=True)
    enter_minutes(team, base)
    assert "Đang nhập liệu" in team.text_content("#record-status")
    record = CountingRecord.objects.get(contest=Data.qh, voting_area=Data.a1)

    clerk = signed_in(browser, base, "thuky_a", landing="/django-admin/")
    clerk.goto(f"{base}/django-admin/ket-qua/bien-ban/{record.pk}/")
    assert "500" not in clerk.text_content("#content-main")  # not the first entry
    clerk.click("#enter-link")
    enter_minutes(clerk, base)
    assert "Nhập liệu xong" in clerk.text_content("#record-status")
    clerk.screenshot(path="/tmp/results_record.png", full_page=True)
    clerk.click("#submit-form input[type=submit]")
    clerk.wait_for_selector("text=Đã gửi biên bản đến Ban bầu cử")

    board = signed_in(browser, base, "banqh1", landing="/django-admin/")
    board.goto(f"{base}/django-admin/ket-qua/bien-ban/{record.pk}/")
    board.click("#accept-form input[type=submit]")
    board.wait_for_selector("text=Đã chấp nhận biên bản")
    record.refresh_from_db()
    assert record.status == "accepted"

    board.goto(f"{base}/django-admin/ket-qua/ban/{Data.qh_unit.pk}/")
    assert "Trúng cử" in board.text_content("#candidates")
    board.screenshot(path="/tmp/results_board.png", full_page=True)
    with board.expect_download() as caught:
        board.click("#print-board")
    text = pdf_text(Path(caught.value.path()).read_bytes())
    assert "Mẫu số 19/HĐBC-QH" in text
    assert "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI" in text
    assert "Lê Văn An" in text and "2.300" in text
    assert "DỰ THẢO" not in text
