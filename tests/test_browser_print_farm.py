"""Printing where the work is, in a real browser (Debian's chromium), as a ward:
the print buttons on the voting-area list and page, the whole commune printed in
the background with its progress bar (the task worker run step by step), the
print page's menus, and the short code verified.

Run with: .venv/bin/pytest -m browser tests/test_browser_print_farm.py
Screenshots: /tmp/print-farm-*.png
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from electionadmin.documents import render
from importers.voters import import_voters

from .browser import MARKS, SCREEN, new_page, sign_in
from .factories import SmallElectionMixin
from .test_voters_import import DATA
from .test_voters_report import at

WORKER_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SHOTS = "/tmp/print-farm-{}.png"

pytestmark = MARKS


class Data(SmallElectionMixin):
    pass


def run_worker(tasks: int | None = None) -> None:
    """What `manage.py db_worker` does: `tasks` tasks, else until none is left."""
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0,
        max_tasks=tasks,
    )  # fmt: skip


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.TASKS = WORKER_TASKS
    settings.MEDIA_ROOT = tmp_path
    Data.setUpTestData()
    with at(2026, 2, 1, 8):
        import_voters(DATA / "ok.csv", Data.election)
    with new_page(accept_downloads=True, viewport=SCREEN) as page:
        yield page


def shot(page, name: str) -> None:
    page.screenshot(path=SHOTS.format(name), full_page=True)


def test_a_ward_prints_an_area_and_its_whole_commune(page, live_server, tmp_path):
    base = live_server.url
    page.goto(f"{base}/django-admin/")
    sign_in(page, "phuonga")
    page.wait_for_url(f"{base}/django-admin/")

    page.goto(f"{base}/django-admin/setup/votingarea/")
    assert page.locator("a.area-cards-link").count() == 2  # its two areas only
    shot(page, "1-area-rows")
    page.click("text=KVBP số 1 - Phường Tân Định")
    with page.expect_download() as download:
        page.click("#area-list-link")
    assert download.value.suggested_filename == "danh-sach-26734-1.pdf"
    shot(page, "2-area-page")

    page.click("#commune-print-link")
    shot(page, "3-commune-choice")
    page.click("#print-voter_list")
    page.wait_for_selector("#job-progress-bar")
    run_worker(2)  # the plan and the first of two areas
    page.locator("#job-percent", has_text="50").wait_for()  # polled, not reloaded
    assert "Khu vực bỏ phiếu số 1 - Phường Tân Định" in page.text_content("#job-label")
    shot(page, "4-progress")
    run_worker()
    page.wait_for_selector("#job-done", timeout=15_000)
    assert "Đã in xong 2 khu vực bỏ phiếu của 1 xã/phường" in page.text_content(
        "#job-done"
    )
    shot(page, "5-done")
    with page.expect_download() as download:
        page.click("#job-download")
    path = tmp_path / "in.zip"
    download.value.save_as(path)
    archive = zipfile.ZipFile(path)
    (name,) = archive.namelist()
    merged = archive.read(name)
    (tmp_path / "commune.pdf").write_bytes(merged)
    Path("/tmp/print-farm-merged.pdf").write_bytes(merged)  # pdftoppm it to look
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(merged)).pages)
    assert "Khu vực bỏ phiếu số 1" in text and "Khu vực bỏ phiếu số 2" in text
    assert "DANH SÁCH CỬ TRI" in text


def test_the_print_page_menus_and_the_short_code(page, live_server):
    base = live_server.url
    page.goto(f"{base}/django-admin/")
    sign_in(page, "phuonga")
    page.wait_for_url(f"{base}/django-admin/")
    page.goto(f"{base}/django-admin/ket-qua/in/TEST-2026/")
    labels = page.locator("#id_form_key option").all_text_contents()
    assert any(label.startswith("Mẫu số") for label in labels), labels
    page.select_option("#id_form_key", "TURNOUT_REPORT")
    groups = page.locator("#id_scope optgroup:not([hidden])")
    assert groups.evaluate_all("gs => gs.map(g => g.label)") == ["Đơn vị hành chính"]
    page.select_option("#id_scope", "26734")
    shot(page, "6-print-page")

    printed = render.print_form(Data.election, "TURNOUT_REPORT", "26734")
    page.goto(f"{base}/django-admin/ket-qua/xac-thuc/")
    page.fill("#id_code", printed.code.lower())
    page.click("input[type=submit][value='Đối chiếu']")
    assert "KHỚP" in page.text_content("#verdict")
    assert "Phường Tân Định" in page.text_content("#verdict-form")
    shot(page, "7-verify-short-code")
