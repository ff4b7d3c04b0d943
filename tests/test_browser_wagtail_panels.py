"""Wagtail's admin where a person clicks rather than follows a link (issue #12, item
2): the page editor's side panels (status, preview with its sizes, checks,
comments), the schedule dialog, the rich-text toolbar with its tooltips and its
'/' menu, the choosers it opens, the errors of a page saved without a title, and
the pages the crawl skips (history, usage, account, search, reports, settings),
each opened in chromium as the trainer and the administrator, read as a person
reads it (visible text, and the tooltips, labels and placeholders of what is on
screen) and checked for English words (tests/english.py).

Run with: .venv/bin/pytest -m browser tests/test_browser_wagtail_panels.py
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from electionadmin.access import role_names
from electionadmin.publishing.models import GuideIndexPage, GuidePage

from .browser import MARKS, SCREEN, chromium, sign_in_to
from .english import WORD, english_words
from .factories import SmallElectionMixin, make_user

SHOTS = Path("/tmp")
# Names written as they are: the product's (its logo), the site's host name; the
# users' login names are added (Reader).
NAMES = frozenset({"Wagtail", "localhost"})
KEYS = frozenset({"Ctrl", "Alt", "Shift"})  # the keys' own names in the shortcuts
# File formats and sizes, as the upload pages name them.
FORMATS = frozenset({"AVIF", "GIF", "JPG", "JPEG", "PNG", "WEBP", "KB", "MB", "PDF"})

pytestmark = MARKS

# What a person reads: the rendered text, and the tooltip, label, placeholder or
# button text of every element on screen.
READ = """() => {
  const out = [document.title, document.body.innerText];
  const attrs = ['title', 'aria-label', 'placeholder', 'alt',
                 'data-w-tooltip-content-value'];
  for (const el of document.querySelectorAll('*')) {
    if (!el.getClientRects().length) continue;
    for (const a of attrs) { const v = el.getAttribute(a); if (v) out.push(v); }
    if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) {
      out.push(el.value);
    }
  }
  return out.join('\\n');
}"""


class Reader:
    """Reads the page after each step; remembers the English found, by step."""

    def __init__(self, page, who):
        self.page, self.who, self.found = page, who, {}
        logins = get_user_model().objects.values_list("username", flat=True)
        words = {word for login in logins for word in WORD.findall(login)}
        self.names = NAMES | KEYS | FORMATS | words

    def read(self, step: str) -> str:
        self.page.wait_for_timeout(300)
        text = self.page.evaluate(READ)
        lines = {line for line in text.splitlines() if english_words(line, self.names)}
        if lines:
            self.found[step] = sorted(lines)
        return text

    def shot(self, step: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"wagtail_{self.who}_{step}.png"))

    def click(self, step: str, selector: str) -> str:
        self.page.locator(selector).first.click()
        self.page.wait_for_timeout(500)
        return self.read(step)


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def guide(live_server):
    Data.setUpTestData()
    make_user("taphuan", role_names.TRAINER, admin_unit=Data.city)
    make_user("quantri", role_names.SYSADMIN)
    index = GuideIndexPage.objects.get()
    guide = index.add_child(
        instance=GuidePage(
            title="Nhập danh sách cử tri",
            slug="nhap-danh-sach",
            intro="Ủy ban bầu cử xã/phường nhập danh sách cử tri.",
            steps=[
                ("heading", "Bước 1: chuẩn bị tệp"),
                ("text", "<p>Tải mẫu trống ở cuối trang này.</p>"),
            ],
        )
    )
    guide.save_revision().publish()
    return guide


def signed_in(browser, live_server, username, target):
    context = browser.new_context(locale="vi-VN", viewport=SCREEN)
    page = context.new_page()
    sign_in_to(page, live_server.url, username, target)
    page.wait_for_load_state("networkidle")
    return page


def walk_editor(reader: Reader, guide) -> None:
    page = reader.page
    reader.read("editor")
    for panel in ("status", "preview", "checks", "comments"):
        reader.click(f"panel {panel}", f'[data-side-panel-toggle="{panel}"]')
        if panel == "preview":
            for size in ("mobile", "tablet", "desktop"):
                reader.click(f"preview {size}", f'label:has(input[value="{size}"])')
            reader.shot("preview")
    reader.click("new comment", ".w-field__comment-button")
    reader.shot("comment")
    page.keyboard.press("Escape")
    reader.click("header menu", 'header [data-w-dropdown-target="toggle"]')
    page.keyboard.press("Escape")
    reader.click("status panel", '[data-side-panel-toggle="status"]')
    reader.click(
        "schedule dialog",
        '[data-a11y-dialog-show="schedule-publishing-dialog"],'
        ' [data-w-dialog-target] + button, button:has-text("Đặt lịch")',
    )
    reader.shot("schedule")
    page.keyboard.press("Escape")
    # The rich-text editor: its toolbar with tooltips on hover, its '/' menu.
    page.locator(".Draftail-Editor .public-DraftEditor-content").first.click()
    page.keyboard.press("Control+a")
    reader.read("rich text toolbar")
    buttons = page.locator(".Draftail-ToolbarButton")
    for i in range(buttons.count()):
        if buttons.nth(i).is_visible():
            buttons.nth(i).hover()
            reader.read(f"toolbar tooltip {i}")
    reader.shot("toolbar")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("/")
    reader.read("rich text '/' menu")
    reader.shot("slash")
    page.keyboard.press("Escape")
    reader.click("block menu", "button.c-sf-add-button")
    page.keyboard.press("Escape")


def walk_choosers(reader: Reader) -> None:
    """The image, document and page choosers, as the rich-text toolbar opens them."""
    page = reader.page
    for name, label in (
        ("image", "Ảnh"),
        ("document", "Tài liệu"),
        ("link", "Liên kết"),
    ):
        page.locator(".Draftail-Editor .public-DraftEditor-content").first.click()
        page.keyboard.press("Control+a")
        page.locator(f'.Draftail-ToolbarButton[aria-label^="{label}"]').first.click()
        page.wait_for_selector(".modal-content", state="visible")
        page.wait_for_load_state("networkidle")
        reader.read(f"{name} chooser")
        reader.shot(f"{name}_chooser")
        tabs = page.locator(".modal-content [role=tab]")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            reader.read(f"{name} chooser tab {i}")
        page.keyboard.press("Escape")
        page.wait_for_selector(".modal-content", state="hidden")


def test_the_login_page_is_vietnamese(live_server):
    with chromium() as browser:
        page = browser.new_context(locale="vi-VN", viewport=SCREEN).new_page()
        page.goto(f"{live_server.url}/admin/login/")
        reader = Reader(page, "login")
        text = reader.read("login")
    assert "Đăng nhập" in text
    assert reader.found == {}


def test_the_trainers_page_editor_panels_are_vietnamese(guide, live_server):
    with chromium() as browser:
        page = signed_in(
            browser, live_server, "taphuan", f"/admin/pages/{guide.pk}/edit/"
        )
        reader = Reader(page, "taphuan")
        walk_editor(reader, guide)
        walk_choosers(reader)
        # Saved without a title: the errors Wagtail shows.
        page.goto(f"{live_server.url}/admin/pages/{guide.pk}/edit/")
        page.fill("#id_title", "")
        page.locator("footer button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        errors = reader.read("saved with errors")
        reader.shot("errors")
    assert "Trường này là bắt buộc" in errors or "bắt buộc" in errors
    assert reader.found == {}, reader.found


PAGES = [
    ("history", "/admin/pages/{pk}/history/"),
    ("usage", "/admin/pages/{pk}/usage/"),
    ("workflow history", "/admin/pages/{pk}/workflow_history/"),
    ("search", "/admin/pages/search/?q=danh"),
    ("search, nothing found", "/admin/pages/search/?q=không có"),
    ("images", "/admin/images/"),
    ("upload images", "/admin/images/multiple/add/"),
    ("documents", "/admin/documents/"),
    ("account", "/admin/account/"),
    ("page not found", "/admin/pages/999999/edit/"),
    ("site history", "/admin/reports/site-history/"),  # refused to the trainer
    ("public guide", "/huong-dan/nhap-danh-sach/"),
]
ADMIN_PAGES = [
    ("locked pages", "/admin/reports/locked/"),
    ("aging pages", "/admin/reports/aging-pages/"),
    ("workflow report", "/admin/reports/workflow/"),
    ("workflow tasks report", "/admin/reports/workflow_tasks/"),
    ("workflows", "/admin/workflows/list/"),
    ("workflow tasks", "/admin/workflows/tasks/index/"),
    ("users", "/admin/users/"),
    ("groups", "/admin/groups/"),
    ("sites", "/admin/sites/"),
    ("collections", "/admin/collections/"),
    ("redirects", "/admin/redirects/"),
]


@pytest.mark.parametrize("username", ["taphuan", "quantri"])
def test_wagtail_pages_beyond_the_crawl_are_vietnamese(guide, live_server, username):
    pages = PAGES + (ADMIN_PAGES if username == "quantri" else [])
    with chromium() as browser:
        page = signed_in(browser, live_server, username, "/admin/")
        reader = Reader(page, username)
        statuses = {}
        for step, path in pages:
            response = page.goto(live_server.url + path.format(pk=guide.pk))
            page.wait_for_load_state("networkidle")
            statuses[step] = response.status
            reader.read(step)
            toggle = page.locator("button[aria-label='Hiện bộ lọc']")
            if toggle.count() and toggle.first.is_visible():
                reader.click(f"{step}, filters", "button[aria-label='Hiện bộ lọc']")
        reader.shot("account")
    assert statuses["page not found"] == 404
    assert statuses["site history"] == (403 if username == "taphuan" else 200)
    assert reader.found == {}, reader.found
