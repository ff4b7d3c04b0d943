"""A commune prints the voter cards of a voting area from the admin (real chromium).

Run with: .venv/bin/pytest -m browser tests/test_browser_voters.py
"""

import subprocess

import pytest

from importers.voters import import_voters

from .browser import MARKS, new_page, sign_in
from .factories import SmallElectionMixin
from .test_voters_import import DATA

pytestmark = MARKS


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Data.setUpTestData()
    import_voters(DATA / "ok.csv", Data.election)
    with new_page(accept_downloads=True) as page:
        yield page


def test_a_commune_prints_the_cards_of_an_area_from_the_admin(
    page, live_server, tmp_path
):
    base = live_server.url
    page.goto(f"{base}/django-admin/")
    sign_in(page, "phuonga")
    page.wait_for_url(f"{base}/django-admin/")
    page.goto(f"{base}/django-admin/setup/votingarea/")
    page.check(f"input[name=_selected_action][value='{Data.a1.pk}']")
    page.select_option("select[name=action]", "print_area_cards")
    with page.expect_download() as download:
        page.click("button[name=index]")
    path = tmp_path / "cards.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    ).stdout
    for name in ["NGUYỄN VĂN AN", "TRẦN THỊ BÌNH", "LÊ VĂN CƯỜNG", "PHẠM THỊ DUNG"]:
        assert name in text
    assert "VÕ THỊ GIANG" not in text  # area 2
