"""Text the crawl (test_vietnamese_crawl.py) cannot read but a person does: Wagtail's
sidebar is drawn by script from JSON, its keyboard-shortcuts dialog sits in a
<template> until opened. Found in the acceptance review with a real browser: a
ward committee's Wagtail menu read "Workflows", "Site history", "Aging pages"."""

from django.test import TestCase

from .factories import SmallElectionMixin

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
