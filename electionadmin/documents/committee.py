"""Context builders of the Ủy ban bầu cử forms over a whole contest: the NA result
minutes of the province (COMMITTEE_RESULT_QH, docs/DOMAIN.md §8.2 C), the HĐND summary
minutes (COMMITTEE_SUMMARY_HDND, §8.2 D) and the list of winners (WINNERS_LIST)."""

from electionadmin.printing import bodies, catalogue, heading, words
from electionadmin.results import law
from electionadmin.results.determination import (
    contest_summary,
    final_results,
    unit_results,
)
from electionadmin.results.models import Certification

from . import board
from .team import round_words

STATUS_WORDS = {
    law.INCOMPLETE: "Chưa đủ biên bản",
    law.COMPLETE: "",
    law.REELECTION_REQUIRED: "Bầu cử lại (cử tri đi bầu chưa quá một nửa)",
}


def organiser(contest):
    """The committee that organises the contest: the province's for NA."""
    election = contest.election
    return election.province if contest.kind == "QH" else contest.council_unit


def results_of(target) -> tuple[list, dict]:
    pairs = unit_results([target.contest], target.round)
    summary = contest_summary([r for _, r in pairs])
    return pairs, summary


def unit_row(unit, r: dict) -> dict:
    note = STATUS_WORDS[r["status"]]
    if r["supplementary_election_required"]:
        note = "Bầu cử thêm"
    if r["tie_unresolved"]:
        note = "Bằng phiếu, cùng ngày sinh: Ban bầu cử quyết định"
    return {
        "number": r["number"],
        "name": r["name"],
        "composition": board.composition(unit),
        "voters": words.num(r["voters_on_list"]),
        "voted": words.num(r["voters_voted"]),
        "turnout": words.pct_vi(r["turnout_pct"]),
        "valid": words.num(r["valid"]),
        "valid_pct": words.pct_vi(r["valid_pct"]),
        "invalid": words.num(r["invalid"]),
        "invalid_pct": words.pct_vi(r["invalid_pct"]),
        "note": note,
        "seats": r["seats"],
        "candidates": board.candidate_rows(r),
        "winners": board.conclusions(r)["winners"],
    }


def total_row(s: dict) -> dict:
    return {
        "voters": words.num(s["voters_on_list"]),
        "voted": words.num(s["voters_voted"]),
        "turnout": words.pct_vi(s["turnout_pct"]),
        "valid": words.num(s["valid"]),
        "valid_pct": words.pct_vi(s["valid_pct"]),
        "invalid": words.num(s["invalid"]),
        "invalid_pct": words.pct_vi(s["invalid_pct"]),
    }


def _header(target, key: str) -> dict:
    contest = target.contest
    unit = organiser(contest)
    body = bodies.committee_body(target.election, unit)
    context = heading.base_context(
        target.election,
        key,
        f"Ủy ban bầu cử {unit.name}" if unit else "",
        "",
        words.contest_words(contest),
        round_words(target.round),
    )
    return context | {
        "meeting_day": None,
        "members": bodies.members_of(body),
        "signatures": bodies.signatures(body, "committee", seal=True),
    }


def _numbers(units: list[int]) -> str:
    return ", ".join(f"số {n}" for n in units) or "Không có."


def build_committee(target) -> dict:
    pairs, summary = results_of(target)
    key = catalogue.committee_form_for(target.contest.kind)
    rows = [unit_row(unit, r) for unit, r in pairs]
    incomplete = (
        summary["units"]
        - summary["units_complete"]
        - len(summary["reelection_required_units"])
    )
    return _header(target, key) | {
        "summary": summary,
        "seats": summary["seats"],
        "candidate_count": sum(len(r["candidates"]) for r in rows),
        "units": rows,
        "total": total_row(summary),
        "reelection_units": _numbers(summary["reelection_required_units"]),
        "supplementary_units": _numbers(
            summary["supplementary_election_required_units"]
        ),
        "tie_units": _numbers(summary["tie_unresolved_units"]),
        "draft_note": (
            f"DỰ THẢO - còn {incomplete} đơn vị bầu cử chưa đủ biên bản kiểm phiếu "
            "được chấp nhận."
            if incomplete
            else ""
        ),
        "code_figures": [board.unit_code_figures(r) for _, r in pairs],
    }


def certification_of(target) -> Certification | None:
    return (
        Certification.objects.filter(
            contest=target.contest, round=target.round, revoked_at__isnull=True
        )
        .select_related("certified_by")
        .first()
    )


def build_winners(target) -> dict:
    """The winners over every round of each unit (a re-election's replace the first
    round's, a supplementary election's are added); a winner the confirming body did
    not confirm is left off, the seat open, the decision listed below."""
    pairs = final_results([target.contest])
    summary = contest_summary([r for _, r in pairs])
    winners, refused = [], []
    for unit, r in pairs:
        for c in r["candidates"]:  # most votes first
            if not c["elected"]:
                continue
            row = {
                "unit": unit.number,
                "unit_name": r["name"],
                "name": c["full_name"],
                "birth": _day(c["birth_date"]),
                # A supplementary election's winner: the votes that elected them.
                "votes": words.num(c.get("round_votes", c["votes"])),
                "pct": words.pct_vi(c.get("round_pct_of_valid", c["pct_of_valid"])),
                "round": round_words(c["elected_round"]),
                "decision": c.get("confirmation_decision", ""),
                "reason": c.get("confirmation_reason", ""),
            }
            (refused if c.get("confirmed") is False else winners).append(row)
    certified = certification_of(target)
    context = _header(target, "WINNERS_LIST")
    return context | {
        "round_words": "",  # the list covers every round
        "heading_lines": heading.heading_lines(context["subtitle"], ""),
        "winners": winners,
        "not_confirmed": refused,
        "seats": summary["seats"],
        "elected": len(winners),
        "seats_open": summary["seats_unfilled"],
        "certified": certified,
        "draft_note": ""
        if certified
        else "DỰ THẢO - kết quả chưa được Ủy ban bầu cử xác nhận.",
        "code_figures": [[w["unit"], w["name"], w["votes"]] for w in winners],
    }


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
