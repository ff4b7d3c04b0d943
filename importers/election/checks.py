"""Rules over the whole set-up the import would leave: coverage, candidate counts,
and the operational oddities that only warn.
"""

from collections import defaultdict

from electionadmin.setup import coverage

from .context import Context
from .plan import AreaKey, UnitKey, area_label


def resolve_unit_areas(ctx: Context) -> None:
    """The voting areas of every electoral unit after the import.

    A unit in the file gets exactly what its `covers` lists. A saved unit the file
    does not name keeps its saved areas, and gains the new areas of this file that
    lie in the units it covers.
    """
    merged = ctx.merged
    children = coverage.children_map({c: u.parent for c, u in merged.units.items()})
    by_commune = coverage.areas_by_commune(merged.areas)
    new_areas = set(ctx.file.areas) - set(ctx.saved.areas)
    merged.unit_areas = {}
    for key, unit in merged.electoral_units.items():
        covered = coverage.resolve(
            unit.covers_units, unit.covers_areas, children, by_commune
        )
        if key not in ctx.file.electoral_units:
            covered = ctx.saved.unit_areas.get(key, set()) | (covered & new_areas)
        elif not covered:
            ctx.report.warn(
                "electoral_units",
                unit.row,
                "covers",
                "Địa bàn của đơn vị bầu cử chưa có khu vực bỏ phiếu nào.",
            )
        merged.unit_areas[key] = covered


def check_coverage(ctx: Context) -> None:
    """Each area of a contest's territory lies in exactly one of its units."""
    merged = ctx.merged
    children = coverage.children_map({c: u.parent for c, u in merged.units.items()})
    units_of = defaultdict(list)
    for key, unit in merged.electoral_units.items():
        units_of[key[0]].append(unit)
    for key, contest in merged.contests.items():
        if key in ctx.tainted:
            continue
        # Saved units first, then file rows in order: the later claimant is blamed.
        units = sorted(units_of[key], key=lambda u: (u.row or 0, u.number))
        area_territory = coverage.territory(contest.council, merged.areas, children)
        result = coverage.partition(
            area_territory, [(u.number, merged.unit_areas[u.key]) for u in units]
        )
        _report_partition(ctx, key, {u.number: u.row for u in units}, result)


def _report_partition(ctx: Context, contest: str, rows: dict, result) -> None:
    for (number, first), areas in result.overlaps.items():
        message = coverage.overlap_message(contest, number, first, areas)
        ctx.report.error("electoral_units", rows[number], "covers", message)
    for number, areas in result.outside.items():
        message = coverage.outside_message(contest, number, areas)
        ctx.report.error("electoral_units", rows[number], "covers", message)
    by_commune = coverage.areas_by_commune(result.uncovered)
    for commune in sorted(by_commune):
        areas = by_commune[commune]
        area_rows = [ctx.merged.areas[a].row for a in areas if ctx.merged.areas[a].row]
        row = min(area_rows) if area_rows else None
        message = coverage.uncovered_message(contest, areas)
        ctx.report.error("voting_areas", row, None, message)


def check_candidate_counts(ctx: Context) -> None:
    """Each official list carries the legal surplus of candidates over seats."""
    for key, unit in ctx.merged.electoral_units.items():
        if key in ctx.tainted:
            continue
        kind = ctx.merged.contests[key[0]].kind
        count = len(ctx.merged.candidates.get(key, ()))
        needed = coverage.candidates_needed(ctx.cycle, kind, unit.seats, count)
        if not needed:
            continue
        message = coverage.shortfall_message(key[0], key[1], unit.seats, count, needed)
        if unit.shortfall_decision:
            ctx.report.warn(
                "electoral_units",
                unit.row,
                "shortfall_decision",
                f"{message} Được phép theo {unit.shortfall_decision}.",
            )
        else:
            ctx.report.error("electoral_units", unit.row, None, message)


def warn_all(ctx: Context) -> None:
    """Operational oddities: printed, never blocking."""
    warn_seat_totals(ctx)
    warn_body_sizes(ctx)
    warn_area_numbers(ctx)
    warn_kept(ctx)


def warn_seat_totals(ctx: Context) -> None:
    seats: dict[str, int] = defaultdict(int)
    for (contest, _), unit in ctx.merged.electoral_units.items():
        seats[contest] += unit.seats
    for key, contest in ctx.merged.contests.items():
        if contest.total_seats and contest.total_seats != seats[key]:
            ctx.report.warn(
                "contests",
                contest.row,
                "total_seats",
                f"Tổng số đại biểu của cuộc bầu cử {key} là {contest.total_seats} "
                f"nhưng các đơn vị bầu cử cộng lại là {seats[key]}.",
            )


def warn_body_sizes(ctx: Context) -> None:
    """Member counts outside the sizes the law sets for each kind of body."""
    for key, members in ctx.file.members.items():
        size_key = _size_key(ctx, ctx.merged.bodies[key])
        limits = ctx.cycle.body_sizes.get(size_key)
        if limits and not limits[0] <= len(members) <= limits[1]:
            ctx.report.warn(
                "members",
                members[0].row,
                "body",
                f"{key} có {len(members)} thành viên; luật quy định "
                f"từ {limits[0]} đến {limits[1]} ({size_key}).",
            )


def _size_key(ctx: Context, body) -> str:
    if body.kind == "committee":
        return f"committee:{ctx.merged.units[body.target].level}"
    if body.kind == "board":
        return f"board:{ctx.merged.contests[body.target[0]].kind}"
    area_type = ctx.merged.areas[body.target].area_type
    return "team:armed_forces" if area_type == "armed_forces" else "team:normal"


def warn_area_numbers(ctx: Context) -> None:
    """Areas of a commune are numbered 1, 2, 3 … without gaps."""
    numbers: dict[str, list[AreaKey]] = defaultdict(list)
    for area in ctx.merged.areas:
        numbers[area[0]].append(area[1])
    for commune in sorted({area[0] for area in ctx.file.areas}):
        found = sorted(numbers[commune])
        if found != list(range(1, len(found) + 1)):
            first = min(a.row for k, a in ctx.file.areas.items() if k[0] == commune)
            ctx.report.warn(
                "voting_areas",
                first,
                "area_number",
                f"Các khu vực bỏ phiếu của xã/phường {commune} không đánh số liên tục "
                f"từ 1 ({', '.join(map(str, found[:10]))}).",
            )


def warn_kept(ctx: Context) -> None:
    """Saved rows the file leaves out are kept; say so, once per sheet."""
    for sheet, name, label in (
        ("contests", "contests", str),
        ("voting_areas", "areas", area_label),
        ("electoral_units", "electoral_units", _unit_text),
    ):
        kept = sorted(set(getattr(ctx.saved, name)) - set(getattr(ctx.file, name)))
        if kept and ctx.rows(sheet):
            # Named only where the user may see them (a ward: its own areas).
            named = [key for key in kept if ctx.may_name(name, key)]
            shown = ", ".join(label(key) for key in named[:5])
            more = " …" if len(named) > 5 else ""
            ctx.report.warn(
                sheet,
                None,
                None,
                f"{len(kept)} dòng đã lưu không có trong tệp nên được giữ nguyên"
                + (f" ({shown}{more})." if named else "."),
            )


def _unit_text(key: UnitKey) -> str:
    return f"{key[0]}#{key[1]}"


def infer_province(ctx: Context) -> None:
    """The election's province: as written, else the one province of its areas."""
    election, units = ctx.plan.election, ctx.merged.units
    if election.province:
        unit = units.get(election.province)
        if unit is None or unit.level != "province":
            ctx.report.error(
                "election",
                election.row,
                "province_code",
                f"Không có tỉnh/thành phố mã {election.province}.",
            )
        return
    provinces = {_top(units, area[0]) for area in ctx.merged.areas}
    if len(provinces) == 1:
        election.province = provinces.pop()
    elif election.saved and election.saved.province_id:
        election.province = election.saved.province.code


def _top(units: dict, code: str) -> str:
    while units.get(code) and units[code].parent:
        code = units[code].parent
    return code
