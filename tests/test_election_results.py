import csv
import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from electionadmin.figures import pct

from .factories import SmallElectionMixin


def run_results(*args) -> str:
    out = io.StringIO()
    call_command("election_results", *args, stdout=out)
    return out.getvalue()


class ElectionResultsCommandTests(SmallElectionMixin, TestCase):
    def test_it_answers_the_structure_with_zero_figures(self):
        data = json.loads(run_results("TEST-2026"))
        self.assertEqual(data["election"], "TEST-2026")
        contests = {c["contest"]: c for c in data["contests"]}
        self.assertEqual(set(contests), {"QH", "HDND_XA:26734"})
        unit = contests["QH"]["units"][0]
        self.assertEqual((unit["number"], unit["seats"]), (1, 1))
        self.assertEqual(unit["areas_expected"], 4)
        self.assertEqual(unit["areas_reported"], 0)
        self.assertEqual(unit["status"], "incomplete")
        self.assertEqual(unit["voters_on_list"], 0)
        self.assertEqual(
            [c["full_name"] for c in unit["candidates"]],
            ["Lê Văn An", "Trần Thị Bình", "Phạm Chí"],
        )
        self.assertEqual(unit["candidates"][0]["birth_date"], "1970-01-01")

    def test_it_filters_one_contest(self):
        data = json.loads(run_results("TEST-2026", "--contest", "HDND_XA:26734"))
        self.assertEqual([c["contest"] for c in data["contests"]], ["HDND_XA:26734"])
        self.assertEqual(data["contests"][0]["units"][0]["areas_expected"], 2)

    def test_csv_has_one_row_per_candidate(self):
        rows = list(
            csv.DictReader(io.StringIO(run_results("TEST-2026", "--format", "csv")))
        )
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[0]["contest"], "QH")
        self.assertEqual(rows[0]["status"], "incomplete")

    def test_an_unknown_election_code_fails(self):
        with self.assertRaisesMessage(CommandError, "Không có cuộc bầu cử mã 'NOPE'"):
            run_results("NOPE")

    def test_an_unknown_contest_fails(self):
        with self.assertRaises(CommandError):
            run_results("TEST-2026", "--contest", "HDND_TINH:01")


def test_percentages_round_half_up():
    assert pct(1, 3) == "33.33"
    assert pct(2, 3) == "66.67"
    assert pct(1, 8) == "12.50"
    assert pct(1, 800) == "0.13"  # 0.125 rounds up, not to even
    assert pct(0, 0) == "0.00"
