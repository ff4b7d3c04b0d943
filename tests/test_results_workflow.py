from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from electionadmin.access.scope import restrict
from electionadmin.audit.models import AuditEntry
from electionadmin.results.certification import certify, reopen
from electionadmin.results.models import Certification, CountingRecord
from electionadmin.results.workflow import (
    BlockingFindings,
    WorkflowError,
    accept,
    add_entry,
    explain,
    open_record,
    resolve_mismatch,
    submit,
)

from .test_results_base import ResultsMixin, figures


def transitions(record) -> list[str]:
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CountingRecord),
        object_id=str(record.pk),
    ).order_by("id")
    return [e.changes["transition"] for e in entries]


class DoubleEntryTests(ResultsMixin, TestCase):
    def setUp(self):
        self.record = open_record(self.qh, self.a1)
        self.votes = self.qh_votes(500, 300, 80)

    def test_two_agreeing_entries_by_two_users_make_the_record_entered(self):
        add_entry(self.record, self.team_user, figures(), self.votes)
        self.record.refresh_from_db()
        self.assertEqual(self.record.status, "draft")
        self.assertIsNone(self.record.valid)
        add_entry(self.record, self.clerk, figures(), self.votes)
        self.record.refresh_from_db()
        self.assertEqual((self.record.status, self.record.valid), ("entered", 880))
        self.assertEqual(self.record.votes_by_candidate(), self.votes)

    def test_the_second_entry_must_be_by_another_user(self):
        add_entry(self.record, self.team_user, figures(), self.votes)
        with self.assertRaisesMessage(WorkflowError, "người khác"):
            add_entry(self.record, self.team_user, figures(), self.votes)

    def test_an_entry_breaking_the_arithmetic_is_refused_and_not_saved(self):
        with self.assertRaises(BlockingFindings) as caught:
            add_entry(self.record, self.team_user, figures(invalid=21), self.votes)
        self.assertEqual([f.code for f in caught.exception.findings], ["E01"])
        self.assertFalse(self.record.entries.exists())

    def test_a_mismatch_lists_the_fields_and_a_supervisor_picks_one(self):
        first = add_entry(self.record, self.team_user, figures(), self.votes)
        other = self.qh_votes(500, 301, 79)
        add_entry(self.record, self.clerk, figures(), other)
        self.record.refresh_from_db()
        self.assertEqual(self.record.status, "mismatch")
        audit = AuditEntry.objects.filter(changes__transition="mismatch").get()
        self.assertEqual(
            audit.changes["fields"],
            [
                "Số phiếu bầu của Trần Thị Bình (số 2)",
                "Số phiếu bầu của Phạm Chí (số 3)",
            ],
        )
        resolve_mismatch(
            self.record, self.board_user, choose=first, reason="Đối chiếu bản giấy"
        )
        self.record.refresh_from_db()
        self.assertEqual(self.record.status, "entered")
        self.assertEqual(self.record.votes_by_candidate(), self.votes)

    def test_a_supervisor_sends_both_entries_back_for_re_entry(self):
        add_entry(self.record, self.team_user, figures(), self.votes)
        add_entry(self.record, self.clerk, figures(on_list=1001), self.votes)
        resolve_mismatch(self.record, self.board_user, reason="Nhập lại")
        self.record.refresh_from_db()
        self.assertEqual(self.record.status, "draft")
        self.assertFalse(self.record.entries.filter(discarded_at__isnull=True).exists())
        add_entry(self.record, self.team_user, figures(), self.votes)

    def test_an_entrant_cannot_settle_their_own_mismatch(self):
        add_entry(self.record, self.city_user, figures(), self.votes)
        add_entry(self.record, self.team_user, figures(on_list=1001), self.votes)
        with self.assertRaisesMessage(WorkflowError, "không được là người đã nhập"):
            resolve_mismatch(self.record, self.city_user)

    def test_a_team_cannot_enter_another_areas_minutes(self):
        record = open_record(self.qh, self.b1)
        with self.assertRaisesMessage(WorkflowError, "không có quyền"):
            add_entry(record, self.team_user, figures(), self.votes)


class SubmitAcceptTests(ResultsMixin, TestCase):
    def entered(self, contest, area, votes, **figs):
        record = open_record(contest, area)
        add_entry(record, self.admin, figures(**figs), votes)
        add_entry(record, self.city_user, figures(**figs), votes)
        record.refresh_from_db()
        return record

    def test_submitting_needs_an_explanation_for_each_warning(self):
        record = self.entered(
            self.qh, self.a1, self.qh_votes(500, 300, 80), voted=905, issued=905
        )
        with self.assertRaises(BlockingFindings) as caught:
            submit(record, self.ward_a_user)
        self.assertEqual([f.code for f in caught.exception.findings], ["W02"])
        submit(record, self.ward_a_user, {"W02": "5 cử tri bỏ về không bỏ phiếu."})
        record.refresh_from_db()
        self.assertEqual(record.status, "submitted")
        self.assertEqual(record.explanations, {"W02": "5 cử tri bỏ về không bỏ phiếu."})

    def test_a_board_accepts_only_its_own_units_minutes(self):
        hdnd_votes = {
            c.pk: n
            for c, n in zip(
                self.hdnd_a_unit.candidates.order_by("ballot_order"),
                (500, 380),
                strict=True,
            )
        }
        council = self.entered(self.hdnd_a, self.a1, hdnd_votes)
        submit(council, self.city_user)
        with self.assertRaisesMessage(WorkflowError, "mới chấp nhận được"):
            accept(council, self.board_user)
        national = self.entered(self.qh, self.a1, self.qh_votes(500, 300, 80))
        submit(national, self.city_user)
        accept(national, self.board_user)
        national.refresh_from_db()
        self.assertEqual(
            (national.status, national.accepted_by), ("accepted", self.board_user)
        )
        self.assertEqual(
            transitions(national), ["entry", "entry", "entered", "submit", "accept"]
        )

    def test_a_board_sees_only_its_units_minutes_and_a_team_its_area(self):
        self.entered(self.qh, self.a1, self.qh_votes(500, 300, 80))
        hdnd = [c.pk for c in self.hdnd_a_unit.candidates.order_by("ballot_order")]
        self.entered(self.hdnd_a, self.a1, dict(zip(hdnd, (500, 380), strict=True)))
        self.assertEqual(
            {
                r.contest_id
                for r in restrict(CountingRecord.objects.all(), self.board_user)
            },
            {self.qh.pk},
        )
        self.assertEqual(
            restrict(CountingRecord.objects.all(), self.team_user).count(), 2
        )
        self.assertFalse(restrict(CountingRecord.objects.all(), self.ward_b_user))


class LockAndReopenTests(ResultsMixin, TestCase):
    def setUp(self):
        self.records = []
        for area in (self.a1, self.a2, self.b1, self.b2):
            record = open_record(self.qh, area)
            for user in (self.admin, self.city_user):
                add_entry(record, user, figures(), self.qh_votes(500, 300, 80))
            submit(record, self.city_user)
            accept(record, self.board_user)
            self.records.append(record)

    def test_certification_locks_the_contests_minutes(self):
        with self.assertRaisesMessage(WorkflowError, "Chỉ Ủy ban bầu cử"):
            certify(self.qh, self.board_user)
        certify(self.qh, self.city_user)
        self.assertEqual(
            set(CountingRecord.objects.values_list("status", flat=True)), {"locked"}
        )

    def test_certification_needs_every_area_accepted(self):
        reopen(self.records[0], self.city_user, "Sai số cử tri")
        with self.assertRaisesMessage(WorkflowError, "chưa được chấp nhận"):
            certify(self.qh, self.city_user)

    def test_reopening_needs_a_reason_and_a_higher_role_and_keeps_the_old_version(self):
        certify(self.qh, self.city_user)
        record = self.records[0]
        with self.assertRaisesMessage(WorkflowError, "lý do"):
            reopen(record, self.city_user, "  ")
        with self.assertRaisesMessage(WorkflowError, "Chỉ Ủy ban bầu cử"):
            reopen(record, self.board_user, "Sai số phiếu")
        version = reopen(record, self.city_user, "Sai số phiếu của Phạm Chí")
        record.refresh_from_db()
        self.assertEqual((record.status, record.valid), ("draft", None))
        self.assertEqual((version.number, version.status), (1, "locked"))
        self.assertEqual(version.snapshot["figures"]["valid"], 880)
        self.assertEqual(version.snapshot["votes"]["3"]["votes"], 80)
        self.assertEqual(len(version.snapshot["entries"]), 2)
        self.assertEqual(transitions(record)[-1], "reopen")
        self.assertEqual(
            AuditEntry.objects.filter(changes__transition="reopen").get().reason,
            "Sai số phiếu của Phạm Chí",
        )
        certification = Certification.objects.get()
        self.assertIsNotNone(certification.revoked_at)
        self.assertEqual(
            sorted(CountingRecord.objects.values_list("status", flat=True)),
            ["accepted", "accepted", "accepted", "draft"],
        )
        self.assertTrue(
            AuditEntry.objects.filter(changes__transition="revoke").exists()
        )

    def test_a_reopened_record_is_entered_again_by_double_entry(self):
        record = self.records[0]
        reopen(record, self.city_user, "Sai số phiếu")
        for user in (self.admin, self.city_user):
            add_entry(record, user, figures(), self.qh_votes(501, 299, 80))
        record.refresh_from_db()
        self.assertEqual(record.status, "entered")
        self.assertEqual(record.versions.count(), 1)


class ExplainTests(ResultsMixin, TestCase):
    def test_a_warning_can_be_explained_after_submission_and_is_kept(self):
        record = open_record(self.qh, self.a1)
        for user in (self.admin, self.city_user):
            add_entry(
                record,
                user,
                figures(voted=905, issued=905),
                self.qh_votes(500, 300, 80),
            )
        with self.assertRaises(BlockingFindings):
            submit(record, self.city_user)
        explain(record, self.city_user, {"W02": "5 cử tri nhận phiếu nhưng không bỏ."})
        submit(record, self.city_user)
        accept(record, self.board_user)
        record.refresh_from_db()
        self.assertEqual(record.status, "accepted")
        self.assertIn("explain", transitions(record))
