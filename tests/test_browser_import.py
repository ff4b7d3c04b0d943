"""A city committee imports a set-up workbook in a real browser (Debian's chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_import.py
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from electionadmin.setup.models import Election, VotingArea
from importers.models import ImportJob

from .browser import MARKS, SCREEN, new_page, sign_in
from .factories import SmallElectionMixin

WORKBOOK = Path(__file__).parent / "data" / "election" / "clean_2021.xlsx"
SCREENSHOT = Path("/tmp/import_preview.png")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

pytestmark = MARKS


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    Data.setUpTestData()
    with new_page(viewport=SCREEN) as page:
        yield page


def log_in(page, base: str, username: str = "thanhpho") -> None:
    page.goto(f"{base}/django-admin/")
    assert "/admin/login/" in page.url  # one login page, Wagtail's
    sign_in(page, username)
    page.wait_for_url(f"{base}/django-admin/")


def test_a_city_committee_previews_confirms_and_imports_a_workbook(page, live_server):
    base = live_server.url
    log_in(page, base)
    page.click("text=Nhập bảng tính thiết lập cuộc bầu cử")
    page.set_input_files("input[name=file]", str(WORKBOOK))
    page.click("input[type=submit][value='Tải lên và kiểm tra']")

    page.wait_for_selector("#import-counts")
    assert "Kết quả kiểm tra" in page.text_content("#job-result")
    counts = page.text_content("#import-counts")
    for heading in ("Thêm mới", "Cập nhật", "Không đổi", "Xóa", "Khu vực bỏ phiếu"):
        assert heading in counts
    assert not Election.objects.filter(code="TEST-2021").exists()
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.click("input[type=submit][value='Xác nhận nhập']")
    page.wait_for_selector("#import-done")
    election = Election.objects.get(code="TEST-2021")
    assert VotingArea.objects.filter(election=election).count() == 5


def test_the_progress_page_polls_until_the_job_is_done(page, live_server):
    user = get_user_model().objects.get(username="thanhpho")
    job = ImportJob.objects.create(
        kind="election",
        user=user,
        file="imports/wb.xlsx",
        original_name="wb.xlsx",
        status="running",
        progress_done=3,
        progress_total=14,
        progress_label="Khu vực bỏ phiếu",
    )
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/django-admin/importers/jobs/{job.pk}/")
    assert page.locator("#job-progress-bar").get_attribute("value") == "21"
    counts = {"voting_areas": {"added": 5, "updated": 0, "unchanged": 0}}
    job.finish({"ok": True, "counts": counts, "errors": [], "warnings": []})
    page.wait_for_selector("#import-counts", timeout=10_000)  # the page reloaded
    assert "Xác nhận nhập" in page.content()


def test_a_ward_imports_one_sheet_through_the_one_importer(page, live_server, tmp_path):
    """The voting areas' import button: the set-up importer on one sheet; another
    ward's row refused at its row, a place like a formula warned about."""
    from electionadmin.access.scope import OUTSIDE_JURISDICTION

    Data.qh_unit.covers_units.set([Data.city])
    Data.hdnd_a_unit.covers_units.set([Data.ward_a])
    base = live_server.url
    log_in(page, base, "phuonga")
    header = "Mã cuộc bầu cử,Mã xã/phường,Khu vực bỏ phiếu số,Địa điểm bỏ phiếu\n"
    bad = tmp_path / "khu-vuc-loi.csv"
    bad.write_text(header + "TEST-2026,26734,3,A\nTEST-2026,26737,1,B\n", "utf-8-sig")
    good = tmp_path / "khu-vuc.csv"
    good.write_text(header + "TEST-2026,26734,3,=1+2\n", "utf-8-sig")

    page.goto(f"{base}/django-admin/setup/votingarea/import/")
    page.set_input_files("input[name=import_file]", str(bad))
    page.select_option("select[name=format]", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("#import-errors")
    assert OUTSIDE_JURISDICTION in page.text_content("#import-errors")
    page.screenshot(path="/tmp/sheet_import_refused.png", full_page=True)

    page.set_input_files("input[name=import_file]", str(good))
    page.select_option("select[name=format]", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("#import-warnings")
    assert "Thêm mới" in page.text_content("table.import-preview")
    page.screenshot(path="/tmp/sheet_import_preview.png", full_page=True)
    page.click("input[name=confirm]")
    page.wait_for_url(f"{base}/django-admin/setup/votingarea/")
    assert VotingArea.objects.filter(commune=Data.ward_a, number=3).exists()
