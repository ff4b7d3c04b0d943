"""Writes the tiny voter files the tests use: python tests/data/voters/make_files.py.

Kept so the odd files (NFD text, TCVN3/VNI text, raw Latin-1 bytes) can be rebuilt
and read as source. Citizen IDs follow the real structure: birth province 079,
century/gender digit, two digits of the birth year.
"""

import csv
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
H = [
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
HOME = "12 Hai Bà Trưng, P. Tân Định"


def write(name, rows, header=H, encoding="utf-8"):
    with open(HERE / name, "w", newline="", encoding=encoding) as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def person(cid, name, born, gender, area=("26734", "1")):
    return [cid, name, born, gender, "Kinh", "", "3 Pasteur", "", "permanent", *area]


def row(cid, name, born, gender, job, home, away, residence, area, household):
    return [
        cid,
        name,
        born,
        gender,
        "Kinh",
        job,
        home,
        away,
        residence,
        *area,
        household,
        "",
    ]


A1, A2, B1 = ("26734", "1"), ("26734", "2"), ("26737", "1")
OK = [
    row(
        "079080000001",
        "Nguyễn Văn An",
        "1980-05-12",
        "Nam",
        "Công nhân",
        HOME,
        "",
        "permanent",
        A1,
        "HK1",
    ),
    row(
        "079185000002",
        "Trần Thị Bình",
        "15/03/1985",
        "Nữ",
        "Nội trợ",
        HOME,
        "",
        "Thường trú",
        A1,
        "HK1",
    ),
    row(
        "079056000003",
        "Lê Văn Cường",
        "1956",
        "Nam",
        "Hưu trí",
        "5 Trần Quang Khải",
        "",
        "permanent",
        A1,
        "HK2",
    ),
    row(
        "079160000004",
        "Phạm Thị Dung",
        "03/1960",
        "Nữ",
        "Buôn bán",
        "",
        "7 Đinh Tiên Hoàng",
        "temporary_under_12m",
        A1,
        "",
    ),
    row(
        "079090000005",
        "Hoàng Văn Em",
        "1990-01-01",
        "Nam",
        "Kỹ sư",
        "20 Lê Lợi, P. Sài Gòn",
        "",
        "permanent",
        B1,
        "HK9",
    ),
    row(
        "079192000006",
        "Võ Thị Giang",
        "1992-07-30",
        "Nữ",
        "Giáo viên",
        "1 Nguyễn Huệ",
        "",
        "permanent",
        A2,
        "HK5",
    ),
    row(
        "079082000007",
        "Nguyễn Văn Hải",
        "1982-02-02",
        "M",
        "",
        HOME,
        "",
        "permanent",
        A1,
        "HK1",
    ),
]


def main():
    write("ok.csv", OK)
    changed = [list(r) for r in OK]
    changed[5][5] = "Hiệu trưởng"
    changed.append(
        row(
            "079195000008",
            "Nguyễn Thị Hoa",
            "1995-05-05",
            "Nữ",
            "Sinh viên",
            HOME,
            "",
            "permanent",
            A1,
            "HK1",
        )
    )
    write("changed.csv", changed)
    write(
        "boundary.csv",
        [
            person("079308000011", "Lý Thị Mai", "2008-03-15", "Nữ"),
            person("079208000012", "Đặng Văn Nam", "2008-03-16", "Nam"),
            person("079308000013", "Bùi Thị Lan", "03/2008", "Nữ"),
            person("079208000014", "Mai Văn Tùng", "04/2008", "Nam"),
            person("079308000015", "Tô Thị Yến", "2008", "Nữ"),
            person("079209000016", "Hồ Văn Phúc", "2009", "Nam"),
        ],
    )
    write(
        "boundary_ok.csv",
        [
            person("079308000011", "Lý Thị Mai", "2008-03-15", "Nữ"),
            person("079308000013", "Bùi Thị Lan", "03/2008", "Nữ"),
            person("079308000015", "Tô Thị Yến", "2008", "Nữ"),
        ],
    )
    write(
        "duplicate_in_file.csv",
        [
            person("079080000101", "Nguyễn Văn Tâm", "1980-01-01", "Nam"),
            person("079185000102", "Trần Thị Thu", "1985-01-01", "Nữ"),
            person("079080000101", "Nguyễn Văn Tâm", "1980-01-01", "Nam", A2),
        ],
    )
    write(
        "already_listed.csv",
        [
            person("079080000001", "Nguyễn Văn An", "1980-05-12", "Nam", A2),
        ],
    )
    write(
        "unknown_area.csv",
        [
            person("079080000201", "Đỗ Văn Khoa", "1980-01-01", "Nam", ("26734", "9")),
            person("079080000202", "Đỗ Văn Lộc", "1980-01-01", "Nam", ("99999", "1")),
        ],
    )
    blank = ["Kinh", "", "", ""]
    write(
        "missing_required.csv",
        [
            ["079080000301", "", "1980-01-01", "Nam", *blank, "permanent", *A1],
            [
                "079080000302",
                "Đinh Văn Minh",
                "1980-01-01",
                "",
                *blank,
                "permanent",
                *A1,
            ],
            ["", "Đinh Văn Nghĩa", "1980-01-01", "Nam", *blank, "permanent", *A1],
            ["079080000304", "Đinh Văn Oanh", "", "Nam", *blank, "", *A1],
        ],
    )
    write("missing_column.csv", [r[:8] + r[9:] for r in OK[:2]], H[:8] + H[9:])
    write(
        "bad_values.csv",
        [
            person("079080000401", "Cao Văn Phong", "31/02/1980", "Nam"),
            person("079080000402", "Cao Văn Quân", "1980-01-01", "X"),
            [
                "079080000403",
                "Cao Văn Sơn",
                "1980-01-01",
                "Nam",
                *blank,
                "tạm trú",
                *A1,
            ],
            person("079080000404", "Cao Văn Tài", "ngày 5 tháng 3", "Nam"),
        ],
    )
    write(
        "citizen_id_restored.csv",
        [
            person("79090000021", "Kiều Văn Uy", "1990-06-01", "Nam"),
            person("1090000022", "Phan Văn Vinh", "1990-06-01", "Nam"),
        ],
    )
    write(
        "citizen_id_bad.csv",
        [
            person("7.909E+10", "Kiều Văn Xuân", "1990-06-01", "Nam"),
            person("79090000024", "Kiều Thị Yên", "1990-06-01", "Nữ"),
            person("12345", "Kiều Văn Ánh", "1990-06-01", "Nam"),
            person("0790900000256", "Kiều Văn Bảo", "1990-06-01", "Nam"),
        ],
    )

    def nfd(text):
        return unicodedata.normalize("NFD", text)

    write(
        "nfd.csv",
        [
            [
                "079180000501",
                nfd("Nguyễn Thị Ánh Tuyết"),
                "1980-01-01",
                nfd("Nữ"),
                "Kinh",
                nfd("Kế toán"),
                nfd("18 Võ Văn Tần"),
                "",
                "permanent",
                *A1,
            ]
        ],
    )
    # Legacy text as old .VnTime / VNI-Times spreadsheets hold it, saved as UTF-8.
    write(
        "tcvn3.csv",
        [
            [
                "079080000601",
                "NguyÔn V¨n Hïng",
                "1980-01-01",
                "Nam",
                "Kinh",
                "C«ng nh©n",
                "12 Hai Bµ Tr\xadng, P. T©n §Þnh",
                "",
                "permanent",
                *A1,
            ],
            [
                "079185000602",
                "TrÇn ThÞ Thu Trang",
                "1985-01-01",
                "N÷",
                "Kinh",
                "Gi¸o viªn",
                "5 TrÇn Quang Kh¶i",
                "",
                "permanent",
                *A1,
            ],
        ],
    )
    write(
        "vni.csv",
        [
            [
                "079080000701",
                "Nguyeãn Vaên Huøng",
                "1980-01-01",
                "Nam",
                "Kinh",
                "Coâng nhaân",
                "12 Hai Baø Tröng, P. Taân Ñònh",
                "",
                "permanent",
                *A1,
            ],
            [
                "079185000702",
                "Traàn Thò Thu Trang",
                "1985-01-01",
                "Nöõ",
                "Kinh",
                "Giaùo vieân",
                "5 Traàn Quang Khaûi",
                "",
                "permanent",
                *A1,
            ],
        ],
    )
    # "Dư Công" in VNI; read as TCVN3 it is "Dử Coõng", also syllables.
    write(
        "legacy_ambiguous.csv",
        [
            [
                "079080000801",
                "Dö Coâng",
                "1980-01-01",
                "Nam",
                "Kinh",
                "",
                "12 Le Loi",
                "",
                "permanent",
                *A1,
            ],
        ],
    )
    # An old CSV export that is not UTF-8 at all: the raw TCVN3 bytes.
    write(
        "tcvn3_bytes.csv",
        [
            [
                "079080000901",
                "NguyÔn V¨n Hïng",
                "1980-01-01",
                "Nam",
                "Kinh",
                "C«ng nh©n",
                "",
                "",
                "permanent",
                *A1,
            ],
        ],
        encoding="latin-1",
    )
    write(
        "many_errors.csv",
        [
            person("079080001001", "Lâm Văn Ân", "1980-01-01", "Nam"),
            person("079208001002", "Lâm Văn Bắc", "2009-01-01", "Nam"),
            person("079080001003", "Lâm Văn Cần", "1980-13-01", "Nam"),
            person("079080001001", "Lâm Văn Ân", "1980-01-01", "Nam"),
            person("079080001005", "Lâm Văn Dũng", "1980-01-01", "Nam", ("26734", "7")),
            person("079080001006", "Lâm Văn Đạt", "1980-01-01", "Không rõ"),
            person("079080001007", "Lâm Văn Én", "1980-01-01", "Nam"),
        ],
    )


if __name__ == "__main__":
    main()
