"""Cell values from spreadsheets and CSV files, turned into Python values.

A cell arrives as text (CSV, or a text cell) or as what the spreadsheet program made
of it (a number, a date, a time). Each parser accepts both, so an .xlsx workbook and
its CSV export give the same result, and raises `CellError` with a Vietnamese message.
"""

import datetime
import re
from collections.abc import Collection, Iterable, Mapping

from electionadmin.cells import (  # noqa: F401  (the input-side formula rule)
    FORMULA_NAME,
    FORMULA_PLACE,
    FORMULA_START,
    PERSON_NAMES,
    PLACE_TEXTS,
    formula_like,
)
from electionadmin.text import clean_text, fold

# Official GSO/NSO code length of each administrative level.
CODE_LENGTH = {"province": 2, "district": 3, "commune": 5}

_DIGITS = re.compile(r"\d+")
_SCIENTIFIC = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:hH](\d{2})(:\d{2})?$")
_TRUE = {"x", "co", "yes", "y", "true", "1", "dung"}
_FALSE = {"", "khong", "no", "n", "false", "0", "sai"}
_GENDER = {"nam": "M", "m": "M", "male": "M", "nu": "F", "f": "F", "female": "F"}


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the clerk."""


def text(value) -> str:
    """NFC, trimmed, inner spaces collapsed; a whole number keeps no `.0`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return clean_text(value)


def digits(value) -> str:
    """The digit string a code cell holds; numbers that lost digits are refused."""
    if isinstance(value, bool):
        raise CellError(f"'{value}' không phải là mã số.")
    if isinstance(value, float):
        if not value.is_integer() or value >= 1e15:
            raise CellError(f"Mã '{value}' đã bị chương trình bảng tính đổi thành số.")
        value = int(value)
    raw = text(value)
    if _SCIENTIFIC.match(raw):
        raise CellError(
            f"Mã '{raw}' đã bị đổi sang dạng số mũ nên mất chữ số; "
            "hãy định dạng cột là văn bản và ghi lại mã."
        )
    if raw.endswith(".0") and raw[:-2].isdigit():
        raw = raw[:-2]
    if not _DIGITS.fullmatch(raw):
        raise CellError(f"Mã '{raw}' chỉ được gồm chữ số.")
    return raw


def code(value, lengths: Iterable[int], known: Collection[str] = ()) -> str:
    """An administrative code, zero-padded back when only one reading is possible.

    A code whose length fits an allowed level is taken as written. A shorter one
    (`760` where a commune is expected) is padded when one padded form fits, or when
    exactly one padded form is a known unit; otherwise it is ambiguous.
    """
    raw = digits(value)
    lengths = sorted(set(lengths))
    if len(raw) in lengths:
        return raw
    options = [raw.zfill(n) for n in lengths if len(raw) < n]
    if not options:
        allowed = " hoặc ".join(str(n) for n in lengths)
        raise CellError(f"Mã '{raw}' phải có {allowed} chữ số.")
    hits = [option for option in options if option in known]
    if len(options) == 1 or len(hits) == 1:
        return hits[0] if hits else options[0]
    raise CellError(
        f"Mã '{raw}' không rõ ràng (có thể là {', '.join(options)}); "
        "hãy ghi đủ các số 0 ở đầu."
    )


def integer(value, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    if isinstance(value, bool) or not _DIGITS.fullmatch(raw.lstrip("-")):
        raise CellError(f"'{raw}' không phải là số nguyên.")
    number = int(raw)
    if minimum is not None and number < minimum:
        raise CellError(f"Giá trị {number} phải từ {minimum} trở lên.")
    if maximum is not None and number > maximum:
        raise CellError(f"Giá trị {number} không được lớn hơn {maximum}.")
    return number


def _make_date(year: int, month: int, day: int, raw: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"Ngày '{raw}' không tồn tại.") from None


def date(value) -> datetime.date:
    """`YYYY-MM-DD`, `DD/MM/YYYY` or a real date cell."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if match := _ISO_DATE.match(raw):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, raw)
    if match := _VN_DATE.match(raw):
        day, month, year = (int(part) for part in match.groups())
        return _make_date(year, month, day, raw)
    raise CellError(f"Ngày '{raw}' phải ghi theo dạng NNNN-TT-NN hoặc NN/TT/NNNN.")


def birth_date(value) -> datetime.date:
    """As `date`, and also a year alone or month/year (day and month become 01)."""
    raw = "" if isinstance(value, datetime.date) else text(value)
    if re.fullmatch(r"\d{4}", raw):
        return _make_date(int(raw), 1, 1, raw)
    if match := _MONTH_YEAR.match(raw):
        return _make_date(int(match.group(2)), int(match.group(1)), 1, raw)
    return date(value)


def voter_birth_date(value) -> tuple[datetime.date, str]:
    """(date, precision) of a voter's birth date (docs/EXCHANGE.md §2): a year alone
    (precision "y") or month/year ("m") is stored with day/month 01; else "d"."""
    if value.__class__ is str and len(value) == 10 and value.isascii():
        # YYYY-MM-DD and DD/MM/YYYY written in full, the most common, by hand
        # (what the patterns below give them, in a fifth of the time).
        if value[4] == "-" == value[7]:
            year, month, day = value[:4], value[5:7], value[8:]
        elif value[2] in "/.-" and value[5] in "/.-":
            day, month, year = value[:2], value[3:5], value[6:]
        else:
            year = month = day = ""
        if year.isdigit() and month.isdigit() and day.isdigit():
            return _make_date(int(year), int(month), int(day), value), "d"
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    raw = "" if isinstance(value, datetime.date) else text(value)
    if re.fullmatch(r"\d{4}", raw):
        return _make_date(int(raw), 1, 1, raw), "y"  # year 0000 does not exist
    if match := _MONTH_YEAR.match(raw):
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise CellError(f"Tháng trong '{raw}' không tồn tại.")
        return _make_date(year, month, 1, raw), "m"
    return date(value), "d"


def time(value) -> datetime.time:
    """`HH:MM` (also `7h00`) or a real time cell."""
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    raw = text(value)
    match = _TIME.match(raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise CellError(f"Giờ '{raw}' phải ghi theo dạng GG:PP, ví dụ 07:00.")
    return datetime.time(int(match.group(1)), int(match.group(2)))


def time_list(value) -> list[str]:
    """`09:00;11:00;15:00` -> ["09:00", "11:00", "15:00"], in increasing order."""
    parts = [part for part in re.split(r"[;,\s]+", text(value)) if part]
    times = [time(part) for part in parts]
    if times != sorted(set(times)):
        raise CellError("Các mốc giờ phải tăng dần và không trùng nhau.")
    return [moment.strftime("%H:%M") for moment in times]


def gender(value) -> str:
    """`Nam`/`Nữ` (also M/F, male/female) -> "M"/"F"."""
    found = _GENDER.get(fold(value))
    if found is None:
        raise CellError(f"Giới tính '{text(value)}' phải là Nam hoặc Nữ.")
    return found


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(text(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"'{text(value)}' phải là có/không (x hoặc để trống).")


def choice(value, aliases: Mapping[str, str]) -> str:
    """One of the allowed values; `aliases` maps folded spellings to the value."""
    found = aliases.get(fold(text(value)))
    if found is None:
        # Say the Vietnamese labels the template offers, when the table has them.
        labels = getattr(aliases, "labels", None)
        allowed = (
            "; ".join(labels) if labels else ", ".join(sorted(set(aliases.values())))
        )
        raise CellError(f"'{text(value)}' không hợp lệ; chỉ được ghi: {allowed}.")
    return found


def aliases(values: Iterable[str], extra: Mapping[str, str] | None = None) -> dict:
    """Folded spelling -> value, for `choice`: each value, plus the given synonyms."""
    table = {fold(value): value for value in values}
    table.update({fold(key): value for key, value in (extra or {}).items()})
    return table


def choice_aliases(
    choices: Iterable[tuple[str, str]], extra: Mapping[str, str] | None = None
) -> dict:
    """`aliases` of a model's choices: each value, its Vietnamese label (what the
    templates' drop-down lists offer, importers/templates.py), the synonyms."""
    pairs = list(choices)
    labels = {label: value for value, label in pairs}
    table = ChoiceTable(aliases([v for v, _ in pairs], labels | dict(extra or {})))
    table.labels = tuple(labels)
    return table


class ChoiceTable(dict):
    """Folded spelling -> value, knowing the labels to name in a message."""

    labels: tuple[str, ...] = ()
