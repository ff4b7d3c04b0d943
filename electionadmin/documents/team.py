"""Context builders of the Tổ bầu cử forms: counting minutes (TEAM_COUNT_QH,
TEAM_COUNT_HDND, docs/DOMAIN.md §8.2 A) and the ballot-use inventory (BALLOT_INVENTORY).

`team_count(record, cache)` takes a loaded record so that batch printing builds a
commune's minutes without a query per candidate; `Lookups` memoises what minutes of
the same unit or commune share.
"""

from electionadmin.printing import bodies, catalogue, heading, words
from electionadmin.printing.verification import Reference
from electionadmin.results.checks import CATALOGUE
from electionadmin.results.minutes import ballot_of
from electionadmin.results.models import (
    FIGURE_LABELS,
    BallotInventory,
    CountingRecord,
    Round,
)
from electionadmin.setup.models import ElectionBody


class NotPrintable(ValueError):
    """The data is not ready for this form; the message says why, in Vietnamese."""


class Lookups:
    """Memo of ballots, teams and place names shared by many minutes."""

    def __init__(self):
        self.ballots: dict = {}
        self.teams: dict = {}
        self.places: dict = {}

    def ballot(self, unit, round: str):
        if (unit.pk, round) not in self.ballots:
            self.ballots[unit.pk, round] = ballot_of(unit, round)
        return self.ballots[unit.pk, round]

    def team(self, area) -> ElectionBody | None:
        if area.pk not in self.teams:
            self.teams[area.pk] = (
                ElectionBody.objects.filter(voting_area=area)
                .prefetch_related("members")
                .first()
            )
        return self.teams[area.pk]

    def place(self, commune) -> str:
        if commune.pk not in self.places:
            self.places[commune.pk] = words.place_words(commune)
        return self.places[commune.pk]


RECORD_RELATED = (
    "contest__election__cycle",
    "contest__council_unit",
    "electoral_unit__contest",
    "voting_area__commune__parent__parent",
)


def load_record(target) -> CountingRecord:
    record = (
        CountingRecord.objects.select_related(*RECORD_RELATED)
        .filter(contest=target.contest, voting_area=target.area, round=target.round)
        .first()
    )
    if record is None or not record.has_figures:
        state = record.get_status_display() if record else "chưa có biên bản"
        raise NotPrintable(
            f"Biên bản {target.contest.key} - KVBP {target.area.key} chưa có số liệu "
            f"thống nhất ({state}) nên chưa in được."
        )
    return record


def figure_rows(f: dict) -> list[dict]:
    """The six figures, numbered as on the paper, with their percentages."""
    valid_pct, invalid_pct = words.parts_of_100(
        [f["valid"], f["invalid"]], f["ballots_received"]
    )
    turnout = words.pct(f["voters_voted"], f["voters_on_list"])
    notes = {
        "voters_voted": f"tỷ lệ {words.pct_vi(turnout)}% so với tổng số cử tri",
        "valid": f"tỷ lệ {words.pct_vi(valid_pct)}% so với số phiếu thu vào",
        "invalid": f"tỷ lệ {words.pct_vi(invalid_pct)}% so với số phiếu thu vào",
    }
    unit_words = {"voters_on_list": "người", "voters_voted": "người"}
    return [
        {
            "no": i,
            "label": FIGURE_LABELS[name],
            "value": words.num(f[name]),
            "unit_word": unit_words.get(name, "phiếu"),
            "note": notes.get(name, ""),
        }
        for i, name in enumerate(f, 1)
    ]


def remarks(record) -> list[str]:
    """Explanations of warnings (printed in the remarks), then the free remarks."""
    lines = [
        f"{code} ({CATALOGUE.get(code, ('', code))[1]}): {text}"
        for code, text in sorted((record.explanations or {}).items())
        if text
    ]
    if record.remarks:
        lines.append(record.remarks)
    return lines


def round_words(round: str) -> str:
    return "" if round == Round.FIRST else f"({Round(round).label})"


def team_count(record: CountingRecord, cache: Lookups | None = None) -> dict:
    cache = cache or Lookups()
    contest, area, unit = record.contest, record.voting_area, record.electoral_unit
    election = contest.election
    key = catalogue.team_form_for(contest.kind)
    team = cache.team(area)
    _, candidates = cache.ballot(unit, record.round)
    votes = {v.candidate_id: v.votes for v in record.candidate_votes.all()}
    place = cache.place(area.commune)
    context = heading.base_context(
        election,
        key,
        "Tổ bầu cử",
        f"Khu vực bỏ phiếu số {area.number} - {area.commune.name}",
        words.contest_words(contest),
        round_words(record.round),
    )
    return context | {
        "meeting_day": area.voting_date or election.election_date,
        "area_words": f"khu vực bỏ phiếu số {area.number}, {place}",
        "unit_words": words.unit_words(unit),
        "place": area.polling_place or area.name or words.DOTS,
        "members": bodies.members_of(team),
        "figures": figure_rows(record.figures()),
        "candidates": [
            {
                "order": c.ballot_order,
                "name": c.full_name,
                "votes": words.num(votes.get(c.pk)),
            }
            for c in candidates
        ],
        "complaints": record.complaints or "Không có.",
        "remarks": remarks(record),
        "recipients": f"Ban bầu cử {unit}, Ủy ban nhân dân và Ban thường trực Ủy ban "
        f"Mặt trận Tổ quốc Việt Nam {area.commune.name}",
        "signatures": bodies.signatures(team, "team", seal=False),
        "status_label": record.get_status_display(),
        "code_figures": {
            "unit": unit.key,
            "figures": record.figures(),
            "votes": {str(c.ballot_order): votes.get(c.pk) for c in candidates},
        },
    }


def reference_of(record: CountingRecord) -> Reference:
    """What a team minutes' verification code refers to (as targets.py builds it)."""
    return Reference(
        record.contest.election.code,
        catalogue.team_form_for(record.contest.kind),
        record.voting_area.key,
        record.contest.key,
        record.round,
    )


def build_team_count(target) -> dict:
    return team_count(load_record(target))


def build_inventory(target) -> dict:
    area = target.area
    rows = list(
        BallotInventory.objects.filter(voting_area=area, round=target.round)
        .select_related("contest__council_unit")
        .order_by("contest__kind", "contest_id")
    )
    if not rows:
        raise NotPrintable(
            f"Khu vực bỏ phiếu {area.key} chưa có biên bản kiểm kê phiếu."
        )
    election = target.election
    cache = Lookups()
    team = cache.team(area)
    context = heading.base_context(
        election,
        "BALLOT_INVENTORY",
        "Tổ bầu cử",
        f"Khu vực bỏ phiếu số {area.number} - {area.commune.name}",
        election.cycle.name,
        round_words(target.round),
    )
    return context | {
        "meeting_day": area.voting_date or election.election_date,
        "area_words": f"khu vực bỏ phiếu số {area.number}, {cache.place(area.commune)}",
        "place": area.polling_place or area.name or words.DOTS,
        "members": bodies.members_of(team),
        "rows": [
            {
                "contest": words.contest_words(row.contest),
                **{
                    name: words.num(getattr(row, name))
                    for name in ("received", "issued", "spoiled", "unused")
                },
            }
            for row in rows
        ],
        "signatures": bodies.signatures(team, "team", seal=False),
        "code_figures": {
            row.contest.key: [row.received, row.issued, row.spoiled, row.unused]
            for row in rows
        },
    }
