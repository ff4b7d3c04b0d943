"""A synthetic voter list (docs/EXCHANGE.md §2) for the wards of Quận 1, deterministic.

    voter_rows() -> [row, …]       every voting area of the wards: 300–1,200 voters
    write_voters(folder) -> count  writes <folder>/voters.csv, ready for import_voters

Households of 1–6 share an address and a household key, head first; everyone is 18 or
older on election day; citizen IDs follow the real structure (birth province 079,
century/gender digit, two digits of the birth year, a serial) and are unique. Every
person is made up. The same seed always gives a byte-identical file.
"""

import csv
import datetime
from pathlib import Path

from .names import FEMALE, MALE, NameMaker
from .people import ETHNICITIES
from .places import load_units, make_areas

QUAN_1 = "760"
ELECTION_DAY = datetime.date(2021, 5, 23)
# The youngest voter turns 18 on election day at the latest.
LAST_BIRTH = ELECTION_DAY.replace(year=ELECTION_DAY.year - 18)
FIRST_BIRTH = datetime.date(1930, 1, 1)
VOTERS_PER_AREA = (300, 1200)
HOUSEHOLD_SIZES = {1: 14, 2: 22, 3: 25, 4: 20, 5: 12, 6: 7}
RESIDENCES = {"permanent": 86, "temporary_12m_plus": 8, "temporary_under_12m": 6}
COLUMNS = [
    "citizen_id",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "residence",
    "commune_code",
    "area_number",
    "household",
    "note",
]
# Streets of Quận 1 (public names); house numbers are made up.
STREETS = [
    "Hai Bà Trưng",
    "Trần Quang Khải",
    "Đinh Tiên Hoàng",
    "Nguyễn Đình Chiểu",
    "Điện Biên Phủ",
    "Lê Duẩn",
    "Nguyễn Thị Minh Khai",
    "Pasteur",
    "Nam Kỳ Khởi Nghĩa",
    "Lê Thánh Tôn",
    "Lý Tự Trọng",
    "Nguyễn Huệ",
    "Đồng Khởi",
    "Lê Lợi",
    "Hàm Nghi",
    "Tôn Đức Thắng",
    "Calmette",
    "Nguyễn Thái Học",
    "Phạm Ngũ Lão",
    "Bùi Viện",
    "Đề Thám",
    "Cô Giang",
    "Cô Bắc",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Nguyễn Cư Trinh",
    "Trần Đình Xu",
    "Bến Chương Dương",
    "Võ Văn Kiệt",
    "Mạc Đĩnh Chi",
]
HOMETOWNS = ["Tỉnh Long An", "Tỉnh Tiền Giang", "Tỉnh Bến Tre", "Tỉnh Đồng Tháp"]
HOMETOWNS += ["Tỉnh Quảng Ngãi", "Tỉnh Bình Định", "Tỉnh Nghệ An", "Tỉnh Thái Bình"]
HOMETOWNS += ["Thành phố Hà Nội", "Thành phố Cần Thơ", "Tỉnh Đồng Nai"]
JOBS = ["Buôn bán"] * 6 + ["Công nhân"] * 4 + ["Nhân viên văn phòng"] * 5
JOBS += ["Lao động tự do"] * 4 + ["Nội trợ"] * 3 + ["Giáo viên", "Kỹ sư", "Bác sĩ"]
JOBS += ["Kế toán", "Tài xế", "Thợ may", "Công chức", "Kinh doanh"]


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return datetime.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _years(date: datetime.date, years: int) -> datetime.date:
    return date.replace(year=date.year + years, day=min(date.day, 28))


class _Maker:
    def __init__(self, seed: str):
        self.names = NameMaker(f"{seed}:voters")
        self.rng = self.names.rng
        self.serial = 0
        self.sizes = (list(HOUSEHOLD_SIZES), list(HOUSEHOLD_SIZES.values()))
        self.residences = (list(RESIDENCES), list(RESIDENCES.values()))

    def household(self, area, key: str, size: int) -> list[dict]:
        rng = self.rng
        ward = area.commune.name
        street = f"{rng.randint(1, 250)} {rng.choice(STREETS)}"
        quarter = area.name.split(",")[0] if area.area_type == "normal" else ""
        home = ", ".join(part for part in (street, quarter, ward) if part)
        residence = rng.choices(*self.residences)[0]
        if area.area_type == "armed_forces":
            residence = "armed_forces"
        permanent, temporary = home, ""
        if residence.startswith("temporary"):
            permanent, temporary = f"{rng.choice(HOMETOWNS)}", home
        ethnicity = rng.choice(ETHNICITIES)
        head_gender = MALE if rng.random() < 0.7 else FEMALE
        head_born = _day(rng, datetime.date(1940, 1, 1), datetime.date(1990, 12, 31))
        people = [(head_gender, head_born, "head")]
        for i in range(1, size):
            if i == 1 and rng.random() < 0.8:
                gender = FEMALE if head_gender == MALE else MALE
                first, last = _years(head_born, -6), _years(head_born, 6)
                role = "spouse"
            else:
                role = "child"
                gender = self.names.gender()
                first, last = _years(head_born, 20), _years(head_born, 42)
                if first > LAST_BIRTH:  # a young head: siblings, not children
                    first, last = _years(head_born, -8), _years(head_born, 8)
            born = _day(rng, first, min(last, LAST_BIRTH))
            people.append((gender, born, role))
        family = ""
        rows = []
        for gender, born, role in people:
            name = self.names.full_name(gender)
            if role == "head":
                family = name.split()[0]
            elif role == "child" and head_gender == MALE:
                name = " ".join([family, *name.split()[1:]])  # the father's name
            rows.append(self._row(area, key, gender, born, name, ethnicity))
            rows[-1].update(
                permanent_address=permanent,
                temporary_address=temporary,
                residence=residence,
            )
        return rows

    def _row(self, area, key, gender, born, name, ethnicity) -> dict:
        self.serial += 1
        century = 0 if born.year < 2000 else 2
        digit = century + (1 if gender == FEMALE else 0)
        age = (ELECTION_DAY - born).days // 365
        if age >= 62 and self.rng.random() < 0.7:
            job = "Hưu trí"
        elif age <= 22 and self.rng.random() < 0.7:
            job = "Sinh viên"
        else:
            job = self.rng.choice(JOBS)
        return {
            "citizen_id": f"079{digit}{born.year % 100:02d}{self.serial:06d}",
            "full_name": name,
            "birth_date": born.isoformat(),
            "gender": "Nữ" if gender == FEMALE else "Nam",
            "ethnicity": ethnicity,
            "occupation": job,
            "commune_code": area.commune.code,
            "area_number": area.number,
            "household": key,
            "note": "",
        }


def voter_wards(units=None) -> list[str]:
    """The wards of Quận 1 (the communes whose parent is 760)."""
    units = units if units is not None else load_units()
    return [u.code for u in units if u.level == "commune" and u.parent_code == QUAN_1]


def voter_rows(seed: str, wards: list[str] | None = None) -> list[dict]:
    units = load_units()
    wards = set(wards if wards is not None else voter_wards(units))
    maker = _Maker(seed)
    rows: list[dict] = []
    for area in make_areas(units, seed):
        if area.commune.code not in wards:
            continue
        count = maker.rng.randint(*VOTERS_PER_AREA)
        listed, number = 0, 0
        while listed < count:
            number += 1
            size = min(maker.rng.choices(*maker.sizes)[0], count - listed)
            key = f"HK{area.commune.code}-{area.number:02d}-{number:04d}"
            household = maker.household(area, key, size)
            rows += household
            listed += len(household)
    return rows


def write_voters(folder: str | Path, seed: str, wards: list[str] | None = None) -> int:
    """Write <folder>/voters.csv; returns its row count."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = voter_rows(seed, wards)
    with open(folder / "voters.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
