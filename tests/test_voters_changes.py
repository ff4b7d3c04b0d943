"""Changes to a posted voter list: add, remove, transfer, certificates, deadlines."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.voters.changes import (
    ChangeRefused,
    Paper,
    Person,
    add_voter,
    issue_certificate,
    receive_certificate,
    remove_voter,
    transfer_voter,
)
from electionadmin.voters.models import VoterChange, VoterEntry
from importers.voters import import_voters

from .factories import SmallElectionMixin
from .test_voters_import import DATA

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The 2026 election: voting opens 07:00 on 15/03/2026.
BEFORE_CUTOFF = datetime.datetime(2026, 3, 14, 6, 59, tzinfo=VN)
AFTER_CUTOFF = datetime.datetime(2026, 3, 14, 7, 0, tzinfo=VN)
ELECTION_MORNING = datetime.datetime(2026, 3, 15, 9, 0, tzinfo=VN)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


class ChangeTests(SmallElectionMixin, TestCase):
    def setUp(self):
        with at(datetime.datetime(2026, 2, 1, 8, 0, tzinfo=VN)):
            import_voters(DATA / "ok.csv", self.election)
        self.an = VoterEntry.objects.get(citizen_id="079080000001")  # a1, number 1

    def active_count(self, area) -> int:
        return VoterEntry.objects.active().filter(voting_area=area).count()

    def newcomer(self, **extra) -> Person:
        values = {
            "citizen_id": "079308000099",
            "full_name": "Lý Thị Mai",
            "birth_date": datetime.date(2008, 3, 15),
            "gender": "F",
        }
        return Person(**values | extra)

    def test_a_transfer_moves_the_voter_and_keeps_both_counts_right(self):
        a1, b1 = self.active_count(self.a1), self.active_count(self.b1)
        with at(BEFORE_CUTOFF):
            new = transfer_voter(
                self.an,
                self.b1,
                Paper("permanent_move", document="QĐ 12/UBND"),
                user=self.ward_a_user,
            )
        self.assertEqual(self.active_count(self.a1), a1 - 1)
        self.assertEqual(self.active_count(self.b1), b1 + 1)
        self.assertEqual((new.voting_area, new.list_number), (self.b1, 2))
        self.assertEqual(new.kinds, ["QH"])  # ward B holds no council contest here
        self.an.refresh_from_db()
        self.assertEqual(self.an.status, "transferred_out")
        self.assertEqual(self.an.list_number, 1)  # the number is never reused
        change = VoterChange.objects.get()
        self.assertEqual((change.from_area, change.to_area), (self.a1, self.b1))
        self.assertEqual((change.old_entry, change.new_entry), (self.an, new))
        self.assertEqual(change.user, self.ward_a_user)
        self.assertEqual(
            AuditEntry.objects.filter(reason__contains="thường trú").count(), 2
        )

    def test_the_lists_at_posting_time_can_still_be_counted(self):
        posted = datetime.datetime(2026, 2, 3, 7, 30, tzinfo=VN)
        with at(BEFORE_CUTOFF):
            transfer_voter(self.an, self.b1, Paper("permanent_move"))
        on_list = VoterEntry.objects.on_list_at(posted)
        self.assertEqual(on_list.filter(voting_area=self.a1).count(), 5)
        self.assertEqual(on_list.filter(voting_area=self.b1).count(), 1)

    def test_moves_close_24_hours_before_voting_starts(self):
        with at(AFTER_CUTOFF), self.assertRaises(ChangeRefused) as refused:
            transfer_voter(self.an, self.b1, Paper("permanent_move"))
        self.assertIn("07:00 ngày 14/03/2026", refused.exception.message)
        with at(AFTER_CUTOFF), self.assertRaises(ChangeRefused):
            add_voter(self.a1, self.newcomer(), Paper("newly_eligible"))
        self.assertEqual(VoterChange.objects.count(), 0)
        self.assertTrue(VoterEntry.objects.get(pk=self.an.pk).is_active)

    def test_a_death_can_be_recorded_until_voting_starts(self):
        with at(AFTER_CUTOFF):
            remove_voter(self.an, Paper("died", document="Trích lục khai tử 5/2026"))
        self.an.refresh_from_db()
        self.assertEqual((self.an.status, self.an.removal_reason), ("removed", "died"))
        entry = VoterEntry.objects.get(citizen_id="079185000002")
        with at(ELECTION_MORNING), self.assertRaises(ChangeRefused):
            remove_voter(entry, Paper("died"))

    def test_adding_a_voter_gives_the_next_number_and_checks_age(self):
        with at(BEFORE_CUTOFF):
            entry = add_voter(self.a1, self.newcomer(), Paper("newly_eligible"))
        self.assertEqual(entry.list_number, 6)
        self.assertEqual(entry.kinds, ["QH", "HDND_XA"])
        too_young = self.newcomer(
            citizen_id="079308000098", birth_date=datetime.date(2008, 3, 16)
        )
        with at(BEFORE_CUTOFF), self.assertRaises(ChangeRefused):
            add_voter(self.a1, too_young, Paper("newly_eligible"))

    def test_a_citizen_cannot_be_added_twice(self):
        again = self.newcomer(citizen_id=self.an.citizen_id)
        with at(BEFORE_CUTOFF), self.assertRaises(ChangeRefused) as refused:
            add_voter(self.a2, again, Paper("moved_in"))
        self.assertIn("26734/1", refused.exception.message)

    def test_a_certificate_moves_the_voter_on_election_day(self):
        with at(datetime.datetime(2026, 3, 15, 6, 30, tzinfo=VN)):
            issue_certificate(self.an, Paper("other", electronic=True))
        self.assertEqual(self.active_count(self.a1), 4)
        with at(ELECTION_MORNING):
            entry = receive_certificate(self.b1, Paper("other"), issued=self.an)
        self.assertTrue(entry.by_certificate)
        self.assertEqual(entry.kinds, ["QH"])  # ward A's council is not ward B's
        self.assertEqual(self.active_count(self.b1), 2)
        kinds = list(VoterChange.objects.values_list("kind", "electronic"))
        self.assertEqual(
            sorted(kinds),
            [("certificate_issued", True), ("certificate_received", False)],
        )

    def test_a_certificate_is_not_issued_once_voting_started(self):
        with at(ELECTION_MORNING), self.assertRaises(ChangeRefused):
            issue_certificate(self.an, Paper("other"))

    def test_a_certificate_from_another_province_keeps_the_national_contest(self):
        person = self.newcomer(citizen_id="001090000077", full_name="Hà Văn Khánh")
        with at(ELECTION_MORNING):
            entry = receive_certificate(
                self.a1,
                Paper("other", document="GCN 15/UBND"),
                person=person,
                contest_keys=["QH", "HDND_TINH:01"],
                origin="Phường Hoàn Kiếm, Hà Nội",
            )
        self.assertEqual(entry.kinds, ["QH"])
        self.assertEqual(VoterChange.objects.get().origin, "Phường Hoàn Kiếm, Hà Nội")

    def test_a_removed_voter_is_not_brought_back_by_a_reimport(self):
        with at(BEFORE_CUTOFF):
            remove_voter(self.an, Paper("moved_away"))
        report = import_voters(DATA / "ok.csv", self.election)
        self.assertTrue(report.ok)
        self.assertEqual(report.counts["voters"]["added"], 0)
        self.assertEqual(len(report.warnings), 1)
        self.assertEqual(VoterEntry.objects.active().count(), 6)
