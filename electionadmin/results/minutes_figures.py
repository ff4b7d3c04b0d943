"""The figures of a counting minutes and of a ballot inventory: their field names
and the labels the forms, the screens and the checks' messages use."""

FIGURES = (
    "voters_on_list",
    "voters_voted",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
)
FIGURE_LABELS = {
    "voters_on_list": "Tổng số cử tri của khu vực bỏ phiếu",
    "voters_voted": "Số cử tri đã tham gia bỏ phiếu",
    "ballots_issued": "Số phiếu phát ra",
    "ballots_received": "Số phiếu thu vào",
    "valid": "Số phiếu hợp lệ",
    "invalid": "Số phiếu không hợp lệ",
}
INVENTORY_FIGURES = ("received", "issued", "spoiled", "unused")
