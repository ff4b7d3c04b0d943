"""The file formats of the admin's per-model import screens (django-import-export),
read within the limits every reader keeps (`limits.py`); the rows then go to the
set-up importer (`resources.py`, `election/sheet.py`).

django-import-export's own XLSX and CSV formats hand openpyxl and tablib any file:
a zip bomb, a sheet of a million blank rows (run row by row, for minutes), a cell of
megabytes. These check the size and the zip directory before openpyxl opens the file,
stop at `IMPORT_ADMIN_MAX_ROWS` rows (they are read in the web request),
`IMPORT_MAX_COLUMNS` columns and `IMPORT_MAX_CELL_CHARS` characters, skip blank
rows, and raise `WorkbookError` with a Vietnamese message that the admin shows on
the form (`setup/admin.py`).
"""

import csv
import io
import zipfile

import openpyxl
import tablib
from django import forms
from import_export.formats import base_formats
from import_export.forms import ImportForm

from .limits import LimitError, Limits, WorkbookError, check_text_head, csv_error
from .workbook import BROKEN_XLSX, xlsx_errors

UPLOAD = "tải lên"


def _dataset(rows) -> tablib.Dataset:
    """Header row first; blank rows skipped, short rows padded (as tablib does).

    `dataset.row_numbers`: each row's number in the file (the header is row 1, a
    skipped blank row is still counted), for the importer's messages."""
    dataset = tablib.Dataset()
    dataset.row_numbers = []
    header = None
    for number, cells in rows:
        values = list(cells)
        if header is None:
            while values and values[-1] in (None, ""):
                values.pop()
            header = values
            dataset.headers = header
            continue
        if all(value in (None, "") for value in values):
            continue
        width = len(header)
        extra = values[width:]
        if any(value not in (None, "") for value in extra):
            raise LimitError(
                "Dòng có nhiều ô hơn dòng tiêu đề; hãy bỏ các ô thừa.", row=number
            )
        dataset.append(values[:width] + [None] * (width - len(values)))
        dataset.row_numbers.append(number)
    if header is None:
        dataset.headers = []
    return dataset


def _message(error: LimitError) -> str:
    if error.row is None:
        return str(error)
    return f"Dòng {error.row}: {error}"


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        limits = Limits.admin()
        data = in_stream if isinstance(in_stream, bytes) else bytes(in_stream)
        limits.check_size(len(data), UPLOAD)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise WorkbookError(BROKEN_XLSX) from None
        with archive:
            limits.check_zip(archive, UPLOAD)
        with xlsx_errors():
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True
            )
        try:
            with xlsx_errors():
                sheet = book.worksheets[0]
                sheet.reset_dimensions()
                rows = sheet.iter_rows(values_only=True)
                return _dataset(_checked(limits, enumerate(rows, start=1)))
        except LimitError as error:
            raise WorkbookError(_message(error)) from None
        finally:
            book.close()


class SafeCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        limits = Limits.admin()
        if isinstance(in_stream, bytes):
            limits.check_size(len(in_stream), UPLOAD)
            check_text_head(in_stream[:4096], UPLOAD)
            try:
                in_stream = in_stream.decode(self.encoding or "utf-8-sig")
            except UnicodeDecodeError:
                raise WorkbookError(NOT_UTF8) from None
        limits.check_size(len(in_stream), UPLOAD)
        check_text_head(in_stream[:4096].encode("utf-8", "replace"), UPLOAD)
        limits.csv_field_limit()
        reader = csv.reader(io.StringIO(in_stream, newline=""))
        numbered = _Numbered(reader)
        try:
            return _dataset(_checked(limits, numbered))
        except csv.Error as exc:
            error = csv_error(exc, limits, numbered.number + 1)
            raise WorkbookError(_message(error)) from None
        except LimitError as error:
            raise WorkbookError(_message(error)) from None


class _Numbered:
    def __init__(self, reader):
        self.reader = reader
        self.number = 0

    def __iter__(self):
        for row in self.reader:
            self.number += 1
            yield self.number, row


def _checked(limits: Limits, rows):
    guard = limits.guard()
    for number, cells in rows:
        guard(number, cells)
        yield number, cells


NOT_UTF8 = "Tệp không phải mã UTF-8; hãy lưu lại dưới dạng CSV UTF-8 hoặc .xlsx."


def read_failure(error: Exception) -> str:
    """What the import form says when the file could not be read."""
    if isinstance(error, WorkbookError):
        return str(error)
    if isinstance(error, UnicodeError):
        return NOT_UTF8
    return (
        "Không đọc được tệp; hãy kiểm tra đã chọn đúng định dạng (.xlsx hoặc CSV "
        "UTF-8) và lưu lại tệp."
    )


class LimitedImportForm(ImportForm):
    """The upload is refused above `IMPORT_WORKBOOK_MAX_MB`, before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            Limits.workbook().check_size(upload.size, upload.name)
        except LimitError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
