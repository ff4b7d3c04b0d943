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
