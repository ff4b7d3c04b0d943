"""The rehearsal election (diễn tập): a small election for trainers, dated from today.

Three wards of Ho Chi Minh City as they stand since 2025-07-01 (Tân Định, Sài Gòn,
Bến Thành, demo/data/hcmc_admin_2025.csv), each electing its People's Council in two
units of 3 seats, 4 voting areas per ward, a synthetic voter list (about 300 voters
an area). Election day is `DAYS_AHEAD` days after today (Asia/Ho_Chi_Minh), under the
2026 rules, so the voter list's change deadlines are still open and trainers can show
additions, removals and transfers before them. Everything but the wards is made up,
as in the rest of the demo (data/SOURCES.md); the election is marked `is_rehearsal`.

    write_rehearsal(folder, today) writes the set-up workbook (one CSV per sheet)
    into folder/bau-cu and folder/voters.csv; load_demo imports them with the real
    importers.
"""

import csv
import datetime
import random
from pathlib import Path

from django.utils import timezone

from .contests import Contest, ElectoralUnit
from .names import DATA_DIR
from .people import candidate_rows
from .places import Unit, _commune_areas
from .voters import COLUMNS as VOTER_COLUMNS
from .voters import _Maker
from .workbook import COLUMNS, area_rows, unit_rows

CODE = "DIENTAP"
SEED = "DIENTAP"
DAYS_AHEAD = 20
CITY = "79"
WARDS = ("26737", "26740", "26743")  # Tân Định, Sài Gòn, Bến Thành (2025 codes)
AREAS_PER_WARD = 4
UNITS_PER_WARD, SEATS_PER_UNIT = 2, 3
VOTERS_PER_AREA = (250, 350)


def election_day(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=DAYS_AHEAD)


def _units() -> list[Unit]:
    with open(DATA_DIR / "hcmc_admin_2025.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["code"] in (CITY, *WARDS)]
    return [Unit(r["code"], r["name"], r["level"], r["parent_code"]) for r in rows]


def build_rehearsal(today: datetime.date | None = None) -> tuple[dict, list]:
    """The workbook {sheet: rows} and the voting areas."""
    units = _units()
    by_code = {u.code: u for u in units}
    rng = random.Random(f"{SEED}:areas")
    areas = {
        code: _commune_areas(by_code[code], by_code[CITY], AREAS_PER_WARD, rng)
        for code in WARDS
    }
    contests = []
    for code in WARDS:
        ward_units = []
        for number in range(1, UNITS_PER_WARD + 1):
            mine = areas[code][number - 1 :: UNITS_PER_WARD]
            covers = [a.key for a in mine]
            unit = ElectoralUnit("HDND_XA", code, number, SEATS_PER_UNIT, covers, mine)
            ward_units.append(unit)
        contests.append(Contest("HDND_XA", by_code[code], ward_units))
    day = election_day(today)
    return {
        "election": [
            {
                "code": CODE,
                "name": "Diễn tập bầu cử đại biểu HĐND phường (tập huấn), ngày "
                f"{day:%d/%m/%Y}",
                "election_date": day.isoformat(),
                "cycle": "2026",
                "province_code": CITY,
                "polls_open": "07:00",
                "polls_close": "19:00",
                "turnout_slots": "09:00;11:00;15:00;19:00",
            }
        ],
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "parent_code": u.parent_code,
                "has_council": "có" if u.code in WARDS else "không",
            }
            for u in units
        ],
        "contests": [
            {
                "kind": c.kind,
                "council_unit_code": c.council.code,
                "name": f"Diễn tập bầu cử đại biểu HĐND {c.council.name}",
                "total_seats": sum(unit.seats for unit in c.units),
            }
            for c in contests
        ],
        "electoral_units": unit_rows(contests),
        "voting_areas": area_rows(a for code in WARDS for a in areas[code]),
        "candidates": candidate_rows(contests, by_code, SEED),
        "members": [],
    }, [a for code in WARDS for a in areas[code]]


def voter_rows(areas) -> list[dict]:
    maker = _Maker(SEED)
    rows: list[dict] = []
    for area in areas:
        count = maker.rng.randint(*VOTERS_PER_AREA)
        listed, number = 0, 0
        while listed < count:
            number += 1
            size = min(maker.rng.choices(*maker.sizes)[0], count - listed)
            key = f"DT{area.commune.code}-{area.number:02d}-{number:04d}"
            household = maker.household(area, key, size)
            rows += household
            listed += len(household)
    for row in rows:  # not the main demo's ids: another place in the serial range
        row["citizen_id"] = row["citizen_id"][:6] + "9" + row["citizen_id"][7:]
    return rows


def write_rehearsal(folder: str | Path, today: datetime.date | None = None) -> dict:
    """The workbook into folder/bau-cu, voters.csv into folder; each sheet's rows."""
    folder = Path(folder)
    (folder / "bau-cu").mkdir(parents=True, exist_ok=True)
    workbook, areas = build_rehearsal(today)
    sheets = {**workbook, "voters": voter_rows(areas)}
    columns = {**COLUMNS, "voters": VOTER_COLUMNS}
    for sheet, rows in sheets.items():
        name = "voters.csv" if sheet == "voters" else f"bau-cu/{sheet}.csv"
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, columns[sheet], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return {sheet: len(rows) for sheet, rows in sheets.items()}
