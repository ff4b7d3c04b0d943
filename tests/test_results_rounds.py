"""Re-election, supplementary election and the confirmation of the elected, end to
end through the commands (open_round, import_tallies with `round`, election_results,
confirm_elected), the workflow and the printed forms (issue #15, EXCHANGE §5a)."""

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.documents import render
from electionadmin.results import rounds
from electionadmin.results.certification import certify
from electionadmin.results.minutes import ballot_of
from electionadmin.results.models import Confirmation, UnitRound
from electionadmin.results.workflow import WorkflowError, open_record
from electionadmin.setup.models import AdminUnitSet, Contest

from .factories import (
    make_area,
    make_candidate,
    make_election,
    make_electoral_unit,
    make_unit,
    make_user,
)
from .test_documents_base import pdf_text
from .test_results_base import ResultsMixin, counted

HEADERS = [
    "kind",
    "council_unit_code",
    "commune_code",
    "area_number",
    "round",
    "voters_on_list",
    "voters_voted",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
]
VOTE_HEADERS = "kind,council_unit_code,commune_code,area_number,round,candidate,votes"


def run(command, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def results(code="TEST-2026", *args) -> dict:
    return json.loads(run("election_results", code, *args))


def write_tallies(folder: Path, rows: list[tuple]) -> Path:
    """rows: (area, round, (on_list, voted, issued, received, valid, invalid),
    {ballot order: votes})."""
    with open(folder / "tallies.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for area, round, figs, _ in rows:
            out.writerow(["QH", "", area.commune.code, area.number, round, *figs])
    with open(folder / "tally_votes.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(VOTE_HEADERS.split(","))
        for area, round, _, votes in rows:
            for order, n in votes.items():
                out.writerow(
                    ["QH", "", area.commune.code, area.number, round, order, n]
                )
    return folder


class RoundsMixin(ResultsMixin):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def import_twice(self, rows, code="TEST-2026"):
        """The double entry from the command line: two users, the second accepts."""
        folder = write_tallies(Path(self.tmp.name), rows)
        run("import_tallies", str(folder), "--election", code, "--user", "quantri")
        return run(
            "import_tallies",
            str(folder),
            "--election",
            code,
            "--user",
            "thanhpho",
            "--accept",
        )

    def count_half_turnout(self) -> None:
        """QH unit 1's four areas counted with exactly half the voters voting."""
        for area in (self.a1, self.a2, self.b1, self.b2):
            counted(
                self.qh_unit,
                area,
                {1: 300, 2: 150, 3: 50},
                on_list=1000,
                voted=500,
                issued=500,
                received=500,
                valid=500,
                invalid=0,
            )

    def open_round(self, *args, user="thanhpho") -> str:
        return run("open_round", "TEST-2026", "--contest", "QH", *args, "--user", user)


class ReelectionTests(RoundsMixin, TestCase):
    """QH unit 1 (1 seat, 3 candidates, 4 areas): exactly half the voters voted."""

    def setUp(self):
        super().setUp()
        self.count_half_turnout()

    def test_exactly_half_turnout_through_reelection_to_a_certified_result(self):
        unit = results()["contests"][0]["units"][0]
        self.assertEqual(unit["status"], "reelection_required")
        self.assertNotIn("rounds", unit)
        reelect = ["--unit", "1", "--round", "reelection", "--decision"]
        reelect += ["Nghị quyết số 12/NQ-HĐBCQG"]
        with self.assertRaisesMessage(CommandError, "chậm nhất là ngày 30/03/2026"):
            self.open_round(*reelect, "--date", "2026-03-31")
        with self.assertRaisesMessage(CommandError, "Ủy ban bầu cử tổ chức"):
            self.open_round(*reelect, "--date", "2026-03-29", user="phuonga")
        with self.assertRaisesMessage(CommandError, "chưa quá một nửa"):
            self.open_round(
                "--unit", "1", "--round", "supplementary", "--decision", "NQ 1",
                "--date", "2026-03-29",
            )  # fmt: skip
        self.assertFalse(UnitRound.objects.exists())
        out = self.open_round(
            *reelect, "--date", "2026-03-29", "--decision-date", "2026-03-18"
        )
        self.assertIn("Bầu cử lại", out)
        held = UnitRound.objects.get()
        self.assertEqual(held.decided_by, "Hội đồng bầu cử quốc gia")
        entry = AuditEntry.objects.get(changes__transition="open_round")
        self.assertEqual(entry.user.username, "thanhpho")
        with self.assertRaisesMessage(CommandError, "không tổ chức lần thứ hai"):
            self.open_round(*reelect, "--date", "2026-03-29")

        # The re-election's minutes: same double entry, the first round's list.
        _, on_ballot = ballot_of(self.qh_unit, "reelection")
        self.assertEqual([c.ballot_order for c in on_ballot], [1, 2, 3])
        low = (1000, 400, 400, 400, 400, 0)
        rows = [
            (area, "reelection", low, {1: 250, 2: 100, 3: 50})
            for area in (self.a1, self.a2, self.b1, self.b2)
        ]
        out = self.import_twice(rows)
        self.assertIn("accepted: 4", out)

        unit = results()["contests"][0]["units"][0]
        self.assertEqual(unit["status"], "complete")  # stands at 40 %
        self.assertEqual(unit["round"], "reelection")
        self.assertEqual((unit["voters_voted"], unit["turnout_pct"]), (1600, "40.00"))
        self.assertEqual([r["round"] for r in unit["rounds"]], ["first", "reelection"])
        first, again = unit["rounds"]
        self.assertEqual(first["status"], "reelection_required")
        self.assertEqual(again["decision"], "Nghị quyết số 12/NQ-HĐBCQG")
        self.assertEqual(again["election_date"], "2026-03-29")
        self.assertEqual(again["decision_date"], "2026-03-18")
        winner = unit["candidates"][0]
        self.assertEqual((winner["full_name"], winner["votes"]), ("Lê Văn An", 1000))
        self.assertTrue(winner["elected"])
        self.assertIsNone(winner["confirmed"])
        self.assertEqual(unit["seats_unfilled"], 0)
        # Only the re-election's round, on request.
        alone = results("TEST-2026", "--round", "reelection")["contests"][0]
        self.assertEqual(alone["units"][0]["valid"], 1600)

        with self.assertRaisesMessage(CommandError, "chưa được Ủy ban bầu cử xác nhận"):
            self.confirm("Lê Văn An")
        certify(self.qh, self.city_user, "first")
        with self.assertRaisesMessage(CommandError, "chưa được Ủy ban bầu cử xác nhận"):
            self.confirm("Lê Văn An")  # elected in the re-election, not yet certified
        run(
            "certify_results", "TEST-2026", "--contest", "QH", "--user", "thanhpho",
            "--round", "reelection",
        )  # fmt: skip
        self.confirm("Lê Văn An")
        winner = results()["contests"][0]["units"][0]["candidates"][0]
        self.assertTrue(winner["confirmed"])

        text = pdf_text(
            render.print_form(
                self.election, "BOARD_RESULT_QH", "QH#1", round="reelection"
            ).content
        )
        self.assertIn("Bầu cử lại", text)
        self.assertIn("1.600", text)
        team = pdf_text(
            render.print_form(
                self.election, "TEAM_COUNT_QH", "26734/1", round="reelection"
            ).content
        )
        self.assertIn("Bầu cử lại", team)
        self.assertIn("400", team)
        committee = pdf_text(
            render.print_form(
                self.election, "COMMITTEE_RESULT_QH", "QH", round="reelection"
            ).content
        )
        self.assertIn("Bầu cử lại", committee)

    def confirm(self, name, *extra):
        return run(
            "confirm_elected", "TEST-2026", "--contest", "QH", "--candidate", name,
            "--decision", "Nghị quyết số 40/NQ-HĐBCQG", *extra, "--user", "thanhpho",
        )  # fmt: skip

    def test_minutes_of_a_round_need_its_decision(self):
        with self.assertRaisesMessage(WorkflowError, "quyết định bầu cử lại"):
            open_record(self.qh, self.a1, "reelection")


FOUR = [
    ("Nguyễn Văn A", (1975, 1, 1)),
    ("Trần Văn B", (1970, 6, 1)),
    ("Lê Văn C", (1960, 6, 1)),
    ("Phạm Văn D", (1980, 1, 1)),
]


class SupplementaryTests(RoundsMixin, TestCase):
    """A QH unit of 2 seats where only one candidate passed half."""

    def setUp(self):
        super().setUp()
        self.unit, (self.area,) = self.new_unit(2, FOUR, kind="QH")
        figures = {"on_list": 1000, "voted": 900, "issued": 900, "received": 900}
        counted(
            self.unit,
            self.area,
            {1: 700, 2: 400, 3: 400, 4: 300},
            valid=900,
            invalid=0,
            **figures,
        )
        self.held = rounds.open_round(
            self.unit,
            "supplementary",
            self.city_user,
            "Nghị quyết số 15/NQ-HĐBCQG",
            datetime.date(2026, 3, 28),
        )

    def supplementary(self, votes, valid):
        figs = (1000, 800, 800, 800, valid, 800 - valid)
        return [(self.area, "supplementary", figs, votes)]

    def test_a_seat_filled_by_more_than_half_of_the_rounds_valid_ballots(self):
        _, on_ballot = ballot_of(self.unit, "supplementary")
        self.assertEqual([c.full_name for c in on_ballot], [p for p, _ in FOUR[1:]])
        self.import_twice(self.supplementary({2: 500, 3: 200, 4: 100}, 800))
        unit = results()["contests"][0]["units"][1]
        self.assertEqual(
            [r["round"] for r in unit["rounds"]], ["first", "supplementary"]
        )
        elected = [c["full_name"] for c in unit["candidates"] if c["elected"]]
        self.assertEqual(elected, ["Nguyễn Văn A", "Trần Văn B"])
        rows = {c["full_name"]: c for c in unit["candidates"]}
        self.assertEqual(rows["Trần Văn B"]["elected_round"], "supplementary")
        self.assertEqual(rows["Trần Văn B"]["votes"], 400)  # the first round's
        self.assertEqual(
            (
                rows["Trần Văn B"]["round_votes"],
                rows["Trần Văn B"]["round_pct_of_valid"],
            ),
            (500, "62.50"),
        )
        summary = results()["contests"][0]["summary"]
        supplementary = [
            w for w in summary["winners"] if w["full_name"] == "Trần Văn B"
        ]
        self.assertEqual(supplementary[0]["votes"], 500)
        self.assertEqual((unit["elected_count"], unit["seats_unfilled"]), (2, 0))
        self.assertFalse(unit["supplementary_election_required"])

    def test_exactly_half_leaves_the_seat_unfilled_for_good(self):
        self.import_twice(self.supplementary({2: 400, 3: 300, 4: 100}, 800))
        unit = results()["contests"][0]["units"][1]
        self.assertEqual((unit["elected_count"], unit["seats_unfilled"]), (1, 1))
        self.assertFalse(unit["supplementary_election_required"])
        self.assertEqual(unit["rounds"][1]["seats"], 1)
        with self.assertRaisesMessage(WorkflowError, "không tổ chức lần thứ hai"):
            rounds.open_round(
                self.unit, "supplementary", self.city_user, "NQ 2",
                datetime.date(2026, 3, 29),
            )  # fmt: skip
        text = pdf_text(
            render.print_form(
                self.election, "BOARD_RESULT_QH", self.unit.key, round="supplementary"
            ).content
        )
        self.assertIn("Bầu cử thêm", text)

    def test_a_first_round_winner_is_not_on_the_supplementary_ballot(self):
        rows = self.supplementary({1: 500, 2: 400, 3: 200, 4: 100}, 800)
        with self.assertRaises(CommandError):
            self.import_twice(rows)
        self.assertFalse(self.held.electoral_unit.counting_records.filter(
            round="supplementary").exists())  # fmt: skip


RESULTS_2021 = (
    Path(__file__).parent.parent / "demo" / "data" / "vn_na15_2021_results_all.csv"
)


class BinhDuong2021Tests(RoundsMixin, TestCase):
    """2021, Bình Dương unit 1: three won by the votes, one was not confirmed
    (the official list has 499 deputies, the votes 500)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        day = datetime.date(2021, 5, 23)
        cls.bd = make_election("BD-2021", cycle="2021", election_date=day)
        unit_set = AdminUnitSet.objects.in_force_on(day).get()
        province = make_unit(unit_set, "74", "Tỉnh Bình Dương", "province")
        city = make_unit(unit_set, "718", "Thành phố Thủ Dầu Một", "district", province)
        ward = make_unit(unit_set, "25747", "Phường Hiệp Thành", "commune", city)
        cls.bd.province = province
        cls.bd.save()
        area = make_area(cls.bd, ward, 1)
        contest = Contest.objects.create(election=cls.bd, kind="QH", name="Quốc hội")
        cls.bd_unit = make_electoral_unit(contest, 1, 3, [area])
        with open(RESULTS_2021, encoding="utf-8") as f:
            rows = [
                r
                for r in csv.DictReader(f)
                if r["province"] == "TỈNH BÌNH DƯƠNG" and r["unit_no"] == "1"
            ]
        cls.rows = rows
        for r in rows:
            make_candidate(cls.bd_unit, int(r["order_in_unit"]), r["candidate_name"])
        top = rows[0]
        valid = round(int(top["votes"]) * 100 / float(top["percent"]))
        counted(
            cls.bd_unit,
            area,
            {int(r["order_in_unit"]): int(r["votes"]) for r in rows},
            on_list=valid + 20000,
            voted=valid + 100,
            issued=valid + 100,
            received=valid + 100,
            valid=valid,
            invalid=100,
        )
        cls.bd_user = make_user("bd_tinh", "city_committee", admin_unit=province)

    def confirm(self, name, *extra):
        return run(
            "confirm_elected", "BD-2021", "--contest", "QH", "--candidate", name,
            "--decision", "Nghị quyết số 1/NQ-HĐBCQG ngày 10/7/2021", *extra,
            "--user", "bd_tinh",
        )  # fmt: skip

    def test_three_elected_by_votes_two_confirmed_one_seat_open(self):
        by_votes = [r["candidate_name"] for r in self.rows if r["elected"] != "no"]
        refused = next(
            r["candidate_name"]
            for r in self.rows
            if r["elected"] == "yes-not-confirmed"
        )
        with self.assertRaisesMessage(CommandError, "chưa được Ủy ban bầu cử xác nhận"):
            self.confirm(by_votes[1])
        certify(self.bd_unit.contest, self.bd_user)
        with self.assertRaisesMessage(CommandError, "--reason"):
            self.confirm(refused, "--not-confirmed")
        with self.assertRaisesMessage(CommandError, "không trúng cử"):
            self.confirm(self.rows[3]["candidate_name"])
        self.confirm(
            refused, "--not-confirmed", "--reason", "Không đủ tiêu chuẩn đại biểu"
        )
        for name in by_votes:
            if name != refused:
                self.confirm(name)
        self.assertEqual(Confirmation.objects.filter(confirmed=True).count(), 2)
        self.assertEqual(
            AuditEntry.objects.filter(changes__transition="confirm_elected").count(), 3
        )

        data = results("BD-2021")["contests"][0]
        unit = data["units"][0]
        elected = [c for c in unit["candidates"] if c["elected"]]
        self.assertEqual([c["full_name"] for c in elected], by_votes)
        self.assertEqual(unit["elected_count"], 3)
        self.assertEqual((unit["not_confirmed_count"], unit["seats_unfilled"]), (1, 1))
        nam = next(c for c in elected if c["full_name"] == refused)
        self.assertIs(nam["confirmed"], False)
        self.assertIn("1/NQ-HĐBCQG", nam["confirmation_decision"])
        summary = data["summary"]
        self.assertEqual(len(summary["winners"]), 2)
        self.assertEqual([w["full_name"] for w in summary["not_confirmed"]], [refused])

        csv_out = run("election_results", "BD-2021", "--format", "csv")
        self.assertIn("False", csv_out)

        text = pdf_text(render.print_form(self.bd, "WINNERS_LIST", "QH").content)
        self.assertIn("Nguyễn Văn Dành", text)
        self.assertIn("không được xác nhận tư cách", text)

        # The public page and the open data show the decision (a new snapshot).
        public = self.client.get("/ket-qua/BD-2021/")
        self.assertContains(public, "Không được xác nhận tư cách")
        self.assertContains(public, "ghế này còn trống")
        opened = self.client.get("/ket-qua/BD-2021/ket-qua.json").json()
        published = opened["contests"][0]["units"][0]
        self.assertEqual(published["seats_unfilled"], 1)
        self.assertIs(
            next(c for c in published["candidates"] if c["full_name"] == refused)[
                "confirmed"
            ],
            False,
        )

        # A changed decision is recorded again (and audited), never duplicated.
        self.confirm(refused)
        self.assertEqual(Confirmation.objects.filter(confirmed=True).count(), 3)
        unit = results("BD-2021")["contests"][0]["units"][0]
        self.assertEqual(unit["seats_unfilled"], 0)


class RoundScreenTests(RoundsMixin, TestCase):
    """The committee's screens: decisions and confirmations, in jurisdiction only."""

    def setUp(self):
        super().setUp()
        self.count_half_turnout()

    def test_the_committee_records_a_reelection_on_screen(self):
        url = reverse("results:rounds", args=[self.qh.pk])
        data = {
            "target": f"{self.qh_unit.pk}:reelection",
            "decision": "Nghị quyết số 12/NQ-HĐBCQG",
            "decision_date": "18/03/2026",
            "election_date": "31/03/2026",
        }
        self.client.force_login(self.team_user)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.ward_a_user)  # sees the QH contest, not its totals
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertFalse(UnitRound.objects.exists())
        self.client.force_login(self.city_user)
        page = self.client.get(url)
        self.assertContains(page, "Số cử tri đi bầu chưa quá một nửa")
        late = self.client.post(url, data, follow=True)
        self.assertContains(late, "chậm nhất là ngày 30/03/2026")
        self.assertFalse(UnitRound.objects.exists())
        done = self.client.post(
            url, data | {"election_date": "29/03/2026"}, follow=True
        )
        self.assertContains(done, "Đã ghi nhận bầu cử lại")
        self.assertContains(done, "29/03/2026")
        held = UnitRound.objects.get()
        self.assertEqual((held.round, held.opened_by), ("reelection", self.city_user))
        committee = self.client.get(
            reverse("results:committee", args=[self.qh.pk]) + "?round=reelection"
        )
        self.assertContains(committee, "Nghị quyết số 12/NQ-HĐBCQG")
        entry = self.client.get(reverse("results:entry_list") + "?round=reelection")
        self.assertContains(entry, "26734/1")

    def test_confirmation_on_screen_after_certification(self):
        counted_unit, (area,) = self.new_unit(1, FOUR[:2], kind="QH")
        counted(counted_unit, area, {1: 800, 2: 100}, valid=900, invalid=0)
        rounds.open_round(
            self.qh_unit,
            "reelection",
            self.city_user,
            "NQ 12",
            datetime.date(2026, 3, 29),
        )
        url = reverse("results:confirm", args=[self.qh.pk])
        self.client.force_login(self.city_user)
        page = self.client.get(url)
        self.assertContains(page, "Nguyễn Văn A")
        self.assertContains(page, "Chưa có người trúng cử nào thuộc lần bầu cử đã")
        certify(self.qh, self.city_user)
        winner = counted_unit.candidates.get(ballot_order=1)
        post = {"candidate": winner.pk, "confirmed": "0", "decision": "NQ 40"}
        refused = self.client.post(url, post, follow=True)
        self.assertContains(refused, "Phải ghi lý do")
        done = self.client.post(url, post | {"reason": "Vi phạm"}, follow=True)
        self.assertContains(done, "Không được xác nhận")
        self.assertFalse(Confirmation.objects.get().confirmed)
        unit = results()["contests"][0]["units"][1]
        self.assertEqual(unit["seats_unfilled"], 1)


class RoundColumnTests(RoundsMixin, TestCase):
    def test_minutes_of_a_round_without_its_decision_are_rejected_by_row(self):
        figs = (1000, 400, 400, 400, 400, 0)
        folder = write_tallies(
            Path(self.tmp.name), [(self.a1, "bầu cử lại", figs, {1: 300, 2: 100})]
        )
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_tallies", str(folder), "--election", "TEST-2026",
                "--user", "thanhpho", stdout=io.StringIO(), stderr=err,
            )  # fmt: skip
        self.assertIn("không có quyết định bầu cử lại", err.getvalue())
        self.assertIn("round", err.getvalue())
        self.assertFalse(UnitRound.objects.exists())


class CouncilSupplementaryTests(RoundsMixin, TestCase):
    """Councils: a supplementary election only below two thirds of the seats."""

    def test_two_of_three_council_seats_need_no_supplementary_election(self):
        unit, (area,) = self.new_unit(3, FOUR)
        counted(unit, area, {1: 700, 2: 600, 3: 400, 4: 300}, valid=900, invalid=0)
        with self.assertRaisesMessage(WorkflowError, "Pháp luật không đòi hỏi"):
            rounds.open_round(
                unit, "supplementary", self.city_user, "NQ 3",
                datetime.date(2026, 3, 28),
            )  # fmt: skip

    def test_one_of_three_council_seats_opens_one_decided_by_the_committee(self):
        unit, (area,) = self.new_unit(3, FOUR)
        counted(unit, area, {1: 700, 2: 400, 3: 400, 4: 300}, valid=900, invalid=0)
        held = rounds.open_round(
            unit, "supplementary", self.city_user, "Nghị quyết số 3/NQ-UBBC",
            datetime.date(2026, 3, 28),
        )  # fmt: skip
        self.assertEqual(held.decided_by, "Ủy ban bầu cử Phường Sài Gòn")
        seats, on_ballot = ballot_of(unit, "supplementary")
        self.assertEqual((seats, len(on_ballot)), (2, 3))
