"""Cells of the spreadsheets the app writes: text is never run as a formula.

A name, an occupation or a header a user typed (`=HYPERLINK("http://…")`,
`+cmd|' /C calc'!A0`, `@SUM(…)`) would run when an official opens the export in a
spreadsheet. Every XLSX and CSV writer passes its cells through `safe()`: text that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe
(`'=HYPERLINK(…)`), which spreadsheets show as text. Numbers are left alone, and so
is text that is only a number (`-12`, `+84901234567`, `-3,5`): a negative figure
stays a figure, in XLSX a number and in CSV `-12` as before. The rule is in
docs/SECURITY.md; the public CSV files (§5, §6 of the exchange spec) follow it too.
"""

import csv
import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def safe(value):
    """The value as a cell may hold it: formula-like text prefixed, the rest as is."""
    if (
        isinstance(value, str)
        and value.startswith(TRIGGERS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return PREFIX + value
    return value


# Formula injection, input side (issue #11, 5): the one place of the rule. A person's
# name that starts like a formula is refused (importers: a row error; admin and voter
# forms: a form error); a place name, an address or a polling place is only warned
# about (exports show it as text): importers warn, forms save and show a
# `messages.warning` (a plain Django form has no "warning", only errors).
FORMULA_START = ("=", "+", "-", "@")
FORMULA_NAME = (
    "Họ và tên không được bắt đầu bằng dấu = + - @ (dễ bị bảng tính hiểu là công "
    "thức); hãy sửa lại."
)
FORMULA_PLACE = (
    "Ô bắt đầu bằng dấu = + - @ (dễ bị bảng tính hiểu là công thức); khi xuất ra "
    "bảng tính sẽ có dấu ' ở đầu. Hãy kiểm tra lại."
)
PERSON_NAMES = frozenset({"full_name"})
PLACE_TEXTS = frozenset(
    {"name", "polling_place", "address", "permanent_address", "temporary_address"}
)


def formula_like(value) -> bool:
    """Text a spreadsheet would run: `=…`, `+…`, `-…`, `@…`, but not a number."""
    return (
        isinstance(value, str)
        and len(value) > 1
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def validate_person_name(value) -> None:
    """Django validator for a person's name: formula-like text is an error."""
    from django.core.exceptions import ValidationError

    if formula_like(value):
        raise ValidationError(FORMULA_NAME, code="formula")


def formula_places(data, labels=None) -> list[str]:
    """The place fields of cleaned `data` that look like formulas (for a warning)."""
    labels = labels or {}
    return [
        str(labels.get(key, key))
        for key in sorted(PLACE_TEXTS)
        if formula_like(data.get(key))
    ]


def formula_place_warning(names) -> str:
    return f"Đã lưu. {', '.join(names)}: {FORMULA_PLACE}"


def safe_row(values: Iterable) -> list:
    return [safe(value) for value in values]


class SafeWriter:
    """csv.writer whose rows go through `safe()`."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options) -> SafeWriter:
    return SafeWriter(out, **options)


def safe_dataset(dataset):
    """A copy of a tablib Dataset (django-import-export's exports), cells made safe."""
    import tablib

    copy = tablib.Dataset(headers=safe_row(dataset.headers or []))
    copy.title = dataset.title
    for row in dataset:
        copy.append(safe_row(row))
    return copy
