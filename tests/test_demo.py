"""The demo election: the generated HCMC 2021 workbook, and its import by the real
importer (slow: about 4,700 voting areas and 57,000 body members, imported twice)."""

import csv
import datetime
import json
import tempfile
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count, Sum
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.names import DATA_DIR
from demo.rehearsal import write_rehearsal
from demo.results import (
    largest_remainder,
    published_rows,
    rising,
    unit_areas,
    unit_totals,
)
from demo.users import DEMO_USERS, PASSWORD, TOTP_KEY, demo_secret
from demo.voters import LAST_BIRTH, write_voters
from demo.workbook import write_workbook
from electionadmin.access.models import Profile
from electionadmin.audit.models import AuditEntry
from electionadmin.polling.models import TurnoutFigure
from electionadmin.polling.rollup import admin_rows
from electionadmin.polling.rules import slots as turnout_slots
from electionadmin.results.models import (
    CandidateVotes,
    Certification,
    CountingEntry,
    CountingRecord,
)
from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Contest,
    Election,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from electionadmin.voters.models import AreaListCount, VoterEntry
from importers.election import import_election
from importers.voters import import_voters


def published_totals() -> dict[str, int]:
    """HCMC 2021's published figures that are whole numbers (demo/data)."""
    return {
        row["metric"]: int(row["value"])
        for row in read_published("vn_election_totals.csv")
        if row["election"] == "NA-XV-2021"
        and row["scope"] == "HCMC"
        and row["value"].isdigit()
    }


def read_sheets(folder: Path) -> dict[str, list[dict]]:
    sheets = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            sheets[path.stem] = list(csv.DictReader(f))
    return sheets


PUBLIC = "/ket-qua/HCM-2021/"


def read_published(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def units_of(sheets, kind: str, council: str = "") -> list[dict]:
    return [
        row
        for row in sheets["electoral_units"]
        if row["kind"] == kind and row["council_unit_code"] == council
    ]


class DemoWorkbookTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.folder = Path(cls.tmp.name) / "hcm-2021"
        write_workbook(cls.folder)
        cls.sheets = read_sheets(cls.folder)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def test_it_holds_the_city_its_22_districts_and_312_wards(self):
        levels = Counter(row["level"] for row in self.sheets["units"])
        self.assertEqual(levels, {"province": 1, "district": 22, "commune": 312})

    def test_the_national_assembly_has_10_units_and_30_seats(self):
        units = units_of(self.sheets, "QH")
        self.assertEqual(len(units), 10)
        self.assertEqual(sum(int(u["seats"]) for u in units), 30)

    def test_the_city_council_has_32_units_and_95_seats(self):
        units = units_of(self.sheets, "HDND_TINH", "79")
        self.assertEqual(len(units), 32)
        self.assertEqual(sum(int(u["seats"]) for u in units), 95)

    def test_every_ward_is_in_exactly_one_city_council_unit(self):
        covered = Counter(
            code
            for unit in units_of(self.sheets, "HDND_TINH", "79")
            for code in unit["covers"].split(";")
        )
        wards = {r["code"] for r in self.sheets["units"] if r["level"] == "commune"}
        self.assertEqual(set(covered), wards)
        self.assertEqual(set(covered.values()), {1})

    def test_only_thu_duc_and_the_rural_districts_elect_councils_below_the_city(self):
        kinds = Counter(row["kind"] for row in self.sheets["contests"])
        self.assertEqual(
            kinds, {"QH": 1, "HDND_TINH": 1, "HDND_HUYEN": 6, "HDND_XA": 63}
        )
        districts = {
            row["council_unit_code"]
            for row in self.sheets["contests"]
            if row["kind"] == "HDND_HUYEN"
        }
        self.assertEqual(districts, {"769", "783", "784", "785", "786", "787"})
        with_council = [r for r in self.sheets["units"] if r["has_council"] == "có"]
        self.assertEqual(len(with_council), 1 + 6 + 63)

    def test_it_writes_the_same_files_every_time(self):
        with tempfile.TemporaryDirectory() as other:
            write_workbook(other)
            for path in self.folder.glob("*.csv"):
                self.assertEqual(
                    path.read_bytes(), (Path(other) / path.name).read_bytes(), path.name
                )


class DemoVotersTests(SimpleTestCase):
    def test_quan_1_voters_are_adults_with_unique_ids_in_households(self):
        with tempfile.TemporaryDirectory() as tmp:
            count = write_voters(tmp, "HCM-2021", wards=["26734"])
            with open(Path(tmp) / "voters.csv", encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            write_voters(Path(tmp) / "again", "HCM-2021", wards=["26734"])
            again = (Path(tmp) / "again" / "voters.csv").read_bytes()
            self.assertEqual(again, (Path(tmp) / "voters.csv").read_bytes())
        self.assertEqual(count, len(rows))
        ids = [r["citizen_id"] for r in rows]
        self.assertEqual(len(set(ids)), len(ids))
        self.assertTrue(all(len(i) == 12 and i.isdigit() for i in ids))
        self.assertTrue(all(i.startswith("079") for i in ids))
        self.assertLessEqual(max(r["birth_date"] for r in rows), LAST_BIRTH.isoformat())
        self.assertEqual({r["commune_code"] for r in rows}, {"26734"})
        per_area = Counter(r["area_number"] for r in rows)
        self.assertTrue(all(300 <= n <= 1200 for n in per_area.values()))
        households = Counter(r["household"] for r in rows)
        self.assertLessEqual(max(households.values()), 6)


MODELS = [
    AdminUnit,
    Contest,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
    Candidate,
    ElectionBody,
    BodyMember,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


class DemoElectionDayTests(TestCase):
    """The whole demo as `./scripts/start` loads it (voters of Quận 1 included),
    loaded once for all these tests (the one load of the demo in the suite): the
    set-up workbook through the real importer (imported again: nothing changes),
    the logins, election day and the count played from the published 2021 results
    (demo/results.py, results/bulk.py), certified, its public results (/ket-qua/)
    equal to the published ones."""

    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        with override_settings(DEBUG=True):  # the demo's logins need it
            call_command("load_demo", stdout=cls.out)
        cls.after_first = row_counts()
        with tempfile.TemporaryDirectory() as tmp:  # the same workbook, again
            write_workbook(tmp)
            cls.sheets = read_sheets(Path(tmp))
            cls.second = import_election(tmp)
        cls.after_second = row_counts()
        cls.election = Election.objects.get(code="HCM-2021")
        cls.qh = Contest.objects.get(election=cls.election, kind="QH")
        cls.records = CountingRecord.objects.filter(contest=cls.qh)

    def test_the_workbook_imports_without_errors(self):
        self.assertIn("Đã nhập HCM-2021", self.out.getvalue())
        self.assertEqual([str(e) for e in self.second.errors], [])

    def test_the_national_assembly_has_10_units_with_30_seats(self):
        units = ElectoralUnit.objects.filter(contest=self.qh)
        self.assertEqual(units.count(), 10)
        self.assertEqual(sum(units.values_list("seats", flat=True)), 30)

    def test_quan_and_phuong_have_no_people_council(self):
        units = AdminUnit.objects.filter(unit_set=self.election.unit_set)
        self.assertFalse(units.get(code="760").has_council)
        self.assertFalse(units.get(code="26734").has_council)
        self.assertEqual(units.filter(has_council=True).count(), 70)

    def test_every_voting_area_of_the_workbook_is_imported(self):
        areas = VotingArea.objects.filter(election=self.election)
        self.assertEqual(areas.count(), len(self.sheets["voting_areas"]))
        teams = ElectionBody.objects.filter(election=self.election, kind="team")
        self.assertEqual(teams.count(), areas.count())

    def test_importing_again_changes_nothing(self):
        self.assertEqual([str(e) for e in self.second.errors], [])
        self.assertEqual(self.after_second, self.after_first)
        for sheet, outcomes in self.second.counts.items():
            changed = {k: n for k, n in outcomes.items() if k != "unchanged" and n}
            self.assertEqual(changed, {}, sheet)

    @override_settings(DEBUG=True)
    def test_load_demo_keeps_the_election_and_creates_each_login_once(self):
        out = StringIO()
        quick = {
            "if_missing": True,
            "no_voters": True,
            "no_election_day": True,
            "no_rehearsal": True,
        }
        call_command("load_demo", **quick, stdout=out)
        call_command("load_demo", **quick, stdout=out)
        self.assertEqual(row_counts(), self.after_first)
        self.assertIn(PASSWORD, out.getvalue())
        users = get_user_model().objects.filter(
            username__in=[d.username for d in DEMO_USERS]
        )
        self.assertEqual(users.count(), len(DEMO_USERS))
        board = Profile.objects.get(user__username="banqh2")
        self.assertEqual(board.electoral_unit.contest.kind, "QH")
        self.assertTrue(users.get(username="quan1").check_password(PASSWORD))
        self.assertTrue(users.get(username="admin").is_superuser)
        # The committees (the rehearsal's ward too) and the administrator have the
        # demo's authenticator app.
        with_app = TOTPDevice.objects.filter(confirmed=True, key=TOTP_KEY)
        self.assertEqual(
            sorted(with_app.values_list("user__username", flat=True)),
            ["admin", "dientap", "nhaplieu", "quan1", "tandinh", "thanhpho"],
        )
        self.assertIn(demo_secret(), out.getvalue())
        self.assertIn("manage.py demo_code", out.getvalue())

    def unit_sums(self) -> dict[int, dict[str, int]]:
        sums = self.records.values("electoral_unit__number").annotate(
            on_list=Sum("voters_on_list"),
            voted=Sum("voters_voted"),
            valid_=Sum("valid"),
            invalid_=Sum("invalid"),
        )
        return {row.pop("electoral_unit__number"): row for row in sums}

    def test_the_results_equal_the_published_hcmc_2021_figures(self):
        published = read_published("hcmc_na15_2021_results.csv")
        units = {
            int(row["unit_no"]): row
            for row in read_published("hcmc_na15_2021_units.csv")
        }
        sums = self.unit_sums()
        self.assertEqual(sorted(sums), sorted(units))
        rows = (
            CandidateVotes.objects.filter(record__contest=self.qh)
            .values_list("candidate__electoral_unit__number", "candidate__ballot_order")
            .annotate(total=Sum("votes"))
        )
        votes = {f"{unit}/{order}": total for unit, order, total in rows}
        winners = []
        for row in published:
            unit, order = int(row["unit_no"]), int(row["candidate_order"])
            where = f"unit {unit}, candidate {order}"
            self.assertEqual(votes[f"{unit}/{order}"], int(row["votes"]), where)
            valid = sums[unit]["valid_"]
            pct = (Decimal(row["votes"]) * 100 / valid).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
            self.assertEqual(pct, Decimal(row["percent"]), where)
            if row["elected"] == "yes":
                winners.append((unit, order))
        self.assertEqual(len(winners), 30)
        for unit, s in sums.items():
            self.assertEqual(s["voted"], s["valid_"] + s["invalid_"], unit)
            self.assertGreater(s["invalid_"], 0, unit)
            self.assertGreater(s["on_list"], s["voted"], unit)
        # The city's voters on the lists and voters who voted as the HCMC Election
        # Committee published them at the close of polls.
        city = published_totals()
        self.assertEqual(
            sum(s["on_list"] for s in sums.values()),
            city["registered_voters_at_close"],
        )
        self.assertEqual(
            sum(s["voted"] for s in sums.values()), city["voters_who_voted_at_close"]
        )
        public = {"units": list(self.public_units().values())}
        got = sorted(
            (u["number"], c["ballot_order"])
            for u in public["units"]
            for c in u["candidates"]
            if c["elected"]
        )
        self.assertEqual(got, sorted(winners))

    def test_every_minutes_was_entered_twice_by_two_users_accepted_and_certified(self):
        areas = ElectoralUnitArea.objects.filter(contest=self.qh).count()
        self.assertEqual(self.records.count(), areas)
        self.assertEqual(set(self.records.values_list("status", flat=True)), {"locked"})
        entries = CountingEntry.objects.filter(record__contest=self.qh)
        per_record = Counter(entries.values_list("record_id", flat=True))
        self.assertEqual(set(per_record.values()), {2})
        users = entries.values("record_id").annotate(
            n=Count("entered_by", distinct=True)
        )
        self.assertEqual({row["n"] for row in users}, {2})
        self.assertEqual(
            set(self.records.values_list("accepted_by__username", flat=True)),
            {"thanhpho"},
        )
        certified = Certification.objects.get(contest=self.qh, revoked_at__isnull=True)
        self.assertEqual(certified.certified_by.username, "thanhpho")
        # The workflow's audit entries, each by the demo's user who took the step.
        kinds = ContentType.objects.get_for_model(CountingRecord)
        steps = Counter(
            (username, changes["transition"])
            for username, changes in AuditEntry.objects.filter(
                content_type=kinds
            ).values_list("user__username", "changes")
        )
        self.assertEqual(
            steps,
            {
                ("nhaplieu", "entry"): areas,
                ("thanhpho", "entry"): areas,
                ("thanhpho", "entered"): areas,
                ("thanhpho", "submit"): areas,
                ("thanhpho", "accept"): areas,
            },
        )

    def test_quan_1_figures_agree_with_its_voter_lists(self):
        listed = dict(
            AreaListCount.objects.filter(
                contest=self.qh, voters__gt=0, declared=False
            ).values_list("voting_area_id", "voters")
        )
        self.assertEqual(
            set(listed),
            set(
                VoterEntry.objects.filter(election=self.election).values_list(
                    "voting_area", flat=True
                )
            ),
        )
        self.assertGreater(len(listed), 100)
        minutes = {
            r.voting_area_id: r for r in self.records.filter(voting_area__in=listed)
        }
        self.assertEqual(set(minutes), set(listed))
        for area_id, voters in listed.items():
            self.assertEqual(minutes[area_id].voters_on_list, voters)

    def test_every_other_area_has_the_size_of_its_minutes_declared_audited(self):
        declared = AreaListCount.objects.filter(contest=self.qh, declared=True)
        areas = ElectoralUnitArea.objects.filter(contest=self.qh).count()
        self.assertGreater(declared.count(), 4000)
        self.assertEqual(
            declared.count()
            + AreaListCount.objects.filter(contest=self.qh, declared=False).count(),
            areas,
        )
        minutes = dict(self.records.values_list("voting_area_id", "voters_on_list"))
        for area_id, voters in declared.values_list("voting_area_id", "voters"):
            self.assertEqual(voters, minutes[area_id])
        # Every minutes agrees with its list: nothing to explain.
        self.assertFalse(self.records.exclude(explanations={}).exists())
        kind = ContentType.objects.get_for_model(AreaListCount)
        audited = AuditEntry.objects.filter(content_type=kind)
        self.assertEqual(audited.count(), declared.count())
        self.assertEqual(
            {
                timezone.localtime(at).date()
                for at in audited.values_list("at", flat=True)
            },
            {datetime.date(2021, 5, 4)},
        )

    def test_every_area_reports_turnout_at_every_slot_rising_to_its_minutes(self):
        slots = turnout_slots(self.election)
        areas = VotingArea.objects.filter(election=self.election).count()
        figures = TurnoutFigure.objects.filter(election=self.election)
        self.assertEqual(figures.count(), areas * len(slots))
        minutes = dict(self.records.values_list("voting_area_id", "voters_voted"))
        by_area: dict[int, list[int]] = {}
        for area_id, _slot, voted in figures.order_by(
            "voting_area", "slot"
        ).values_list("voting_area_id", "slot", "voters_voted"):
            by_area.setdefault(area_id, []).append(voted)
        self.assertEqual(len(by_area), areas)
        for area_id, values in by_area.items():
            self.assertEqual(values, sorted(values))
            self.assertEqual(values[-1], minutes[area_id])
            self.assertGreater(values[0], 0)
        self.assertFalse(figures.exclude(warnings=[]).exists())
        # The city dashboard's roll-up: every area reported at the close of polls,
        # with the published totals.
        city = next(r for r in admin_rows(self.election) if r.code == "79")
        published = published_totals()
        self.assertEqual(city.areas_expected, areas)
        self.assertEqual(city.reported[slots[-1]], areas)
        self.assertEqual(city.voters_on_list, published["registered_voters_at_close"])
        self.assertEqual(city.voted[slots[-1]], published["voters_who_voted_at_close"])

    def test_election_day_is_dated_on_the_2021_timeline(self):
        def local(moment):
            return timezone.localtime(moment).replace(tzinfo=None)

        figures = TurnoutFigure.objects.filter(election=self.election)
        for slot in turnout_slots(self.election):
            moments = set(
                figures.filter(slot=slot).values_list("entered_at", flat=True)
            )
            hour, minute = map(int, slot.split(":"))
            self.assertEqual(
                {local(m) for m in moments},
                {datetime.datetime(2021, 5, 23, hour, minute + 5)},
            )
        accepted = {
            local(m) for m in self.records.values_list("accepted_at", flat=True)
        }
        self.assertEqual(accepted, {datetime.datetime(2021, 5, 24, 9, 30)})
        certified = Certification.objects.get(contest=self.qh, revoked_at__isnull=True)
        self.assertEqual(
            local(certified.certified_at), datetime.datetime(2021, 5, 28, 15)
        )
        kinds = ContentType.objects.get_for_model(CountingRecord)
        steps = AuditEntry.objects.filter(content_type=kinds).values_list(
            "at", flat=True
        )
        self.assertEqual({local(m).date() for m in steps}, {datetime.date(2021, 5, 24)})

    def public_units(self) -> dict[int, dict]:
        cache.clear()
        data = json.loads(self.client.get(PUBLIC + "ket-qua.json").content)
        (contest,) = data["contests"]
        self.assertEqual(contest["contest"], "QH")
        return {u["number"]: u for u in contest["units"]}

    def test_the_public_file_has_the_published_winners_and_percentages(self):
        units = self.public_units()
        published = published_rows()
        self.assertEqual(sorted(units), sorted(published))
        for number, rows in published.items():
            unit = units[number]
            self.assertEqual(unit["status"], "complete")
            got = {c["ballot_order"]: c for c in unit["candidates"]}
            for row in rows:
                candidate = got[row["ballot_order"]]
                where = f"unit {number}, candidate {row['ballot_order']}"
                self.assertEqual(candidate["votes"], row["votes"], where)
                published_pct = f"{Decimal(row['percent']):.2f}"  # "60.7" -> "60.70"
                self.assertEqual(candidate["pct_of_valid"], published_pct, where)
                self.assertEqual(candidate["elected"], row["elected"], where)

    def test_only_the_certified_contest_is_public(self):
        cache.clear()
        data = json.loads(self.client.get(PUBLIC + "ket-qua.json").content)
        self.assertEqual([c["contest"] for c in data["contests"]], ["QH"])
        self.assertEqual(
            self.client.get(PUBLIC + "hdnd-tinh-79/don-vi-1/").status_code, 404
        )

    def test_a_unit_page_shows_the_published_figures(self):
        cache.clear()
        text = self.client.get(PUBLIC + "quoc-hoi/don-vi-1/").content.decode()
        self.assertIn("432.761", text)
        self.assertIn("63,96%", text)
        self.assertEqual(text.count('<span class="badge">Trúng cử</span>'), 3)

    @override_settings(DEBUG=True)
    def test_loading_again_changes_nothing(self):
        out = StringIO()
        call_command("load_demo", if_missing=True, stdout=out)
        self.assertIn("Số liệu ngày bầu cử mẫu đã có", out.getvalue())
        call_command("load_demo_results", stdout=out)  # the demo's own command
        self.assertIn("đã có biên bản; bỏ qua", out.getvalue())
        self.assertEqual(
            CountingEntry.objects.filter(record__contest=self.qh).count(),
            2 * self.records.count(),
        )

    def test_the_rehearsal_election_is_dated_from_today_with_a_voter_list(self):
        drill = Election.objects.get(code="DIENTAP")
        self.assertTrue(drill.is_rehearsal)
        self.assertFalse(self.election.is_rehearsal)
        self.assertIn("Diễn tập", str(drill))
        self.assertEqual(
            drill.election_date, timezone.localdate() + datetime.timedelta(days=20)
        )
        self.assertEqual(drill.cycle.code, "2026")
        self.assertEqual(VotingArea.objects.filter(election=drill).count(), 12)
        self.assertGreater(VoterEntry.objects.filter(election=drill).count(), 3000)
        self.assertEqual(
            Contest.objects.filter(election=drill, kind="HDND_XA").count(), 3
        )
        ward = Profile.objects.get(user__username="dientap").admin_unit
        self.assertEqual((ward.code, ward.unit_set_id), ("26740", drill.unit_set_id))


class DemoSpreadTests(SimpleTestCase):
    """demo/results.py's spreading of a unit's published totals over its areas."""

    def test_largest_remainder_is_exact_and_proportional(self):
        self.assertEqual(largest_remainder(10, [1, 1, 1]), [4, 3, 3])
        self.assertEqual(largest_remainder(7, [0, 0]), [4, 3])
        self.assertEqual(largest_remainder(100, [1, 3]), [25, 75])
        shares = largest_remainder(999_999, [7, 300, 1200, 55])
        self.assertEqual(sum(shares), 999_999)

    def test_the_units_add_up_to_the_citys_published_totals(self):
        totals = unit_totals(published_rows())
        city = published_totals()
        self.assertEqual(
            sum(t.voters_on_list for t in totals.values()),
            city["registered_voters_at_close"],
        )
        self.assertEqual(
            sum(t.voters_voted for t in totals.values()),
            city["voters_who_voted_at_close"],
        )
        for number, t in totals.items():
            self.assertEqual(t.voters_voted, t.valid + t.invalid, number)
            self.assertGreater(t.invalid, 0, number)
            self.assertGreater(t.voters_on_list, t.voters_voted, number)

    def test_every_unit_spreads_exactly_and_consistently(self):
        published = published_rows()
        all_totals = unit_totals(published)
        for number, candidates in published.items():
            listed = [None] * 40 + [800, 1100, 350]
            totals = all_totals[number]
            areas = unit_areas(totals, listed)
            for name, total in (
                ("voters_on_list", totals.voters_on_list),
                ("voters_voted", totals.voters_voted),
                ("valid", totals.valid),
                ("invalid", totals.invalid),
            ):
                self.assertEqual(sum(a[name] for a in areas), total, (number, name))
            for c in candidates:
                order = c["ballot_order"]
                self.assertEqual(sum(a["votes"][order] for a in areas), c["votes"])
            self.assertEqual([a["voters_on_list"] for a in areas[40:]], listed[40:])
            for a in areas:
                self.assertEqual(a["voters_voted"], a["valid"] + a["invalid"])
                self.assertLessEqual(a["voters_voted"], a["voters_on_list"])
                self.assertLessEqual(max(a["votes"].values()), a["valid"])

    def test_turnout_rises_to_the_final_count(self):
        slots = ["09:00", "11:00", "15:00", "19:00"]
        values = rising(1000, slots, datetime.time(7, 0))
        self.assertEqual(values, sorted(values))
        self.assertEqual(values[-1], 1000)
        self.assertGreater(values[0], 0)


class DemoRehearsalTests(TestCase):
    """The rehearsal election (demo/rehearsal.py) through the real importers."""

    def test_it_imports_dated_from_today_with_a_voter_list(self):
        with tempfile.TemporaryDirectory() as tmp:
            counts = write_rehearsal(tmp)
            report = import_election(Path(tmp) / "bau-cu")
            self.assertEqual([str(e) for e in report.errors], [])
            Election.objects.filter(code="DIENTAP").update(is_rehearsal=True)
            voters = import_voters(Path(tmp) / "voters.csv", "DIENTAP")
            self.assertEqual([str(e) for e in voters.errors], [])
        drill = Election.objects.get(code="DIENTAP")
        self.assertTrue(drill.is_rehearsal)
        self.assertEqual(
            drill.election_date, timezone.localdate() + datetime.timedelta(days=20)
        )
        self.assertEqual(drill.cycle.code, "2026")
        self.assertEqual(VotingArea.objects.filter(election=drill).count(), 12)
        self.assertEqual(
            VoterEntry.objects.filter(election=drill).count(), counts["voters"]
        )
        self.assertEqual(
            Contest.objects.filter(election=drill, kind="HDND_XA").count(), 3
        )
