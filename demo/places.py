"""Administrative units (real) and voting areas with polling places (synthetic)."""

import csv
import random
from dataclasses import dataclass

from .names import DATA_DIR

CITY = "79"
THU_DUC = "769"
RURAL_DISTRICTS = ("783", "784", "785", "786", "787")  # Củ Chi … Cần Giờ
COUNCIL_DISTRICTS = (THU_DUC, *RURAL_DISTRICTS)
AREAS_PER_COMMUNE = (8, 22)

# Public names that schools across the city carry.
SCHOOL_NAMES = [
    "Lê Văn Tám",
    "Nguyễn Bỉnh Khiêm",
    "Trần Quốc Toản",
    "Kim Đồng",
    "Võ Thị Sáu",
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Chu Văn An",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
    "Nguyễn Trãi",
    "Phan Bội Châu",
    "Hai Bà Trưng",
    "Lương Thế Vinh",
    "Đinh Tiên Hoàng",
    "Ngô Quyền",
    "Nguyễn Văn Trỗi",
    "Trương Định",
    "Phan Chu Trinh",
    "Nguyễn Đình Chiểu",
    "Bùi Thị Xuân",
    "Trần Quang Khải",
    "Lê Lợi",
    "Huỳnh Thúc Kháng",
]
KINDERGARTEN_NAMES = ["Hoa Sen", "Sơn Ca", "Họa Mi", "Hoa Mai", "Vành Khuyên"]
KINDERGARTEN_NAMES += ["Hướng Dương", "Tuổi Thơ", "Bông Hồng", "Măng Non"]


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent_code: str

    @property
    def is_rural(self) -> bool:
        return self.name.startswith("Xã ")


@dataclass
class Area:
    commune: Unit
    number: int
    name: str
    polling_place: str
    area_type: str = "normal"

    @property
    def key(self) -> str:
        return f"{self.commune.code}/{self.number}"


def load_units() -> list[Unit]:
    with open(DATA_DIR / "hcmc_admin_2021.csv", encoding="utf-8", newline="") as f:
        return [
            Unit(r["code"], r["name"], r["level"], r["parent_code"])
            for r in csv.DictReader(f)
        ]


def has_council(unit: Unit) -> bool:
    """HCMC 2021 ran the urban-government model: no HĐND in quận and phường."""
    if unit.level == "province":
        return True
    if unit.level == "district":
        return unit.code in COUNCIL_DISTRICTS
    return unit.parent_code in RURAL_DISTRICTS


def make_areas(units: list[Unit], seed: str) -> list[Area]:
    rng = random.Random(f"{seed}:areas")
    by_code = {u.code: u for u in units}
    communes = [u for u in units if u.level == "commune"]
    areas = []
    for commune in communes:
        count = rng.randint(*AREAS_PER_COMMUNE)
        areas += _commune_areas(commune, by_code[commune.parent_code], count, rng)
    _mark_special(areas, by_code, rng)
    return areas


def _commune_areas(commune: Unit, district: Unit, count: int, rng) -> list[Area]:
    places = _places(commune, count, rng)
    areas, group, street_group = [], 0, 0
    for number in range(1, count + 1):
        if number == 1 or rng.random() < 0.6:
            group += 1
        if commune.is_rural:
            name = f"Ấp {group}"
        else:
            first = street_group + 1
            street_group += rng.randint(4, 9)
            name = f"Khu phố {group}, tổ dân phố {first} đến {street_group}"
        place = places[number - 1].format(group=group)
        areas.append(Area(commune, number, name, place))
    return areas


def _places(commune: Unit, count: int, rng) -> list[str]:
    """One polling place per area: schools, cultural houses, the ward hall."""
    hamlet = "ấp" if commune.is_rural else "khu phố"
    schools = [f"Trường Tiểu học {n}" for n in rng.sample(SCHOOL_NAMES, 4)]
    schools += [f"Trường Trung học cơ sở {n}" for n in rng.sample(SCHOOL_NAMES, 2)]
    schools += [f"Trường Mầm non {n}" for n in rng.sample(KINDERGARTEN_NAMES, 2)]
    places = [f"Hội trường Ủy ban nhân dân {commune.name}"]
    while len(places) < count:
        roll = rng.random()
        if roll < 0.35 and schools:
            places.append(schools.pop())
        elif roll < 0.8:
            places.append(f"Nhà văn hóa {hamlet} {{group}}")
        else:
            places.append(f"Trụ sở Ban điều hành {hamlet} {{group}}")
    return places


def _mark_special(areas: list[Area], by_code: dict[str, Unit], rng) -> None:
    """A handful of separate areas: district hospitals and armed-forces units."""
    last_of_commune = {area.commune.code: area for area in areas}
    by_district: dict[str, list[Area]] = {}
    for area in last_of_commune.values():
        by_district.setdefault(area.commune.parent_code, []).append(area)
    for code in rng.sample(sorted(by_district), 12):
        area = rng.choice(by_district[code])
        district = by_code[code]
        area.area_type = "hospital"
        area.name = f"Khu vực bỏ phiếu riêng tại Bệnh viện {district.name}"
        area.polling_place = f"Bệnh viện {district.name}"
    normal = [a for a in last_of_commune.values() if a.area_type == "normal"]
    for area in rng.sample(normal, 8):
        area.area_type = "armed_forces"
        area.name = "Khu vực bỏ phiếu riêng của đơn vị vũ trang nhân dân"
        area.polling_place = "Hội trường đơn vị quân đội đóng quân trên địa bàn"
