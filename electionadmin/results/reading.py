"""The reader of a tallies workbook: the one function to swap if the reader changes.

It reuses the set-up importer's reader (importers/workbook.py): .xlsx, a folder of
CSV files or a .zip of them; headers are the English keys or the Vietnamese labels,
matched ignoring case, spaces and NFC/NFD.
"""

from importers import workbook
from importers.base import ImportReport
from importers.workbook import Sheet, spec

# Vietnamese labels of the counting-minutes columns (as on the Tổ minutes,
# docs/DOMAIN.md §6.2).
TALLY_HEADERS = {
    "voters_on_list": "Tổng số cử tri",
    "voters_voted": "Số cử tri đã tham gia bỏ phiếu",
    "ballots_issued": "Số phiếu phát ra",
    "ballots_received": "Số phiếu thu vào",
    "valid": "Số phiếu hợp lệ",
    "invalid": "Số phiếu không hợp lệ",
    "candidate": "Người ứng cử",
    "votes": "Số phiếu bầu",
    "round": "Lần bầu cử",
    "complaints": "Khiếu nại, tố cáo",
    "explanation": "Giải trình",
}
_WHERE = "kind council_unit_code commune_code area_number round"
TALLY_SHEETS = (
    spec(
        "tallies",
        f"{_WHERE} voters_on_list voters_voted ballots_issued ballots_received "
        "valid invalid complaints explanation",
        "kind commune_code area_number voters_on_list voters_voted ballots_issued "
        "ballots_received valid invalid",
    ),
    spec(
        "tally_votes",
        f"{_WHERE} candidate votes",
        "kind commune_code area_number candidate votes",
    ),
)


def read_tally_sheets(source, report: ImportReport) -> dict[str, Sheet] | None:
    # The shared reader looks labels up in its HEADERS table; add ours once.
    for key, label in TALLY_HEADERS.items():
        workbook.HEADERS.setdefault(key, label)
    return workbook.read_workbook(source, report, TALLY_SHEETS)
