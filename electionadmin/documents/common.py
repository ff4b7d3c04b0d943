"""What every printed form shares: numbers and percentages as Vietnamese documents
print them, dates, the issuing body, its members and the signature blocks."""

import datetime
from decimal import Decimal

from electionadmin.figures import grouped, pct
from electionadmin.setup.models import BodyMember, ElectionBody

from . import catalogue

FOOTER_NOTE = "Nhất thiết không được tẩy xóa trên biên bản"
DOTS = "……"
ROLE_ORDER = {"chair": 0, "vice_chair": 1, "secretary": 2, "member": 3}
KIND_WORDS = {
    "QH": "đại biểu Quốc hội",
    "HDND_TINH": "đại biểu Hội đồng nhân dân",
    "HDND_HUYEN": "đại biểu Hội đồng nhân dân",
    "HDND_XA": "đại biểu Hội đồng nhân dân",
}


def num(value: int | None) -> str:
    """12345 -> "12.345"; a missing figure prints as dots to fill by hand."""
    if value is None:
        return DOTS
    return grouped(value)


def pct_vi(value: str) -> str:
    """ "99.85" -> "99,85" (the decimal comma of Vietnamese documents)."""
    return value.replace(".", ",")


def parts_of_100(parts: list[int], whole: int) -> list[str]:
    """Percentages of parts that make up `whole`, two decimals, half up, adjusted so
    they add up to exactly 100.00 (docs/DOMAIN.md §8.3): the last part takes the
    remainder."""
    if not whole or sum(parts) != whole:
        return [pct(p, whole) for p in parts]
    shown = [Decimal(pct(p, whole)) for p in parts[:-1]]
    return [f"{d:.2f}" for d in shown] + [f"{Decimal(100) - sum(shown):.2f}"]


def day_words(day: datetime.date | None) -> str:
    if day is None:
        return f"ngày {DOTS} tháng {DOTS} năm {DOTS}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def meeting_line(at: datetime.datetime | None, day: datetime.date | None) -> str:
    """ "Vào hồi … giờ … phút, ngày … tháng … năm …": filled when known."""
    if at is not None:
        return f"Vào hồi {at.hour:02d} giờ {at.minute:02d} phút, {day_words(at.date())}"
    return f"Vào hồi {DOTS} giờ {DOTS} phút, {day_words(day)}"


def contest_words(contest) -> str:
    """The election the minutes are about, e.g. "Bầu cử đại biểu Quốc hội khóa XV"."""
    cycle = contest.election.cycle
    if contest.kind == "QH":
        return f"Bầu cử đại biểu Quốc hội {cycle.na_term}".strip()
    return (
        f"Bầu cử đại biểu Hội đồng nhân dân {contest.council_unit.name} "
        f"{cycle.council_term}"
    ).strip()


def unit_words(unit) -> str:
    """The unit as the minutes name it, with its own name if it has one."""
    words = f"Đơn vị bầu cử số {unit.number}"
    return f"{words} ({unit.name})" if unit.name and unit.name != words else words


def place_words(commune) -> str:
    """ "Phường Tân Định, Quận 1, Thành phố Hồ Chí Minh"."""
    names, unit = [], commune
    while unit is not None:
        names.append(unit.name)
        unit = unit.parent
    return ", ".join(names)


def committee_body(election, admin_unit) -> ElectionBody | None:
    return (
        ElectionBody.objects.filter(
            election=election, kind="committee", admin_unit=admin_unit
        )
        .prefetch_related("members")
        .first()
    )


def members_of(body: ElectionBody | None) -> list[dict]:
    """The body's members, chair first, each with the title of their role."""
    if body is None:
        return []
    members = sorted(
        body.members.all(), key=lambda m: (ROLE_ORDER[m.role], m.position, m.pk)
    )
    titles = BodyMember.ROLE_TITLES.get(body.kind, {})
    return [
        {
            "name": m.full_name,
            "role": m.role,
            "title": titles.get(m.role, BodyMember.Role(m.role).label),
        }
        for m in members
    ]


def signatures(body: ElectionBody | None, kind: str, seal: bool) -> dict:
    """TM. <body> + the chair (name printed); vice-chairs (or the secretary)."""
    members = members_of(body)
    chair = next((m for m in members if m["role"] == "chair"), None)
    title = BodyMember.ROLE_TITLES[kind]["chair"]
    body_word = dict(ElectionBody.Kind.choices)[kind]
    others = [m for m in members if m["role"] == "vice_chair"]
    other_title = f"CÁC {BodyMember.ROLE_TITLES[kind]['vice_chair'].upper()}"
    if kind == "team":
        others = [m for m in members if m["role"] == "secretary"][:1]
        other_title = "THƯ KÝ"
    return {
        "on_behalf": f"TM. {body_word.upper()}",
        "chair_title": title.upper(),
        "chair_name": chair["name"] if chair else "",
        "how": "(Ký tên, đóng dấu)" if seal else "(Ký, ghi rõ họ tên)",
        "others_title": other_title,
        "others": [m["name"] for m in others],
        "witnesses": kind == "team",
    }


def base_context(election, key: str, issuing_body: str, issuing_sub: str) -> dict:
    """Header, title and footer every form template needs."""
    found = catalogue.entry(election.cycle, key)
    return {
        "form_key": key,
        "form_number": found["number"],
        "form_title": found["title"],
        "heading": found["title"].upper(),
        "issuing_body": issuing_body,
        "issuing_body_sub": issuing_sub,
        "footer_note": FOOTER_NOTE,
        "election": election,
        "election_name": election.name,
        "draft_note": "",
    }
