"""Context builder of the Ban bầu cử result minutes of a unit (BOARD_RESULT_QH,
BOARD_RESULT_HDND; docs/DOMAIN.md §8.2 B). Every figure comes from determination.py: the
sums of the accepted minutes and the decisions of the law, never typed."""

from collections import defaultdict

from django.db.models import Sum

from electionadmin.printing import bodies, catalogue, heading, words
from electionadmin.results import law
from electionadmin.results.determination import unit_results
from electionadmin.results.models import CandidateVotes, CountingRecord
from electionadmin.setup.models import ElectionBody, ElectoralUnitArea

from .team import round_words


def composition(unit) -> str:
    """ "Gồm: Quận 1, Quận 3": the units it covers, else the communes of its areas."""
    names = [u.name for u in unit.covers_units.order_by("code")]
    if not names:
        communes = unit.areas.values_list("commune__name", flat=True)
        names = sorted(set(communes))
    return ", ".join(names)


def totals_rows(r: dict) -> list[dict]:
    pct = words.pct_vi
    rows = [
        ("Số khu vực bỏ phiếu", r["areas_expected"], "khu vực", ""),
        (
            "Số khu vực bỏ phiếu có biên bản được chấp nhận",
            r["areas_accepted"],
            "khu vực",
            "",
        ),
        ("Tổng số cử tri của đơn vị bầu cử", r["voters_on_list"], "người", ""),
        (
            "Số cử tri đã tham gia bỏ phiếu",
            r["voters_voted"],
            "người",
            f"tỷ lệ {pct(r['turnout_pct'])}% so với tổng số cử tri",
        ),
        ("Số phiếu phát ra", r["ballots_issued"], "phiếu", ""),
        ("Số phiếu thu vào", r["ballots_received"], "phiếu", ""),
        (
            "Số phiếu hợp lệ",
            r["valid"],
            "phiếu",
            f"tỷ lệ {pct(r['valid_pct'])}% so với số phiếu thu vào",
        ),
        (
            "Số phiếu không hợp lệ",
            r["invalid"],
            "phiếu",
            f"tỷ lệ {pct(r['invalid_pct'])}% so với số phiếu thu vào",
        ),
    ]
    return [
        {"no": i, "label": label, "value": words.num(value), "unit_word": w, "note": n}
        for i, (label, value, w, n) in enumerate(rows, 1)
    ]


def candidate_rows(r: dict) -> list[dict]:
    return [
        {
            "order": c["ballot_order"],
            "name": c["full_name"],
            "votes": words.num(c["votes"]),
            "pct": words.pct_vi(c["pct_of_valid"]),
            "elected": c["elected"],
            "tie": c["tie_unresolved"],
        }
        for c in sorted(r["candidates"], key=lambda c: c["ballot_order"])
    ]


def conclusions(r: dict) -> dict:
    """What the board writes down: validity, winners by votes, seats, proposals."""
    turnout = words.pct_vi(r["turnout_pct"])
    winners = [c for c in r["candidates"] if c["elected"]]  # ranked: most votes first
    return {
        "status": r["status"],
        "incomplete": r["status"] == law.INCOMPLETE,
        "valid_election": r["status"] == law.COMPLETE,
        "turnout": turnout,
        "winners": [
            {
                "name": c["full_name"],
                "votes": words.num(c["votes"]),
                "pct": words.pct_vi(c["pct_of_valid"]),
            }
            for c in winners
        ],
        "tied": [c["full_name"] for c in r["candidates"] if c["tie_unresolved"]],
        "seats": r["seats"],
        "elected": r["elected_count"],
        "unfilled": r["seats_unfilled"],
        "undecided": r["seats_undecided"],
        "supplementary": r["supplementary_election_required"],
    }


def _part_of(commune, kind: str, cycle_levels) -> tuple:
    """NA minutes break votes down by district (2021) or commune (2026)."""
    parent = commune.parent
    if kind == "QH" and "district" in cycle_levels and parent.level == "district":
        return (parent.code, parent.name)
    return (commune.code, commune.name)


def parts_table(unit, round: str, candidates: list[dict]) -> list[dict]:
    """One row per district (2021) or commune (2026) of a NA unit."""
    levels = unit.contest.election.cycle.admin_levels
    links = ElectoralUnitArea.objects.filter(electoral_unit=unit).select_related(
        "voting_area__commune__parent"
    )
    part_of, areas = {}, defaultdict(int)
    for link in links:
        commune = link.voting_area.commune
        part_of[commune.pk] = _part_of(commune, unit.contest.kind, levels)
        areas[part_of[commune.pk]] += 1
    votes = defaultdict(lambda: defaultdict(int))
    for row in (
        CandidateVotes.objects.filter(
            record__electoral_unit=unit,
            record__round=round,
            record__status__in=CountingRecord.FINAL,
        )
        .values("record__voting_area__commune", "candidate__ballot_order")
        .annotate(total=Sum("votes"))
    ):
        part = part_of[row["record__voting_area__commune"]]
        votes[part][row["candidate__ballot_order"]] += row["total"]
    return [
        {
            "name": name,
            "areas": areas[(code, name)],
            "votes": [words.num(votes[(code, name)][c["order"]]) for c in candidates],
        }
        for code, name in sorted(areas)
    ]


def team_complaints(unit, round: str) -> list[str]:
    records = (
        CountingRecord.objects.filter(electoral_unit=unit, round=round)
        .exclude(complaints="")
        .select_related("voting_area__commune")
        .order_by("voting_area__commune__code", "voting_area__number")
    )
    return [f"KVBP {r.voting_area.key}: {r.complaints}" for r in records]


def issuing(contest) -> str:
    if contest.kind == "QH":
        return "Ban bầu cử đại biểu Quốc hội"
    return f"Ban bầu cử đại biểu HĐND {contest.council_unit.name}"


def build_board(target) -> dict:
    unit, contest, election = target.unit, target.contest, target.election
    [(_, result)] = unit_results([contest], target.round, unit_ids=[unit.pk])
    board = ElectionBody.objects.filter(electoral_unit=unit).first()
    key = catalogue.board_form_for(contest.kind)
    candidates = candidate_rows(result)
    context = heading.base_context(
        election,
        key,
        issuing(contest),
        f"Đơn vị bầu cử số {unit.number}",
        words.contest_words(contest),
        round_words(target.round),
    )
    found = conclusions(result)
    return context | {
        "meeting_day": None,
        "unit_words": words.unit_words(unit),
        "composition": composition(unit),
        "province": election.province.name if election.province else "",
        "members": bodies.members_of(board),
        "seats": unit.seats if target.round != "supplementary" else result["seats"],
        "candidate_count": len(candidates),
        "totals": totals_rows(result),
        "candidates": candidates,
        "parts": parts_table(unit, target.round, candidates)
        if key.endswith("QH")
        else [],
        "valid": words.num(result["valid"]),
        "found": found,
        "draft_note": _draft(result) if found["incomplete"] else "",
        "complaints": team_complaints(unit, target.round),
        "signatures": bodies.signatures(board, "board", seal=True),
        "code_figures": unit_code_figures(result),
    }


def _draft(result: dict) -> str:
    return (
        "DỰ THẢO - chưa đủ biên bản kiểm phiếu được chấp nhận "
        f"({result['areas_accepted']}/{result['areas_expected']} khu vực bỏ phiếu); "
        "chưa xác định người trúng cử."
    )


def unit_code_figures(result: dict) -> dict:
    keys = ("areas_expected", "areas_accepted", "voters_on_list", "voters_voted")
    keys += ("ballots_issued", "ballots_received", "valid", "invalid")
    return {
        "number": result["number"],
        "status": result["status"],
        "totals": [result[k] for k in keys],
        "candidates": {
            str(c["ballot_order"]): [c["votes"], c["elected"]]
            for c in result["candidates"]
        },
    }
