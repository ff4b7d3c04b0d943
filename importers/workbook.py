"""Reading a workbook: an .xlsx file, a folder of `<sheet>.csv` files, or a .zip.

Sheets come back as plain rows keyed by the English column keys of docs/EXCHANGE.md,
with the spreadsheet row number of each row (header = row 1, first data row = 2).
Sheets (and CSV files) may carry the English name or the Vietnamese title of the
registry (`columns.py`: `units` or `Đơn vị hành chính`); headers the English keys or
the Vietnamese labels; matching ignores case, surrounding spaces and NFC/NFD
composition.
Cell values stay raw (text, number, date) for `importers.cells` to parse. This is the
one reading layer of the workbook formats (the voter list streams through
`voters_read.py`); limits on what a file may hold belong here.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _reader

from .base import ImportReport
from .cells import (
    FORMULA_NAME,
    FORMULA_PLACE,
    PERSON_NAMES,
    PLACE_TEXTS,
    CellError,
    formula_like,
    text,
)
from .columns import (  # noqa: F401 (the sheets every reader imports from here)
    ELECTION_SHEETS,
    EXTRA_HEADERS,
    HEADERS,
    SheetSpec,
    sheet_names,
    spec,
)
from .limits import LimitError, Limits, WorkbookError, check_text_head, csv_error

Source = str | Path | IO[bytes]


def _parse_dimensions(self):
    """openpyxl's read-only sheets look for the `<dimension>` element when they
    open; without one it waited for the *end* of `<sheetData>`, parsing the whole
    sheet first (a million blank rows: half a minute before the first row). The
    same search stops at the *start* of `<sheetData>`."""
    for _event, element in _reader.iterparse(self.source, events=("start",)):
        if element.tag == _reader.DIMENSION_TAG:
            return _reader.SheetDimension.from_tree(element).boundaries
        if element.tag == _reader.DATA_TAG:
            return None
    return None


_reader.WorkSheetParser.parse_dimensions = _parse_dimensions
UNSAFE_XML = (
    "Tệp .xlsx có khai báo thực thể XML (DTD/ENTITY) hoặc tham chiếu ra ngoài: có "
    "thể là tệp độc hại, không đọc. Hãy mở bằng Excel và lưu lại."
)
BROKEN_XLSX = (
    "Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel; hãy mở bằng Excel và lưu "
    "lại dưới dạng .xlsx."
)


@dataclass
class Row:
    number: int  # spreadsheet row number: the header is row 1
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def blank(self, key: str) -> bool:
        return text(self.values.get(key)) == ""


@dataclass
class Sheet:
    name: str
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    present: bool = True


def header_key(label) -> str:
    """What a header is compared on: NFC, case-folded, spaces trimmed/collapsed."""
    value = unicodedata.normalize("NFC", text(label)).casefold()
    return " ".join(value.split())


def header_aliases(columns: Iterable[str]) -> dict[str, str]:
    """Normalised header -> column key, for the columns of one sheet."""
    table = {}
    for key in columns:
        for label in (key, HEADERS.get(key, key), *EXTRA_HEADERS.get(key, ())):
            table[header_key(label)] = key
    return table


def source_label(source: Source) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return Path(getattr(source, "name", "") or "tệp tải lên").name


def read_workbook(
    source: Source,
    report: ImportReport,
    sheets: Iterable[SheetSpec],
    limits: Limits | None = None,
) -> dict[str, Sheet] | None:
    """Every sheet of `sheets` with rows keyed by column key; None if unreadable."""
    try:
        tables = read_tables(source, limits)
    except WorkbookError as exc:
        sheet = getattr(exc, "sheet", None) or source_label(source)
        row, column = getattr(exc, "row", None), getattr(exc, "column", None)
        if isinstance(column, int):
            column = get_column_letter(column + 1)
        report.error(sheet, row, column, str(exc))
        return None
    found = {}
    for sheet_spec in sheets:
        raw = _raw_sheet(sheet_spec, tables, report)
        found[sheet_spec.name] = _sheet(sheet_spec, raw, report)
    return None if not report.ok else found


def _raw_sheet(sheet_spec: SheetSpec, tables: dict, report) -> list[list] | None:
    """The sheet under its English name or its Vietnamese title, not under both."""
    present = [name for name in sheet_names(sheet_spec) if header_key(name) in tables]
    if len(present) > 1:
        report.error(
            sheet_spec.name,
            None,
            None,
            f"Tệp có cả trang tính '{present[0]}' và '{present[1]}' cho cùng một "
            "bảng; chỉ giữ một trang tính.",
        )
    return tables[header_key(present[0])] if present else None


def _sheet(sheet_spec: SheetSpec, raw: list[list] | None, report) -> Sheet:
    name = sheet_spec.name
    if raw is None:
        if not sheet_spec.optional:
            report.error(
                name,
                None,
                None,
                f"Thiếu trang tính '{sheet_spec.label}' (hoặc '{name}').",
            )
        return Sheet(name, present=False)
    return sheet_of(sheet_spec, raw[0] if raw else [], enumerate(raw[1:], 2), report)


def sheet_of(sheet_spec: SheetSpec, header: list, numbered, report) -> Sheet:
    """A sheet from its header and (row number, cells) pairs: rows keyed by column
    key, blank rows left out (their numbers are still counted)."""
    positions = _header_positions(sheet_spec, header, report)
    sheet = Sheet(sheet_spec.name, columns=list(positions))
    for number, cells in numbered:
        values = {
            key: cells[i] if i < len(cells) else None for key, i in positions.items()
        }
        if any(text(value) for value in values.values()):
            sheet.rows.append(Row(number, values))
    return sheet


def _header_positions(sheet_spec: SheetSpec, header: list, report) -> dict[str, int]:
    aliases = header_aliases(sheet_spec.columns)
    positions: dict[str, int] = {}
    for index, label in enumerate(header):
        if not text(label):
            continue
        key = aliases.get(header_key(label))
        if key is None:
            report.warn(
                sheet_spec.name, 1, text(label), "Cột không có trong mẫu; bỏ qua."
            )
        elif key in positions:
            report.error(sheet_spec.name, 1, key, "Cột này xuất hiện hai lần.")
        else:
            positions[key] = index
    for key in sorted(sheet_spec.required - set(positions)):
        report.error(
            sheet_spec.name, 1, key, f"Thiếu cột bắt buộc '{key}' ({HEADERS[key]})."
        )
    return positions


def read_tables(source: Source, limits: Limits | None = None) -> dict[str, list[list]]:
    """Sheet name (as `header_key` compares it) -> rows of raw cell values, header
    row first.

    Within `limits` (default: a workbook's, `limits.Limits.workbook()`): a file, a
    zip directory, rows, columns or a cell beyond them raise `LimitError`.
    """
    limits = limits or Limits.workbook()
    if isinstance(source, str | Path) and Path(source).is_dir():
        tables, total = {}, 0
        for path in sorted(Path(source).glob("*.csv")):
            total += path.stat().st_size
            limits.check_size(total, Path(source).name)
            name = header_key(path.stem)
            tables[name] = _csv_rows(path.read_bytes(), path.name, limits)
        return tables
    limits.check_size(_size(source), source_label(source))
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(
            "Không đọc được tệp: phải là tệp .xlsx, tệp .zip chứa các tệp CSV, "
            f"hoặc thư mục chứa các tệp CSV ({zip_problem(exc)})."
        ) from None
    with archive:
        limits.check_zip(archive, source_label(source))
        if "xl/workbook.xml" in archive.namelist():
            return _xlsx_tables(source, limits)
        return _zip_tables(archive, limits)


def zip_problem(exc: BaseException) -> str:
    """Why a file did not open as a zip (.xlsx, .zip), in words: the exception's
    own text is English ("File is not a zip file")."""
    if isinstance(exc, zipfile.BadZipFile):
        return (
            "tệp rỗng, bị hỏng hoặc chỉ được đổi đuôi tên, không phải bảng tính "
            ".xlsx hay tệp nén .zip thật"
        )
    if isinstance(exc, NotImplementedError):
        return "tệp nén theo cách không hỗ trợ"
    return "không đọc được nội dung tệp"


def _size(source: Source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size if Path(source).is_file() else 0
    size = getattr(source, "size", None)
    if size is not None:
        return size
    position = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(position)
    return end


def _zip_tables(archive: zipfile.ZipFile, limits: Limits) -> dict[str, list[list]]:
    tables = {}
    for info in archive.infolist():
        path = Path(info.filename)
        hidden = path.name.startswith(".") or "__MACOSX" in path.parts
        if path.suffix.lower() == ".csv" and not hidden:
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                message = f"Không giải nén được {path.name} ({zip_problem(exc)})."
                raise WorkbookError(message) from None
            tables[header_key(path.stem)] = _csv_rows(data, path.name, limits)
    return tables


def _xlsx_tables(source: Source, limits: Limits) -> dict[str, list[list]]:
    if hasattr(source, "seek"):
        source.seek(0)
    with xlsx_errors():
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        tables = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some writers store a wrong sheet size
            rows, guard = [], limits.guard()
            with xlsx_errors(sheet.title):
                for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                    guard(number, row)
                    rows.append(list(row))
            tables[header_key(sheet.title)] = rows
        return tables
    finally:
        book.close()


class xlsx_errors:  # noqa: N801 (used as a `with` block)
    """Whatever openpyxl raises on a broken or hostile .xlsx, as a WorkbookError."""

    def __init__(self, sheet: str | None = None):
        self.sheet = sheet

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or not isinstance(exc, Exception):
            return False
        if isinstance(exc, LimitError):
            exc.sheet = exc.sheet or self.sheet
            return False
        if isinstance(exc, WorkbookError):
            return False
        if _from_defusedxml(exc):
            raise WorkbookError(UNSAFE_XML) from None
        raise WorkbookError(f"{BROKEN_XLSX} ({type(exc).__name__})") from None


def _from_defusedxml(exc: BaseException | None) -> bool:
    """defusedxml refused the XML (openpyxl may wrap it in a ValueError)."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _csv_rows(data: bytes, name: str, limits: Limits) -> list[list]:
    check_text_head(data[:4096], name)
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookError(
            f"Tệp {name} không phải mã UTF-8; hãy lưu lại dưới dạng CSV UTF-8."
        ) from None
    limits.csv_field_limit()
    reader = csv.reader(io.StringIO(decoded, newline=""))
    rows, guard = [], limits.guard()
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007
            guard(number, row)
            rows.append([cell if cell != "" else None for cell in row])
    except csv.Error as exc:
        error = csv_error(exc, limits, number + 1)
        error.sheet = Path(name).stem
        raise error from None
    except LimitError as exc:
        exc.sheet = Path(name).stem
        raise
    return rows


class RowReader:
    """Parses the cells of one sheet, recording each problem at sheet, row, column."""

    def __init__(self, report: ImportReport, sheet: str):
        self.report = report
        self.sheet = sheet

    def __call__(
        self, row: Row, key: str, parse=text, *args, required=False, default=None
    ):
        """The parsed cell; `default` when blank or unreadable (the error recorded)."""
        if row.blank(key):
            if required:
                self.error(row, key, f"Chưa ghi {HEADERS.get(key, key)} (bắt buộc).")
            return default
        try:
            value = parse(row[key], *args)
        except CellError as exc:
            self.error(row, key, str(exc))
            return default
        if formula_like(value):
            if key in PERSON_NAMES:
                self.error(row, key, FORMULA_NAME)
                return default
            if key in PLACE_TEXTS:
                self.warn(row, key, FORMULA_PLACE)
        return value

    def error(self, row: Row | int | None, key: str | None, message: str) -> None:
        self.report.error(self.sheet, _row_number(row), key, message)

    def warn(self, row: Row | int | None, key: str | None, message: str) -> None:
        self.report.warn(self.sheet, _row_number(row), key, message)

    def mark(self) -> int:
        return len(self.report.errors)

    def failed_since(self, mark: int) -> bool:
        return len(self.report.errors) > mark


def _row_number(row: Row | int | None) -> int | None:
    return row.number if isinstance(row, Row) else row
