"""What an uploaded file may hold, checked before and while it is read.

Every reader (`workbook.py`, `voters_read.py`, the admin's per-model sheets in
`formats.py`) goes through these checks, so a hostile file is refused with a
Vietnamese message instead of taking the process's memory or time:

- a .zip or .xlsx (an .xlsx is a zip) is checked on its directory before anything is
  decompressed: number of entries, each entry's and the total uncompressed size, and
  the compression ratio of large entries (a zip bomb). Python's `zipfile` never
  inflates an entry past the size its directory declares, so the check holds;
- the total bytes of the file;
- rows, columns and the length of one cell, while the rows are read; a NUL byte
  (a binary file, or UTF-16 read as bytes) is refused.

The limits are settings (config/settings.py, `.env.example`, docs/SECURITY.md):

- `IMPORT_WORKBOOK_MAX_MB` (50): a workbook (set-up, turnout, minutes, the admin's
  sheets): its file size and its total uncompressed size;
- `VOTER_IMPORT_MAX_MB` (1024): a voter list's file size;
- `VOTER_IMPORT_MAX_UNCOMPRESSED_MB` (8192): a zipped voter list or .xlsx, unzipped;
- `IMPORT_MAX_COMPRESSION_RATIO` (200): uncompressed / compressed size of an entry
  over 1 MB;
- `IMPORT_MAX_ZIP_ENTRIES` (200): entries in a .zip or .xlsx;
- `IMPORT_MAX_ROWS` (500000): rows of one sheet of a workbook (blank rows count);
- `IMPORT_ADMIN_MAX_ROWS` (20000): rows of a sheet on the admin's per-model import
  pages, which read it in the web request;
- `IMPORT_MAX_BLANK_ROWS` (10000): blank rows in a row (a sheet "formatted" down to
  row 1,048,576 is a million rows to parse);
- `VOTER_IMPORT_MAX_ROWS` (20000000): rows of a voter list;
- `IMPORT_MAX_COLUMNS` (200): filled cells in one row;
- `IMPORT_MAX_CELL_CHARS` (5000): characters in one cell.
"""

import csv
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from electionadmin.figures import grouped

MB = 1024 * 1024
RATIO_FROM_BYTES = MB  # smaller entries may compress as well as they like

DEFAULTS = {
    "IMPORT_WORKBOOK_MAX_MB": 50,
    "VOTER_IMPORT_MAX_MB": 1024,
    "VOTER_IMPORT_MAX_UNCOMPRESSED_MB": 8192,
    "IMPORT_MAX_COMPRESSION_RATIO": 200,
    "IMPORT_MAX_ZIP_ENTRIES": 200,
    "IMPORT_MAX_ROWS": 500_000,
    "IMPORT_ADMIN_MAX_ROWS": 20_000,
    "IMPORT_MAX_BLANK_ROWS": 10_000,
    "VOTER_IMPORT_MAX_ROWS": 20_000_000,
    "IMPORT_MAX_COLUMNS": 200,
    "IMPORT_MAX_CELL_CHARS": 5000,
}


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


class WorkbookError(Exception):
    """The file itself cannot be read (not a workbook, not UTF-8 …)."""


class LimitError(WorkbookError):
    """The file goes beyond a limit or is not a text/spreadsheet file at all.

    `row` (the spreadsheet row, header = 1) and `column` (an index from 0, or a key)
    when the problem is at a place in a sheet."""

    def __init__(self, message: str, row: int | None = None, column=None):
        super().__init__(message)
        self.row = row
        self.column = column
        self.sheet: str | None = None  # set by the reader that knows it


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    uncompressed_bytes: int
    rows: int
    columns: int
    cell_chars: int
    ratio: int
    entries: int
    blank_rows: int

    @classmethod
    def workbook(cls) -> "Limits":
        size = setting("IMPORT_WORKBOOK_MAX_MB") * MB
        return cls(size, size, setting("IMPORT_MAX_ROWS"), *cls._common())

    @classmethod
    def admin(cls) -> "Limits":
        size = setting("IMPORT_WORKBOOK_MAX_MB") * MB
        return cls(size, size, setting("IMPORT_ADMIN_MAX_ROWS"), *cls._common())

    @classmethod
    def voters(cls) -> "Limits":
        return cls(
            setting("VOTER_IMPORT_MAX_MB") * MB,
            setting("VOTER_IMPORT_MAX_UNCOMPRESSED_MB") * MB,
            setting("VOTER_IMPORT_MAX_ROWS"),
            *cls._common(),
        )

    @staticmethod
    def _common() -> tuple[int, int, int, int, int]:
        return (
            setting("IMPORT_MAX_COLUMNS"),
            setting("IMPORT_MAX_CELL_CHARS"),
            setting("IMPORT_MAX_COMPRESSION_RATIO"),
            setting("IMPORT_MAX_ZIP_ENTRIES"),
            setting("IMPORT_MAX_BLANK_ROWS"),
        )

    def guard(self) -> "SheetGuard":
        """The checks of one sheet's rows, in order (it counts blank rows)."""
        return SheetGuard(self)

    # Before reading.
    def check_size(self, size: int, name: str) -> None:
        if size > self.file_bytes:
            raise LimitError(
                f"Tệp {name} quá lớn ({megabytes(size)} MB); tối đa "
                f"{megabytes(self.file_bytes)} MB."
            )

    def check_path(self, path: Path) -> None:
        if path.is_file():
            self.check_size(path.stat().st_size, path.name)

    def check_zip(self, archive: zipfile.ZipFile, name: str) -> None:
        """The zip's directory, before any entry is decompressed."""
        entries = archive.infolist()
        if len(entries) > self.entries:
            raise LimitError(
                f"Tệp {name} chứa {grouped(len(entries))} tệp con; tối đa "
                f"{grouped(self.entries)}."
            )
        total = 0
        for info in entries:
            total += info.file_size
            large = info.file_size > RATIO_FROM_BYTES
            ratio = info.file_size / max(info.compress_size, 1)
            if large and ratio > self.ratio:
                raise LimitError(
                    f"Tệp {name} bị nén bất thường (tệp con {info.filename} nén "
                    f"{grouped(int(ratio))} lần; tối đa {grouped(self.ratio)} lần): "
                    "có thể là tệp độc hại, không đọc."
                )
            if total > self.uncompressed_bytes:
                raise LimitError(
                    f"Tệp {name} khi giải nén lớn hơn "
                    f"{megabytes(self.uncompressed_bytes)} MB; không đọc."
                )

    # While reading.
    def check_row(self, number: int, cells) -> bool:
        """A row of raw cells at spreadsheet row `number` (header = 1); whether it
        has a filled cell."""
        if number > self.rows:
            raise LimitError(
                f"Trang tính có hơn {grouped(self.rows)} dòng (kể cả dòng trống); "
                "hãy chia nhỏ tệp.",
                row=number,
            )
        # Trailing empty cells (a sheet formatted to its last column) are fine.
        if len(cells) > self.columns and any(map(_filled, cells[self.columns :])):
            raise LimitError(
                f"Dòng có hơn {grouped(self.columns)} cột; không đọc tiếp.",
                row=number,
            )
        try:
            joined = "".join(cells)
        except TypeError:
            pass  # not all text (a workbook's row): the loop below
        else:
            # A CSV row, every cell a string: checked in C; the loop below runs
            # only to name the cell at fault.
            short = len(joined) <= self.cell_chars  # then so is every cell
            if "\x00" not in joined and (
                short or max(map(len, cells)) <= self.cell_chars
            ):
                return joined != ""
        filled = False
        for index, cell in enumerate(cells):
            if cell is None:
                continue
            filled = filled or cell != ""
            if isinstance(cell, str):
                if len(cell) > self.cell_chars:
                    raise LimitError(
                        f"Ô dài {grouped(len(cell))} ký tự; tối đa "
                        f"{grouped(self.cell_chars)} ký tự.",
                        row=number,
                        column=index,
                    )
                if "\x00" in cell:
                    raise LimitError(
                        "Ô có ký tự rỗng (NUL): tệp không phải bảng tính văn bản "
                        "(tệp nhị phân, hoặc CSV mã UTF-16); hãy lưu lại dưới dạng "
                        "CSV UTF-8 hoặc .xlsx.",
                        row=number,
                        column=index,
                    )
        return filled

    def csv_field_limit(self) -> None:
        """The csv module stops at a cell longer than the limit (it is global)."""
        csv.field_size_limit(max(self.cell_chars, 1) + 1)


class SheetGuard:
    """`Limits.check_row` over one sheet's rows, and the blank rows in a row."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.blank_since: int | None = None

    def __call__(self, number: int, cells) -> None:
        if self.limits.check_row(number, cells):
            self.blank_since = None
            return
        if self.blank_since is None:
            self.blank_since = number
        elif number - self.blank_since >= self.limits.blank_rows:
            raise LimitError(
                f"Có hơn {grouped(self.limits.blank_rows)} dòng trống liên tiếp (từ "
                f"dòng {grouped(self.blank_since)}): hãy xóa các dòng trống thừa rồi "
                "lưu lại tệp.",
                row=number,
            )


def _filled(cell) -> bool:
    return cell is not None and cell != ""


def megabytes(size: int) -> str:
    return grouped(max(1, -(-size // MB)))


def csv_error(exc: csv.Error, limits: Limits, row: int) -> LimitError:
    """A CSV reader's error as a problem at its row."""
    if "field larger than field limit" in str(exc):
        return LimitError(
            f"Ô dài hơn {grouped(limits.cell_chars)} ký tự; không đọc tiếp.", row=row
        )
    # The reader's own text is English ("line contains NUL", "unexpected end of
    # data"): the person reads where, and what to do.
    return LimitError(
        "Dòng CSV hỏng (dấu ngoặc kép không khép lại hoặc ký tự lạ); không đọc tiếp. "
        "Hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng CSV UTF-8.",
        row=row,
    )


BINARY_HEAD = (
    "Tệp {name} không phải tệp CSV văn bản ({what}); hãy lưu lại dưới dạng CSV "
    "UTF-8 hoặc .xlsx."
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_text_head(head: bytes, name: str) -> None:
    """The first bytes of a CSV: UTF-16 or binary content is refused up front."""
    if head.startswith(UTF16_BOMS):
        raise LimitError(BINARY_HEAD.format(name=name, what="mã UTF-16"))
    if b"\x00" in head:
        raise LimitError(BINARY_HEAD.format(name=name, what="có byte rỗng"))
