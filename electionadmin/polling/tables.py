"""django-tables2 tables of the dashboards: turnout by slot (counting progress:
results/progress_reports.py), and the figures as they are shown."""

import django_tables2 as tables
from django.utils.html import format_html

from electionadmin.figures import grouped

LEVEL_LABELS = {
    "province": "Tỉnh/thành phố",
    "district": "Quận/huyện",
    "commune": "Xã/phường",
    "voting_area": "Khu vực bỏ phiếu",
    "electoral_unit": "Đơn vị bầu cử",
}


num = grouped  # 12.345 as Vietnamese print it
NUM = {"td": {"class": "num"}}


def pct_vi(value: str) -> str:
    return value.replace(".", ",") + " %"


# The two rates, worded so nobody mistakes one for the other.
PCT_WHOLE = "Tỷ lệ trên toàn bộ danh sách cử tri"
PCT_REPORTED = "Tỷ lệ trong các khu vực đã báo cáo"


def linked(record: dict) -> str:
    """A row's name, a link one level down when it has one."""
    if not record.get("url"):
        return format_html("<b>{}</b>", record["name"])
    return format_html('<a href="{}">{}</a>', record["url"], record["name"])


class TurnoutTable(tables.Table):
    """Turnout at one slot: both rates, each row a link one level down."""

    name = tables.Column("Đơn vị")
    code = tables.Column("Mã")
    voters_on_list = tables.Column("Cử tri trong danh sách", attrs=NUM)
    reported = tables.Column("Khu vực đã báo cáo", attrs=NUM)
    voted = tables.Column("Đã bỏ phiếu", attrs=NUM)
    pct = tables.Column(PCT_WHOLE, attrs=NUM)
    listed = tables.Column("Cử tri của các khu vực đã báo cáo", attrs=NUM)
    reported_pct = tables.Column(PCT_REPORTED, attrs=NUM)

    class Meta:
        orderable = False
        attrs = {"class": "polling-table"}

    def __init__(self, rows, slot: str | None, urls: dict | None = None, **kwargs):
        urls = urls or {}
        data = [self.cells(row, slot) | {"url": urls.get(row.code)} for row in rows]
        super().__init__(data, **kwargs)
        if slot:
            self.columns["voted"].column.verbose_name = f"Đã bỏ phiếu lúc {slot}"

    def render_name(self, record):
        return linked(record)

    @staticmethod
    def cells(row, slot: str | None) -> dict:
        data = {
            "name": row.name,
            "code": row.code,
            "voters_on_list": num(row.voters_on_list),
        }
        if slot is None:
            return data | {"reported": f"0/{num(row.areas_expected)}"}
        return data | {
            "reported": f"{num(row.reported[slot])}/{num(row.areas_expected)}",
            "voted": num(row.voted[slot]),
            "pct": pct_vi(row.pct(slot)),
            "listed": num(row.listed[slot]),
            "reported_pct": pct_vi(row.reported_pct(slot)),
        }
