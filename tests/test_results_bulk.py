"""The bulk double entry (results/bulk.py) ends where the workflow's steps end, with
the same rows and audit entries, and refuses what they refuse, writing nothing."""

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.results.bulk import Paper, enter_and_accept
from electionadmin.results.certification import certify
from electionadmin.results.minutes import context_for, contexts_for
from electionadmin.results.models import (
    BallotInventory,
    CountingEntry,
    CountingRecord,
    ResultSnapshot,
)
from electionadmin.results.workflow import (
    BlockingFindings,
    WorkflowError,
    accept,
    add_entry,
    open_record,
    submit,
)
from electionadmin.voters.models import AreaListCount

from .test_results_base import ResultsMixin, counted, figures

RECORD_FIELDS = (
    "contest_id",
    "electoral_unit_id",
    "round",
    "status",
    "voters_on_list",
    "voters_voted",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
    "explanations",
    "complaints",
    "remarks",
    "submitted_by_id",
    "accepted_by_id",
)
EXPLAINED = {"W02": "5 cử tri bỏ về không bỏ phiếu."}


def audit_of(record) -> list[tuple]:
    """(who, action, changes without the entry's id, reason, election, label)."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CountingRecord),
        object_id=str(record.pk),
    ).order_by("id")
    label = str(record)
    return [
        (
            e.user_id,
            e.action,
            {k: v for k, v in e.changes.items() if k != "entry"},
            e.reason,
            e.election_code,
            e.object_repr.replace(label, "BIÊN BẢN"),
        )
        for e in entries
    ]


def entries_of(record) -> list[tuple]:
    return [
        (e.entered_by_id, e.source, e.figures(), e.votes, e.discarded_at)
        for e in record.entries.order_by("id")
    ]


class BulkLikeTheWorkflowTests(ResultsMixin, TestCase):
    def setUp(self):
        self.votes = self.qh_votes(500, 300, 80)
        self.figures = figures(voted=905, issued=905)  # W02, explained

    def by_workflow(self, area):
        record = open_record(self.qh, area)
        for user in (self.ward_a_user, self.clerk):
            add_entry(record, user, self.figures, self.votes, source="import")
        submit(record, self.ward_a_user, EXPLAINED)
        accept(record, self.board_user)
        record.refresh_from_db()
        return record

    def by_bulk(self, *areas, **changed):
        people = {
            "first": self.ward_a_user,
            "second": self.clerk,
            "submitter": self.ward_a_user,
            "supervisor": self.board_user,
        }
        papers = [Paper(a, self.figures, self.votes, EXPLAINED) for a in areas]
        return enter_and_accept(self.qh, papers, **(people | changed))

    def test_the_same_record_entries_votes_and_audit_entries(self):
        old = self.by_workflow(self.a1)
        (new,) = self.by_bulk(self.a2)
        new.refresh_from_db()
        for name in RECORD_FIELDS:
            self.assertEqual(getattr(new, name), getattr(old, name), name)
        self.assertEqual(new.votes_by_candidate(), old.votes_by_candidate())
        self.assertEqual(entries_of(new), entries_of(old))
        self.assertEqual(audit_of(new), audit_of(old))
        transitions = [changes["transition"] for _, _, changes, *_ in audit_of(new)]
        self.assertEqual(transitions, ["entry", "entry", "entered", "submit", "accept"])
        # Each "entry" step names its own entry, as add_entry's does.
        named = AuditEntry.objects.filter(
            object_id=str(new.pk), changes__transition="entry"
        ).order_by("id")
        self.assertEqual(
            [e.changes["entry"] for e in named],
            list(new.entries.order_by("id").values_list("pk", flat=True)),
        )

    def test_bulk_minutes_are_certified_and_published_like_any(self):
        city = {"first": self.city_user, "second": self.admin}
        self.by_bulk(
            self.a1,
            self.a2,
            self.b1,
            self.b2,
            **city,
            submitter=self.city_user,
            supervisor=self.city_user,
        )
        certify(self.qh, self.city_user)
        records = CountingRecord.objects.filter(contest=self.qh)
        self.assertEqual(set(records.values_list("status", flat=True)), {"locked"})
        snapshot = ResultSnapshot.objects.get(contest=self.qh)
        (unit,) = snapshot.data["units"]
        self.assertEqual([c["votes"] for c in unit["candidates"]], [2000, 1200, 320])

    def test_a_warning_without_explanation_refuses_the_whole_batch(self):
        with self.assertRaises(BlockingFindings) as caught:
            enter_and_accept(
                self.qh,
                [
                    Paper(self.a1, figures(), self.votes),
                    Paper(self.a2, self.figures, self.votes),
                ],
                first=self.ward_a_user,
                second=self.clerk,
                submitter=self.ward_a_user,
                supervisor=self.board_user,
            )
        self.assertEqual([f.code for f in caught.exception.findings], ["W02"])
        self.assertIn(self.a2.key, str(caught.exception))
        self.assertFalse(CountingRecord.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_an_error_refuses_the_whole_batch(self):
        bad = Paper(self.a2, figures(invalid=21), self.votes)
        with self.assertRaises(BlockingFindings) as caught:
            enter_and_accept(
                self.qh,
                [Paper(self.a1, figures(), self.votes), bad],
                first=self.ward_a_user,
                second=self.clerk,
                submitter=self.ward_a_user,
                supervisor=self.board_user,
            )
        self.assertEqual([f.code for f in caught.exception.findings], ["E01"])
        self.assertFalse(CountingRecord.objects.exists())
        self.assertFalse(CountingEntry.objects.exists())

    def test_who_may_act_is_the_workflows_rule(self):
        refusals = [
            ({"first": self.ward_b_user}, "không có quyền nhập"),  # a foreign ward
            ({"second": self.ward_a_user}, "người khác"),
            ({"submitter": self.ward_b_user}, "không có quyền gửi"),
            ({"supervisor": self.ward_a_user}, "mới chấp nhận được"),
        ]
        for changed, message in refusals:
            with self.subTest(changed=changed):
                with self.assertRaisesMessage(WorkflowError, message):
                    self.by_bulk(self.a1, **changed)
                self.assertFalse(CountingRecord.objects.exists())
                self.assertFalse(AuditEntry.objects.exists())

    def test_only_minutes_that_do_not_exist_yet(self):
        open_record(self.qh, self.a1)
        with self.assertRaisesMessage(WorkflowError, "chỉ nhập cùng lúc"):
            self.by_bulk(self.a1, self.a2)
        self.assertEqual(CountingRecord.objects.count(), 1)
        with self.assertRaisesMessage(WorkflowError, "hai biên bản"):
            self.by_bulk(self.a2, self.a2)

    def test_an_area_outside_the_contest_is_refused(self):
        council = self.hdnd_a
        votes = {c.pk: 400 for c in self.hdnd_a_unit.candidates.all()}
        with self.assertRaisesMessage(WorkflowError, "không thuộc đơn vị bầu cử"):
            enter_and_accept(
                council,
                [Paper(self.b1, figures(), votes)],
                first=self.city_user,
                second=self.admin,
                submitter=self.city_user,
                supervisor=self.city_user,
            )


class ContextsTests(ResultsMixin, TestCase):
    def test_contexts_for_many_areas_equal_each_areas_own(self):
        counted(self.hdnd_a_unit, self.a1, {1: 500, 2: 380}, on_list=1200)
        BallotInventory.objects.create(
            contest=self.qh,
            voting_area=self.a2,
            received=1000,
            issued=910,
            spoiled=0,
            unused=90,
        )
        for area, commune, contest, voters, whole in (
            (self.a1, self.ward_a, None, 1000, True),
            (self.a1, self.ward_a, self.qh, 1000, True),
            (self.a1, self.ward_a, self.hdnd_a, 990, False),
            (self.b1, self.ward_b, None, 700, True),
            (self.b1, self.ward_b, self.qh, 650, False),
        ):
            AreaListCount.objects.create(
                election=self.election,
                voting_area=area,
                commune=commune,
                contest=contest,
                voters=voters,
                whole_list=whole,
            )
        areas = [self.a1, self.a2, self.b1, self.b2]
        many = contexts_for(self.qh, "first", [a.pk for a in areas])
        for area in areas:
            self.assertEqual(many[area.pk], context_for(area, self.qh, "first"))
        self.assertEqual(many[self.a1.pk].siblings["HDND_XA"]["voters_on_list"], 1200)
        self.assertEqual(many[self.a2.pk].inventory_issued, 910)
        self.assertEqual(many[self.b1.pk].registered_voters, 650)
        self.assertTrue(many[self.a1.pk].partial_entitlement)
        self.assertIsNone(many[self.b2.pk].partial_entitlement)
