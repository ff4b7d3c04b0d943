"""A re-election decided, its minutes accepted and certified, and the winner not
confirmed, on the committee's screens in a real browser (Debian's chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_rounds.py
"""

from pathlib import Path

import pytest

from electionadmin.results.certification import certify
from electionadmin.results.models import Confirmation, UnitRound

from .browser import MARKS, chromium, signed_in
from .test_results_base import ResultsMixin, counted

SCREENSHOTS = Path("/tmp")

pytestmark = MARKS


class Data(ResultsMixin):
    pass


@pytest.fixture
def browser(live_server):
    Data.setUpTestData()
    for area in (Data.a1, Data.a2, Data.b1, Data.b2):  # exactly half voted
        counted(
            Data.qh_unit,
            area,
            {1: 300, 2: 150, 3: 50},
            on_list=1000,
            voted=500,
            issued=500,
            received=500,
            valid=500,
            invalid=0,
        )
    with chromium() as launched:
        yield launched


def test_a_reelection_decided_and_a_winner_not_confirmed(browser, live_server):
    base = live_server.url
    page = signed_in(browser, base, "thanhpho", landing="/django-admin/")
    page.goto(f"{base}/django-admin/ket-qua/uy-ban/{Data.qh.pk}/")
    page.click("text=Bầu cử lại, bầu cử thêm")
    assert "chưa quá một nửa" in page.text_content("#flagged")
    page.fill("#id_decision", "Nghị quyết số 12/NQ-HĐBCQG")
    page.fill("#id_election_date", "31/03/2026")
    page.click("#open-round-form input[type=submit]")
    # refused at the field (the limit is also said beside it beforehand)
    assert "chậm nhất là ngày 30/03/2026" in page.text_content(
        "#open-round-form .errorlist"
    )
    assert not UnitRound.objects.exists()
    page.fill("#id_election_date", "29/03/2026")
    page.click("#open-round-form input[type=submit]")
    assert "Nghị quyết số 12/NQ-HĐBCQG" in page.text_content("#held")
    page.screenshot(path=str(SCREENSHOTS / "results_rounds.png"), full_page=True)
    assert UnitRound.objects.get().round == "reelection"

    for area in (Data.a1, Data.a2, Data.b1, Data.b2):  # 40 %: it stands
        counted(
            Data.qh_unit,
            area,
            {1: 250, 2: 100, 3: 50},
            round="reelection",
            on_list=1000,
            voted=400,
            issued=400,
            received=400,
            valid=400,
            invalid=0,
        )
    certify(Data.qh, Data.city_user, "first")
    certify(Data.qh, Data.city_user, "reelection")
    page.goto(f"{base}/django-admin/ket-qua/uy-ban/{Data.qh.pk}/?round=reelection")
    assert "Lê Văn An" in page.text_content("#units")
    page.click("text=Xác nhận tư cách người trúng cử")
    page.select_option("#id_candidate", index=1)
    page.check("input[name=confirmed][value='0']")
    page.fill("#id_decision", "Nghị quyết số 40/NQ-HĐBCQG")
    page.fill("#id_reason", "Không đủ tiêu chuẩn")
    page.click("#confirm-form input[type=submit]")
    assert "Không được xác nhận" in page.text_content("#winners")
    page.screenshot(path=str(SCREENSHOTS / "results_confirm.png"), full_page=True)
    assert Confirmation.objects.get().confirmed is False
