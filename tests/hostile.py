"""A corpus of hostile input files, generated at test time (none is committed).

`corpus(folder)` writes every file and returns {name: path}. Each is small on disk
(at most a few MB) but built to hang, flood or crash a careless reader: a cell of
200 kB, zip bombs (a .zip of CSV files and an .xlsx), a sheet of a million blank
rows, XXE and billion-laughs workbooks, binary files named .csv/.xlsx, UTF-16, NUL
bytes, a row of 20,000 columns.

`run_limited(args)` runs a command in a subprocess under an address-space limit and
a timeout, the way tests/test_hostile_files.py bounds time and memory.
"""

import io
import os
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

VOTER_HEADER = (
    "citizen_id,full_name,birth_date,gender,ethnicity,occupation,permanent_address,"
    "temporary_address,residence,commune_code,area_number,household,note\n"
)
VOTER_ROW = (
    "079080000001,Nguyễn Văn An,1980-05-12,Nam,Kinh,Công nhân,12 Hai Bà Trưng,,"
    "permanent,26734,1,HK1,\n"
)
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for one subprocess
TIME_LIMIT = 300  # seconds for a whole run of tests/hostile_run.py (each file: 60)


def _xlsx_parts() -> dict[str, bytes]:
    """The entries of a one-sheet workbook openpyxl writes, by name."""
    book = openpyxl.Workbook()
    book.active.title = "voters"
    book.active.append(["citizen_id", "full_name"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xlsx_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    parts = _xlsx_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _sheet(rows: bytes, prolog: bytes = b"") -> bytes:
    head = SHEET_OPEN
    if prolog:
        head = head.replace(b"\n", b"\n" + prolog + b"\n", 1)
    return head + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def _inline(row: int, text: bytes) -> bytes:
    return (
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>'.encode()
        + text
        + b"</t></is></c></row>"
    )


def corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}

    def add(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        files[name] = path

    big = VOTER_ROW.replace("Kinh", "x" * 200_000)
    add("big_cell.csv", (VOTER_HEADER + VOTER_ROW + big).encode())
    add("utf16.csv", (VOTER_HEADER + VOTER_ROW).encode("utf-16"))
    add("nul.csv", (VOTER_HEADER + VOTER_ROW.replace("An", "A\x00n")).encode())
    randomly = random.Random(11)
    add("binary.csv", bytes(randomly.randrange(256) for _ in range(50_000)))
    add("binary.xlsx", bytes(randomly.randrange(256) for _ in range(50_000)))
    wide = VOTER_HEADER.strip() + "," * 20_000 + "x\n" + VOTER_ROW
    add("wide.csv", wide.encode())
    # A newline inside an open quote: the rest of the file is one cell.
    add("open_quote.csv", (VOTER_HEADER + '"' + VOTER_ROW * 20_000).encode())

    # Zip bombs: 60 MB of zeros per entry, some 60 kB on disk (ratio ~1000).
    zeros = bytes(60 * 1024 * 1024)
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("voters", "election", "turnout", "tallies", "units"):
            archive.writestr(f"{name}.csv", zeros)
    files["bomb.zip"] = path
    spaces = b" " * (60 * 1024 * 1024)
    files["bomb.xlsx"] = _xlsx_with_sheet(
        folder / "bomb.xlsx", _sheet(_inline(1, b"citizen_id") + spaces)
    )
    # A million blank rows after a header (each `<row>` is an element to parse).
    blank = b"".join(b'<row r="%d"/>' % n for n in range(2, 1_000_002))
    files["blank_rows.xlsx"] = _xlsx_with_sheet(
        folder / "blank_rows.xlsx", _sheet(_inline(1, b"citizen_id") + blank)
    )
    # XML entities: an external file (XXE) and the billion laughs.
    xxe = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    files["xxe.xlsx"] = _xlsx_with_sheet(
        folder / "xxe.xlsx", _sheet(_inline(1, b"&xxe;"), xxe)
    )
    laughs = [b'<!ENTITY l0 "ha">']
    for n in range(1, 10):
        laughs.append(b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10))
    prolog = b"<!DOCTYPE worksheet [" + b"".join(laughs) + b"]>"
    files["laughs.xlsx"] = _xlsx_with_sheet(
        folder / "laughs.xlsx", _sheet(_inline(1, b"&l9;"), prolog)
    )
    return files


def _limit_memory() -> None:  # pragma: no cover (runs in the child)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(
    args: list[str], env: dict | None = None
) -> subprocess.CompletedProcess:
    """`python args…` from the checkout, under MEMORY_LIMIT and TIME_LIMIT.

    Raises subprocess.TimeoutExpired when it runs too long (the child is killed)."""
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, *args],
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,  # noqa: PLW1509 (no threads in the test process)
        check=False,
    )
