"""The set-up screens in a real browser (Debian's chromium), as the city committee
and as a ward: the set-up workbook template and its import page, the election's
completeness overview reached from Việc của tôi, a voting area locked after the
list is posted (the ward is told why and who can; the city deletes with a reason).
Screenshots in /tmp/setup_<name>.png.

Run with: .venv/bin/pytest -m browser tests/test_browser_setup.py
"""

import io

import openpyxl
import pytest

from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import VotingArea

from .browser import MARKS, chromium, signed_in
from .factories import SmallElectionMixin, make_area

pytestmark = MARKS


class Data(SmallElectionMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.b3 = make_area(cls.election, cls.ward_b, 3, polling_place="Nhà văn hóa")


@pytest.fixture
def browser(live_server):
    Data.setUpTestData()
    with chromium() as launched:
        yield launched


def login(browser, base: str, username: str):
    return signed_in(
        browser, base, username, login="/admin/login/", landing="/viec-cua-toi/",
        accept_downloads=True,
    )  # fmt: skip


def shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/setup_{name}.png", full_page=True)


def test_the_city_walks_the_overview_the_template_and_a_locked_area(
    browser, live_server
):
    base = live_server.url
    page = login(browser, base, "thanhpho")
    page.click("#setup-check-link")
    page.wait_for_selector("#completeness-errors")
    shot(page, "city_overview")
    errors = page.inner_text("#completeness-errors")
    assert "26737/3 không thuộc đơn vị bầu cử nào" in errors
    page.click("#completeness-errors a")
    page.wait_for_selector("#contest_form")
    assert "/setup/contest/" in page.url

    page.goto(f"{base}/django-admin/importers/election/")
    shot(page, "import_page")
    with page.expect_download() as download:
        page.click("#template-link")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "Hướng dẫn"
    assert "Khu vực bỏ phiếu" in book.sheetnames

    area = VotingArea.objects.get(pk=Data.b2.pk)
    page.goto(f"{base}/django-admin/setup/votingarea/{area.pk}/change/")
    assert "phải ghi lý do" in page.inner_text("#area-lock")
    shot(page, "city_area")
    page.goto(f"{base}/django-admin/setup/votingarea/{area.pk}/delete/")
    shot(page, "city_delete")
    page.fill("#audit_reason", "Khu vực trùng với khu vực số 1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/django-admin/setup/votingarea/")
    assert not VotingArea.objects.filter(pk=area.pk).exists()
    entry = AuditEntry.objects.get(object_id=str(area.pk), action="delete")
    assert entry.reason == "Khu vực trùng với khu vực số 1"


def test_the_ward_reads_its_findings_and_cannot_renumber_after_posting(
    browser, live_server
):
    base = live_server.url
    page = login(browser, base, "phuonga")
    page.click("#setup-check-link")
    page.wait_for_selector("#completeness-warnings")
    shot(page, "ward_overview")
    text = page.inner_text("#content")
    assert "26734/2" in text and "26737" not in text

    area = VotingArea.objects.get(pk=Data.a2.pk)
    page.goto(f"{base}/django-admin/setup/votingarea/{area.pk}/change/")
    lock = page.inner_text("#area-lock")
    assert "Chỉ Ủy ban bầu cử tỉnh/thành phố" in lock
    assert page.locator("input[name=number]").count() == 0
    assert page.locator("a.deletelink").count() == 0
    shot(page, "ward_area")
    page.goto(f"{base}/django-admin/setup/votingarea/{area.pk}/delete/")
    assert "Chỉ Ủy ban bầu cử tỉnh/thành phố" in page.inner_text("body")
    shot(page, "ward_delete")
    assert VotingArea.objects.filter(pk=area.pk).exists()
