"""A ward imports its voter list through the admin and prints an area's voter cards,
in a real browser (Debian's chromium), with the task worker running the import.

Run with: .venv/bin/pytest -m browser tests/test_browser_voters_import.py
"""

import io
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from pypdf import PdfReader

from electionadmin.voters.models import VoterEntry
from importers.models import ImportJob

from .browser import MARKS, SCREEN, new_page, sign_in
from .factories import SmallElectionMixin

SCREENSHOT = Path("/tmp/voters_import_preview.png")
WORKER_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# (citizen ID, full name, area number); half the names typed in NFD, as some
# Windows input methods and Mac files write them.
VOTERS = [
    ("079080000011", "Nguyễn Thị Ánh Tuyết", 1),
    ("079185000012", "Trần Đức Bảo", 1),
    ("079056000013", "Lê Thị Hồng Nhung", 1),
    ("079160000014", "Đặng Quốc Hưng", 1),
    ("079192000015", "Phạm Văn Đồng", 2),
]

pytestmark = MARKS


class Data(SmallElectionMixin):
    pass


def voter_csv(path: Path) -> Path:
    lines = [
        "citizen_id,full_name,birth_date,gender,residence,commune_code,area_number"
    ]
    for index, (citizen_id, name, area) in enumerate(VOTERS):
        form = "NFD" if index % 2 == 0 else "NFC"
        name = unicodedata.normalize(form, name)
        lines.append(f"{citizen_id},{name},1980-01-01,Nam,permanent,26734,{area}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_worker() -> None:
    """What `manage.py db_worker` does, once through the queue."""
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.TASKS = WORKER_TASKS
    settings.MEDIA_ROOT = tmp_path
    Data.setUpTestData()
    with new_page(accept_downloads=True, viewport=SCREEN) as page:
        yield page


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/django-admin/")
    sign_in(page, username)
    page.wait_for_url(f"{base}/django-admin/")


def wait_for_the_bar_then_work(page) -> None:
    """The job waits for the worker with its progress bar; the worker runs it; the
    page, polling, reloads itself with the outcome."""
    page.wait_for_selector("#job-progress-bar")
    assert "Đang chờ" in page.text_content("#job-progress")
    run_worker()
    page.wait_for_selector("#job-result", timeout=15_000)


def test_a_ward_imports_its_voter_list_and_prints_an_areas_cards(
    page, live_server, tmp_path
):
    base = live_server.url
    log_in(page, base, "phuonga")
    page.goto(f"{base}/django-admin/voters/voterentry/")
    page.click("#voters-import-link")
    assert "TEST-2026" in page.text_content("select[name=election]")
    page.set_input_files("input[name=file]", str(voter_csv(tmp_path / "cu-tri.csv")))
    page.click("input[type=submit][value='Tải lên và kiểm tra']")

    wait_for_the_bar_then_work(page)
    assert "Kết quả kiểm tra" in page.text_content("#job-result")
    cells = page.locator("#import-counts td").all_text_contents()
    assert cells == ["5", "0", "0", "0"]  # added, updated, unchanged, rejected
    assert not VoterEntry.objects.exists()
    if connection.vendor == "postgresql":
        # Written beside the importer's COPY, through the progress connection.
        assert ImportJob.objects.get().progress_label
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.click("input[type=submit][value='Xác nhận nhập']")
    wait_for_the_bar_then_work(page)
    page.wait_for_selector("#import-done")
    assert ImportJob.objects.get().report["written"]
    names = set(VoterEntry.objects.values_list("full_name", flat=True))
    assert names == {name for _, name, _ in VOTERS}  # stored in NFC

    with page.expect_download() as download:
        page.click("a.area-cards-link[data-area='26734/1']")
    path = tmp_path / "the-cu-tri.pdf"
    download.value.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = unicodedata.normalize(
        "NFC", "\n".join(sheet.extract_text() for sheet in reader.pages)
    )
    for _, name, area in VOTERS:
        if area == 1:
            assert name.upper() in text, name
        else:
            assert name.upper() not in text, name
