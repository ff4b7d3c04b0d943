"""Vietnamese everywhere a person reads (issue #12, item 2).

Logs in as each role of the small test election, follows every same-site link
reachable from the landing pages breadth-first (bounded per role), and checks
on every page: the answer is 200, 302 or 403 (never 500), and its visible text
holds no English interface word and no internal code.

Visible text = the text nodes outside <script>, <style>, <code>, <pre>,
<template>, <noscript>, plus what a person reads on buttons and in empty fields
(submit/button values, placeholders). URLs and attributes are not text.
"""

import os
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.test import TestCase

from .factories import SmallElectionMixin, make_user

# Words Django and Wagtail show in English when a translation is missing or
# wrong. Matched as whole words, case-sensitively for the capitalised ones
# (so a Vietnamese sentence quoting no English passes), case-insensitively
# for the phrase-like ones.
ENGLISH_WORDS = [
    "Add",
    "Change",
    "History",
    "Save",
    "Search",
    "Filter",
    "Filters",
    "Delete",
    "Home",
    "Log out",
    "Log in",
    "Logout",
    "Welcome",
    "Contest",
    "Contests",
    "Dashboard",
    "Pages",
    "Images",
    "Documents",
    "Settings",
    "Reports",
    "Help",
    "Edit",
    "View",
    "View site",
    "Previous",
    "Next",
    "of",
    "items",
    "Actions",
    "Action",
    "Go",
    "Yes",
    "No",
    "Cancel",
    "Close",
    "Select",
    "Show all",
    "Clear",
    "All",
    "Unknown",
    "Today",
    "Now",
    "Recent",
    "Users",
    "Groups",
    "Account",
    "Profile",
    "Password",
    "Username",
    "Name",
    "Title",
    "Status",
    "Live",
    "Draft",
    "Publish",
    "Submit",
    "Back",
    "Page",
    "Results",
    "result",
    "results",
    "selected",
    "and",
    "the",
    "is",
    "by",
    "Sort",
    "Remove",
    "Error",
    "Forbidden",
    "Not Found",
    "Server Error",
    "Permission denied",
    "Menu",
    "Toggle",
    "Explorer",
    "Snippets",
    "Collections",
    "Workflows",
    "Redirects",
    "Sites",
    "Locked",
    "Moderation",
]
ENGLISH_RE = re.compile(
    r"(?<![\w/.-])(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?![\w/-])"
)

# Internal codes: contest kinds, check codes without their text, document kinds,
# Python/JSON literals.
CODE_RES = [
    re.compile(r"\bHDND_(TINH|HUYEN|XA)\b"),
    re.compile(r"\bQH#"),
    re.compile(r"\bTEAM_COUNT_\w*"),
    re.compile(r"\bBOARD_RESULT_\w*"),
    re.compile(r"\bCOMMITTEE_\w*"),
    re.compile(r"\b(None|True|False|null|true|false)\b"),
    re.compile(r"[{\[]\s*\"\w+\"\s*:"),  # a JSON object shown as text
]
# A check code must stand beside its text: "W03: ..." / "W03 – ...".
CHECK_CODE_RE = re.compile(r"\b[WE]0\d\b(?!\s*[:–—-]\s*\w)")

# Proper names a person reads as they are, why each is allowed:
ALLOWED = {
    "Wagtail",  # the product's name in Wagtail's own footer/logo title
}

HIDDEN_TAGS = ["script", "style", "code", "pre", "template", "noscript", "svg"]
SKIP_PATH_PARTS = (
    "logout",
    "dang-xuat",
    "/delete/",
    "/xoa/",
    "/unpublish/",
    "/lock/",
    "/unlock/",
    "/copy/",
    "/move/",
    "/revisions/",
    "/jsi18n/",
    "/static/",
    "/media/",
    "/password_change/",
    "/account/",
    "/chooser/",
    "/autocomplete/",
    "/workflow/",
    "/reorder/",
    "/preview",
    "/api/",
    "/admin/bulk/",  # Wagtail's bulk-action links: templates its script fills in
)
MAX_PAGES = 400
DUMP = os.environ.get("CRAWL_DUMP")  # a folder: write each page's text there
MAX_VARIANTS = 3  # query-string variants of one path (sorting, filters, pages)
LANDINGS = ["/admin/", "/django-admin/", "/bau-cu/", "/cu-tri/", "/"]


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(HIDDEN_TAGS):
        tag.decompose()
    # Screen-reader-only text is read too (aria) but Django's "Skip to main
    # content" link is hidden visually; it is text, so it is checked as well.
    parts = [soup.get_text(" ")]
    for el in soup.select("input[type=submit], input[type=button], button"):
        if el.get("value"):
            parts.append(el["value"])
    for el in soup.select("[placeholder]"):
        parts.append(el["placeholder"])
    if soup.title:
        parts.append(soup.title.get_text())
    return re.sub(r"\s+", " ", " ".join(parts))


def around(text: str, match) -> str:
    return text[max(0, match.start() - 40) : match.end() + 40]


def problems_in(text: str) -> list[str]:
    found = []
    for m in ENGLISH_RE.finditer(text):
        word = m.group(1)
        if word in ALLOWED:
            continue
        found.append(
            f"English {word!r} in …{text[max(0, m.start() - 40) : m.end() + 40]}…"
        )
    for rx in [*CODE_RES, CHECK_CODE_RE]:
        for m in rx.finditer(text):
            found.append(f"code {m.group(0)!r} in …{around(text, m)}…")
    return found


def links(html: str, base: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    out = []
    for a in soup.find_all("a", href=True):
        href = urldefrag(urljoin(base, a["href"]))[0]
        parts = urlsplit(href)
        if parts.scheme not in ("http", "") or (
            parts.netloc and parts.netloc != "testserver"
        ):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


class CrawlMixin:
    def crawl(self, user) -> tuple[dict, list[str]]:
        self.client.force_login(user)
        seen: set[str] = set()
        variants: dict[str, int] = {}
        queue = deque(LANDINGS)
        statuses: dict[str, int] = {}
        came_from: dict[str, str] = {}  # a link's first page, named in a failure
        problems: list[str] = []
        while queue and len(statuses) < MAX_PAGES:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            path, _, query = url.partition("?")
            if any(part in url for part in SKIP_PATH_PARTS):
                continue
            if query:
                variants[path] = variants.get(path, 0) + 1
                if variants[path] > MAX_VARIANTS:
                    continue
            response = self.client.get(url)
            statuses[url] = response.status_code
            # The public results pages (/ket-qua/...) live in the Wagtail site tree,
            # which the small test election does not build: there a 404 is right.
            public = url in LANDINGS or url.startswith("/ket-qua/")
            allowed = (200, 302, 403, 404) if public else (200, 302, 403)
            if response.status_code not in allowed:
                source = came_from.get(url, "")
                problems.append(
                    f"{url}: status {response.status_code} (link on {source})"
                )
                continue
            if response.status_code == 302:
                location = response["Location"]
                if urlsplit(location).netloc in ("", "testserver"):
                    came_from.setdefault(urljoin(url, location), url)
                    queue.append(urljoin(url, location))
                continue
            ctype = response.get("Content-Type", "")
            if "text/html" not in ctype:
                continue  # a file download: its status is all we check
            html = response.content.decode()
            if DUMP:
                with open(os.path.join(DUMP, "texts.txt"), "a") as f:
                    f.write(f"=== {user.username} {url}\n{visible_text(html)}\n")
            for problem in problems_in(visible_text(html)):
                problems.append(f"{url}: {problem}")
            for link in links(html, url):
                if link not in seen:
                    came_from.setdefault(link, url)
                    queue.append(link)
        return statuses, problems


class VietnameseEverywhereTests(SmallElectionMixin, CrawlMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.trainer_user = make_user("taphuan", "trainer", admin_unit=cls.city)
        cls.viewer_user = make_user("xem", "viewer", admin_unit=cls.city)

    def check_role(self, user):
        statuses, problems = self.crawl(user)
        if DUMP:
            with open(os.path.join(DUMP, "problems.txt"), "a") as f:
                f.writelines(f"{user.username} {p}\n" for p in problems)
        self.assertGreater(len(statuses), 5, statuses)
        failed = [p for p in problems if ": status " in p]
        self.assertEqual(failed, [], "\n".join(failed))  # never a 500, never a 404
        wording = [p for p in problems if ": status " not in p]
        if DUMP:
            with open(os.path.join(DUMP, "counts.txt"), "a") as f:
                f.write(f"{user.username} {len(statuses)} {len(wording)}\n")
        self.assertEqual(wording, [], "\n".join(wording[:80]))

    def test_city_committee(self):
        self.check_role(self.city_user)

    def test_ward_committee(self):
        self.check_role(self.ward_a_user)

    def test_electoral_board(self):
        self.check_role(self.board_user)

    def test_election_team(self):
        self.check_role(self.team_user)

    def test_trainer(self):
        self.check_role(self.trainer_user)

    def test_viewer(self):
        self.check_role(self.viewer_user)


class WagtailNamesTests(TestCase):
    def test_wagtails_default_workflow_carries_a_vietnamese_name(self):
        from wagtail.models import Task, Workflow

        from electionadmin.access.roles import sync_groups

        sync_groups()
        self.assertFalse(Workflow.objects.filter(name="Moderators approval").exists())
        self.assertFalse(Task.objects.filter(name="Moderators approval").exists())


class PageTextTests(TestCase):
    def test_the_checker_finds_english_and_codes(self):
        self.assertTrue(problems_in("Lịch sử · History"))
        self.assertTrue(problems_in("Cuộc bầu cử HDND_XA"))
        self.assertTrue(problems_in("Kiểm tra W03"))
        self.assertFalse(problems_in("W03: Số phiếu phát ra lớn hơn số cử tri"))
        self.assertFalse(problems_in("Quốc hội · HĐND phường Tân Định"))


class PlainFieldTests(SmallElectionMixin, TestCase):
    def test_report_times_are_time_inputs_stored_as_before(self):
        from electionadmin.form_fields import TimeListField

        field = TimeListField()
        html = str(field.widget.render("turnout_slots", ["09:00", "11:00"]))
        self.assertEqual(html.count('type="time"'), 8)
        self.assertIn('value="09:00"', html)
        self.assertEqual(
            field.clean(["15:00", "09:00", "", "09:00"] + [""] * 4),
            ["09:00", "15:00"],
        )

    def test_election_form_and_voter_entry_show_no_codes(self):
        from electionadmin.voters.models import VoterEntry

        from .admin_helpers import admin_url

        self.client.force_login(self.city_user)
        page = self.client.get(
            admin_url(type(self.election), "change", self.election.pk)
        )
        self.assertContains(page, 'type="time"')
        self.assertEqual(str(self.hdnd_a), "HĐND phường Tân Định")
        self.assertEqual(str(self.qh), "Quốc hội")
        from electionadmin.voters.form_fields import contest_names

        self.assertEqual(contest_names(9), "Quốc hội, HĐND xã/phường")
        self.assertEqual(contest_names(0), "không")
        self.assertTrue(VoterEntry._meta.get_field("contest_mask"))


class CycleRulesTests(SmallElectionMixin, TestCase):
    def test_a_committee_reads_the_cycles_rules_in_words(self):
        from .admin_helpers import admin_url

        cycle = self.election.cycle
        self.client.force_login(self.ward_a_user)
        page = self.client.get(admin_url(type(cycle), "change", cycle.pk))
        self.assertEqual(page.status_code, 200)
        text = visible_text(page.content.decode())
        self.assertEqual(problems_in(text), [])
        self.assertIn("Niêm yết danh sách cử tri 40 ngày trước ngày bầu cử", text)
        self.assertIn("Tổ bầu cử ở khu vực bỏ phiếu thường từ 11 đến 21 người", text)
        self.assertIn("Tạm trú dưới 12 tháng Quốc hội, HĐND cấp tỉnh", text)
        self.assertIn("Mẫu số 31/HĐBC Danh sách cử tri", text)
        self.assertNotIn('name="forms__key"', page.content.decode())

    def test_residence_names_agree_with_the_voter_entry(self):
        from electionadmin.setup.cycle_display import RESIDENCE_NAMES
        from electionadmin.voters.models import VoterEntry

        for value, label in VoterEntry.Residence.choices:
            self.assertEqual(RESIDENCE_NAMES[value], label)


class ReadOnlyLinkTests(SmallElectionMixin, TestCase):
    def test_a_team_reads_its_provinces_name_without_a_link_it_may_not_open(self):
        from .admin_helpers import admin_url

        self.client.force_login(self.team_user)
        page = self.client.get(
            admin_url(type(self.election), "change", self.election.pk)
        )
        self.assertContains(page, self.city.name)
        self.assertNotContains(page, admin_url(type(self.city), "change", self.city.pk))
        self.client.force_login(self.city_user)
        self.assertEqual(
            self.client.get(
                admin_url(type(self.city), "change", self.city.pk)
            ).status_code,
            200,
        )


class NamedChoicesTests(SmallElectionMixin, TestCase):
    def test_the_print_page_offers_forms_and_scopes_by_name_within_the_ward(self):
        from django.urls import reverse

        self.client.force_login(self.ward_a_user)
        url = reverse("results:print", args=[self.election.code])
        html = self.client.get(url).content.decode()
        self.assertEqual(problems_in(visible_text(html)), [])
        self.assertIn(">Mẫu số 18/HĐBC-QH - Biên bản kết quả kiểm phiếu", html)
        self.assertIn(">HĐND phường Tân Định</option>", html)
        self.assertNotIn("26737/1", html)  # the other ward's area
        self.assertNotIn("TEAM_COUNT_QH</td>", html)  # the catalogue: by number

    def test_the_entry_list_names_contests_and_filters_by_them(self):
        from django.urls import reverse

        self.client.force_login(self.ward_a_user)
        url = reverse("results:entry_list")
        page = self.client.get(url, {"cuoc": "HDND_XA:26734"})
        html = page.content.decode()
        self.assertEqual(problems_in(visible_text(html)), [])
        self.assertIn(
            '<option value="HDND_XA:26734" selected>HĐND phường Tân Định', html
        )
        self.assertNotIn("<td>Quốc hội</td>", html)
        self.assertIn("<td>HĐND phường Tân Định</td>", html)


class VoterScreensIndexTests(SmallElectionMixin, TestCase):
    def test_cu_tri_lists_the_voter_screens_a_commune_may_open(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get("/cu-tri/")
        self.assertEqual(page.status_code, 200)
        text = visible_text(page.content.decode())
        self.assertEqual(problems_in(text), [])
        for name in ("Danh sách cử tri", "Khu vực bỏ phiếu", "Báo cáo biến động"):
            self.assertIn(name, text)
        trainer = make_user("taphuan2", "trainer", admin_unit=self.city)
        self.client.force_login(trainer)
        # A trainer has no admin access at all: the login page, not the list.
        self.assertIn(self.client.get("/cu-tri/").status_code, (302, 403))
