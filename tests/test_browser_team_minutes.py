"""The team's minutes flow in a real browser (Debian's chromium): the team enters its
minutes from its home, sees the warning, a second team member enters the paper again,
the team explains the warning and submits, the board accepts.

Run with: .venv/bin/pytest -m browser tests/test_browser_team_minutes.py
"""

import pytest

from electionadmin.results.models import CountingRecord

from .browser import MARKS, chromium, signed_in
from .factories import make_user
from .test_results_base import ResultsMixin

pytestmark = MARKS
SHOTS = "/tmp/team_minutes_{}.png"
# Ballots issued (902) differ from voters who voted (900): warning W07.
FIGURES = {
    "voters_on_list": "1000",
    "voters_voted": "900",
    "ballots_issued": "902",
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
    second = make_user("toa1-thuky", "election_team", voting_area=Data.a1)
    second.first_name = "Võ Thị Hoa"
    second.save()
    with chromium() as launched:
        yield launched


def type_paper(page) -> None:
    for name, value in (FIGURES | VOTES).items():
        page.fill(f"input[name={name}]", value)
    page.click("input[type=submit][value='Lưu lần nhập']")
    page.wait_for_selector("#record-status")


def test_a_team_enters_explains_and_submits_and_the_board_accepts(browser, live_server):
    base = live_server.url
    team = signed_in(browser, base, "toa1")
    team.goto(f"{base}/django-admin/ket-qua/nhap/")
    assert "Tổ bầu cử: nhập biên bản" in team.text_content("#entry-rows")
    team.screenshot(path=SHOTS.format("0_list"), full_page=True)
    team.goto(f"{base}/viec-cua-toi/")
    team.click("#team-minutes a:has-text('Quốc hội')")
    team.wait_for_selector("#entry-form")
    assert "Chưa có gì được lưu" in team.text_content("#entry-help")
    assert not CountingRecord.objects.exists()  # opening created nothing
    team.screenshot(path=SHOTS.format("1_entry"), full_page=True)
    type_paper(team)
    assert "W07" in team.text_content("#own-warnings")
    assert "toa1-thuky - Võ Thị Hoa" in team.text_content("#second-entry")
    team.screenshot(path=SHOTS.format("2_first_entry"), full_page=True)
    record = CountingRecord.objects.get(voting_area=Data.a1, contest=Data.qh)

    second = signed_in(browser, base, "toa1-thuky")
    second.goto(f"{base}/django-admin/ket-qua/bien-ban/{record.pk}/")
    assert "902" not in second.text_content("#content-main")
    second.click("#enter-link")
    type_paper(second)
    assert "Nhập liệu xong" in second.text_content("#record-status")

    team.goto(f"{base}/django-admin/ket-qua/bien-ban/{record.pk}/")
    assert "Tổ bầu cử: gửi biên bản" in team.text_content("#next-actor")
    team.click("#submit-form input[type=submit]")
    team.wait_for_selector(".messagelist")
    assert "cần giải trình" in team.text_content(".messagelist")
    team.fill("#submit-form textarea[name=W07]", "Hai phiếu bị rách, đã thay phiếu.")
    team.screenshot(path=SHOTS.format("3_explain"), full_page=True)
    team.click("#submit-form input[type=submit]")
    team.wait_for_selector("text=Đã gửi biên bản đến Ban bầu cử")
    assert "Ban bầu cử: kiểm tra" in team.text_content("#next-actor")
    team.screenshot(path=SHOTS.format("4_submitted"), full_page=True)

    board = signed_in(browser, base, "banqh1")
    board.goto(f"{base}/django-admin/ket-qua/bien-ban/{record.pk}/")
    assert "Hai phiếu bị rách" in board.text_content("#warnings")
    board.click("#accept-form input[type=submit]")
    board.wait_for_selector("text=Đã chấp nhận biên bản")
    record.refresh_from_db()
    assert record.status == "accepted"
    assert record.explanations == {"W07": "Hai phiếu bị rách, đã thay phiếu."}
