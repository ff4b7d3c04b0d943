"""The structure sheets: election, units, contests, voting_areas, electoral_units.

Each parser reads its sheet into plan items (`plan.file`), records every problem with
its row and column, and then merges the items over what is saved so later sheets can
refer to them.
"""

import datetime
import re

from electionadmin.setup import rules
from electionadmin.setup.models import (
    AdminUnit,
    AdminUnitSet,
    Contest,
    Cycle,
    Election,
    ElectoralUnit,
    VotingArea,
)
from importers import cells
from importers.base import ImportReport
from importers.cells import CODE_LENGTH, CellError
from importers.columns import sheet_label
from importers.workbook import Row, RowReader, Sheet

from .context import Context, text_of
from .plan import (
    AdminUnitItem,
    AreaItem,
    ContestItem,
    ElectionItem,
    ElectoralUnitItem,
)

LEVEL_LABELS = dict(AdminUnit.Level.choices)
LEVEL_ALIASES = cells.choice_aliases(
    AdminUnit.Level.choices,
    {"tỉnh": "province", "huyện": "district", "quận": "district", "xã": "commune"},
)
UNIT_NAME = text_of(ElectoralUnit, "name")
SHORTFALL = text_of(ElectoralUnit, "shortfall_decision")
AREA_TYPE_ALIASES = cells.choice_aliases(VotingArea.AreaType.choices)


def parse_election(sheet: Sheet, report: ImportReport) -> ElectionItem | None:
    read = RowReader(report, "election")
    if len(sheet.rows) != 1:
        where = sheet.rows[1] if sheet.rows else None
        read.error(
            where,
            None,
            f"Trang tính '{sheet_label('election')}' phải có đúng một dòng dữ liệu.",
        )
        return None
    row = sheet.rows[0]
    code = read(row, "code", text_of(Election, "code"), required=True)
    name = read(row, "name", text_of(Election, "name"), required=True)
    day = read(row, "election_date", cells.date, required=True)
    cycle = _cycle(read, row)
    item = ElectionItem(
        code, name, day, cycle, None,
        polls_open=read(row, "polls_open", cells.time, default=datetime.time(7)),
        polls_close=read(row, "polls_close", cells.time, default=datetime.time(19)),
        turnout_slots=read(row, "turnout_slots", cells.time_list, default=[]),
        province=read(row, "province_code", cells.code, [2]),
        row=row.number,
    )  # fmt: skip
    if item.polls_open >= item.polls_close:
        read.error(row, "polls_close", "Giờ kết thúc phải sau giờ bắt đầu bỏ phiếu.")
    if day:
        item.unit_set = _unit_set(read, row, day)
    if code and cycle and item.unit_set:
        item.saved = _saved_election(read, row, item)
    return item if report.ok else None


def _cycle(read: RowReader, row: Row) -> Cycle | None:
    code = read(row, "cycle", required=True)
    cycle = Cycle.objects.filter(code=code).first() if code else None
    if code and cycle is None:
        known = ", ".join(Cycle.objects.values_list("code", flat=True))
        read.error(row, "cycle", f"Không có chu kỳ bầu cử '{code}' (có: {known}).")
    return cycle


def _unit_set(read: RowReader, row: Row, day: datetime.date):
    sets = list(AdminUnitSet.objects.in_force_on(day))
    if len(sets) != 1:
        read.error(
            row,
            "election_date",
            f"Cần đúng một danh mục đơn vị hành chính có hiệu lực vào ngày "
            f"{day:%d/%m/%Y} (đang có {len(sets)}).",
        )
        return None
    return sets[0]


def _saved_election(read: RowReader, row: Row, item: ElectionItem):
    saved = Election.objects.filter(code=item.code).first()
    if saved and saved.cycle_id != item.cycle.pk:
        read.error(row, "cycle", f"Cuộc bầu cử {item.code} đã lưu với chu kỳ khác.")
    elif saved and saved.unit_set_id != item.unit_set.pk:
        read.error(
            row,
            "election_date",
            f"Ngày bầu cử mới thuộc danh mục hành chính khác với danh mục mà cuộc "
            f"bầu cử {item.code} đã dùng; không đổi được bằng tệp nhập.",
        )
    return saved


def parse_units(ctx: Context) -> None:
    read, levels = ctx.reader("units"), ctx.cycle.admin_levels
    parsed = []
    for row in ctx.rows("units"):
        level = read(row, "level", cells.choice, LEVEL_ALIASES, required=True)
        if level and level not in levels:
            read.error(
                row,
                "level",
                f"Chu kỳ {ctx.cycle.code} không có cấp {LEVEL_LABELS[level].lower()}.",
            )
        lengths = ctx.lengths([level] if level else None)
        code = read(row, "code", cells.code, lengths, required=True)
        name = read(row, "name", text_of(AdminUnit, "name"), required=True)
        if code and level:
            item = AdminUnitItem(code, name or "", level, None, row=row.number)
            if _add(read, row, "code", ctx.file.units, code, item, ctx.saved.units):
                parsed.append((row, item))
    ctx.plan.merge("units")
    for row, item in parsed:
        _unit_parent(ctx, read, row, item)


def _unit_parent(ctx: Context, read: RowReader, row: Row, item: AdminUnitItem):
    saved = ctx.saved.units.get(item.code)
    has_council = saved.has_council if saved else True
    item.has_council = read(row, "has_council", cells.boolean, default=has_council)
    if saved and saved.level != item.level:
        read.error(
            row, "level", f"Đơn vị {item.code} đã có trong danh mục với cấp khác."
        )
    depth = rules.LEVEL_DEPTH[item.level]
    if depth == 0:
        if not row.blank("parent_code"):
            read.error(row, "parent_code", "Tỉnh/thành phố không có đơn vị cấp trên.")
        return
    higher = [
        level for level in ctx.cycle.admin_levels if rules.LEVEL_DEPTH[level] < depth
    ]
    item.parent = ctx.unit_code(read, row, "parent_code", higher, required=True)
    parent = ctx.merged.units.get(item.parent)
    if parent and not rules.is_above(parent.level, item.level):
        read.error(
            row,
            "parent_code",
            f"Đơn vị cấp trên {parent.code} ({LEVEL_LABELS[parent.level]}) "
            "phải ở cấp cao hơn đơn vị này.",
        )


def parse_contests(ctx: Context) -> None:
    read = ctx.reader("contests")
    for row in ctx.rows("contests"):
        council = ctx.council(read, row)
        name = read(row, "name", text_of(Contest, "name"), default="")
        seats = read(row, "total_seats", cells.integer, 1)
        if council and council[1] and not ctx.merged.units[council[1]].has_council:
            read.error(
                row,
                "council_unit_code",
                f"Đơn vị {council[1]} không tổ chức Hội đồng nhân dân.",
            )
        if not council:
            continue
        item = ContestItem(*council, name, seats, row=row.number)
        _add(read, row, "kind", ctx.file.contests, item.key, item, ctx.saved.contests)
    ctx.plan.merge("contests")


def _add(read: RowReader, row: Row, column: str, table: dict, key, item, saved):
    """Put an item in the file's table unless its key was already used."""
    if key in table:
        read.error(row, column, f"Trùng với dòng {table[key].row}.")
        return False
    item.pk = saved[key].pk if key in saved else None
    table[key] = item
    return True


def parse_areas(ctx: Context) -> None:
    read = ctx.reader("voting_areas")
    election_day = ctx.plan.election.election_date
    for row in ctx.rows("voting_areas"):
        commune = ctx.unit_code(read, row, "commune_code", ["commune"], required=True)
        if commune and ctx.merged.units[commune].level != "commune":
            read.error(row, "commune_code", f"Đơn vị {commune} không phải cấp xã.")
        item = AreaItem(
            commune,
            read(row, "area_number", cells.integer, 1, required=True),
            read(row, "name", text_of(VotingArea, "name"), default=""),
            read(
                row, "polling_place", text_of(VotingArea, "polling_place"), default=""
            ),
            read(row, "area_type", cells.choice, AREA_TYPE_ALIASES, default="normal"),
            read(row, "voting_date", cells.date),
            row=row.number,
        )
        if problem := rules.early_voting_problem(item.voting_date, election_day):
            read.error(row, "voting_date", problem)
        if item.area_type == "other":
            read.warn(row, "area_type", "Khu vực bỏ phiếu loại 'khác': kiểm tra lại.")
        if commune and item.number:
            key = item.key
            _add(read, row, "area_number", ctx.file.areas, key, item, ctx.saved.areas)
    ctx.plan.merge("areas")


def parse_electoral_units(ctx: Context) -> None:
    read = ctx.reader("electoral_units")
    for row in ctx.rows("electoral_units"):
        mark = read.mark()
        contest = ctx.contest_of(read, row)
        number = read(row, "number", cells.integer, 1, required=True)
        seats = read(row, "seats", cells.integer, 1, required=True)
        covers = read(row, "covers", _covers_parser(ctx, contest), required=True)
        if contest and seats:
            _check_seats(ctx, read, row, contest, seats)
        if not (contest and number):
            continue
        item = ElectoralUnitItem(
            contest, number, seats or 0,
            read(row, "name", UNIT_NAME, default=""),
            read(row, "shortfall_decision", SHORTFALL, default=""),
            *(covers or (frozenset(), frozenset())), row=row.number,
        )  # fmt: skip
        saved = ctx.saved.electoral_units
        _add(read, row, "number", ctx.file.electoral_units, item.key, item, saved)
        if read.failed_since(mark):
            ctx.tainted.update((contest, item.key))
    ctx.plan.merge("electoral_units")


def _check_seats(ctx: Context, read: RowReader, row: Row, contest: str, seats: int):
    kind = ctx.merged.contests[contest].kind
    label = Contest.Kind(kind).label
    if problem := rules.seats_problem(ctx.cycle, kind, label, seats):
        read.error(row, "seats", problem)


def _covers_parser(ctx: Context, contest: str | None):
    """Parses `760;26734;26734/1` into (unit codes, area keys) that all exist."""

    def parse(value) -> tuple[frozenset, frozenset]:
        codes, areas, problems = set(), set(), []
        for token in re.split(r"[;,\s]+", cells.text(value)):
            try:
                if "/" in token:
                    areas.add(_covered_area(ctx, token))
                elif token:
                    codes.add(_covered_unit(ctx, token, contest))
            except CellError as exc:
                problems.append(str(exc))
        if problems:
            raise CellError(" ".join(problems))
        if not codes and not areas:
            raise CellError("Chưa ghi địa bàn của đơn vị bầu cử.")
        return frozenset(codes), frozenset(areas)

    return parse


def _covered_area(ctx: Context, token: str):
    commune, _, number = token.partition("/")
    commune = cells.code(commune, [CODE_LENGTH["commune"]], ctx.merged.units)
    key = (commune, cells.integer(number, 1))
    if key not in ctx.merged.areas:
        raise CellError(f"Khu vực bỏ phiếu {token} chưa có trên trang voting_areas.")
    return key


def _covered_unit(ctx: Context, token: str, contest: str | None) -> str:
    code = cells.code(token, ctx.lengths(), ctx.merged.units)
    if code not in ctx.merged.units:
        raise CellError(f"Đơn vị hành chính mã {code} chưa có trên trang units.")
    council = ctx.merged.contests[contest].council if contest else None
    if council and not _is_within(ctx.merged.units, code, council):
        raise CellError(f"Đơn vị {code} nằm ngoài địa bàn của cuộc bầu cử {contest}.")
    return code


def _is_within(units: dict, code: str | None, ancestor: str) -> bool:
    while code:
        if code == ancestor:
            return True
        code = units[code].parent if code in units else None
    return False
