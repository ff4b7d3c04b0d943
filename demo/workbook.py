"""The HCMC 2021 set-up workbook (docs/EXCHANGE.md §1), built deterministically.

    build_workbook() -> {sheet: [row, …]}
    write_workbook(folder) writes one <sheet>.csv per sheet, ready for import_election.

The same seed always gives byte-identical files.
"""

import csv
from pathlib import Path

from .contests import make_contests
from .people import candidate_rows, member_rows
from .places import CITY, has_council, load_units, make_areas

SEED = "HCM-2021"
ELECTION = {
    "code": "HCM-2021",
    "name": "Bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp "
    "nhiệm kỳ 2021-2026 tại TP. Hồ Chí Minh",
    "election_date": "2021-05-23",
    "cycle": "2021",
    "province_code": CITY,
    "polls_open": "07:00",
    "polls_close": "19:00",
    "turnout_slots": "09:00;11:00;15:00;19:00",
}
COLUMNS = {
    "election": list(ELECTION),
    "units": ["code", "name", "level", "parent_code", "has_council"],
    "contests": ["kind", "council_unit_code", "name", "total_seats"],
    "electoral_units": ["kind", "council_unit_code", "number", "seats", "covers"]
    + ["name"],
    "voting_areas": ["commune_code", "area_number", "name", "polling_place"]
    + ["area_type"],
    "candidates": [
        "kind",
        "council_unit_code",
        "unit_number",
        "full_name",
        "birth_date",
        "gender",
        "ethnicity",
        "religion",
        "hometown",
        "residence",
        "occupation",
        "workplace",
        "education",
        "party_join_date",
        "is_incumbent_na",
        "is_incumbent_council",
        "ballot_order",
    ],
    "members": ["body", "full_name", "role", "phone"],
}


def unit_rows(contests) -> list[dict]:
    """The `electoral_units` sheet of these contests."""
    return [
        {
            "kind": unit.kind,
            "council_unit_code": unit.council,
            "number": unit.number,
            "seats": unit.seats,
            "covers": ";".join(unit.covers),
            "name": f"Đơn vị bầu cử số {unit.number}",
        }
        for c in contests
        for unit in c.units
    ]


def area_rows(areas) -> list[dict]:
    """The `voting_areas` sheet of these areas."""
    return [
        {
            "commune_code": a.commune.code,
            "area_number": a.number,
            "name": a.name,
            "polling_place": a.polling_place,
            "area_type": a.area_type,
        }
        for a in areas
    ]


def build_workbook(seed: str = SEED, team_size: int = 11) -> dict[str, list[dict]]:
    units = load_units()
    by_code = {u.code: u for u in units}
    areas = make_areas(units, seed)
    contests = make_contests(units, areas, seed)
    return {
        "election": [ELECTION],
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "parent_code": u.parent_code,
                "has_council": "có" if has_council(u) else "không",
            }
            for u in units
        ],
        "contests": [
            {
                "kind": c.kind,
                "council_unit_code": c.council.code if c.council else "",
                "name": c.name,
                "total_seats": sum(unit.seats for unit in c.units),
            }
            for c in contests
        ],
        "electoral_units": unit_rows(contests),
        "voting_areas": area_rows(areas),
        "candidates": candidate_rows(contests, by_code, seed),
        "members": member_rows(units, contests, areas, seed, team_size),
    }


def write_workbook(
    folder: str | Path, seed: str = SEED, team_size: int = 11
) -> dict[str, int]:
    """Write the CSV folder; returns the row count of each sheet."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    workbook = build_workbook(seed, team_size)
    for sheet, rows in workbook.items():
        with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, COLUMNS[sheet], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return {sheet: len(rows) for sheet, rows in workbook.items()}
