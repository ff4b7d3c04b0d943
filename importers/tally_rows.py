"""The rows of a tallies workbook, resolved and checked (docs/EXCHANGE.md §4).

`parse_tallies` and `parse_votes` turn rows into `Minutes`, reporting every unreadable
cell with its sheet, row and column (the row checks of `tallies.TallyImporter`);
`check_all` runs the results stage's catalogue (electionadmin/results/checks.py) on
each, with the file's other contests of the same area as siblings (its checks across
rows).
"""

from dataclasses import dataclass, field
from typing import Any

from electionadmin.results import checks
from electionadmin.results.minutes import ballot_of
from electionadmin.results.models import (
    FIGURES,
    BallotInventory,
    CountingRecord,
    Round,
    UnitRound,
)
from electionadmin.setup.models import Election, ElectoralUnitArea, VotingArea
from electionadmin.text import clean_text
from electionadmin.voters import counts

from . import cells

ROUNDS = cells.aliases(
    Round.values,
    {"lần đầu": "first", "bầu cử lại": "reelection", "bầu cử thêm": "supplementary"},
)


@dataclass
class Minutes:
    """One `tallies` row with its `tally_votes` rows, resolved to the database."""

    row: int
    contest: Any
    area: Any
    round: str
    unit_id: int
    figures: dict[str, int]
    complaints: str = ""
    explanation: str = ""
    votes: dict[int, int] = field(default_factory=dict)
    vote_rows: dict[int, int] = field(default_factory=dict)  # candidate id -> row
    warnings: list[str] = field(default_factory=list)  # warning codes found
    record: CountingRecord | None = None
    action: str = "added"

    @property
    def key(self) -> tuple:
        return (self.contest.pk, self.area.pk, self.round)


class Lookup:
    """The election's contests, areas, unit memberships and records, loaded once."""

    def __init__(self, election: Election):
        self.election = election
        self.contests = {
            c.key: c for c in election.contests.select_related("council_unit")
        }
        areas = VotingArea.objects.filter(election=election).select_related("commune")
        self.areas = {(a.commune.code, a.number): a for a in areas}
        self.communes = {code for code, _ in self.areas}
        links = ElectoralUnitArea.objects.filter(contest__election=election)
        self.unit_of = {
            (link.contest_id, link.voting_area_id): link.electoral_unit_id
            for link in links
        }
        self.records = {
            (r.contest_id, r.voting_area_id, r.round): r
            for r in CountingRecord.objects.filter(
                contest__election=election
            ).prefetch_related("entries", "candidate_votes")
        }
        self.inventory = {
            (i.contest_id, i.voting_area_id, i.round): i.issued
            for i in BallotInventory.objects.filter(contest__election=election)
        }
        # Units with the decision to hold a re-election or supplementary election.
        self.opened = set(
            UnitRound.objects.filter(
                electoral_unit__contest__election=election
            ).values_list("electoral_unit_id", "round")
        )
        self._ballots: dict = {}

    def ballot(self, unit_id: int, round: str) -> tuple[int, list]:
        if (unit_id, round) not in self._ballots:
            from electionadmin.setup.models import ElectoralUnit

            unit = ElectoralUnit.objects.select_related("contest").get(pk=unit_id)
            self._ballots[unit_id, round] = ballot_of(unit, round)
        return self._ballots[unit_id, round]


def _contest_key(row, report, sheet) -> str | None:
    kind = cells.text(row["kind"]).upper()
    if kind == "QH":
        return kind
    try:
        code = cells.code(row["council_unit_code"], (2, 3, 5))
    except cells.CellError as exc:
        report.error(sheet, row.number, "council_unit_code", str(exc))
        return None
    return f"{kind}:{code}"


def _locate(row, lookup: Lookup, report, sheet) -> tuple | None:
    """(contest, area, round) of a row, every unreadable cell reported."""
    key = _contest_key(row, report, sheet)
    contest = lookup.contests.get(key) if key else None
    if key and contest is None:
        report.error(sheet, row.number, "kind", f"Cuộc bầu cử không có '{key}'.")
    try:
        commune = cells.code(row["commune_code"], (5,), lookup.communes)
        number = cells.integer(row["area_number"], minimum=1)
        area = lookup.areas.get((commune, number))
        if area is None:
            report.error(
                sheet,
                row.number,
                "area_number",
                f"Không có khu vực bỏ phiếu {commune}/{number}.",
            )
        round = (
            cells.choice(row["round"], ROUNDS) if not row.blank("round") else "first"
        )
    except cells.CellError as exc:
        report.error(sheet, row.number, None, str(exc))
        return None
    if contest is None or area is None:
        return None
    return contest, area, round


def parse_tallies(rows, lookup: Lookup, report) -> dict[tuple, Minutes]:
    found: dict[tuple, Minutes] = {}
    for row in rows:
        where = _locate(row, lookup, report, "tallies")
        figures = _figures(row, report)
        if where is None or figures is None:
            continue
        contest, area, round = where
        unit_id = lookup.unit_of.get((contest.pk, area.pk))
        if unit_id is None:
            report.error(
                "tallies",
                row.number,
                "area_number",
                f"Khu vực {area.key} không thuộc đơn vị bầu cử nào của {contest.key}.",
            )
            continue
        if round != Round.FIRST and (unit_id, round) not in lookup.opened:
            report.error(
                "tallies",
                row.number,
                "round",
                f"Đơn vị bầu cử của khu vực {area.key} ({contest.key}) không có quyết "
                f"định {Round(round).label.lower()}: Ủy ban bầu cử ghi nhận quyết định "
                "trước khi nhập biên bản.",
            )
            continue
        minutes = Minutes(
            row.number,
            contest,
            area,
            round,
            unit_id,
            figures,
            complaints=cells.text(row["complaints"]),
            explanation=cells.text(row["explanation"]),
        )
        if minutes.key in found:
            report.error(
                "tallies",
                row.number,
                None,
                f"Trùng biên bản {contest.key} - {area.key} với dòng "
                f"{found[minutes.key].row}.",
            )
            continue
        found[minutes.key] = minutes
    return found


def _figures(row, report) -> dict[str, int] | None:
    figures, ok = {}, True
    for name in FIGURES:
        try:
            figures[name] = cells.integer(row[name], minimum=0)
        except cells.CellError as exc:
            report.error("tallies", row.number, name, str(exc))
            ok = False
    return figures if ok else None


def parse_votes(rows, found: dict, lookup: Lookup, report) -> None:
    for row in rows:
        where = _locate(row, lookup, report, "tally_votes")
        if where is None:
            continue
        minutes = found.get(tuple(x.pk for x in where[:2]) + (where[2],))
        if minutes is None:
            report.error(
                "tally_votes",
                row.number,
                None,
                "Không có dòng biên bản tương ứng trong trang 'tallies'.",
            )
            continue
        _one_vote(row, minutes, lookup, report)


def _one_vote(row, minutes: Minutes, lookup: Lookup, report) -> None:
    _, candidates = lookup.ballot(minutes.unit_id, minutes.round)
    try:
        candidate = find_candidate(row["candidate"], candidates)
        votes = cells.integer(row["votes"], minimum=0)
    except cells.CellError as exc:
        report.error("tally_votes", row.number, "candidate", str(exc))
        return
    if candidate.pk in minutes.votes:
        report.error(
            "tally_votes",
            row.number,
            "candidate",
            f"{candidate.full_name} đã có ở dòng {minutes.vote_rows[candidate.pk]}.",
        )
        return
    minutes.votes[candidate.pk] = votes
    minutes.vote_rows[candidate.pk] = row.number


def find_candidate(value, candidates: list):
    """By ballot order number, or by full name (case and composition ignored)."""
    text = cells.text(value)
    if text.isdigit():
        hits = [c for c in candidates if c.ballot_order == int(text)]
    else:
        wanted = clean_text(text).casefold()
        hits = [c for c in candidates if clean_text(c.full_name).casefold() == wanted]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise cells.CellError(f"Không có người ứng cử '{text}' trên phiếu bầu.")
    raise cells.CellError(f"Có {len(hits)} người tên '{text}'; hãy ghi số thứ tự.")


def check_all(found: dict, lookup: Lookup, report) -> None:
    """The catalogue, with the file's own rows as siblings of each other."""
    for minutes in found.values():
        seats, candidates = lookup.ballot(minutes.unit_id, minutes.round)
        context = checks.CheckContext(
            kind=minutes.contest.kind,
            siblings=_siblings(minutes, found, lookup),
            inventory_issued=lookup.inventory.get(minutes.key),
            registered_voters=counts.voters_on_list(minutes.area, minutes.contest),
            partial_entitlement=counts.has_partial_entitlement(minutes.area),
        )
        findings = checks.check_minutes(
            minutes.figures,
            minutes.votes,
            seats=seats,
            candidates=candidates,
            context=context,
        )
        for f in findings:
            _report_finding(f, minutes, candidates, report)
        minutes.warnings = [f.code for f in checks.warnings_of(findings)]


def _siblings(minutes: Minutes, found: dict, lookup: Lookup) -> dict:
    siblings = {
        r.contest.kind: r.figures()
        for (_, area_id, round), r in lookup.records.items()
        if area_id == minutes.area.pk
        and round == minutes.round
        and r.contest_id != minutes.contest.pk
        and r.has_figures
    }
    siblings.update(
        {
            m.contest.kind: m.figures
            for m in found.values()
            if m.area.pk == minutes.area.pk
            and m.round == minutes.round
            and m.contest.pk != minutes.contest.pk
        }
    )
    return siblings


def _report_finding(f: checks.Finding, minutes: Minutes, candidates, report) -> None:
    sheet, row, column = "tallies", minutes.row, f.field
    if f.field.startswith("votes"):
        by_order = {f"votes.{c.ballot_order}": c.pk for c in candidates}
        vote_row = minutes.vote_rows.get(by_order.get(f.field))
        sheet, row, column = (
            ("tally_votes", vote_row, "votes")
            if vote_row
            else ("tallies", minutes.row, None)
        )
    message = f"{f.code}: {minutes.contest.key} - KVBP {minutes.area.key}: {f.message}"
    if f.severity == checks.ERROR:
        report.error(sheet, row, column, message)
    else:
        report.warn(sheet, row, column, message)
