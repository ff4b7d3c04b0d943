"""A cycle's rules (JSON data, cycle_defaults.py) as a person reads them: the
read-only cycle screen every role may open shows these, never the raw JSON or the
keys the code uses (CycleAdmin in admin.py)."""

from django.utils.html import format_html, format_html_join

from .models import AdminUnit

KIND_NAMES = {
    "QH": "Quốc hội",
    "HDND_TINH": "HĐND cấp tỉnh",
    "HDND_HUYEN": "HĐND cấp huyện",
    "HDND_XA": "HĐND cấp xã",
}
FAMILY_NAMES = {"QH": "Quốc hội", "HDND": "Hội đồng nhân dân"}
# The residence categories of a voter entry (VoterEntry.Residence in voters, a
# later stage; tests/test_vietnamese_crawl.py checks the two agree).
RESIDENCE_NAMES = {
    "permanent": "Thường trú",
    "temporary_12m_plus": "Tạm trú từ 12 tháng trở lên",
    "temporary_under_12m": "Tạm trú dưới 12 tháng",
    "armed_forces": "Lực lượng vũ trang",
    "detained": "Tạm giam, tạm giữ, cơ sở giáo dục, cai nghiện bắt buộc",
    "other": "Khác",
    "default": "Trường hợp còn lại",
}
LEVEL_NAMES = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}
BODY_NAMES = {
    "committee": "Ủy ban bầu cử",
    "board": "Ban bầu cử",
    "team": "Tổ bầu cử",
}
BODY_ORDER = [
    *(f"committee:{level}" for level in LEVEL_NAMES),
    *(f"board:{kind}" for kind in KIND_NAMES),
    "team:normal",
    "team:armed_forces",
]
TEAM_NAMES = {"normal": "khu vực bỏ phiếu thường", "armed_forces": "đơn vị vũ trang"}
DEADLINE_NAMES = {
    "committees_formed": "Thành lập Ủy ban bầu cử",
    "units_announced": "Công bố số đơn vị bầu cử",
    "boards_formed": "Thành lập Ban bầu cử",
    "candidacy_files": "Hạn nộp hồ sơ ứng cử",
    "teams_formed": "Thành lập Tổ bầu cử",
    "voter_list_posted": "Niêm yết danh sách cử tri",
    "team_minutes_sent": "Tổ bầu cử gửi biên bản kết quả kiểm phiếu",
    "board_minutes_sent": "Ban bầu cử gửi biên bản xác định kết quả",
    "committee_na_minutes": "Ủy ban bầu cử cấp tỉnh gửi biên bản kết quả bầu cử "
    "đại biểu Quốc hội",
    "hdnd_results_announced": "Công bố kết quả bầu cử đại biểu HĐND",
    "na_results_announced": "Công bố kết quả bầu cử đại biểu Quốc hội",
    "second_round_latest": "Bầu cử lại, bầu cử thêm chậm nhất",
}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def level_names(levels: list) -> str:
    names = dict(AdminUnit.Level.choices)
    return ", ".join(names.get(level, level) for level in levels or [])


def kind_names(kinds: list) -> str:
    return ", ".join(kind_name(kind) for kind in kinds or [])


def seat_limits(max_seats: dict) -> str:
    return "; ".join(
        f"{FAMILY_NAMES.get(family, family)}: {seats} đại biểu"
        for family, seats in (max_seats or {}).items()
    )


def surplus_rows(surplus: dict) -> list[tuple[str, str]]:
    """(contest family, how many more candidates than seats, by seats)."""
    rows = []
    for family, table in (surplus or {}).items():
        numbered = sorted((int(k), v) for k, v in table.items() if k.isdigit())
        by_seats = [
            f"bầu {seats} đại biểu: nhiều hơn {extra} người"
            for seats, extra in numbered
        ]
        if "default" in table:
            other = "các trường hợp khác" if by_seats else "mọi đơn vị"
            by_seats.append(f"{other}: nhiều hơn {table['default']} người")
        rows.append((FAMILY_NAMES.get(family, family), "; ".join(by_seats)))
    return rows


def _in_order(keys, order: list) -> list:
    """The stored JSON's keys (PostgreSQL reorders them) in the order of `order`."""
    return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))


def entitlement_rows(entitlements: dict) -> list[tuple[str, str]]:
    entitlements = entitlements or {}
    return [
        (RESIDENCE_NAMES.get(residence, residence), kind_names(kinds) or "không")
        for residence in _in_order(entitlements, list(RESIDENCE_NAMES))
        for kinds in [entitlements[residence]]
    ]


def body_name(key: str) -> str:
    """`board:QH` -> "Ban bầu cử đại biểu Quốc hội"."""
    body, _, which = key.partition(":")
    name = BODY_NAMES.get(body, body)
    if body == "committee":
        return f"{name} {LEVEL_NAMES.get(which, which)}"
    if body == "board":
        return f"{name} đại biểu {kind_name(which)}"
    return f"{name} ở {TEAM_NAMES.get(which, which)}"


def body_size_rows(sizes: dict) -> list[tuple[str, str]]:
    keys = _in_order(sizes or {}, BODY_ORDER)
    return [(body_name(k), f"từ {sizes[k][0]} đến {sizes[k][1]} người") for k in keys]


def days_from_election(days: int) -> str:
    if days < 0:
        return f"{-days} ngày trước ngày bầu cử"
    if days > 0:
        return f"{days} ngày sau ngày bầu cử"
    return "ngày bầu cử"


def deadline_rows(deadlines: dict) -> list[tuple[str, str]]:
    by_day = sorted((deadlines or {}).items(), key=lambda item: int(item[1]))
    return [
        (DEADLINE_NAMES.get(key, key), days_from_election(int(days)))
        for key, days in by_day
    ]


def form_rows(forms: dict) -> list[tuple[str, str]]:
    """(printed number, title) of every form in the cycle's catalogue."""
    return [
        (row.get("number") or "không ghi số", row.get("title", ""))
        for row in (forms or {}).values()
    ]


def table(rows: list[tuple[str, str]]):
    """Two-column rows as a small HTML table for a read-only admin field."""
    if not rows:
        return "không có"
    body = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
    return format_html('<table class="cycle-rules">{}</table>', body)
