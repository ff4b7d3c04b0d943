"""Contests and their electoral units for HCMC 2021 (docs/DOMAIN.md §4.2, §9).

Real where published: the 10 National Assembly units, city council units 1–14 and
the 13 Thủ Đức units. Synthetic and deterministic elsewhere (see data/SOURCES.md).
"""

import csv
import random
from dataclasses import dataclass, field

from .names import DATA_DIR
from .places import CITY, RURAL_DISTRICTS, THU_DUC, Area, Unit

ELECTION_NAME_TAIL = "nhiệm kỳ 2021-2026"
# City council units 15–32 whose ward lists were not found: how many per district
# (Bình Tân's two is from the press; the rest is an assumption), in number order.
CITY_UNITS_PER_DISTRICT = {
    "764": 2,  # Gò Vấp
    "765": 2,  # Bình Thạnh
    "766": 2,  # Tân Bình
    "767": 1,  # Tân Phú
    "768": 1,  # Phú Nhuận
    "777": 2,  # Bình Tân
    "783": 2,  # Củ Chi
    "784": 2,  # Hóc Môn
    "785": 2,  # Bình Chánh
    "786": 1,  # Nhà Bè
    "787": 1,  # Cần Giờ
}
# Seats of each rural district council: 170 in all, as published for 2021.
RURAL_COUNCIL_SEATS = {"783": 35, "784": 35, "785": 35, "786": 35, "787": 30}


@dataclass
class ElectoralUnit:
    kind: str
    council: str  # administrative unit code, "" for QH
    number: int
    seats: int
    covers: list[str]  # unit codes or voting-area keys
    areas: list[Area] = field(default_factory=list)

    @property
    def key(self) -> str:
        contest = self.kind if not self.council else f"{self.kind}:{self.council}"
        return f"{contest}#{self.number}"


@dataclass
class Contest:
    kind: str
    council: Unit | None
    units: list[ElectoralUnit]

    @property
    def name(self) -> str:
        if self.council is None:
            return "Bầu cử đại biểu Quốc hội khóa XV"
        return f"Bầu cử đại biểu HĐND {self.council.name} {ELECTION_NAME_TAIL}"


def _csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def make_contests(units: list[Unit], areas: list[Area], seed: str) -> list[Contest]:
    rng = random.Random(f"{seed}:contests")
    by_code = {u.code: u for u in units}
    wards = _children(units)
    contests = [
        Contest("QH", None, _qh_units()),
        Contest("HDND_TINH", by_code[CITY], _city_units(wards)),
        Contest("HDND_HUYEN", by_code[THU_DUC], _thu_duc_units()),
    ]
    for code in RURAL_DISTRICTS:
        council_units = _split_seats(
            "HDND_HUYEN", code, wards[code], RURAL_COUNCIL_SEATS[code]
        )
        contests.append(Contest("HDND_HUYEN", by_code[code], council_units))
    areas_of = _children_areas(areas)
    for code in RURAL_DISTRICTS:
        for commune in wards[code]:
            council_units = _commune_units(commune, areas_of[commune], rng)
            contests.append(Contest("HDND_XA", by_code[commune], council_units))
    _attach_areas(contests, areas)
    return contests


def _children(units: list[Unit]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for unit in units:
        if unit.parent_code:
            children.setdefault(unit.parent_code, []).append(unit.code)
    return children


def _children_areas(areas: list[Area]) -> dict[str, list[Area]]:
    found: dict[str, list[Area]] = {}
    for area in areas:
        found.setdefault(area.commune.code, []).append(area)
    return found


def _qh_units() -> list[ElectoralUnit]:
    return [
        ElectoralUnit(
            "QH",
            "",
            int(r["unit_no"]),
            int(r["seats"]),
            r["district_codes_2021"].split(),
        )
        for r in _csv("hcmc_na15_2021_units.csv")
    ]


def _city_units(wards: dict[str, list[str]]) -> list[ElectoralUnit]:
    rows = _csv("hcmc_hdnd_2021_units.csv")
    covers = {int(r["unit_no"]): r["ward_codes_2021"].split() for r in rows}
    number = 1 + max(n for n, codes in covers.items() if codes)
    for district, count in CITY_UNITS_PER_DISTRICT.items():
        for chunk in _chunks(wards[district], count):
            covers[number] = chunk
            number += 1
    return [
        ElectoralUnit(
            "HDND_TINH",
            CITY,
            int(r["unit_no"]),
            int(r["seats"]),
            covers[int(r["unit_no"])],
        )
        for r in rows
    ]


def _thu_duc_units() -> list[ElectoralUnit]:
    return [
        ElectoralUnit(
            "HDND_HUYEN",
            THU_DUC,
            int(r["unit_no"]),
            int(r["seats"]),
            r["ward_codes_2021"].split(),
        )
        for r in _csv("thuduc_hdnd_2021_units.csv")
    ]


def _split_seats(kind, council, covers, total) -> list[ElectoralUnit]:
    """Units of about 3 seats (at most 5) over runs of communes, `total` in all."""
    count = min(len(covers), -(-total // 3))
    seats = [total // count + (i < total % count) for i in range(count)]
    return [
        ElectoralUnit(kind, council, number, seat, chunk)
        for number, (seat, chunk) in enumerate(
            zip(seats, _chunks(covers, count), strict=True), start=1
        )
    ]


def _commune_units(commune: str, areas: list[Area], rng) -> list[ElectoralUnit]:
    count = rng.randint(1, 3)
    return [
        ElectoralUnit(
            "HDND_XA", commune, number, rng.randint(3, 5), [a.key for a in chunk]
        )
        for number, chunk in enumerate(_chunks(areas, count), start=1)
    ]


def _chunks(items: list, count: int) -> list[list]:
    """`items` cut into `count` runs of near-equal length, in order."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for i in range(count):
        end = start + size + (i < extra)
        runs.append(items[start:end])
        start = end
    return runs


def _attach_areas(contests: list[Contest], areas: list[Area]) -> None:
    """Which voting areas each unit covers (a unit may list districts or wards)."""
    for contest in contests:
        owner = {}
        for unit in contest.units:
            for item in unit.covers:
                owner[item] = unit
        for area in areas:
            district = area.commune.parent_code
            for key in (area.key, area.commune.code, district):
                if key in owner:
                    owner[key].areas.append(area)
                    break
