"""django-tables2 tables of the dashboards: turnout by slot (counting progress:
results/progress_reports.py), and the figures as they are shown."""

import django_tables2 as tables

from electionadmin.figures import grouped

LEVEL_LABELS = {
    "province": "Tỉnh/thành phố",
    "district": "Quận/huyện",
    "commune": "Xã/phường",
    "voting_area": "Khu vực bỏ phiếu",
    "electoral_unit": "Đơn vị bầu cử",
}


num = grouped  # 12.345 as Vietnamese print it


def pct_vi(value: str) -> str:
    return value.replace(".", ",") + " %"


class TurnoutTable(tables.Table):
    name = tables.Column("Đơn vị")
    code = tables.Column("Mã")
    voters_on_list = tables.Column(
        "Cử tri trong danh sách", attrs={"td": {"class": "num"}}
    )
    areas_expected = tables.Column("Số KVBP", attrs={"td": {"class": "num"}})

    class Meta:
        orderable = False
        attrs = {"class": "polling-table"}

    def __init__(self, rows, slots: list[str], **kwargs):
        extra = []
        for slot in slots:
            extra += [
                (f"reported_{slot}", tables.Column(f"Đã báo cáo {slot}")),
                (f"voted_{slot}", tables.Column(f"Đã bỏ phiếu {slot}")),
                (f"pct_{slot}", tables.Column(f"Tỷ lệ {slot}")),
            ]
        data = [self.cells(row, slots) for row in rows]
        super().__init__(data, extra_columns=extra, **kwargs)

    @staticmethod
    def cells(row, slots) -> dict:
        data = {
            "name": row.name,
            "code": row.code,
            "voters_on_list": num(row.voters_on_list),
            "areas_expected": num(row.areas_expected),
        }
        for slot in slots:
            data[f"reported_{slot}"] = f"{row.reported[slot]}/{row.areas_expected}"
            data[f"voted_{slot}"] = num(row.voted[slot])
            data[f"pct_{slot}"] = pct_vi(row.pct(slot))
        return data
