"""Write the tiny election set-up workbooks the importer tests run on.

Usage: .venv/bin/python tests/data/make_workbooks.py

One clean 2021 workbook (a slice of Ho Chi Minh City: two districts, three wards,
five voting areas, three contests) as a CSV folder, an .xlsx with real typed cells
and a .zip; then one CSV folder per rule, each differing from the clean one in one
place. The output is committed; rerun this after changing it.
"""

import copy
import csv
import datetime
import shutil
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent / "election"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from importers.workbook import ELECTION_SHEETS, HEADERS  # noqa: E402

SPECS = {spec.name: spec for spec in ELECTION_SHEETS}
CANDIDATES = {
    ("QH", "", 1): [
        ("Hoàng Minh Đức", "1972-05-05", "Nam"),
        ("Phạm Văn Dũng", "1980-11-11", "Nam"),
        ("Lê Văn Bình", "20/07/1968", "Nam"),
        ("Trần Thị Ánh", "1975-03-02", "Nữ"),
        ("Nguyễn Văn An", "1970-01-15", "Nam"),
    ],
    ("QH", "", 2): [
        ("Võ Thị Hoa", "1978-02-14", "Nữ"),
        ("Đặng Văn Hùng", "1969", "Nam"),
        ("Bùi Thị Lan", "04/1983", "Nữ"),
        ("Đỗ Quang Minh", "1974-09-30", "Nam"),
    ],
    ("HDND_TINH", "79", 1): [
        ("Ngô Thị Mai", "1981-06-01", "Nữ"),
        ("Dương Văn Nam", "1966-12-24", "Nam"),
        ("Lý Thị Ngọc", "1985-08-08", "Nữ"),
        ("Huỳnh Văn Phúc", "1979-10-10", "Nam"),
        ("Phan Thị Quỳnh", "1988-04-04", "Nữ"),
    ],
    ("HDND_TINH", "79", 2): [
        ("Trương Văn Sơn", "1971-03-03", "Nam"),
        ("Mai Thị Thu", "1984-11-20", "Nữ"),
        ("Cao Văn Tài", "1976-07-07", "Nam"),
    ],
    ("HDND_XA", "26734", 1): [
        ("Lâm Thị Uyên", "1990-01-01", "Nữ"),
        ("Tô Văn Vinh", "1987-05-19", "Nam"),
        ("Hồ Thị Xuân", "1983-02-02", "Nữ"),
    ],
    ("HDND_XA", "26734", 2): [
        ("Châu Văn Yên", "1975-12-12", "Nam"),
        ("Kiều Thị Yến", "1982-06-06", "Nữ"),
    ],
}


def rows(header: str, *lines: str) -> list[dict]:
    keys = header.split(",")
    return [dict(zip(keys, line.split(","), strict=True)) for line in lines]


def candidate_rows() -> list[dict]:
    return [
        {
            "kind": kind,
            "council_unit_code": council,
            "unit_number": str(number),
            "full_name": name,
            "birth_date": born,
            "gender": gender,
            "ethnicity": "Kinh",
            "occupation": "Cán bộ",
            "is_incumbent_na": "",
            "ballot_order": "",
        }
        for (kind, council, number), people in CANDIDATES.items()
        for name, born, gender in people
    ]


CLEAN = {
    "election": rows(
        "code,name,election_date,cycle,polls_open,polls_close,turnout_slots",
        "TEST-2021,Bầu cử thử nghiệm 2021,2021-05-23,2021,07:00,19:00,"
        "09:00;11:00;15:00;19:00",
    ),
    "units": rows(
        "code,name,level,parent_code,has_council",
        "79,Thành phố Hồ Chí Minh,province,,",
        "760,Quận 1,district,79,không",
        "770,Quận 3,district,79,không",
        "26734,Phường Tân Định,commune,760,",
        "26737,Phường Đa Kao,commune,760,",
        "27127,Phường 14,commune,770,",
    ),
    "contests": rows(
        "kind,council_unit_code,name,total_seats",
        "QH,,Bầu cử đại biểu Quốc hội khóa XV,5",
        "HDND_TINH,79,Bầu cử đại biểu HĐND Thành phố Hồ Chí Minh,5",
        "HDND_XA,26734,Bầu cử đại biểu HĐND Phường Tân Định,3",
    ),
    "electoral_units": rows(
        "kind,council_unit_code,number,seats,covers,name,shortfall_decision",
        "QH,,1,3,760,Đơn vị bầu cử số 1,",
        "QH,,2,2,770,Đơn vị bầu cử số 2,",
        "HDND_TINH,79,1,3,26734;26737,Đơn vị bầu cử số 1,",
        "HDND_TINH,79,2,2,27127,Đơn vị bầu cử số 2,",
        "HDND_XA,26734,1,2,26734/1,Đơn vị bầu cử số 1,",
        "HDND_XA,26734,2,1,26734/2,Đơn vị bầu cử số 2,",
    ),
    "voting_areas": rows(
        "commune_code,area_number,name,polling_place,area_type",
        "26734,1,Khu phố 1,Trường Tiểu học Trần Khánh Dư,normal",
        "26734,2,Khu phố 2,Nhà văn hóa phường Tân Định,normal",
        "26737,1,Khu phố 1,Trường THCS Đa Kao,normal",
        "27127,1,Khu phố 1,Trường Tiểu học Lương Định Của,normal",
        "27127,2,Đơn vị quân đội,Hội trường đơn vị,armed_forces",
    ),
    "candidates": candidate_rows(),
    "members": rows(
        "body,full_name,role,phone",
        "committee:79,Nguyễn Thị Lệ,chair,0903123456",
        "committee:79,Trần Văn Khải,vice_chair,",
        "committee:79,Lê Thị Hằng,member,",
        "board:QH#1,Phạm Văn Tâm,chair,",
        "board:QH#1,Võ Thị Kim,secretary,",
        "team:26734/1,Đinh Văn Lộc,chair,",
        "team:26734/1,Hà Thị Nhung,secretary,",
        "team:26734/1,Lương Văn Phát,member,",
    ),
}


def where(table: list[dict], **match) -> dict:
    return next(r for r in table if all(r[k] == v for k, v in match.items()))


def qh_candidates(book: dict, number: str) -> list[dict]:
    return [
        r
        for r in book["candidates"]
        if r["kind"] == "QH" and r["unit_number"] == number
    ]


def four_seats(book):
    where(book["electoral_units"], kind="QH", number="1")["seats"] = "4"


def four_candidates(book):
    book["candidates"].remove(qh_candidates(book, "1")[0])


def shortfall_decided(book):
    four_candidates(book)
    unit = where(book["electoral_units"], kind="QH", number="1")
    unit["shortfall_decision"] = "Nghị quyết số 99/NQ-HĐBCQG ngày 01/5/2021"


def area_in_two_units(book):
    where(book["electoral_units"], kind="QH", number="2")["covers"] = "770;26734/1"


def area_uncovered(book):
    unit = where(book["electoral_units"], kind="HDND_TINH", number="2")
    unit["covers"] = "27127/1"


def unknown_parent(book):
    book["units"].append(
        {"code": "26740", "name": "Phường Bến Nghé", "level": "commune",
         "parent_code": "999", "has_council": ""}
    )  # fmt: skip


def unknown_unit(book):
    book["candidates"][0]["unit_number"] = "7"


def nfd_names(book):
    for table in ("units", "candidates", "members"):
        for row in book[table]:
            for key in ("name", "full_name"):
                if key in row:
                    row[key] = "  " + unicodedata.normalize("NFD", row[key]) + " "
    row = book["candidates"][0]
    row["full_name"] = row["full_name"].replace(" ", "   ")


def two_chairs(book):
    where(book["members"], full_name="Võ Thị Kim")["role"] = "Trưởng ban"


def ballot_order_given(book):
    for order, row in enumerate(qh_candidates(book, "1"), start=1):
        row["ballot_order"] = str(order)


def ballot_order_duplicate(book):
    ballot_order_given(book)
    qh_candidates(book, "1")[4]["ballot_order"] = "2"


def changed(book):
    """A later version: one candidate replaced, a chair swapped, a place moved."""
    unit1 = qh_candidates(book, "1")
    unit1[4]["full_name"] = "Nguyễn Văn Ân"  # An leaves, Ân comes
    members = book["members"]
    where(members, full_name="Phạm Văn Tâm")["role"] = "member"
    where(members, full_name="Võ Thị Kim")["role"] = "chair"
    where(members, full_name="Lương Văn Phát")["role"] = "vice_chair"
    members.remove(where(members, full_name="Lê Thị Hằng"))
    area = where(book["voting_areas"], commune_code="26737", area_number="1")
    area["polling_place"] = "Trường Tiểu học Đa Kao"


def ward_update() -> dict:
    """A ward's later workbook: its own contest only, with a third voting area."""
    book = {sheet: [] for sheet in ("election", "units", "contests")}
    book["election"] = copy.deepcopy(CLEAN["election"])
    book["contests"] = [where(CLEAN["contests"], kind="HDND_XA")]
    book["electoral_units"] = [
        r for r in copy.deepcopy(CLEAN["electoral_units"]) if r["kind"] == "HDND_XA"
    ]
    book["electoral_units"][1]["covers"] = "26734/2;26734/3"
    areas = [r for r in CLEAN["voting_areas"] if r["commune_code"] == "26734"]
    book["voting_areas"] = areas + [
        {"commune_code": "26734", "area_number": "3", "name": "Khu phố 3",
         "polling_place": "Trường Mầm non Tân Định", "area_type": "normal"}
    ]  # fmt: skip
    book["candidates"] = [r for r in CLEAN["candidates"] if r["kind"] == "HDND_XA"]
    return book


VARIANTS = {
    "qh_unit_four_seats": four_seats,
    "qh_unit_four_candidates": four_candidates,
    "qh_unit_shortfall_decided": shortfall_decided,
    "area_in_two_units": area_in_two_units,
    "area_uncovered": area_uncovered,
    "unknown_parent": unknown_parent,
    "unknown_unit": unknown_unit,
    "nfd_names": nfd_names,
    "two_chairs": two_chairs,
    "ballot_order_given": ballot_order_given,
    "ballot_order_duplicate": ballot_order_duplicate,
    "clean_2021_changed": changed,
}

SMALL_2026 = {
    "election": rows(
        "code,name,election_date,cycle",
        "TEST-2026,Bầu cử thử nghiệm 2026,15/03/2026,2026",
    ),
    "units": rows(
        "code,name,level,parent_code",
        "79,Thành phố Hồ Chí Minh,province,",
        "26737,Phường Tân Định,commune,79",
    ),
    "contests": rows("kind,council_unit_code,name", "QH,,Bầu cử đại biểu Quốc hội"),
    "electoral_units": rows("kind,council_unit_code,number,seats,covers", "QH,,1,1,79"),
    "voting_areas": rows("commune_code,area_number", "26737,1"),
    "candidates": rows(
        "kind,council_unit_code,unit_number,full_name,birth_date,gender",
        "QH,,1,Nguyễn Thị Hạnh,1980-01-01,Nữ",
        "QH,,1,Trần Văn Hải,1975-06-15,Nam",
        "QH,,1,Lê Minh Khoa,1969,Nam",
    ),
}


def district_2026(book):
    book["units"].insert(
        1,
        {"code": "760", "name": "Quận 1", "level": "district", "parent_code": "79"},
    )


# Hà Nội, whose codes start with zeros, typed as numbers the way Excel keeps them.
NUMERIC_CODES = {
    "election": [
        ["code", "name", "election_date", "cycle"],
        ["TEST-HN-2021", "Bầu cử thử nghiệm Hà Nội", datetime.date(2021, 5, 23), 2021],
    ],
    "units": [
        ["code", "name", "level", "parent_code"],
        [1, "Thành phố Hà Nội", "province", None],
        [1, "Quận Ba Đình", "district", 1],
        [1, "Phường Phúc Xá", "commune", "001"],
        [4, "Phường Trúc Bạch", "commune", "001"],
    ],
    "contests": [
        ["kind", "council_unit_code", "total_seats"],
        ["QH", None, 1],
        ["HDND_HUYEN", 1, 1],
    ],
    "electoral_units": [
        ["kind", "council_unit_code", "number", "seats", "covers"],
        ["QH", None, 1, 1, "001"],
        ["HDND_HUYEN", 1, 1, 1, "00001;4/1"],
    ],
    "voting_areas": [
        ["commune_code", "area_number", "name"],
        [1, 1, "Tổ dân phố 1"],
        [4, 1, "Tổ dân phố 1"],
    ],
    "candidates": [
        ["kind", "council_unit_code", "unit_number", "full_name", "birth_date",
         "gender"],
        ["QH", None, 1, "Nguyễn Văn Hùng", datetime.date(1970, 1, 1), "M"],
        ["QH", None, 1, "Trần Thị Hà", datetime.date(1980, 2, 2), "F"],
        ["QH", None, 1, "Lê Văn Hưng", 1965, "male"],
        ["HDND_HUYEN", 1, 1, "Phạm Thị Hoa", "02/03/1985", "female"],
        ["HDND_HUYEN", 1, 1, "Đỗ Văn Hòa", "1977-07-07", "nam"],
    ],
}  # fmt: skip


def vietnamese_header(key: str, index: int) -> str:
    """The Vietnamese label, in upper case, NFD or padded with spaces by turns."""
    label = HEADERS[key]
    if index % 3 == 0:
        return label.upper()
    if index % 3 == 1:
        return unicodedata.normalize("NFD", label)
    return f"  {label}  "


def write_csv_folder(book: dict, folder: Path, header=lambda key, i: key) -> None:
    folder.mkdir(parents=True)
    for sheet, table in book.items():
        keys = list(table[0]) if table else list(SPECS[sheet].columns)
        with open(folder / f"{sheet}.csv", "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([header(key, i) for i, key in enumerate(keys)])
            writer.writerows([row[key] for key in keys] for row in table)


def typed(key: str, value: str):
    """The cell a spreadsheet program would hold for a CSV value."""
    if value == "":
        return None
    if key in ("number", "unit_number", "seats", "area_number", "total_seats"):
        return int(value)
    if key in ("election_date", "birth_date") and len(value) == 10:
        if "/" in value:
            return datetime.datetime.strptime(value, "%d/%m/%Y").date()
        return datetime.date.fromisoformat(value)
    if key == "birth_date" and value.isdigit():
        return int(value)
    if key in ("polls_open", "polls_close"):
        return datetime.time.fromisoformat(value)
    return value


def write_xlsx(tables: dict[str, list[list]], path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, table in tables.items():
        worksheet = book.create_sheet(sheet)
        for line in table:
            worksheet.append(line)
    book.save(path)


def as_tables(book: dict) -> dict[str, list[list]]:
    tables = {}
    for sheet, table in book.items():
        keys = list(table[0])
        tables[sheet] = [keys] + [[typed(k, row[k]) for k in keys] for row in table]
    return tables


def write_zip(folder: Path, path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for csv_path in sorted(folder.glob("*.csv")):
            archive.write(csv_path, f"{folder.name}/{csv_path.name}")


def variant(base: dict, change) -> dict:
    book = copy.deepcopy(base)
    change(book)
    return book


def main() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)
    write_csv_folder(CLEAN, ROOT / "clean_2021")
    write_xlsx(as_tables(CLEAN), ROOT / "clean_2021.xlsx")
    write_zip(ROOT / "clean_2021", ROOT / "clean_2021.zip")
    write_csv_folder(CLEAN, ROOT / "vietnamese_headers", vietnamese_header)
    for name, change in VARIANTS.items():
        write_csv_folder(variant(CLEAN, change), ROOT / name)
    write_csv_folder(ward_update(), ROOT / "ward_update")
    write_csv_folder(SMALL_2026, ROOT / "clean_2026")
    write_csv_folder(variant(SMALL_2026, district_2026), ROOT / "district_2026")
    write_xlsx(NUMERIC_CODES, ROOT / "numeric_codes.xlsx")
    print(f"Wrote {len(list(ROOT.iterdir()))} workbooks under {ROOT}.")


if __name__ == "__main__":
    main()
