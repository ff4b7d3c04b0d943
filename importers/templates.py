"""Blank workbooks to fill in: one sheet per docs/EXCHANGE.md sheet, Vietnamese headers
(the set-up workbook of §1, the voter list of §2).

The set-up workbook's sheets carry their Vietnamese titles (`columns.ELECTION_SHEETS`;
the importer accepts them and the English names alike). The first sheet, "Hướng
dẫn", says how to fill it in and holds a small example of every sheet: rows to read
or copy, on a sheet the importer never reads, so the untouched template imports
nothing. Choice columns (levels, contest kinds, area types, gender, roles, yes/no,
the cycle) offer a drop-down list of the values the importer accepts, kept on a
hidden sheet; typing another accepted spelling (`QH`, `xã`) is allowed with a
warning. Each header cell carries the English column key as a comment for those who
write CSV by hand. The template of a saved election also offers, on the members
sheet, the list of its bodies by name (`Tổ bầu cử số 1 - Phường Tân Định`:
importers/election/bodies.py), which the importer reads as it reads their codes.
"""

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from electionadmin.setup.cycle_defaults import CYCLES
from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Contest,
    ElectionBody,
    VotingArea,
)

from .columns import (
    ELECTION_SHEETS,
    HEADERS,
    VOTER_COLUMNS,
    VOTER_HEADERS,
    VOTER_REQUIRED,
    SheetSpec,
)
from .election.bodies import saved_names

GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh sách chọn"
GUIDE = (
    "Mỗi trang tính là một bảng; dòng 1 là tiêu đề, dữ liệu bắt đầu từ dòng 2.",
    "Cột in đậm là bắt buộc. Mã đơn vị hành chính ghi dạng văn bản, đủ số 0 ở đầu "
    "(tỉnh 2 chữ số, huyện 3, xã 5).",
    "Ngày ghi NNNN-TT-NN hoặc NN/TT/NNNN. Giới tính: Nam hoặc Nữ.",
    "Cột có mũi tên (cấp hành chính, loại cuộc bầu cử, loại khu vực, giới tính, "
    "chức vụ, có/không, chu kỳ) chọn giá trị trong danh sách.",
    "Cột Địa bàn (trang Đơn vị bầu cử) ghi các mã đơn vị hành chính và/hoặc khu vực "
    "bỏ phiếu dạng 26734/1, cách nhau bằng dấu chấm phẩy.",
    "Cột Tổ chức phụ trách bầu cử (trang Thành viên) ghi tên tổ chức: Ủy ban bầu cử "
    "Phường Tân Định, Ban bầu cử đơn vị số 1 - Quốc hội, Ban bầu cử đơn vị số 1 - "
    "HĐND phường Tân Định, Tổ bầu cử số 1 - Phường Tân Định (mẫu tải cho một cuộc "
    "bầu cử đã có có danh sách chọn các tổ chức). Cũng nhận mã: committee:<mã đơn "
    "vị>, board:<loại cuộc bầu cử>#<số đơn vị> (board:QH#1, board:HDND_XA:26734#1), "
    "team:<mã xã>/<số khu vực>.",
    "Để trống thứ tự trên phiếu bầu thì hệ thống sắp theo tên, họ, tên đệm, ngày sinh.",
    "Tên trang tính có thể giữ tiếng Việt như mẫu hoặc ghi mã tiếng Anh (units, "
    "voting_areas…) như tài liệu trao đổi dữ liệu.",
)
EXAMPLE_NOTE = (
    "VÍ DỤ: CHỈ ĐỂ THAM KHẢO, KHÔNG ĐƯỢC NHẬP. Trang này không bao giờ được đọc khi "
    "nhập; muốn dùng thì chép các dòng sang trang tính cùng tên."
)
EXAMPLE_TITLE = "Ví dụ trang tính «{}»"
CODE_COLUMNS = {"code", "parent_code", "council_unit_code", "commune_code", "covers"}
YES_NO = ("Có", "Không")

# A small 2026 election: a city, one ward, the National Assembly and the ward's
# council (tests/test_setup_template.py imports it as an official would copy it).
EXAMPLES: dict[str, list[dict[str, str]]] = {
    "election": [
        {
            "code": "VIDU-2026",
            "name": "Bầu cử đại biểu Quốc hội và HĐND (ví dụ)",
            "election_date": "15/03/2026",
            "cycle": "2026",
            "province_code": "79",
            "polls_open": "07:00",
            "polls_close": "19:00",
            "turnout_slots": "09:00;11:00;15:00;19:00",
        }
    ],
    "units": [
        {"code": "79", "name": "Thành phố Hồ Chí Minh", "level": "Tỉnh/thành phố"},
        {
            "code": "26734",
            "name": "Phường Tân Định",
            "level": "Xã/phường/thị trấn/đặc khu",
            "parent_code": "79",
            "has_council": "Có",
        },
    ],
    "contests": [
        {"kind": "Đại biểu Quốc hội", "name": "Bầu cử đại biểu Quốc hội"},
        {
            "kind": "Đại biểu HĐND cấp xã",
            "council_unit_code": "26734",
            "name": "HĐND phường Tân Định",
            "total_seats": "2",
        },
    ],
    "electoral_units": [
        {"kind": "Đại biểu Quốc hội", "number": "1", "seats": "1", "covers": "79"},
        {
            "kind": "Đại biểu HĐND cấp xã",
            "council_unit_code": "26734",
            "number": "1",
            "seats": "2",
            "covers": "26734/1;26734/2",
        },
    ],
    "voting_areas": [
        {
            "commune_code": "26734",
            "area_number": "1",
            "name": "Khu phố 1",
            "polling_place": "Trường Tiểu học Trần Khánh Dư",
            "area_type": "Thông thường",
        },
        {
            "commune_code": "26734",
            "area_number": "2",
            "name": "Bệnh viện phường",
            "polling_place": "Hội trường bệnh viện",
            "area_type": "Bệnh viện, nhà hộ sinh",
            "voting_date": "14/03/2026",
        },
    ],
    "candidates": [
        {
            "kind": "Đại biểu Quốc hội",
            "unit_number": "1",
            "full_name": full_name,
            "birth_date": born,
            "gender": gender,
            "ethnicity": "Kinh",
            "occupation": "Cán bộ",
            "is_incumbent_na": "Không",
        }
        for full_name, born, gender in (
            ("Nguyễn Thị Hạnh", "01/01/1980", "Nữ"),
            ("Trần Văn Hải", "15/06/1975", "Nam"),
            ("Lê Minh Khoa", "1969", "Nam"),
        )
    ]
    + [
        {
            "kind": "Đại biểu HĐND cấp xã",
            "council_unit_code": "26734",
            "unit_number": "1",
            "full_name": full_name,
            "birth_date": born,
            "gender": gender,
            "is_incumbent_council": incumbent,
        }
        for full_name, born, gender, incumbent in (
            ("Phạm Thu Trang", "12/03/1985", "Nữ", "Có"),
            ("Võ Quốc Bảo", "20/11/1979", "Nam", "Không"),
            ("Đặng Ngọc Lan", "05/07/1990", "Nữ", "Không"),
        )
    ],
    "members": [
        {
            "body": "Ủy ban bầu cử Phường Tân Định",
            "full_name": "Hoàng Văn Nam",
            "role": "Chủ tịch / Trưởng ban / Tổ trưởng",
            "phone": "0901234567",
        },
        {
            "body": "Tổ bầu cử số 1 - Phường Tân Định",
            "full_name": "Bùi Thị Mai",
            "role": "Chủ tịch / Trưởng ban / Tổ trưởng",
        },
        {"body": "team:26734/1", "full_name": "Lý Văn Tâm", "role": "Thư ký"},
    ],
}


def choice_lists() -> dict[str, tuple[str, ...]]:
    """Column key -> the values its drop-down offers: what the importer accepts
    (the models' labels: `cells.choice_aliases`; yes/no; the cycles)."""
    return {
        "cycle": tuple(cycle["code"] for cycle in CYCLES),
        "level": tuple(AdminUnit.Level.labels),
        "has_council": YES_NO,
        "kind": tuple(Contest.Kind.labels),
        "area_type": tuple(VotingArea.AreaType.labels),
        "gender": ("Nam", "Nữ"),
        "is_incumbent_na": YES_NO,
        "is_incumbent_council": YES_NO,
        "role": tuple(BodyMember.Role.labels),
    }


def election_template_xlsx(election=None) -> bytes:
    """The set-up workbook (docs/EXCHANGE.md §1): the guide with its examples, one
    sheet per section with its headers and drop-down lists; for a saved `election`,
    the members sheet's list of its bodies by name."""
    names = body_choices(election) if election is not None else ()
    return template_xlsx(ELECTION_SHEETS, {"body": names} if names else {})


def body_choices(election) -> tuple[str, ...]:
    """The names of the election's bodies: the committees of its province and of
    each council a contest elects (and any saved), the board of each electoral unit,
    the team of each voting area."""
    committees = {
        *Contest.objects.filter(
            election=election, council_unit__isnull=False
        ).values_list("council_unit__code", flat=True),
        *ElectionBody.objects.filter(election=election, kind="committee").values_list(
            "admin_unit__code", flat=True
        ),
    }
    if election.province_id:
        committees.add(election.province.code)
    names = saved_names(election, sorted(committees))
    return tuple(names.values())


def template_xlsx(sheets: tuple[SheetSpec, ...], extra_lists=None) -> bytes:
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    lists = _choice_sheet(book, choice_lists() | (extra_lists or {}))
    for spec in sheets:
        _add_sheet(book, spec, lists)
    _write_guide(guide, sheets)
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _choice_sheet(book, choices: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A hidden sheet with one column per choice list; key -> its cell range."""
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=HEADERS[key]).font = Font(bold=True)
        for number, value in enumerate(values, start=2):
            sheet.cell(row=number, column=index, value=value)
        last = len(values) + 1
        ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def _add_sheet(book, spec: SheetSpec, lists: dict[str, str]) -> None:
    sheet = book.create_sheet(spec.label)
    for index, key in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=HEADERS[key])
        cell.font = Font(bold=key in spec.required)
        cell.comment = Comment(f"Tên cột trong tệp CSV: {key}", "Quản lý bầu cử")
        letter = get_column_letter(index)
        column = sheet.column_dimensions[letter]
        column.width = max(14, len(HEADERS[key]) + 4)
        if key in CODE_COLUMNS:
            column.number_format = "@"  # text: a typed 00760 keeps its zeros
        if key in lists:
            sheet.add_data_validation(_drop_down(key, lists[key], letter))
    sheet.freeze_panes = "A2"


def _drop_down(key: str, source: str, letter: str) -> DataValidation:
    rule = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Giá trị ngoài danh sách",
        error="Giá trị này không có trong danh sách chọn; khi nhập, hệ thống sẽ "
        "kiểm tra và báo lỗi nếu không hợp lệ.",
        showInputMessage=True,
        promptTitle=HEADERS[key][:32],
        prompt="Chọn một giá trị trong danh sách.",
    )
    rule.add(f"{letter}2:{letter}1048576")
    return rule


def _write_guide(guide, sheets: tuple[SheetSpec, ...]) -> None:
    guide.cell(row=1, column=1, value="Hướng dẫn ghi bảng tính").font = Font(
        bold=True, size=14
    )
    row = 2
    for line in GUIDE:
        guide.cell(row=row, column=1, value=line)
        row += 1
    row += 1
    note = guide.cell(row=row, column=1, value=EXAMPLE_NOTE)
    note.font = Font(bold=True, color="9C0006")
    row += 2
    for spec in sheets:
        row = _write_example(guide, spec, EXAMPLES.get(spec.name, []), row) + 1
    for index in range(1, 1 + max(len(spec.columns) for spec in sheets)):
        guide.column_dimensions[get_column_letter(index)].width = 24


def _write_example(guide, spec: SheetSpec, rows: list[dict], row: int) -> int:
    """The sheet's title, its header and its example rows (grey); the next row."""
    guide.cell(row=row, column=1, value=EXAMPLE_TITLE.format(spec.label)).font = Font(
        bold=True
    )
    shade = PatternFill("solid", fgColor="DDDDDD")
    for index, key in enumerate(spec.columns, start=1):
        cell = guide.cell(row=row + 1, column=index, value=HEADERS[key])
        cell.font = Font(bold=key in spec.required)
        cell.fill = shade
    for offset, values in enumerate(rows, start=2):
        for index, key in enumerate(spec.columns, start=1):
            cell = guide.cell(row=row + offset, column=index, value=values.get(key))
            cell.font = Font(italic=True, color="555555")
            if key in CODE_COLUMNS:
                cell.number_format = "@"
    return row + len(rows) + 2


VOTER_GUIDE = (
    "Trang tính voters: dòng 1 là tiêu đề, mỗi dòng sau là một cử tri.",
    "Cột in đậm là bắt buộc. Số định danh cá nhân ghi đủ 12 chữ số (cột đã định dạng "
    "văn bản, giữ số 0 ở đầu); mã xã/phường 5 chữ số.",
    "Ngày sinh: NN/TT/NNNN, NNNN-TT-NN, TT/NNNN hoặc chỉ năm sinh. Giới tính: Nam "
    "hoặc Nữ.",
    "Diện cư trú: Thường trú, Tạm trú trên 12 tháng, Tạm trú dưới 12 tháng, Quân "
    "nhân, Tạm giam hoặc Khác (hoặc mã tiếng Anh: permanent, temporary_12m_plus, …).",
    "Hộ gia đình: cùng một mã cho các thành viên của một hộ, chủ hộ ghi trước; danh "
    "sách giữ các thành viên của hộ liền nhau.",
    "Số thứ tự (số thẻ cử tri) do hệ thống đánh theo từng khu vực bỏ phiếu và không "
    "đổi khi nhập lại.",
)
VOTER_TEXT_COLUMNS = {"citizen_id", "commune_code", "household"}


def voters_template_xlsx() -> bytes:
    """The voter list (docs/EXCHANGE.md §2) with its Vietnamese headers only."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "voters"
    for index, key in enumerate(VOTER_COLUMNS, start=1):
        label = VOTER_HEADERS[key][0]
        cell = sheet.cell(row=1, column=index, value=label)
        cell.font = Font(bold=key in VOTER_REQUIRED)
        cell.comment = Comment(key, "electionadmin")
        column = sheet.column_dimensions[get_column_letter(index)]
        column.width = max(14, len(label) + 4)
        if key in VOTER_TEXT_COLUMNS:
            column.number_format = "@"  # a typed 079… keeps its zeros
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(GUIDE_SHEET)
    for number, line in enumerate(VOTER_GUIDE, start=1):
        guide.cell(row=number, column=1, value=line)
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
