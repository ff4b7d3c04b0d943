"""The people sheets: candidates (per electoral unit) and members (per body).

The file gives whole lists: the candidates of every electoral unit the file names,
and the members of every body the `members` sheet names, become exactly the rows of
the file (saved people missing from it are removed).
"""

from electionadmin.setup import rules
from electionadmin.setup.models import BodyMember, Candidate, ElectionBody
from importers import cells
from importers.cells import CODE_LENGTH, CellError
from importers.workbook import Row, RowReader

from . import bodies
from .context import KIND_ALIASES, Context, text_of
from .plan import BodyItem, CandidateItem, MemberItem, contest_key

ROLE_ALIASES = cells.choice_aliases(
    BodyMember.Role.choices,
    {
        "chủ tịch": "chair",
        "trưởng ban": "chair",
        "tổ trưởng": "chair",
        "phó chủ tịch": "vice_chair",
        "phó trưởng ban": "vice_chair",
        "tổ phó": "vice_chair",
        "thư ký": "secretary",
        "ủy viên": "member",
        "uỷ viên": "member",
        "thành viên": "member",
    },
)
PHONE = text_of(BodyMember, "phone")
CANDIDATE_TEXT = (
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "occupation",
    "workplace",
    "education",
)


def parse_candidates(ctx: Context) -> None:
    if not ctx.book["candidates"].present:  # one sheet of the admin (sheet.py)
        ctx.merged.candidates = dict(ctx.saved.candidates)
        return
    read = ctx.reader("candidates")
    lists = {key: [] for key in ctx.file.electoral_units}
    seen: dict = {}
    for row in ctx.rows("candidates"):
        mark = read.mark()
        item = _candidate(ctx, read, row)
        if item.unit not in ctx.merged.electoral_units:
            continue
        if read.failed_since(mark):
            ctx.tainted.add(item.unit)
        if not (item.full_name and item.birth_date):
            continue
        person = (item.unit, *item.key)
        if person in seen:
            read.error(row, "full_name", f"Trùng người ứng cử ở dòng {seen[person]}.")
            continue
        seen[person] = row.number
        lists.setdefault(item.unit, []).append(item)
    for unit, items in lists.items():
        saved = {c.key: c.pk for c in ctx.saved.candidates.get(unit, [])}
        for item in items:
            item.pk = saved.get(item.key)
        _ballot_order(read, items)
    ctx.file.candidates = lists
    ctx.merged.candidates = {**ctx.saved.candidates, **lists}


def _candidate(ctx: Context, read: RowReader, row: Row) -> CandidateItem:
    contest = ctx.contest_of(read, row)
    number = read(row, "unit_number", cells.integer, 1, required=True)
    unit = (contest, number)
    if contest and number and unit not in ctx.merged.electoral_units:
        read.error(
            row,
            "unit_number",
            f"Đơn vị bầu cử số {number} của cuộc bầu cử {contest} chưa có trên "
            "trang electoral_units.",
        )
    item = CandidateItem(
        unit,
        read(row, "full_name", text_of(Candidate, "full_name"), required=True),
        read(row, "birth_date", cells.birth_date, required=True),
        read(row, "gender", cells.gender, required=True),
        party_join_date=read(row, "party_join_date", cells.date),
        is_incumbent_na=read(row, "is_incumbent_na", cells.boolean, default=False),
        is_incumbent_council=read(
            row, "is_incumbent_council", cells.boolean, default=False
        ),
        ballot_order=read(row, "ballot_order", cells.integer, 1, 999),
        row=row.number,
    )
    for key in CANDIDATE_TEXT:
        setattr(item, key, read(row, key, text_of(Candidate, key), default=""))
    return item


def _ballot_order(read: RowReader, items: list[CandidateItem]) -> None:
    """Compute the legal order when none is given; else check the given one."""
    given = [item for item in items if item.ballot_order is not None]
    if not given:
        rules.assign_ballot_order(items)
        return
    if len(given) < len(items):
        for item in items:
            if item.ballot_order is None:
                read.error(
                    item.row,
                    "ballot_order",
                    "Ghi thứ tự trên phiếu bầu cho mọi người ứng cử của đơn vị, "
                    "hoặc để trống tất cả để tính theo quy định.",
                )
        return
    _check_given_order(read, items)


def _check_given_order(read: RowReader, items: list[CandidateItem]) -> None:
    used: dict[int, int] = {}
    for item in items:
        if item.ballot_order in used:
            read.error(
                item.row,
                "ballot_order",
                f"Thứ tự {item.ballot_order} trên phiếu bầu đã dùng ở dòng "
                f"{used[item.ballot_order]}.",
            )
        used.setdefault(item.ballot_order, item.row)
    if sorted(used) != list(range(1, len(items) + 1)):
        read.warn(
            items[0].row, "ballot_order", "Thứ tự trên phiếu bầu không liên tục từ 1."
        )
    legal = sorted(
        items, key=lambda c: rules.ballot_sort_key(c.full_name, c.birth_date)
    )
    if [c.ballot_order for c in legal] != sorted(c.ballot_order for c in items):
        read.warn(
            items[0].row,
            "ballot_order",
            "Thứ tự trên phiếu bầu khác thứ tự theo tên (tên, họ, tên đệm, ngày sinh).",
        )


def parse_members(ctx: Context) -> None:
    if not ctx.book["members"].present:
        return
    read = ctx.reader("members")
    chairs: dict[str, int] = {}
    for row in ctx.rows("members"):
        mark = read.mark()
        body = read(row, "body", _body_parser(ctx), required=True)
        item = MemberItem(
            body.key if body else None,
            read(row, "full_name", text_of(BodyMember, "full_name"), required=True),
            read(row, "role", cells.choice, ROLE_ALIASES, required=True),
            read(row, "phone", _phone, default=""),
            read(row, "position", cells.integer, 0),
            row=row.number,
        )
        if read.failed_since(mark):
            continue
        if (
            item.role == "chair"
            and chairs.setdefault(item.body, row.number) != row.number
        ):
            read.error(
                row,
                "role",
                f"Tổ chức này đã có người đứng đầu ở dòng {chairs[item.body]}.",
            )
        _add_member(ctx, read, row, body, item)
    ctx.merged.members = {**ctx.saved.members, **ctx.file.members}
    ctx.plan.merge("bodies")


def _add_member(ctx: Context, read: RowReader, row: Row, body: BodyItem, item):
    members = ctx.file.members.setdefault(body.key, [])
    twin = next((m for m in members if m.full_name == item.full_name), None)
    if twin:
        read.error(row, "full_name", f"Trùng thành viên ở dòng {twin.row}.")
        return
    saved_body = ctx.saved.bodies.get(body.key)
    body.pk = saved_body.pk if saved_body else None
    ctx.file.bodies.setdefault(body.key, body)
    saved = {m.full_name: m.pk for m in ctx.saved.members.get(body.key, [])}
    item.pk = saved.get(item.full_name)
    if item.position is None:  # the row order, unless the file gives it
        item.position = len(members) + 1
    members.append(item)


def _phone(value) -> str:
    phone = PHONE(value)
    # A spreadsheet that took 0903123456 for a number shows 903123456.
    return "0" + phone if phone.isdigit() and len(phone) == 9 else phone


def _body_parser(ctx: Context):
    """`committee:79`, `board:QH#1`, `board:HDND_XA:26734#2`, `team:26734/1`, or the
    body's name (`Tổ bầu cử số 1 - Phường Tân Định`: bodies.py)."""
    names: dict = {}

    def lookup() -> dict:
        if not names:
            names.update(bodies.codes_by_name(ctx.merged))
        return names

    def parse(value) -> BodyItem:
        code = bodies.code_of(value, lookup)
        if code is bodies.AMBIGUOUS:
            raise CellError(
                f"Nhiều tổ chức cùng tên «{cells.text(value)}»: ghi kèm mã trong "
                "ngoặc như trong danh sách chọn, ví dụ «Tổ bầu cử số 1 - Phường 1 "
                "(team:26734/1)»."
            )
        if code is None:
            raise CellError(
                f"Không có tổ chức phụ trách bầu cử tên «{cells.text(value)}». Chọn "
                "tên trong danh sách (ví dụ Tổ bầu cử số 1 - Phường Tân Định) hoặc "
                "ghi mã committee:<mã đơn vị>, board:<cuộc bầu cử>#<số đơn vị>, "
                "team:<mã xã>/<số khu vực>."
            )
        kind, _, rest = code.partition(":")
        kind = kind.strip().lower()
        if kind == ElectionBody.Kind.COMMITTEE:
            return _committee(ctx, rest.strip())
        if kind == ElectionBody.Kind.BOARD:
            return _board(ctx, rest.strip())
        if kind == ElectionBody.Kind.TEAM:
            return _team(ctx, rest.strip())
        raise CellError(
            f"'{cells.text(value)}' phải có dạng committee:<mã đơn vị>, "
            "board:<cuộc bầu cử>#<số đơn vị> hoặc team:<mã xã>/<số khu vực>."
        )

    return parse


def _committee(ctx: Context, rest: str) -> BodyItem:
    code = cells.code(rest, ctx.lengths(), ctx.merged.units)
    if code not in ctx.merged.units:
        raise CellError(f"Đơn vị hành chính mã {code} chưa có trên trang units.")
    return BodyItem(f"committee:{code}", "committee", code)


def _board(ctx: Context, rest: str) -> BodyItem:
    contest, _, number = rest.rpartition("#")
    kind, _, council = contest.partition(":")
    kind = cells.choice(kind, KIND_ALIASES)
    if council:
        level = rules.KIND_COUNCIL_LEVEL.get(kind, "commune")
        council = cells.code(council, [CODE_LENGTH[level]], ctx.merged.units)
    unit = (contest_key(kind, council or None), cells.integer(number, 1))
    if unit not in ctx.merged.electoral_units:
        raise CellError(
            f"Đơn vị bầu cử {unit[0]}#{unit[1]} chưa có trên trang electoral_units."
        )
    return BodyItem(f"board:{unit[0]}#{unit[1]}", "board", unit)


def _team(ctx: Context, rest: str) -> BodyItem:
    commune, _, number = rest.partition("/")
    commune = cells.code(commune, [CODE_LENGTH["commune"]], ctx.merged.units)
    area = (commune, cells.integer(number, 1))
    if area not in ctx.merged.areas:
        raise CellError(
            f"Khu vực bỏ phiếu {commune}/{number} chưa có trên trang voting_areas."
        )
    return BodyItem(f"team:{commune}/{area[1]}", "team", area)
