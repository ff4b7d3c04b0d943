"""Wagtail's admin as its scripts draw it, in a real browser (Debian's chromium): a
ward committee's sidebar has no Reports menu and no English; the trainer's page
editor names the schedule fields and the date picker's button in Vietnamese.

Run with: .venv/bin/pytest -m browser tests/test_browser_wagtail_text.py
"""

from pathlib import Path

import pytest

from electionadmin.publishing.models import GuideIndexPage

from .browser import MARKS, SCREEN, new_page, sign_in_to
from .factories import SmallElectionMixin, make_user

SHOTS = Path("/tmp")

pytestmark = MARKS


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def page(live_server):
    Data.setUpTestData()
    make_user("taphuan", "trainer", admin_unit=Data.city)
    with new_page(viewport=SCREEN) as page:
        yield page


def test_the_ward_sidebar_has_no_reports_and_no_english(page, live_server):
    sign_in_to(page, live_server.url, "phuonga", "/admin/")
    page.wait_for_selector("[data-wagtail-sidebar] nav, .sidebar nav")
    text = page.inner_text("body")
    page.screenshot(path=str(SHOTS / "wagtail_ward_admin.png"), full_page=True)
    assert "Báo cáo" not in text
    for english in ["new item", "Reports", "Workflows", "Site history"]:
        assert english not in text


def test_the_trainers_editor_schedule_in_vietnamese(page, live_server):
    index = GuideIndexPage.objects.get()
    add = f"/admin/pages/add/publishing/guidepage/{index.pk}/"
    sign_in_to(page, live_server.url, "taphuan", add)
    page.screenshot(path=str(SHOTS / "wagtail_trainer_editor.png"), full_page=True)
    html = page.content()
    assert "Go live date/time" not in html
    assert "Expiry date/time" not in html
    # The date picker is made when a date field is focused (the field sits in the
    # schedule dialog, closed: the event a focus sends is sent to it).
    page.evaluate("window.jQuery('input[name=go_live_at]').trigger('open.xdsoft')")
    page.wait_for_selector(".xdsoft_save_selected", state="attached")
    page.screenshot(path=str(SHOTS / "wagtail_trainer_picker.png"), full_page=True)
    buttons = page.eval_on_selector_all(
        ".xdsoft_save_selected", "els => els.map(e => e.textContent)"
    )
    assert buttons and all(text == "Lưu lựa chọn" for text in buttons)
