"""The change report on screen (django-tables2): one column per figure, under a
header of two rows that groups them (Bổ sung, Xóa tên, …), each heading short with
the report's full heading as its tooltip, so that the 22 figures of a 2021 report
fit a 1366-pixel screen (the XLSX and the PDF keep the full headings)."""

import django_tables2 as tables
from django.utils.html import format_html

from . import reports

# key prefix -> the group's heading; keys outside every group span both rows.
GROUPS = {
    "add_": "Bổ sung",
    "remove_": "Xóa tên",
    "transfer_": "Chuyển khu vực",
    "cert_": "Giấy chứng nhận",
    "male": "Giới tính",
    "female": "Giới tính",
    "kind_": "Cử tri được bầu",
}
SHORT = {
    "at_start": "Khi niêm yết",
    "add_newly_eligible": "Đủ tuổi, về, sót",
    "add_rights_restored": "Khôi phục quyền",
    "add_moved_in": "Đến cư trú",
    "add_other": "Khác",
    "remove_died": "Chết",
    "remove_lost_rights": "Mất quyền",
    "remove_moved_away": "Đi nơi khác",
    "remove_duplicate": "Ghi trùng",
    "remove_other": "Khác",
    "transfer_in": "Đến",
    "transfer_out": "Đi",
    "cert_received": "Tiếp nhận",
    "cert_issued": "Cấp đi",
    "other": "Điều chỉnh khác",
    "now": "Hiện nay",
}


def group_of(key: str) -> str:
    return next((name for p, name in GROUPS.items() if key.startswith(p)), "")


def heading(key: str, label: str) -> str:
    """The short heading, its full words as the tooltip (abbr)."""
    short = SHORT.get(key) or label.removeprefix("Được bầu ")
    if short == label:
        return label
    return format_html('<abbr title="{}">{}</abbr>', label, short)


class ReportTable(tables.Table):
    class Meta:
        template_name = "voters/change_report_table.html"

    def header_groups(self) -> list[dict]:
        """[{"label", "columns"}]: a label spans its columns in the first row; a
        column without one spans both rows."""
        groups: list[dict] = []
        for column in self.columns:
            label = group_of(column.name) if column.name != "unit" else ""
            if label and groups and groups[-1]["label"] == label:
                groups[-1]["columns"].append(column)
            else:
                groups.append({"label": label, "columns": [column]})
        return groups


def report_table(election, level: str, rows: list[dict]) -> tables.Table:
    cols = reports.columns(list(election.cycle.contest_kinds))
    extra = [("unit", tables.Column(verbose_name=reports.LEVELS[level]))]
    extra += [
        (key, tables.Column(verbose_name=heading(key, label), attrs=NUMBER))
        for key, label in cols
    ]
    return ReportTable(
        rows,
        extra_columns=extra,
        attrs={"id": "change-report", "class": "table"},
        orderable=True,
        empty_text="Không có khu vực bỏ phiếu nào trong phạm vi đã chọn.",
    )


NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
