"""Text the crawl (test_vietnamese_crawl.py) cannot read but a person does: Wagtail's
sidebar is drawn by script from JSON, its keyboard-shortcuts dialog sits in a
<template> until opened. Found in the acceptance review with a real browser: a
ward committee's Wagtail menu read "Workflows", "Site history", "Aging pages"."""

import json
import re

from django.test import TestCase
from django.urls import reverse

from electionadmin.publishing.models import GuideIndexPage

from .factories import SmallElectionMixin, make_user

ENGLISH = [
    '"Workflows"',
    '"Workflow tasks"',
    '"Site history"',
    '"Aging pages"',
    '"Page types usage"',
    ">Keyboard shortcuts<",
    "All keyboard shortcuts",
    "Toggle minimap",
    "Close modal dialogs",
    "Add or show comments",
    "Save changes",
    ">Actions<",
]


class WagtailHiddenTextTests(SmallElectionMixin, TestCase):
    def test_the_sidebar_and_the_shortcuts_dialog_are_vietnamese(self):
        self.client.force_login(self.ward_a_user)
        html = self.client.get("/admin/").content.decode()
        self.assertIn("Phím tắt", html)
        for text in ENGLISH:
            with self.subTest(text):
                self.assertNotIn(text, html)


class WagtailScriptTextTests(SmallElectionMixin, TestCase):
    """What Wagtail's scripts write: the sidebar's "(2 new items in this menu)" and
    the page editor's content metrics come from its JavaScript catalogue (djangojs),
    the date picker's "Save Selected" from the picker's own code."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)

    def catalogue(self) -> str:
        response = self.client.get(reverse("wagtailadmin_javascript_catalog"))
        self.assertEqual(response.status_code, 200)
        found = re.search(r"newcatalog = (\{.*?\});", response.content.decode(), re.S)
        return json.dumps(json.loads(found[1]), ensure_ascii=False)

    def test_the_javascript_catalogue_is_vietnamese(self):
        self.client.force_login(self.ward_a_user)
        catalogue = self.catalogue()
        for text in [
            "mục mới trong danh mục này",
            "(1 mục mới trong danh mục này)",
            "(Mới)",
            "Khó đọc",
            "phút",
            "Thu gọn tất cả",
        ]:
            with self.subTest(text):
                self.assertIn(text, catalogue)

    def test_the_trainers_page_editor_is_vietnamese(self):
        self.client.force_login(self.trainer)
        index = GuideIndexPage.objects.get()
        add = reverse(
            "wagtailadmin_pages:add", args=("publishing", "guidepage", index.pk)
        )
        html = self.client.get(add).content.decode()
        for text in [
            "Thời điểm xuất bản",
            "Thời điểm hết hạn",
            "Lấy nội dung chính từ bản xem trước của trang",
            "Lưu lựa chọn",
        ]:
            with self.subTest(text):
                self.assertIn(text, html)
        for text in [
            "Go live date/time",
            "Expiry date/time",
            "We extract the main content",
            "We calculate reading time",
            "We use a readability formula",
            "How we calculate our metrics",
            "content checks guide",
        ]:
            with self.subTest(text):
                self.assertNotIn(text, html)


REPORTS = [
    "workflow",
    "workflow_tasks",
    "site_history",
    "aging_pages",
    "page_types_usage",
]


class WagtailReportsMenuTests(SmallElectionMixin, TestCase):
    """Wagtail's Reports menu is for the city committee (which approves guides) and
    the administrators; a ward committee publishes news and sees none of it."""

    def sidebar(self, user) -> str:
        self.client.force_login(user)
        return self.client.get("/admin/").content.decode()

    def test_the_ward_committee_has_no_reports_menu(self):
        html = self.sidebar(self.ward_a_user)
        self.assertNotIn("/admin/reports/", html)
        # Nor does a report's address open for it.
        for name in REPORTS:
            with self.subTest(name):
                response = self.client.get(reverse(f"wagtailadmin_reports:{name}"))
                self.assertEqual(response.status_code, 403)

    def test_the_city_committee_has_the_reports_menu(self):
        html = self.sidebar(self.city_user)
        self.assertIn("/admin/reports/workflow/", html)
        self.assertIn("/admin/reports/site-history/", html)
        for name in REPORTS:
            with self.subTest(name):
                response = self.client.get(reverse(f"wagtailadmin_reports:{name}"))
                self.assertEqual(response.status_code, 200)


class EnglishWordsTests(TestCase):
    """The detector the browser walks (test_browser_wagtail_panels.py) read with."""

    def test_english_is_found_and_vietnamese_passes(self):
        from .english import english_words

        self.assertEqual(
            english_words("Lưu bản nháp · Save draft · Preview in mobile size"),
            ["Save", "draft", "Preview", "mobile", "size"],  # "in" is Vietnamese too
        )
        self.assertEqual(
            english_words("Sidebar Minimap Go No"),
            [
                "Sidebar",
                "Minimap",
                "Go",
                "No",
            ],
        )
        vietnamese = "Xem trước cỡ điện thoại · trang con · quy trình duyệt · trang web"
        self.assertEqual(english_words(vietnamese), [])
        self.assertEqual(english_words("taphuan", {"taphuan"}), [])
