"""Blank workbooks to fill in: one sheet per docs/EXCHANGE.md sheet, Vietnamese headers
(the set-up workbook of §1, the voter list of §2).

The importer reads these headers back (the registry `importers/columns.py`); each header
cell carries the English column key as a comment for those who write CSV by hand.
"""

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .columns import (
    ELECTION_SHEETS,
    HEADERS,
    VOTER_COLUMNS,
    VOTER_HEADERS,
    VOTER_REQUIRED,
    SheetSpec,
)

GUIDE = (
    "Mỗi trang tính là một bảng; dòng 1 là tiêu đề, dữ liệu bắt đầu từ dòng 2.",
    "Cột in đậm là bắt buộc. Mã đơn vị hành chính ghi dạng văn bản, đủ số 0 ở đầu "
    "(tỉnh 2 chữ số, huyện 3, xã 5).",
    "Ngày ghi NNNN-TT-NN hoặc NN/TT/NNNN. Giới tính: Nam hoặc Nữ.",
    "Cột covers (địa bàn) ghi các mã đơn vị hành chính và/hoặc khu vực bỏ phiếu "
    "dạng 26734/1, cách nhau bằng dấu chấm phẩy.",
    "Để trống thứ tự trên phiếu bầu thì hệ thống sắp theo tên, họ, tên đệm, ngày sinh.",
)
CODE_COLUMNS = {"code", "parent_code", "council_unit_code", "commune_code", "covers"}


def election_template_xlsx() -> bytes:
    """The set-up workbook (docs/EXCHANGE.md §1) with headers only."""
    return template_xlsx(ELECTION_SHEETS)


def template_xlsx(sheets: tuple[SheetSpec, ...]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        _add_sheet(book, spec)
    guide = book.create_sheet("huong_dan")
    for number, line in enumerate(GUIDE, start=1):
        guide.cell(row=number, column=1, value=line)
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_sheet(book, spec: SheetSpec) -> None:
    sheet = book.create_sheet(spec.name)
    for index, key in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=HEADERS[key])
        cell.font = Font(bold=key in spec.required)
        cell.comment = Comment(key, "electionadmin")
        column = sheet.column_dimensions[get_column_letter(index)]
        column.width = max(14, len(HEADERS[key]) + 4)
        if key in CODE_COLUMNS:
            column.number_format = "@"  # text: a typed 00760 keeps its zeros
    sheet.freeze_panes = "A2"


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
    guide = book.create_sheet("huong_dan")
    for number, line in enumerate(VOTER_GUIDE, start=1):
        guide.cell(row=number, column=1, value=line)
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
