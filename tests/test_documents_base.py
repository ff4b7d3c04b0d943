"""Helpers for the printed-forms tests (no tests here): a small 2021 (three tiers) and
a small 2026 (two tiers) election with bodies, members, accepted minutes and an
inventory, and the PDF read back as text."""

import datetime
import re
import subprocess
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model

from electionadmin.results.models import BallotInventory, CountingRecord
from electionadmin.setup.models import BodyMember, Contest, ElectionBody

from .factories import (
    make_area,
    make_candidate,
    make_election,
    make_electoral_unit,
    make_unit,
    make_user,
)
from .test_results_base import counted

# (name, birth) per contest; the first two QH candidates win (2 seats).
QH_PEOPLE = [
    ("Nguyễn Thị Thu Hà", (1968, 3, 2)),
    ("Trần Đức Lợi", (1975, 6, 9)),
    ("Lê Hoàng Yến", (1980, 1, 1)),
]
TINH_PEOPLE = [("Phạm Quốc Việt", (1970, 1, 1)), ("Đoàn Thị Ánh", (1972, 2, 2))]
XA_PEOPLE = [
    ("Huỳnh Văn Ửng", (1965, 5, 5)),
    ("Châu Ngọc Điệp", (1977, 7, 7)),
    ("Mạc Thị Ơn", (1981, 8, 8)),
]
AREA_FIGURES = {"on_list": 1000, "voted": 900, "issued": 900, "received": 900}


def make_body(election, kind, members, **target) -> ElectionBody:
    body = ElectionBody.objects.create(election=election, kind=kind, **target)
    for position, (name, role) in enumerate(members, 1):
        BodyMember.objects.create(
            body=body, full_name=name, role=role, position=position
        )
    return body


class DocumentsElection:
    """Build with DocumentsElection("2021") in setUpTestData; attributes below."""

    def __init__(self, cycle: str):
        self.cycle = cycle
        self.election = make_election(f"DOC-{cycle}", cycle)
        self._places()
        self._contests()
        self._bodies()
        self._minutes()

    def _places(self):
        unit_set, election = self.election.unit_set, self.election
        self.city = make_unit(unit_set, "79", "Thành phố Hồ Chí Minh", "province")
        parent = self.city
        if self.cycle == "2021":
            parent = make_unit(unit_set, "760", "Quận 1", "district", self.city)
        self.ward_a = make_unit(unit_set, "26734", "Phường Tân Định", "commune", parent)
        self.ward_b = make_unit(unit_set, "26737", "Phường Đa Kao", "commune", parent)
        election.province = self.city
        election.save()
        self.a1 = make_area(election, self.ward_a, 1, polling_place="Trường Lê Văn Tám")
        self.a2 = make_area(election, self.ward_a, 2)
        self.b1 = make_area(election, self.ward_b, 1)

    def _contests(self):
        election, areas = self.election, [self.a1, self.a2, self.b1]
        self.qh = Contest.objects.create(election=election, kind="QH")
        self.qh_unit = make_electoral_unit(self.qh, 1, 2, areas)
        self.tinh = Contest.objects.create(
            election=election, kind="HDND_TINH", council_unit=self.city
        )
        self.tinh_unit = make_electoral_unit(self.tinh, 1, 1, areas)
        self.xa = Contest.objects.create(
            election=election, kind="HDND_XA", council_unit=self.ward_a
        )
        self.xa_unit = make_electoral_unit(self.xa, 1, 2, [self.a1, self.a2])
        for unit, people in (
            (self.qh_unit, QH_PEOPLE),
            (self.tinh_unit, TINH_PEOPLE),
            (self.xa_unit, XA_PEOPLE),
        ):
            for order, (name, birth) in enumerate(people, 1):
                make_candidate(unit, order, name, birth=birth)

    def _bodies(self):
        e = self.election
        make_body(
            e,
            "committee",
            [("Nguyễn Thị Lệ", "chair"), ("Trần Văn Phúc", "vice_chair")],
            admin_unit=self.city,
        )
        make_body(
            e,
            "board",
            [("Phan Văn Mãi", "chair"), ("Đặng Thị Hương", "vice_chair")],
            electoral_unit=self.qh_unit,
        )
        make_body(
            e,
            "team",
            [("Võ Thị Hoa", "chair"), ("Lê Hữu Nghĩa", "secretary")],
            voting_area=self.a1,
        )

    def _minutes(self):
        # QH: 3 areas, valid 880 + invalid 20 each; winners 1 and 2.
        self.qh_a1 = counted(
            self.qh_unit,
            self.a1,
            {1: 700, 2: 600, 3: 300},
            valid=880,
            invalid=20,
            **{**AREA_FIGURES, "issued": 902},
        )
        self.qh_a1.explanations = {"W07": "Hai cử tri nhận phiếu thay phiếu hỏng."}
        self.qh_a1.complaints = "Một cử tri hỏi về thẻ cử tri; đã giải thích."
        self.qh_a1.save()
        for area in (self.a2, self.b1):
            counted(
                self.qh_unit,
                area,
                {1: 650, 2: 640, 3: 400},
                valid=880,
                invalid=20,
                **AREA_FIGURES,
            )
        for area in (self.a1, self.a2, self.b1):
            counted(
                self.tinh_unit,
                area,
                {1: 600, 2: 280},
                valid=880,
                invalid=20,
                **AREA_FIGURES,
            )
        for area in (self.a1, self.a2):
            counted(
                self.xa_unit,
                area,
                {1: 800, 2: 500, 3: 300},
                valid=885,
                invalid=15,
                **AREA_FIGURES,
            )
        BallotInventory.objects.bulk_create(
            BallotInventory(
                contest=contest,
                voting_area=self.a1,
                received=1000,
                issued=900,
                spoiled=3,
                unused=97,
            )
            for contest in (self.qh, self.tinh, self.xa)
        )

    def superuser(self):
        return get_user_model().objects.create_superuser(
            f"root{self.cycle}", password="matkhau-thu-123"
        )

    def committee_user(self):
        return make_user(f"uy-ban-{self.cycle}", "city_committee", admin_unit=self.city)


def scopes(doc: DocumentsElection) -> list[tuple[str, str, str | None]]:
    """(form key, scope, contest) of every printable form of the election."""
    return [
        ("TEAM_COUNT_QH", "26734/1", None),
        ("TEAM_COUNT_HDND", "26734/1", "HDND_XA:26734"),
        ("BALLOT_INVENTORY", "26734/1", None),
        ("BOARD_RESULT_QH", "QH#1", None),
        ("BOARD_RESULT_HDND", "HDND_TINH:79#1", None),
        ("COMMITTEE_RESULT_QH", "QH", None),
        ("COMMITTEE_SUMMARY_HDND", "HDND_TINH:79", None),
        ("WINNERS_LIST", "QH", None),
        ("TURNOUT_REPORT", "79", None),
        ("COUNT_PROGRESS_REPORT", "79", None),
    ]


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, every run of white space (line breaks
    included) squeezed to one space, so wrapped phrases still match."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(content)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return re.sub(r"\s+", " ", out)


def percents(text: str, label: str) -> list[str]:
    """The percentages printed after a label, e.g. "tỷ lệ 97,78%"."""
    pattern = re.escape(label) + r".*?tỷ lệ ([\d,]+)%"
    return re.findall(pattern, text)


class StrictTemplates:
    """Template settings that fail on any unknown variable (DPC, YNR style)."""

    class Fail(str):
        def __contains__(self, item):
            return True

        def __mod__(self, name):
            raise AssertionError(f"Biến mẫu không có: {name}")

    @classmethod
    def settings(cls, base: list[dict]) -> list[dict]:
        strict = [dict(engine) for engine in base]
        strict[0] = dict(strict[0], OPTIONS=dict(strict[0]["OPTIONS"]))
        strict[0]["OPTIONS"]["string_if_invalid"] = cls.Fail("%s")
        return strict


def late_night(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(22, 30))


def statuses(unit) -> set[str]:
    return set(
        CountingRecord.objects.filter(electoral_unit=unit).values_list(
            "status", flat=True
        )
    )
