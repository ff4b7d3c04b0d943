"""The arithmetic of the counting minutes: one numbered catalogue (docs/DOMAIN.md §6.2).

`check_minutes()` returns (code, severity, field, message) findings for a set of
figures; screens, the workflow, the importer and the tests all call it. Errors (E..)
block: minutes with an error cannot be entered. Warnings (W..) need a written
explanation before the minutes are submitted; it is printed in the minutes' remarks.
Codes are stable: never renumber, only add.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from electionadmin.figures import grouped

from .minutes_figures import FIGURE_LABELS, FIGURES, INVENTORY_FIGURES

ERROR, WARNING = "error", "warning"
INVALID_SHARE_LIMIT_PCT = 3  # W01: invalid ballots above 3 % of ballots received

CATALOGUE: dict[str, tuple[str, str]] = {
    "E01": (ERROR, "Số phiếu hợp lệ + số phiếu không hợp lệ = số phiếu thu vào"),
    "E02": (ERROR, "Số phiếu thu vào không lớn hơn số phiếu phát ra"),
    "E03": (ERROR, "Số cử tri đã bỏ phiếu không lớn hơn tổng số cử tri"),
    "E04": (ERROR, "Số phiếu bầu của mỗi người không lớn hơn số phiếu hợp lệ"),
    "E05": (ERROR, "Tổng số phiếu bầu các người ứng cử không nhỏ hơn số phiếu hợp lệ"),
    "E06": (ERROR, "Tổng số phiếu bầu không lớn hơn số đại biểu × số phiếu hợp lệ"),
    "E07": (ERROR, "Có đủ số phiếu bầu của mọi người ứng cử của đơn vị"),
    "E08": (ERROR, "Chỉ ghi người ứng cử của đơn vị bầu cử này"),
    "E09": (ERROR, "Mọi số liệu là số nguyên không âm"),
    "E20": (ERROR, "Kiểm kê: phiếu nhận = phiếu phát ra + phiếu gạch hỏng + chưa dùng"),
    "W01": (WARNING, "Phiếu không hợp lệ quá 3% số phiếu thu vào"),
    "W02": (WARNING, "Số phiếu thu vào khác số cử tri đã bỏ phiếu"),
    "W03": (WARNING, "Tổng số cử tri khác danh sách cử tri trong hệ thống"),
    "W04": (WARNING, "Số cử tri trái với phạm vi bỏ phiếu giữa các cấp"),
    "W05": (
        WARNING,
        "Số cử tri khác biên bản cấp khác, khu vực không có cử tri tạm trú",
    ),
    "W06": (WARNING, "Số phiếu phát ra khác biên bản kiểm kê phiếu"),
    "W07": (WARNING, "Số phiếu phát ra khác số cử tri đã bỏ phiếu"),
}
# Contest levels from the widest electorate to the narrowest (docs/DOMAIN.md §6.2,
# nesting).
KIND_RANK = {"QH": 0, "HDND_TINH": 1, "HDND_HUYEN": 2, "HDND_XA": 3}


class Finding(NamedTuple):
    code: str
    severity: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def finding(code: str, field_name: str, message: str) -> Finding:
    return Finding(code, CATALOGUE[code][0], field_name, message)


n = grouped  # 12345 -> "12.345" in the findings' messages


@dataclass
class CheckContext:
    """What the figures are compared with beyond themselves (all optional)."""

    kind: str = ""
    siblings: dict[str, Mapping[str, int]] = field(default_factory=dict)
    inventory_issued: int | None = None
    registered_voters: int | None = None
    partial_entitlement: bool | None = None


def check_minutes(
    figures: Mapping[str, int | None],
    votes: Mapping[int, int | None],
    *,
    seats: int,
    candidates: Sequence,
    context: CheckContext | None = None,
) -> list[Finding]:
    """Every finding for one minutes: figures by name, votes by candidate id."""
    found = _missing_figures(figures)
    if found:
        return found
    found += _figure_errors(figures)
    found += _vote_errors(figures["valid"], votes, seats, candidates)
    found += _figure_warnings(figures)
    if context is not None:
        found += _context_warnings(figures, context)
    return found


def _missing_figures(figures) -> list[Finding]:
    return [
        finding("E09", name, f"{FIGURE_LABELS[name]} phải là số nguyên không âm.")
        for name in FIGURES
        if not isinstance(figures.get(name), int) or figures[name] < 0
    ]


def _figure_errors(f) -> list[Finding]:
    found = []
    if f["valid"] + f["invalid"] != f["ballots_received"]:
        found.append(
            finding(
                "E01",
                "ballots_received",
                f"Số phiếu hợp lệ ({n(f['valid'])}) cộng số phiếu không hợp lệ "
                f"({n(f['invalid'])}) phải bằng số phiếu thu vào "
                f"({n(f['ballots_received'])}).",
            )
        )
    if f["ballots_received"] > f["ballots_issued"]:
        found.append(
            finding(
                "E02",
                "ballots_received",
                f"Số phiếu thu vào ({n(f['ballots_received'])}) lớn hơn số phiếu "
                f"phát ra ({n(f['ballots_issued'])}).",
            )
        )
    if f["voters_voted"] > f["voters_on_list"]:
        found.append(
            finding(
                "E03",
                "voters_voted",
                f"Số cử tri đã bỏ phiếu ({n(f['voters_voted'])}) lớn hơn tổng số "
                f"cử tri ({n(f['voters_on_list'])}).",
            )
        )
    return found


def votes_field(candidate) -> str:
    return f"votes.{candidate.ballot_order}"


def _vote_errors(valid: int, votes, seats: int, candidates) -> list[Finding]:
    by_id = {c.pk: c for c in candidates}
    found = [
        finding("E08", "votes", f"Người ứng cử mã {pk} không thuộc đơn vị bầu cử này.")
        for pk in votes
        if pk not in by_id
    ]
    for candidate in candidates:
        found += _one_candidate(candidate, votes.get(candidate.pk), valid)
    if found:
        return found
    total = sum(votes.values())
    if total < valid:
        found.append(
            finding(
                "E05",
                "votes",
                f"Tổng số phiếu bầu các người ứng cử ({n(total)}) nhỏ hơn số phiếu "
                f"hợp lệ ({n(valid)}): mỗi phiếu hợp lệ còn ít nhất một tên.",
            )
        )
    if total > seats * valid:
        found.append(
            finding(
                "E06",
                "votes",
                f"Tổng số phiếu bầu ({n(total)}) lớn hơn {seats} × số phiếu hợp lệ "
                f"({n(seats * valid)}): mỗi phiếu chỉ còn tối đa {seats} tên.",
            )
        )
    return found


def _one_candidate(candidate, votes, valid: int) -> list[Finding]:
    name = f"{candidate.full_name} (số {candidate.ballot_order})"
    if votes is None:
        return [
            finding("E07", votes_field(candidate), f"Thiếu số phiếu bầu của {name}.")
        ]
    if not isinstance(votes, int) or votes < 0:
        return [
            finding(
                "E09",
                votes_field(candidate),
                f"Số phiếu bầu của {name} phải là số nguyên không âm.",
            )
        ]
    if votes > valid:
        return [
            finding(
                "E04",
                votes_field(candidate),
                f"Số phiếu bầu của {name} ({n(votes)}) lớn hơn số phiếu hợp lệ "
                f"({n(valid)}).",
            )
        ]
    return []


def _figure_warnings(f) -> list[Finding]:
    found = []
    if f["invalid"] * 100 > INVALID_SHARE_LIMIT_PCT * f["ballots_received"]:
        found.append(
            finding(
                "W01",
                "invalid",
                f"Số phiếu không hợp lệ ({n(f['invalid'])}) vượt quá "
                f"{INVALID_SHARE_LIMIT_PCT}% số phiếu thu vào "
                f"({n(f['ballots_received'])}).",
            )
        )
    if f["ballots_received"] != f["voters_voted"]:
        found.append(
            finding(
                "W02",
                "ballots_received",
                f"Số phiếu thu vào ({n(f['ballots_received'])}) khác số cử tri đã "
                f"bỏ phiếu ({n(f['voters_voted'])}).",
            )
        )
    if f["ballots_issued"] != f["voters_voted"]:
        found.append(
            finding(
                "W07",
                "ballots_issued",
                f"Số phiếu phát ra ({n(f['ballots_issued'])}) khác số cử tri đã "
                f"bỏ phiếu ({n(f['voters_voted'])}).",
            )
        )
    return found


def _context_warnings(f, context: CheckContext) -> list[Finding]:
    found = []
    listed = context.registered_voters
    if listed is not None and listed != f["voters_on_list"]:
        found.append(
            finding(
                "W03",
                "voters_on_list",
                f"Tổng số cử tri ({n(f['voters_on_list'])}) khác số cử tri trong danh "
                f"sách của hệ thống ({n(listed)}).",
            )
        )
    issued = context.inventory_issued
    if issued is not None and issued != f["ballots_issued"]:
        found.append(
            finding(
                "W06",
                "ballots_issued",
                f"Số phiếu phát ra ({n(f['ballots_issued'])}) khác biên bản kiểm kê "
                f"phiếu ({n(issued)}).",
            )
        )
    for kind, other in sorted(context.siblings.items()):
        found += _sibling_warnings(f, context, kind, other)
    return found


def _sibling_warnings(f, context: CheckContext, kind: str, other) -> list[Finding]:
    """Entitlement nests: nobody votes for a narrower council without the wider."""
    found = []
    mine, theirs = KIND_RANK[context.kind], KIND_RANK[kind]
    for name in ("voters_on_list", "voters_voted"):
        wider_smaller = (theirs < mine and other[name] < f[name]) or (
            theirs > mine and other[name] > f[name]
        )
        if wider_smaller:
            found.append(
                finding(
                    "W04",
                    name,
                    f"{FIGURE_LABELS[name]} ({n(f[name])}) trái với biên bản {kind} "
                    f"của cùng khu vực ({n(other[name])}): cử tri bầu cấp hẹp hơn "
                    "cũng bầu cấp rộng hơn.",
                )
            )
        elif context.partial_entitlement is False and other[name] != f[name]:
            found.append(
                finding(
                    "W05",
                    name,
                    f"{FIGURE_LABELS[name]} ({n(f[name])}) khác biên bản {kind} của "
                    f"cùng khu vực ({n(other[name])}) dù khu vực không có cử tri chỉ "
                    "được bầu một số cấp.",
                )
            )
    return found


def check_inventory(figures: Mapping[str, int | None]) -> list[Finding]:
    """The ballot-use inventory: non-negative, and every ballot accounted for."""
    bad = [
        finding("E09", name, "Số liệu kiểm kê phải là số nguyên không âm.")
        for name in INVENTORY_FIGURES
        if not isinstance(figures.get(name), int) or figures[name] < 0
    ]
    if bad:
        return bad
    accounted = figures["issued"] + figures["spoiled"] + figures["unused"]
    if accounted != figures["received"]:
        return [
            finding(
                "E20",
                "received",
                f"Số phiếu nhận ({n(figures['received'])}) khác số phiếu phát ra + "
                f"gạch hỏng + chưa sử dụng ({n(accounted)}).",
            )
        ]
    return []


def errors_of(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings_of(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARNING]
