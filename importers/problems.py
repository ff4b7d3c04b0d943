"""Import problems as the screens show them (a voter list, a turnout sheet; a set-up
workbook or one of its sheets: `preview_context`).

A city's file can hold tens of thousands of problems (the importer lists up to
`voters.MAX_LISTED`). The job keeps the first `SHOWN` errors and warnings for its page
and writes every one into a workbook the official downloads (`problems_xlsx`: kind,
sheet, row, column, message, every cell neutralised against formulas); columns carry
their Vietnamese header (`Họ và tên (full_name)`), sheets their Vietnamese name.
"""

import io

import openpyxl
from openpyxl.styles import Font

from electionadmin.cells import safe, safe_row

from .columns import ELECTION_SHEETS, HEADERS, VOTER_HEADERS, sheet_label

SHOWN = 500
SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
XLSX_HEADER = ("Loại", "Trang tính", "Dòng", "Cột", "Nội dung")
XLSX_WIDTHS = (10, 20, 8, 36, 110)


def column_label(column: str | None) -> str:
    """`Họ và tên (full_name)` (a voter list's own labels first, then the other
    formats'); an unknown header (or none) as it is."""
    if not column:
        return ""
    labels = VOTER_HEADERS.get(column)
    heading = labels[0] if labels else HEADERS.get(column)
    return f"{heading} ({column})" if heading else column


def setup_column_label(column: str | None) -> str:
    """A set-up workbook's column: `Nghề nghiệp, chức vụ (occupation)`."""
    column = column or ""
    heading = HEADERS.get(column, "")
    return f"{heading} ({column})" if heading else column


def labelled(problems: list[dict]) -> list[dict]:
    return [p | {"column_label": column_label(p.get("column"))} for p in problems]


def in_row_order(report: dict) -> dict:
    """File-wide problems first, then by row (checks across rows come last)."""

    def key(problem: dict) -> tuple:
        return (problem.get("row") is not None, problem.get("row") or 0)

    errors, warnings = report.get("errors", []), report.get("warnings", [])
    return report | {
        "errors": sorted(errors, key=key),
        "warnings": sorted(warnings, key=key),
    }


def trimmed(report: dict) -> dict:
    """The report for the page: totals, and only the first SHOWN of each kind."""
    errors, warnings = report.get("errors", []), report.get("warnings", [])
    return report | {
        "errors": errors[:SHOWN],
        "warnings": warnings[:SHOWN],
        "error_total": len(errors),
        "warning_total": len(warnings),
    }


def problems_xlsx(report: dict, label=column_label) -> bytes:
    """Every error, then every warning, one a row (openpyxl's streaming writer);
    `label` names the columns (a set-up workbook's: `setup_column_label`)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("loi_va_canh_bao")
    for index, width in enumerate(XLSX_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title in XLSX_HEADER:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=safe(title))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for problem in report.get("errors", []) + report.get("warnings", []):
        sheet.append(
            safe_row(
                [
                    SEVERITY.get(problem.get("severity"), problem.get("severity")),
                    sheet_label(problem.get("sheet")),
                    problem.get("row"),
                    label(problem.get("column")),
                    problem.get("message"),
                ]
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The set-up workbook (and its per-model sheets): counts and problems for a page.
SHEET_ORDER = [sheet.name for sheet in ELECTION_SHEETS]
# What an import did to the rows, as every screen names it (set-up, voter list,
# turnout; the admin's one-sheet preview); the console's words are
# commands.OUTCOME_WORDS.
OUTCOME_LABELS = {
    "added": "Thêm mới",
    "updated": "Cập nhật",
    "unchanged": "Không đổi",
    "removed": "Xóa",
    "rejected": "Từ chối",
}
OUTCOMES = ("added", "updated", "unchanged", "removed")  # the set-up's


def outcome_counts(counts: dict, outcomes) -> list[tuple[str, int]]:
    """(label, count) of each outcome, in the order given."""
    return [(OUTCOME_LABELS[key], counts.get(key, 0)) for key in outcomes]


def _problem(problem: dict) -> dict:
    return problem | {
        "sheet_label": sheet_label(problem.get("sheet")),
        "column_label": setup_column_label(problem.get("column")),
    }


def preview_context(report: dict) -> dict:
    """Counts per sheet in workbook order, and every problem with readable names."""
    counts = report.get("counts", {})
    order = [*SHEET_ORDER, *sorted(set(counts) - set(SHEET_ORDER))]
    rows = [
        (sheet_label(sheet), [counts[sheet].get(o, 0) for o in OUTCOMES])
        for sheet in order
        if sheet in counts
    ]
    return {
        "outcomes": [OUTCOME_LABELS[o] for o in OUTCOMES],
        "count_rows": rows,
        "errors": [_problem(p) for p in report.get("errors", [])],
        "warnings": [_problem(p) for p in report.get("warnings", [])],
    }
