"""Roll-up exactness at every level and slot: the report (docs/EXCHANGE.md §6) and the
dashboards, for a 2026 two-tier and a 2021 three-tier election."""

import csv
import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from electionadmin.polling.entry import Entry, save_figures

from .test_polling_data import Polling2021Mixin, Polling2026Mixin

KEYS = {
    "level",
    "code",
    "name",
    "parent",
    "voters_on_list",
    "areas_expected",
    "areas_reported",
    "voters_voted",
    "turnout_pct",
    "reported_voters_on_list",
    "reported_turnout_pct",
}


def report(code: str, *args) -> str:
    out = io.StringIO()
    call_command("turnout_report", code, *args, stdout=out)
    return out.getvalue()


def enter(election, figures, contest=None) -> None:
    """figures: {slot: {area: voters}}."""
    entries = [
        Entry("test", area, slot, value, contest)
        for slot, by_area in figures.items()
        for area, value in by_area.items()
    ]
    saved = save_figures(election, entries)
    assert not [e.errors for e in saved if e.errors]


class ExactnessMixin:
    def check(self, rows, code, level, listed, expected, slots):
        """expected: {slot: (areas reported, voted, pct)}; other slots are zero."""
        row = rows[code]
        self.assertEqual(set(row) - {"contest"}, KEYS)
        self.assertEqual((row["level"], row["voters_on_list"]), (level, listed))
        self.assertEqual(row["areas_expected"], self.expected_areas[code])
        for slot in slots:
            reported, voted, pct = expected.get(slot, (0, 0, "0.00"))
            got = (
                row["areas_reported"][slot],
                row["voters_voted"][slot],
                row["turnout_pct"][slot],
            )
            self.assertEqual(got, (reported, voted, pct), f"{code} at {slot}")


class Report2026Tests(ExactnessMixin, Polling2026Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a1, a2, b1, b2 = cls.a1, cls.a2, cls.b1, cls.b2
        enter(
            cls.election,
            {
                "09:00": {a1: 11, a2: 20, b1: 30},
                "11:00": {a1: 55, b2: 200},
                "19:00": {a1: 110, a2: 190, b1: 290, b2: 390},
            },
        )
        enter(cls.election, {"11:00": {a1: 50}}, cls.hdnd_a)
        cls.expected_areas = {"79": 4, "26734": 2, "26737": 2, "26734/1": 1}
        cls.expected_areas |= {"26737/2": 1, "QH#1": 4, "HDND_XA:26734#1": 2}

    def setUp(self):
        self.data = json.loads(report(self.election.code))
        self.rows = {row["code"]: row for row in self.data["rows"]}
        self.slots = self.data["slots"]

    def test_the_shape(self):
        self.assertEqual(self.data["election"], self.election.code)
        self.assertEqual(self.slots, ["09:00", "11:00", "15:00", "19:00"])
        levels = [row["level"] for row in self.data["rows"]]
        self.assertEqual(
            levels,
            ["province"]
            + ["commune"] * 2
            + ["voting_area"] * 4
            + ["electoral_unit"] * 2,
        )
        self.assertEqual(self.rows["QH#1"]["contest"], "QH")

    def test_the_city(self):
        self.check(
            self.rows,
            "79",
            "province",
            1010,
            {
                "09:00": (3, 61, "6.04"),
                "11:00": (2, 255, "25.25"),
                "19:00": (4, 980, "97.03"),
            },
            self.slots,
        )
        self.assertEqual(self.rows["79"]["reported_voters_on_list"]["09:00"], 610)
        self.assertEqual(self.rows["79"]["reported_turnout_pct"]["09:00"], "10.00")

    def test_the_communes(self):
        self.check(
            self.rows,
            "26734",
            "commune",
            310,
            {
                "09:00": (2, 31, "10.00"),
                "11:00": (1, 55, "17.74"),
                "19:00": (2, 300, "96.77"),
            },
            self.slots,
        )
        self.check(
            self.rows,
            "26737",
            "commune",
            700,
            {
                "09:00": (1, 30, "4.29"),
                "11:00": (1, 200, "28.57"),
                "19:00": (2, 680, "97.14"),
            },
            self.slots,
        )

    def test_the_areas(self):
        self.check(
            self.rows,
            "26734/1",
            "voting_area",
            110,
            {
                "09:00": (1, 11, "10.00"),
                "11:00": (1, 55, "50.00"),
                "19:00": (1, 110, "100.00"),
            },
            self.slots,
        )
        self.check(
            self.rows,
            "26737/2",
            "voting_area",
            400,
            {"11:00": (1, 200, "50.00"), "19:00": (1, 390, "97.50")},
            self.slots,
        )

    def test_the_electoral_units(self):
        self.check(
            self.rows,
            "QH#1",
            "electoral_unit",
            1010,
            {
                "09:00": (3, 61, "6.04"),
                "11:00": (2, 255, "25.25"),
                "19:00": (4, 980, "97.03"),
            },
            self.slots,
        )
        # A/1 has voters not entitled to the ward council: only its own figure.
        self.check(
            self.rows,
            "HDND_XA:26734#1",
            "electoral_unit",
            300,
            {
                "09:00": (1, 20, "6.67"),
                "11:00": (1, 50, "16.67"),
                "19:00": (1, 190, "63.33"),
            },
            self.slots,
        )

    def test_csv_has_one_line_per_row(self):
        lines = list(
            csv.reader(io.StringIO(report(self.election.code, "--format", "csv")))
        )
        self.assertEqual(len(lines), 1 + len(self.data["rows"]))
        header = lines[0]
        city = dict(zip(header, lines[1], strict=True))
        self.assertEqual(city["voters_voted@19:00"], "980")
        self.assertEqual(city["turnout_pct@09:00"], "6.04")

    def test_the_dashboard_shows_the_same_figures(self):
        admin = get_user_model().objects.create_superuser("root", "r@x.vn", "x")
        self.client.force_login(admin)
        url = reverse("polling:dashboard", args=[self.election.code, "79"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["slot"], "19:00")  # the latest reported

        def table(slot):
            found = self.client.get(url, {"moc": slot}).context["table"].data.data
            return {row["code"]: row for row in found}

        self.assertEqual(table("19:00")["79"]["voted"], "980")
        at_nine = table("09:00")
        self.assertEqual(at_nine["79"]["pct"], "6,04 %")
        self.assertEqual(at_nine["26737"]["reported"], "1/2")
        self.assertEqual(table("11:00")["26734"]["voted"], "55")


class Report2021Tests(ExactnessMixin, Polling2021Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        areas = cls.areas21
        enter(
            cls.e21,
            {
                "09:00": dict(zip(areas, [10, 20, 30, 40, 50, 60], strict=True)),
                "11:00": {areas[4]: 250, areas[5]: 300},
                "19:00": dict(zip(areas, [100, 199, 300, 399, 498, 597], strict=True)),
            },
        )
        cls.expected_areas = {"79": 6, "760": 4, "769": 2, "26734": 2, "26737": 2}
        cls.expected_areas |= {"26800": 2, "26800/2": 1, "QH#1": 4, "QH#2": 2}
        cls.expected_areas |= {"HDND_TINH:79#1": 6, "HDND_HUYEN:769#1": 2}
        cls.expected_areas |= {"HDND_XA:26800#1": 2}

    def setUp(self):
        self.data = json.loads(report(self.e21.code))
        self.rows = {row["code"]: row for row in self.data["rows"]}
        self.slots = self.data["slots"]

    def test_the_levels_in_order(self):
        levels = [row["level"] for row in self.data["rows"]]
        self.assertEqual(
            levels,
            ["province", "district", "district"]
            + ["commune"] * 3
            + ["voting_area"] * 6
            + ["electoral_unit"] * 5,
        )
        self.assertEqual(self.rows["26734"]["parent"], "760")

    def test_every_level_and_slot(self):
        city = {
            "09:00": (6, 210, "10.00"),
            "11:00": (2, 550, "26.19"),
            "19:00": (6, 2093, "99.67"),
        }
        q1 = {"09:00": (4, 100, "10.00"), "19:00": (4, 998, "99.80")}
        cu_chi = {
            "09:00": (2, 110, "10.00"),
            "11:00": (2, 550, "50.00"),
            "19:00": (2, 1095, "99.55"),
        }
        cases = [
            ("79", "province", 2100, city),
            ("760", "district", 1000, q1),
            ("769", "district", 1100, cu_chi),
            (
                "26734",
                "commune",
                300,
                {"09:00": (2, 30, "10.00"), "19:00": (2, 299, "99.67")},
            ),
            (
                "26737",
                "commune",
                700,
                {"09:00": (2, 70, "10.00"), "19:00": (2, 699, "99.86")},
            ),
            ("26800", "commune", 1100, cu_chi),
            (
                "26800/2",
                "voting_area",
                600,
                {
                    "09:00": (1, 60, "10.00"),
                    "11:00": (1, 300, "50.00"),
                    "19:00": (1, 597, "99.50"),
                },
            ),
            ("QH#1", "electoral_unit", 1000, q1),
            ("QH#2", "electoral_unit", 1100, cu_chi),
            ("HDND_TINH:79#1", "electoral_unit", 2100, city),
            ("HDND_HUYEN:769#1", "electoral_unit", 1100, cu_chi),
            ("HDND_XA:26800#1", "electoral_unit", 1100, cu_chi),
        ]
        for code, level, listed, expected in cases:
            self.check(self.rows, code, level, listed, expected, self.slots)

    def test_a_district_sees_its_own_dashboard_only(self):
        self.client.force_login(self.q1_user)
        url = reverse("polling:dashboard", args=[self.e21.code, "760"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        board = response.context["board"]
        self.assertEqual(board.head.voted["19:00"], 998)
        self.assertEqual([r.code for r in board.children], ["26734", "26737"])
        other = reverse("polling:dashboard", args=[self.e21.code, "769"])
        self.assertEqual(self.client.get(other).status_code, 404)
        city = reverse("polling:dashboard", args=[self.e21.code, "79"])
        self.assertEqual(self.client.get(city).status_code, 404)

    def test_the_district_report_keeps_its_territory(self):
        data = json.loads(report(self.e21.code, "--unit", "769"))
        codes = [row["code"] for row in data["rows"]]
        self.assertEqual(
            codes,
            [
                "769",
                "26800",
                "26800/1",
                "26800/2",
                "HDND_HUYEN:769#1",
                "HDND_XA:26800#1",
            ],
        )
