"""Import turnout progress (docs/EXCHANGE.md §3): sheet `turnout` (`TurnoutImporter`).

read -> parse every row -> check every figure against the list and the area's other
slots (electionadmin/polling/entry.py) -> only when nothing is wrong, write all of
them in one transaction, each with an audit entry. Re-importing the same file
changes nothing: rows are upserted on (area, contest, slot, round). The optional
`round` column names a re-election or supplementary election (blank: the first
round), as in the counting minutes' sheets.
"""

from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import TurnoutFigure
from electionadmin.setup.models import Election, VotingArea

from . import cells
from .base import Importer, ImportReport
from .columns import TURNOUT_SHEETS
from .workbook import RowReader, read_workbook

SHEET = "turnout"
# The optional `round` column, spelt as in the counting minutes' sheets (§4, §5a).
ROUNDS = cells.aliases(
    ["first", "reelection", "supplementary"],
    {"lần đầu": "first", "bầu cử lại": "reelection", "bầu cử thêm": "supplementary"},
)
OUTSIDE = "Khu vực bỏ phiếu {key} nằm ngoài phạm vi bạn được giao quản lý."


class Lookup:
    """The election's voting areas and contests, loaded once."""

    def __init__(self, election: Election):
        areas = VotingArea.objects.filter(election=election).select_related("commune")
        self.areas = {(a.commune.code, a.number): a for a in areas}
        self.communes = {code for code, _ in self.areas}
        contests = election.contests.select_related("council_unit")
        self.contests = {c.key: c for c in contests}


def import_turnout(
    source, election: Election, user=None, *, dry_run=False, allowed=None
) -> ImportReport:
    """`allowed(area)`, when given, must accept every row's area (the user's scope)."""
    importer = TurnoutImporter(election, user=user, dry_run=dry_run, allowed=allowed)
    return importer.run(source)


class TurnoutImporter(Importer):
    """Sheet `turnout`: one figure per (area, contest, slot).

    The checks across rows and the write are one step of the polling stage,
    `save_figures`: it checks every figure against the list and the area's saved
    figures and writes them under the same lock, in its own transaction (the screen
    and the API use it too), so `check_across_and_write` hands it the rows whole.
    """

    def __init__(self, election: Election, *, allowed=None, **options):
        super().__init__(election_code=election.code, **options)
        self.election = election
        self.allowed = allowed

    def read(self, source):
        return read_workbook(source, self.report, TURNOUT_SHEETS)

    def check_rows(self, sheets) -> dict:
        lookup = Lookup(self.election)
        read = RowReader(self.report, SHEET)
        rows = {}
        total = len(sheets[SHEET].rows) + 1  # the last step: checking and writing
        for done, row in enumerate(sheets[SHEET].rows):
            self.progress(done, total, f"Kiểm tra dòng {row.number}")
            entry = parse_row(read, row, lookup)
            allowed = self.allowed
            if entry is not None and allowed is not None and not allowed(entry.area):
                read.error(row, "area_number", OUTSIDE.format(key=entry.area.key))
            elif entry is not None:
                rows[id(entry)] = (row.number, entry)
        return rows

    def check_across_and_write(self, rows: dict, source) -> None:
        # Rows that could be read are checked even when others could not, so the
        # report lists every problem at once; nothing is written then.
        report = self.report
        entries = [entry for _, entry in rows.values()]
        checks_only = self.dry_run or not report.ok
        done = len(entries)
        step = "Kiểm tra với số liệu đã có" if checks_only else "Ghi vào cơ sở dữ liệu"
        self.progress(done, done + 1, step)
        save_figures(
            self.election,
            entries,
            self.user,
            TurnoutFigure.Source.IMPORT,
            dry_run=checks_only,
        )
        for number, entry in rows.values():
            _report_entry(report, number, entry)
        report.written = report.ok and not self.dry_run


def _report_entry(report: ImportReport, number: int, entry: Entry) -> None:
    for column, message in entry.errors:
        report.error(SHEET, number, column, message)
    for warning in entry.warnings:
        report.warn(SHEET, number, "voters_voted", warning["message"])
    if entry.action:
        report.count(SHEET, entry.action)


def parse_row(read: RowReader, row, lookup: Lookup) -> Entry | None:
    mark = read.mark()
    commune = read(
        row, "commune_code", cells.code, (5,), lookup.communes, required=True
    )
    number = read(row, "area_number", cells.integer, 1, required=True)
    slot = read(row, "slot", cells.time, required=True)
    voted = read(row, "voters_voted", cells.integer, 0, required=True)
    round = read(row, "round", cells.choice, ROUNDS)
    contest = _contest(read, row, lookup)
    area = lookup.areas.get((commune, number))
    if commune and number and area is None:
        read.error(row, "area_number", f"Không có khu vực bỏ phiếu {commune}/{number}.")
    if read.failed_since(mark):
        return None
    label = f"Dòng {row.number} (KVBP {area.key})"
    entry = Entry(label, area, slot.strftime("%H:%M"), voted, contest)
    entry.round = None if round in (None, "first") else round
    return entry


def _contest(read: RowReader, row, lookup: Lookup):
    kind = cells.text(row["kind"]).upper()
    if not kind:
        return None
    key = kind
    if kind != "QH":
        council = read(row, "council_unit_code", cells.code, (2, 3, 5), required=True)
        if council is None:
            return None
        key = f"{kind}:{council}"
    contest = lookup.contests.get(key)
    if contest is None:
        read.error(row, "kind", f"Cuộc bầu cử không có '{key}'.")
    return contest
