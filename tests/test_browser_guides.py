"""A guide's life in a real browser (Debian's chromium): the trainer writes it in
Wagtail and submits it, the city committee approves it, and the screen it explains
links it; the trainer meanwhile cannot open the election's data.

Run with: .venv/bin/pytest -m browser tests/test_browser_guides.py
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from electionadmin.publishing.models import GuideIndexPage, GuidePage

from .browser import MARKS, SCREEN, chromium, sign_in
from .factories import make_user
from .test_polling_data import Polling2026Mixin

SHOTS = Path("/tmp")
PASSWORD = "matkhau-thu-123"

pytestmark = MARKS


class Data(Polling2026Mixin):
    pass


@pytest.fixture
def browser(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    Data.setUpTestData()
    make_user("taphuan", "trainer", admin_unit=Data.city)
    with chromium() as launched:
        yield launched


def session(browser, base: str, username: str):
    context = browser.new_context(locale="vi-VN", viewport=SCREEN)
    context.set_default_timeout(60_000)  # two shared cores: Wagtail's admin is slow
    page = context.new_page()
    page.goto(f"{base}/admin/login/?next=/admin/")
    sign_in(page, username)  # committees pass the second factor too
    page.wait_for_url(f"{base}/admin/")
    return page


def add_block(page, label: str) -> None:
    page.locator("[data-contentpath=steps] button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label).click()


def test_trainer_writes_committee_approves_screen_links(browser, live_server):
    base = live_server.url
    index = GuideIndexPage.objects.get()

    trainer = session(browser, base, "taphuan")
    trainer.goto(f"{base}/django-admin/voters/voterentry/")
    assert "403" in trainer.title()
    trainer.goto(f"{base}/bau-cu/{Data.election.code}/tien-do/79/")
    assert "403" in trainer.title()

    trainer.goto(f"{base}/admin/pages/add/publishing/guidepage/{index.pk}/")
    trainer.fill("input[name=title]", "Nhập số cử tri đi bỏ phiếu")
    trainer.fill("textarea[name=intro]", "Tổ bầu cử báo cáo theo từng mốc giờ.")
    trainer.select_option("select[name=screen]", "turnout_entry")
    trainer.check("input[name=audience][value=team]")
    add_block(trainer, "Tiêu đề bước")
    trainer.fill("input[name='steps-0-value']", "Bước 1: mở màn hình của khu vực")
    add_block(trainer, "Nội dung")
    text = "Ghi tổng số cử tri đã bỏ phiếu đến mốc giờ rồi bấm Lưu."
    editor = trainer.locator("[data-contentpath=steps] .public-DraftEditor-content")
    editor.first.click()
    trainer.keyboard.type(text)
    expect(editor.first).to_contain_text(text)
    trainer.wait_for_timeout(1000)  # Draftail saves its state 250 ms after typing
    trainer.locator("footer button.w-dropdown__toggle").click()
    trainer.click("button[name=action-submit]")
    trainer.wait_for_url(f"{base}/admin/pages/{index.pk}/")
    assert "gửi duyệt" in trainer.text_content(".messages")
    trainer.screenshot(path=str(SHOTS / "guides_submitted.png"))

    guide = GuidePage.objects.get(title="Nhập số cử tri đi bỏ phiếu")
    assert not guide.live
    assert guide.slug == "nhap-so-cu-tri-di-bo-phieu"  # plain letters
    assert guide.current_workflow_task_state is not None

    committee = session(browser, base, "thanhpho")
    assert "Nhập số cử tri đi bỏ phiếu" in committee.text_content("main")
    committee.screenshot(path=str(SHOTS / "guides_to_approve.png"))
    # "Chờ bạn duyệt" on the dashboard: the row's actions, "Phê chuẩn".
    committee.click("main button.w-dropdown__toggle--icon")
    approve = "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    with committee.expect_navigation():
        committee.click(approve)

    guide.refresh_from_db()
    assert guide.live

    team = browser.new_context(locale="vi-VN", viewport=SCREEN).new_page()
    team.goto(f"{base}/admin/login/")
    sign_in(team, "toa1", PASSWORD)
    team.goto(f"{base}/bau-cu/{Data.election.code}/nhap/kvbp/26734/1/")
    link = team.locator("#screen-guides a")
    assert link.text_content() == "Nhập số cử tri đi bỏ phiếu"
    team.screenshot(path=str(SHOTS / "guides_screen_link.png"))
    with team.context.expect_page() as opened:
        link.click()
    public = opened.value
    public.wait_for_load_state()
    assert "Bước 1: mở màn hình của khu vực" in public.text_content("main")
    assert "Ghi tổng số cử tri đã bỏ phiếu" in public.text_content("main")
    public.screenshot(path=str(SHOTS / "guides_public.png"), full_page=True)
