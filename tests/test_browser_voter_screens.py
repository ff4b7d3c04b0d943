"""A ward's voter screens at 1366×768 (a common office laptop), in real chromium:
the list filtered by voting area fits the width, the removal form says its
deadlines before it is filled and chooses no reason, the change report opens on the
ward. Screenshots go to /tmp/voter_screens_*.png for a person to look at.

Run with: .venv/bin/pytest -m browser tests/test_browser_voter_screens.py
"""

from pathlib import Path

import pytest

from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters

from .browser import MARKS, new_page, sign_in
from .factories import SmallElectionMixin
from .test_documents_base import pdf_text
from .test_voters_import import DATA

pytestmark = MARKS
LAPTOP = {"width": 1366, "height": 768}
SHOT = "/tmp/voter_screens_{}.png"
REPORT_PDF = "/tmp/voter_screens_report.pdf"  # for pdftoppm


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def page(live_server):
    Data.setUpTestData()
    import_voters(DATA / "ok.csv", Data.election)
    with new_page(viewport=LAPTOP, accept_downloads=True) as page:
        yield page


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_a_ward_reads_its_voter_screens_on_a_laptop(page, live_server):
    base = live_server.url
    page.goto(f"{base}/django-admin/")
    sign_in(page, "phuonga")
    page.wait_for_load_state()
    page.goto(f"{base}/django-admin/voters/voterentry/")
    page.click("#changelist-filter a:has-text('Số 2, Phường Tân Định')")
    page.wait_for_load_state()
    assert "Võ Thị Giang" in page.text_content("#result_list")
    assert "Nguyễn Văn An" not in page.text_content("#result_list")
    assert fits_the_width(page)
    table = "document.querySelector('#changelist .results')"
    assert page.evaluate(f"{table}.scrollWidth <= {table}.clientWidth")  # no scroll
    page.screenshot(path=SHOT.format("1_list"))

    an = VoterEntry.objects.get(citizen_id="079080000001")
    page.goto(f"{base}/cu-tri/cu-tri/{an.pk}/xoa-ten/")
    assert "Thời hạn (đọc trước khi ghi)" in page.text_content("#change-deadline")
    assert page.input_value("select[name=reason]") == ""
    assert fits_the_width(page)
    page.screenshot(path=SHOT.format("2_remove"), full_page=True)

    page.goto(f"{base}/cu-tri/bien-dong/")
    assert page.input_value("select[name=level]") == "area"
    assert page.input_value("select[name=unit]") == str(Data.ward_a.pk)
    page.click("#report-filters input[type=submit]")
    page.wait_for_selector("#report-issuer")
    assert "Ủy ban nhân dân Phường Tân Định" in page.text_content("#report-issuer")
    page.screenshot(path=SHOT.format("3_report"), full_page=True)
    with page.expect_download() as caught:
        page.click("a:has-text('Tải PDF')")
    caught.value.save_as(REPORT_PDF)
    text = pdf_text(Path(REPORT_PDF).read_bytes())
    assert "ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH" in text
    assert "NGƯỜI LẬP BIỂU" in text and "TM. ỦY BAN NHÂN DÂN" in text
