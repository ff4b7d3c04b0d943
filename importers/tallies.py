"""Import counting minutes (docs/EXCHANGE.md §4): sheets `tallies` and `tally_votes`.

`TallyImporter`: read -> parse every row (tally_rows.py) -> check every minutes
(the results stage's checks.py) and plan what each row does -> only when nothing is
wrong, write everything in one transaction (the stage's workflow.py).

Each imported minutes is one entry of the double entry, by the importing user (or,
without --user, by "the file"). It counts only once a second entry by someone else
agrees: a screen entry, or another import of the same figures by another user.
Re-importing the same file by the same user changes nothing. With `accept`, the
importing user (a board or the organising committee) then submits and accepts every
minutes of the file whose double entry agreed; warnings are explained by the row's
`explanation` column, and minutes that cannot go through are reported, not forced.
"""

from electionadmin.results import authority, workflow
from electionadmin.results.models import CountingEntry, CountingRecord
from electionadmin.setup.models import Election

from .base import Importer, ImportReport
from .columns import TALLY_SHEETS
from .tally_rows import Lookup, Minutes, check_all, parse_tallies, parse_votes
from .workbook import read_workbook

Status = CountingRecord.Status


def import_tallies(
    source, election: Election, user=None, *, dry_run=False, accept=False
) -> ImportReport:
    importer = TallyImporter(election, user=user, dry_run=dry_run, accept=accept)
    return importer.run(source)


class TallyImporter(Importer):
    """Sheets `tallies` and `tally_votes`; each row one entry of the double entry."""

    refusals = (workflow.WorkflowError,)

    def __init__(self, election: Election, *, accept=False, **options):
        super().__init__(election_code=election.code, **options)
        self.election = election
        self.accept = accept
        self.current: Minutes | None = None

    def ready(self) -> bool:
        if self.accept and self.user is None:
            self.report.error(
                "tallies", None, None, "Muốn chấp nhận biên bản phải ghi --user."
            )
            return False
        return True

    def read(self, source):
        return read_workbook(source, self.report, TALLY_SHEETS)

    def check_rows(self, sheets) -> list[Minutes]:
        self.lookup = Lookup(self.election)
        found = parse_tallies(sheets["tallies"].rows, self.lookup, self.report)
        parse_votes(sheets["tally_votes"].rows, found, self.lookup, self.report)
        self.found = found
        return list(found.values())

    def check_across(self, rows: list[Minutes]) -> None:
        report = self.report
        if report.ok:
            check_all(self.found, self.lookup, report)
        if report.ok:
            plan(rows, self.lookup, self.user, self.accept, report)

    def write(self, rows: list[Minutes], source) -> None:
        for self.current in rows:
            _write_one(self.current, self.user)
        if self.accept:
            _accept(rows, self.user, self.report)

    def refused(self, exc: BaseException) -> None:
        row = self.current.row if self.current else None
        self.report.error("tallies", row, None, str(exc))

    def after_write(self, rows: list[Minutes]) -> None:
        _count_statuses(rows, self.report)


def _same(minutes: Minutes, figures: dict, votes: dict) -> bool:
    return figures == minutes.figures and votes == minutes.votes


def _action(m: Minutes, user) -> str | None:
    """added / updated / unchanged, or None when the row cannot be applied."""
    record = m.record
    if record is None:
        return "added"
    if record.has_figures:
        agreed = {v.candidate_id: v.votes for v in record.candidate_votes.all()}
        return "unchanged" if _same(m, record.figures(), agreed) else None
    me = getattr(user, "pk", None)
    own = [
        e
        for e in record.entries.all()
        if e.discarded_at is None and e.entered_by_id == me
    ]
    if own and _same(m, own[0].figures(), own[0].votes_by_candidate()):
        return "unchanged"
    if record.status == Status.MISMATCH:
        return None
    return "updated" if own else "added"


def _refusal(m: Minutes) -> str:
    if m.record.status == Status.MISMATCH:
        return "đang chờ giải quyết chênh lệch giữa hai lần nhập"
    return (
        f"đã ở trạng thái '{m.record.get_status_display()}' với số liệu khác; "
        "muốn sửa phải mở lại biên bản"
    )


def plan(found: list[Minutes], lookup: Lookup, user, accept: bool, report) -> None:
    for m in found:
        m.record = lookup.records.get(m.key)
        where = f"{m.contest.key} - KVBP {m.area.key}"
        action = _action(m, user)
        if action is None:
            report.error("tallies", m.row, None, f"Biên bản {where} {_refusal(m)}.")
            continue
        m.action = action
        entering = action != "unchanged" and user is not None
        if entering and not authority.may_enter(user, m.contest, m.area):
            report.error(
                "tallies", m.row, None, f"Bạn không có quyền nhập biên bản {where}."
            )
        if accept and not authority.may_supervise_unit(user, m.contest, m.unit_id):
            report.error(
                "tallies",
                m.row,
                None,
                f"Bạn không có quyền chấp nhận biên bản {where}.",
            )
        report.count("tallies", action)


def _write_one(m: Minutes, user) -> None:
    if m.action == "unchanged":
        return
    record = m.record or workflow.open_record(m.contest, m.area, m.round)
    if m.complaints:
        record.complaints = m.complaints
    if m.explanation:
        record.explanations.update(dict.fromkeys(m.warnings, m.explanation))
    record.save(update_fields=["complaints", "explanations", "updated_at"])
    workflow.add_entry(
        record,
        user,
        m.figures,
        m.votes,
        source=CountingEntry.Source.IMPORT,
        replace=m.action == "updated",
    )
    m.record = record


def _accept(found: list[Minutes], user, report) -> None:
    records = CountingRecord.objects.filter(
        pk__in=[m.record.pk for m in found if m.record]
    ).order_by("pk")
    accepted, held = workflow.accept_agreed(records, user)
    report.count("tallies", "accepted", accepted)
    for message in held:
        report.warn("tallies", None, None, f"Chưa chấp nhận: {message}")


def _count_statuses(found: list[Minutes], report) -> None:
    ids = [m.record.pk for m in found if m.record]
    for status in CountingRecord.objects.filter(pk__in=ids).values_list(
        "status", flat=True
    ):
        report.count("status", status)
