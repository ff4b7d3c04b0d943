"""The change report (báo cáo biến động cử tri) for a period, per voting area, commune,
district (2021) and city.

Where the posting is: no model stores when a list was posted, so the period starts by
default at the cycle's deadline rule, `cycle.deadlines["voter_list_posted"]` days
from election day (−40), at 00:00 Asia/Ho_Chi_Minh; the screen and the command take
any other start. Counts on the list at a moment use `added_at`/`removed_at`
(`on_list_at`); changes are dated by when they touched the list (the new entry's
`added_at`, the old entry's `removed_at`), so that for every unit
`at start + in − out + other = now`, where "other" is what no recorded change
explains (a re-import after posting). Every figure comes from GROUP BY queries per
voting area; higher levels add the area rows up in Python (a few thousand rows).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from electionadmin.setup.models import Election, VotingArea

from . import eligibility
from .models import VoterChange, VoterEntry

Kind = VoterChange.Kind
LEVELS = {"area": "Khu vực bỏ phiếu", "commune": "Xã/phường", "district": "Quận/huyện",
          "city": "Tỉnh/thành phố"}  # fmt: skip
ADD_REASONS = ["newly_eligible", "rights_restored", "moved_in", "other"]
REMOVE_REASONS = ["died", "lost_rights", "moved_away", "duplicate", "other"]
REASON_LABELS = dict(VoterChange.Reason.choices)


def columns(kinds: list[str]) -> list[tuple[str, str]]:
    """(key, Vietnamese heading) of every figure, in report order."""
    cols = [("at_start", "Số cử tri khi niêm yết")]
    cols += [(f"add_{r}", f"Bổ sung: {REASON_LABELS[r]}") for r in ADD_REASONS]
    cols += [(f"remove_{r}", f"Xóa tên: {REASON_LABELS[r]}") for r in REMOVE_REASONS]
    cols += [("transfer_in", "Chuyển đến"), ("transfer_out", "Chuyển đi"),
             ("cert_received", "Tiếp nhận có giấy chứng nhận"),
             ("cert_issued", "Cấp giấy chứng nhận bỏ phiếu nơi khác"),
             ("other", "Điều chỉnh khác (nhập lại danh sách)"),
             ("now", "Số cử tri hiện nay"),
             ("male", "Nam"), ("female", "Nữ")]  # fmt: skip
    cols += [(f"kind_{k}", f"Được bầu {KIND_LABELS.get(k, k)}") for k in kinds]
    return cols


KIND_LABELS = {"QH": "ĐBQH", "HDND_TINH": "HĐND tỉnh", "HDND_HUYEN": "HĐND huyện",
               "HDND_XA": "HĐND xã"}  # fmt: skip
INFLOW = ["transfer_in", "cert_received"] + [f"add_{r}" for r in ADD_REASONS]
OUTFLOW = ["transfer_out", "cert_issued"] + [f"remove_{r}" for r in REMOVE_REASONS]


def posting_start(election: Election) -> datetime.datetime:
    day = election.list_posting_date
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclass
class Period:
    start: datetime.datetime
    end: datetime.datetime


def _on_list(election, moment, kinds) -> dict[int, dict]:
    rows = VoterEntry.objects.filter(election=election).on_list_at(moment)
    figures = {"n": Count("pk"), "male": Count("pk", filter=Q(gender="M")),
               "female": Count("pk", filter=Q(gender="F"))}  # fmt: skip
    for kind in kinds:
        figures[kind] = Sum(F("contest_mask").bitand(eligibility.CONTEST_BITS[kind]))
    rows = rows.values("voting_area_id").annotate(**figures).order_by()
    return {row.pop("voting_area_id"): row for row in rows}


def _changes(election, period: Period) -> list[tuple[int, str, int]]:
    """(area id, figure key, count) from the changes in the period."""
    base = VoterChange.objects.filter(election=election)
    new = Q(new_entry__added_at__gt=period.start, new_entry__added_at__lte=period.end)
    old = Q(
        old_entry__removed_at__gt=period.start, old_entry__removed_at__lte=period.end
    )
    plans = [
        (Q(kind=Kind.ADD) & new, "new_entry__voting_area_id", "add_"),
        (Q(kind=Kind.REMOVE) & old, "old_entry__voting_area_id", "remove_"),
        (Q(kind=Kind.TRANSFER) & new, "new_entry__voting_area_id", "transfer_in"),
        (Q(kind=Kind.TRANSFER) & old, "old_entry__voting_area_id", "transfer_out"),
        (Q(kind=Kind.CERTIFICATE_RECEIVED) & new, "new_entry__voting_area_id",
         "cert_received"),
        (Q(kind=Kind.CERTIFICATE_ISSUED) & old, "old_entry__voting_area_id",
         "cert_issued"),
    ]  # fmt: skip
    out = []
    for condition, area, key in plans:
        rows = base.filter(condition).values(area, "reason").annotate(n=Count("pk"))
        for row in rows.order_by():
            name = key + _reason(key, row["reason"]) if key.endswith("_") else key
            out.append((row[area], name, row["n"]))
    return out


def _reason(prefix: str, reason: str) -> str:
    known = ADD_REASONS if prefix == "add_" else REMOVE_REASONS
    return reason if reason in known else "other"


def area_figures(election: Election, period: Period) -> dict[int, dict]:
    kinds = list(election.cycle.contest_kinds)
    keys = [key for key, _ in columns(kinds)]
    start, now = (
        _on_list(election, period.start, kinds),
        _on_list(election, period.end, kinds),
    )
    figures: dict[int, dict] = defaultdict(lambda: dict.fromkeys(keys, 0))
    for area_id, row in start.items():
        figures[area_id]["at_start"] = row["n"]
    for area_id, row in now.items():
        f = figures[area_id]
        f["now"], f["male"], f["female"] = row["n"], row["male"], row["female"]
        for kind in kinds:
            f[f"kind_{kind}"] = (row[kind] or 0) // eligibility.CONTEST_BITS[kind]
    for area_id, key, n in _changes(election, period):
        figures[area_id][key] += n
    for f in figures.values():
        moved = sum(f[k] for k in INFLOW) - sum(f[k] for k in OUTFLOW)
        f["other"] = f["now"] - f["at_start"] - moved
    return figures


def _unit_of(area: VotingArea, level: str):
    commune = area.commune
    if level == "area":
        return area.pk, f"KVBP {area.key} - {commune.name}"
    if level == "commune":
        return commune.pk, commune.name
    if level == "district":
        unit = commune.parent if commune.parent and commune.parent.parent_id else None
        return (unit.pk, unit.name) if unit else (commune.pk, commune.name)
    top = commune
    while top.parent is not None:
        top = top.parent
    return top.pk, top.name


def report(election: Election, level: str, period: Period, areas=None) -> list[dict]:
    """One row per unit of the level: {"unit_id", "unit", figures…}, in code order.

    `areas` limits the report to those voting areas (a user's jurisdiction, a unit).
    """
    if areas is None:
        areas = VotingArea.objects.filter(election=election)
    areas = list(areas.select_related("commune__parent__parent"))
    figures = area_figures(election, period)
    keys = [key for key, _ in columns(list(election.cycle.contest_kinds))]
    rows: dict[int, dict] = {}
    for area in sorted(areas, key=lambda a: (a.commune.code, a.number)):
        unit_id, name = _unit_of(area, level)
        row = rows.setdefault(
            unit_id, {"unit_id": unit_id, "unit": name} | dict.fromkeys(keys, 0)
        )
        for key, value in figures.get(area.pk, {}).items():
            row[key] += value
    return list(rows.values())


def xlsx(election: Election, level: str, period: Period, rows: list[dict]) -> bytes:
    """The report as a workbook: a title, Vietnamese headers, one row per unit."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from electionadmin.cells import safe, safe_row

    cols = columns(list(election.cycle.contest_kinds))
    book = Workbook()
    sheet = book.active
    sheet.title = "Biến động cử tri"
    sheet.append([safe(f"BÁO CÁO BIẾN ĐỘNG CỬ TRI - {election.name}")])
    sheet.append([safe(f"Từ {period_label(period)}; cấp {LEVELS[level].lower()}")])
    sheet.append(safe_row([LEVELS[level]] + [label for _, label in cols]))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(safe_row([row["unit"]] + [row[key] for key, _ in cols]))
    sheet.column_dimensions["A"].width = 36
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def period_label(period: Period) -> str:
    start, end = timezone.localtime(period.start), timezone.localtime(period.end)
    return f"{start:%H:%M %d/%m/%Y} đến {end:%H:%M %d/%m/%Y}"
