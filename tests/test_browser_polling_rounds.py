"""The city picks the re-election on its dashboard and sees only the ward of the
unit holding it, in a real browser (Debian's chromium); a screenshot is kept.

Run with: .venv/bin/pytest -m browser tests/test_browser_polling_rounds.py
"""

import datetime
from pathlib import Path

import pytest

from electionadmin.polling.entry import Entry, save_figures
from electionadmin.results.models import UnitRound

from .browser import MARKS, SCREEN, new_page, sign_in_to
from .test_polling_data import Polling2026Mixin

SCREENSHOT = Path("/tmp/polling_round_dashboard.png")

pytestmark = MARKS


class Data(Polling2026Mixin):
    pass


@pytest.fixture
def page(live_server):
    Data.setUpTestData()
    UnitRound.objects.create(
        electoral_unit=Data.hdnd_a_unit,
        round="reelection",
        decision="12/QĐ-UBBC",
        decided_by="Ủy ban bầu cử phường",
        election_date=datetime.date(2026, 3, 29),
        opened_by=Data.city_user,
    )
    entries = [
        Entry("thử", Data.a1, "09:00", 20, round="reelection"),
        Entry("thử", Data.a2, "09:00", 30, round="reelection"),
        Entry("thử", Data.b1, "09:00", 120),
    ]
    assert not [e.errors for e in save_figures(Data.election, entries) if e.errors]
    with new_page(viewport=SCREEN) as page:
        yield page


def test_the_city_switches_to_the_reelection(page, live_server):
    target = f"/bau-cu/{Data.election.code}/tien-do/79/"
    sign_in_to(page, live_server.url, "thanhpho", target)
    rounds = page.inner_text("nav.polling-rounds")
    assert "Bầu cử lần đầu" in rounds and "Bầu cử lại (29/03/2026)" in rounds
    assert "Phường Sài Gòn" in page.inner_text("#content-main")
    page.click("nav.polling-rounds >> text=Bầu cử lại")
    page.wait_for_url("**lan=bau-cu-lai")
    heading = page.inner_text("#round-heading")
    assert heading.startswith("Bầu cử lại ngày 29/03/2026")
    body = page.inner_text("#content-main")
    assert "Phường Sài Gòn" not in body  # no unit of it holds the re-election
    late = page.inner_text("#chua-bao-cao")  # lateness on the round's own day
    assert "26734/1" in late and "26737" not in late
    table = page.inner_text("#content-main table")
    assert "26734" in table and "50" in table  # 20 + 30 in the ward's two areas
    page.screenshot(path=str(SCREENSHOT), full_page=True)
