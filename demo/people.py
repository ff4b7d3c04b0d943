"""Synthetic candidates and members of the election bodies.

Counts follow the law as configured for the 2021 cycle: the legal minimum of
candidates per unit; committees and boards of a size within the cycle's
`body_sizes`; teams of `team_size` members (11, the least the law allows).
"""

import datetime
import random
from types import SimpleNamespace

from electionadmin.setup import rules
from electionadmin.setup.cycle_defaults import CYCLES

from .contests import Contest, ElectoralUnit
from .names import FEMALE, NameMaker
from .places import Area, Unit

CYCLE = SimpleNamespace(**next(c for c in CYCLES if c["code"] == "2021"))
BODY_SIZES = CYCLE.body_sizes
FIRST_BIRTH, LAST_BIRTH = datetime.date(1960, 1, 1), datetime.date(1990, 12, 31)

HOMETOWNS = ["Thành phố Hồ Chí Minh"] * 6 + [
    "Tỉnh Long An",
    "Tỉnh Tiền Giang",
    "Tỉnh Bến Tre",
    "Tỉnh Đồng Tháp",
    "Tỉnh Vĩnh Long",
    "Tỉnh Tây Ninh",
    "Tỉnh Quảng Ngãi",
    "Tỉnh Quảng Nam",
    "Tỉnh Bình Định",
    "Tỉnh Nghệ An",
    "Tỉnh Hà Tĩnh",
    "Tỉnh Thái Bình",
    "Thành phố Hà Nội",
]
ETHNICITIES = ["Kinh"] * 46 + ["Hoa"] * 3 + ["Khmer"]
RELIGIONS = ["Không"] * 40 + ["Phật giáo"] * 6 + ["Công giáo"] * 3 + ["Cao Đài"]
EDUCATION = [
    "12/12; Cử nhân Luật; Cao cấp lý luận chính trị",
    "12/12; Thạc sĩ Quản lý công; Cao cấp lý luận chính trị",
    "12/12; Tiến sĩ Kinh tế; Cao cấp lý luận chính trị",
    "12/12; Kỹ sư Xây dựng; Trung cấp lý luận chính trị",
    "12/12; Bác sĩ chuyên khoa I; Trung cấp lý luận chính trị",
    "12/12; Cử nhân Sư phạm; Trung cấp lý luận chính trị",
    "12/12; Cử nhân Kinh tế",
]
# Ordinary jobs only: no office held by a single real person.
JOBS = [
    ("Chuyên viên", "Ủy ban nhân dân {district}"),
    ("Giáo viên", "Trường Trung học phổ thông trên địa bàn {district}"),
    ("Bác sĩ", "Bệnh viện {district}"),
    ("Kỹ sư", "Công ty trách nhiệm hữu hạn trên địa bàn {district}"),
    ("Cán bộ", "Ủy ban Mặt trận Tổ quốc Việt Nam {district}"),
    ("Cán bộ", "Hội Liên hiệp Phụ nữ {district}"),
    ("Công chức", "Ủy ban nhân dân {commune}"),
    ("Giảng viên", "Trường đại học công lập tại Thành phố Hồ Chí Minh"),
    ("Chủ hộ kinh doanh", "{commune}, {district}"),
]
# Roles after the chair; everyone else is a member (ủy viên).
COMMITTEE_ROLES = ("vice_chair", "vice_chair")
BOARD_ROLES = ("vice_chair", "secretary")  # teams too: Tổ phó, Thư ký
PHONE_PREFIXES = ["090", "093", "097", "098", "091", "094", "088", "070", "079"]


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return datetime.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def candidate_rows(contests: list[Contest], units: dict[str, Unit], seed: str):
    names = NameMaker(f"{seed}:candidates", female_share=0.4)
    rows = []
    for contest in contests:
        for unit in contest.units:
            count = rules.min_candidates(CYCLE, unit.kind, unit.seats)
            for full_name, gender in names.people(count):
                person = _candidate(unit, full_name, gender, units, names.rng)
                rows.append(person)
    return rows


def _candidate(unit: ElectoralUnit, full_name, gender, units, rng) -> dict:
    birth = _day(rng, FIRST_BIRTH, LAST_BIRTH)
    commune = rng.choice(unit.areas).commune
    district = units[commune.parent_code]
    job, workplace = rng.choice(JOBS)
    joined = ""
    if rng.random() < 0.7:
        start = birth + datetime.timedelta(days=22 * 366)  # aged 22 or more
        joined = _day(rng, start, datetime.date(2020, 12, 31)).isoformat()
    return {
        "kind": unit.kind,
        "council_unit_code": unit.council,
        "unit_number": unit.number,
        "full_name": full_name,
        "birth_date": birth.isoformat(),
        "gender": "Nữ" if gender == FEMALE else "Nam",
        "ethnicity": rng.choice(ETHNICITIES),
        "religion": rng.choice(RELIGIONS),
        "hometown": rng.choice(HOMETOWNS),
        "residence": f"{commune.name}, {district.name}, Thành phố Hồ Chí Minh",
        "occupation": job,
        "workplace": workplace.format(district=district.name, commune=commune.name),
        "education": rng.choice(EDUCATION),
        "party_join_date": joined,
        "is_incumbent_na": "x" if unit.kind == "QH" and rng.random() < 0.2 else "",
        "is_incumbent_council": "x" if rng.random() < 0.15 else "",
        "ballot_order": "",  # the importer applies the legal alphabetical order
    }


def member_rows(units, contests, areas, seed: str, team_size: int = 11):
    """Committees (city, districts, communes), a board per unit, a team per area."""
    names = NameMaker(f"{seed}:members")
    rng = random.Random(f"{seed}:member-sizes")
    rows = []
    for unit in units:
        size = rng.randint(*BODY_SIZES[f"committee:{unit.level}"])
        rows += _body(f"committee:{unit.code}", size, COMMITTEE_ROLES, names)
    for contest in contests:
        for unit in contest.units:
            size = rng.randint(*BODY_SIZES[f"board:{unit.kind}"])
            rows += _body(f"board:{unit.key}", size, BOARD_ROLES, names)
    for area in areas:
        size = _team_size(area, team_size)
        rows += _body(f"team:{area.key}", size, BOARD_ROLES, names)
    return rows


def _team_size(area: Area, team_size: int) -> int:
    low, high = BODY_SIZES.get(f"team:{area.area_type}", BODY_SIZES["team:normal"])
    return min(max(team_size, low), high)


def _body(body: str, size: int, roles: tuple[str, ...], names: NameMaker) -> list:
    roles = ("chair", *roles)
    return [
        {
            "body": body,
            "full_name": full_name,
            "role": roles[i] if i < len(roles) else "member",
            "phone": _phone(names.rng),
        }
        for i, (full_name, _) in enumerate(names.people(size))
    ]


def _phone(rng) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"
