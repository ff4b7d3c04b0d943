"""The change report on screen (django-tables2): one column per figure."""

import django_tables2 as tables

from . import reports


def report_table(election, level: str, rows: list[dict]) -> tables.Table:
    cols = reports.columns(list(election.cycle.contest_kinds))
    extra = [("unit", tables.Column(verbose_name=reports.LEVELS[level]))]
    extra += [(key, tables.Column(verbose_name=label)) for key, label in cols]
    return tables.Table(
        rows,
        extra_columns=extra,
        attrs={"id": "change-report", "class": "table"},
        orderable=True,
        empty_text="Không có khu vực bỏ phiếu nào trong phạm vi đã chọn.",
    )
