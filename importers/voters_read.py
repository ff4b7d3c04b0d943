"""Streaming the `voters` sheet out of a file: rows one at a time, memory flat.

Also which column is which: the English keys of docs/EXCHANGE.md §2, or the Vietnamese
headers of the list templates (case, spaces, NFC/NFD and TCVN3/VNI ignored).

A single CSV, a folder or .zip holding `voters.csv`, or an .xlsx workbook with a
sheet `voters` (or only one sheet). The CSV is read as it goes, never whole; the
.xlsx through openpyxl's read-only mode, which parses the sheet's XML as it goes.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import openpyxl

from . import cells
from .columns import VOTER_COLUMNS as COLUMNS
from .columns import VOTER_HEADERS as HEADERS
from .columns import VOTER_SHEET as SHEET
from .legacy_vn import LegacyText, LegacyTextError
from .limits import LimitError, Limits, check_text_head, csv_error
from .workbook import WorkbookError, header_key, xlsx_errors, zip_problem

SNIFF_BYTES = 64 * 1024
LATIN1_NOTE = (
    "Tệp CSV không phải mã UTF-8: đã đọc theo từng byte để nhận dạng chữ gõ bằng "
    "bảng mã TCVN3/VNI. Nên lưu lại tệp dưới dạng CSV UTF-8."
)


def header_positions(header: list) -> tuple[dict[str, int], list[str], list[str]]:
    """(column key -> index, unknown headers, repeated keys)."""
    aliases = {header_key(key): key for key in COLUMNS}
    for key, labels in HEADERS.items():
        aliases.update({header_key(label): key for label in labels})
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    legacy = LegacyText()
    for index, label in enumerate(header):
        raw = cells.text(label)
        if not raw:
            continue
        key = aliases.get(header_key(raw)) or aliases.get(
            header_key(_fixed(legacy, raw))
        )
        if key is None:
            unknown.append(raw)
        elif key in positions:
            repeated.append(key)
        else:
            positions[key] = index
    return positions, unknown, repeated


def _fixed(legacy: LegacyText, raw: str) -> str:
    try:
        return legacy.repair(raw)
    except LegacyTextError:
        return raw


class VoterFile:
    """Rows as (spreadsheet row number, cells); `header` is row 1."""

    note = ""  # a warning about how the file was read

    def __init__(self):
        self.header: list = []

    def rows(self) -> Iterator[tuple[int, list]]:
        raise NotImplementedError

    def position(self) -> tuple[int, int]:
        """(done, total) in whatever unit the reader can tell, for the progress bar."""
        return 0, 0

    def close(self) -> None:
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class CsvFile(VoterFile):
    """A CSV read as it goes. A cell, a row or a line beyond the limits
    (`limits.Limits.voters()`) or a broken line stops the reading with a
    `LimitError` at its row, so nothing is written."""

    def __init__(
        self,
        raw,
        size: int,
        name: str,
        limits: Limits | None = None,
        reopen: Callable[[], BinaryIO] | None = None,
    ):
        super().__init__()
        self.raw, self.size, self.name = raw, size, name
        # The same bytes from the start, for another process to read them again
        # (importers/voters_parallel.py): a file on disk, or a member of a zip.
        self.reopen = reopen
        self.limits = limits or Limits.voters()
        self.limits.csv_field_limit()
        self.guard = self.limits.guard()
        self.number = 0  # the spreadsheet row last read
        try:
            encoding = "utf-8-sig" if _looks_utf8(raw, name) else "latin-1"
        except LimitError:
            raw.close()
            raise
        if encoding == "latin-1":
            self.note = LATIN1_NOTE
        self.text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        self.reader = csv.reader(self.text)
        self.header = self._next() or []

    def _next(self) -> list | None:
        try:
            cells = next(self.reader)
        except StopIteration:
            return None
        except UnicodeDecodeError:
            raise self._not_utf8() from None
        except csv.Error as exc:
            raise csv_error(exc, self.limits, self.number + 1) from None
        self.number += 1
        self.guard(self.number, cells)
        return cells

    def _not_utf8(self) -> WorkbookError:
        return WorkbookError(
            f"Tệp {self.name} có đoạn không phải mã UTF-8 (sau dòng "
            f"{self.reader.line_num}); hãy lưu lại dưới dạng CSV UTF-8."
        )

    def rows(self) -> Iterator[tuple[int, list]]:
        # `_next` unrolled: this loop runs once a row.
        reader, guard, number = self.reader, self.guard, self.number
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise self._not_utf8() from None
            except csv.Error as exc:
                raise csv_error(exc, self.limits, number + 1) from None
            number += 1
            self.number = number
            guard(number, cells)
            # an empty cell is "", which the parser treats as blank
            yield number, cells

    def position(self) -> tuple[int, int]:
        return min(self.raw.tell(), self.size), self.size

    def close(self) -> None:
        self.text.close()


def _looks_utf8(raw, name: str) -> bool:
    head = raw.read(SNIFF_BYTES)
    raw.seek(0)
    check_text_head(head, name)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


class XlsxFile(VoterFile):
    """The voters sheet through openpyxl's read-only mode (defusedxml parses it);
    whatever openpyxl raises on a broken file becomes a `WorkbookError`."""

    def __init__(self, path: Path, limits: Limits | None = None):
        super().__init__()
        self.limits = limits or Limits.voters()
        with xlsx_errors():
            self.book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            with xlsx_errors(SHEET):
                sheet = _voters_sheet(self.book)
                self.total = sheet.max_row or 0
                sheet.reset_dimensions()  # some writers store a wrong sheet size
                self._iter = sheet.iter_rows(values_only=True)
                self.done = 1
                self.header = list(next(self._iter, ()) or ())
                self.guard = self.limits.guard()
                self.guard(1, self.header)
        except BaseException:
            self.book.close()
            raise

    def rows(self) -> Iterator[tuple[int, list]]:
        with xlsx_errors(SHEET):
            for number, row in enumerate(self._iter, start=2):
                self.done = number
                self.guard(number, row)
                yield number, list(row)

    def position(self) -> tuple[int, int]:
        return min(self.done, self.total), self.total

    def close(self) -> None:
        self.book.close()


def _voters_sheet(book):
    for sheet in book.worksheets:
        if sheet.title.strip().casefold() == SHEET:
            return sheet
    if len(book.worksheets) == 1:
        return book.worksheets[0]
    raise WorkbookError(f"Thiếu trang tính '{SHEET}'.")


def open_voters(path: str | Path) -> VoterFile:
    """The voters sheet of the file at `path`; WorkbookError when it cannot be read."""
    path = Path(path)
    if path.is_dir():
        found = [p for p in path.glob("*.csv") if p.stem.strip().casefold() == SHEET]
        if not found:
            raise WorkbookError(f"Thư mục {path.name} không có tệp {SHEET}.csv.")
        return _csv_path(found[0])
    if not path.is_file():
        raise WorkbookError(f"Không tìm thấy tệp {path}.")
    Limits.voters().check_path(path)
    if zipfile.is_zipfile(path):
        return _from_zip(path)
    if path.suffix.lower() in (".xlsx", ".zip"):
        # Named a workbook or an archive but not one: read as CSV it would be
        # refused as "not a CSV", which tells the person nothing about their file.
        raise WorkbookError(
            f"Không đọc được tệp {path.suffix.lower()} đã tải lên "
            f"({zip_problem(zipfile.BadZipFile())}); hãy mở tệp bằng Excel hoặc "
            "LibreOffice rồi lưu lại dưới dạng .xlsx."
        )
    return _csv_path(path)


def _csv_path(path: Path) -> CsvFile:
    def reopen():
        return open(path, "rb")  # noqa: SIM115

    return CsvFile(reopen(), path.stat().st_size, path.name, reopen=reopen)


def _from_zip(path: Path) -> VoterFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(
            f"Không đọc được tệp {path.name} ({zip_problem(exc)})."
        ) from None
    try:
        Limits.voters().check_zip(archive, path.name)
    except LimitError:
        archive.close()
        raise
    if "xl/workbook.xml" in archive.namelist():
        archive.close()
        return XlsxFile(path)
    for info in archive.infolist():
        member = Path(info.filename)
        wanted = member.suffix.lower() == ".csv" and member.stem.casefold() == SHEET
        if wanted and "__MACOSX" not in member.parts:

            def reopen(info=info):
                return zipfile.ZipFile(path).open(info)

            return CsvFile(
                archive.open(info), info.file_size, member.name, reopen=reopen
            )
    archive.close()
    raise WorkbookError(f"Tệp {path.name} không có tệp {SHEET}.csv.")
