"""The statutory forms this back office prints, by stable key (docs/DOMAIN.md §8.1).

The printed number and title come from the election's cycle (`Cycle.forms`, seeded
from setup/cycle_defaults.py and editable by the system administrator): the same
number means different forms in 2021 (NQ 41/NQ-HĐBCQG) and 2026 (NQ 40/NQ-HĐBCQG),
so code and templates only ever name the key.
"""

from dataclasses import dataclass

from .heading import DEFAULT_TITLES
from .heading import form_entry as entry

# What a form is printed for: the `--scope` of print_form (docs/EXCHANGE.md §7).
AREA, UNIT, CONTEST, ADMIN_UNIT = "area", "unit", "contest", "admin_unit"
SCOPE_HELP = {
    AREA: "khu vực bỏ phiếu, ví dụ 26734/1",
    UNIT: "đơn vị bầu cử, ví dụ QH#1 hoặc HDND_TINH:79#3",
    CONTEST: "cuộc bầu cử theo cấp, ví dụ QH hoặc HDND_TINH:79",
    ADMIN_UNIT: "mã đơn vị hành chính, ví dụ 79 hoặc 26734",
}


@dataclass(frozen=True)
class FormSpec:
    key: str
    scope: str
    kinds: tuple[str, ...] = ()  # contest kinds it is for (empty: any)
    drawn: bool = False  # drawn with ReportLab (team_minutes.py), not a template

    @property
    def template(self) -> str:
        return f"documents/{self.key.lower()}.html"


QH_ONLY, HDND = ("QH",), ("HDND_TINH", "HDND_HUYEN", "HDND_XA")
FORMS: dict[str, FormSpec] = {
    spec.key: spec
    for spec in (
        FormSpec("TEAM_COUNT_QH", AREA, QH_ONLY, drawn=True),
        FormSpec("TEAM_COUNT_HDND", AREA, HDND, drawn=True),
        FormSpec("BALLOT_INVENTORY", AREA),
        FormSpec("BOARD_RESULT_QH", UNIT, QH_ONLY),
        FormSpec("BOARD_RESULT_HDND", UNIT, HDND),
        FormSpec("COMMITTEE_RESULT_QH", CONTEST, QH_ONLY),
        FormSpec("COMMITTEE_SUMMARY_HDND", CONTEST, HDND),
        FormSpec("WINNERS_LIST", CONTEST),
        FormSpec("TURNOUT_REPORT", ADMIN_UNIT),
        FormSpec("COUNT_PROGRESS_REPORT", ADMIN_UNIT),
    )
}
TEAM_FORMS = ("TEAM_COUNT_QH", "TEAM_COUNT_HDND")


class UnknownForm(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def spec_of(key: str) -> FormSpec:
    spec = FORMS.get((key or "").upper())
    if spec is None:
        known = ", ".join(FORMS)
        raise UnknownForm(f"Không có biểu mẫu '{key}'. Các biểu mẫu in được: {known}.")
    return spec


def team_form_for(kind: str) -> str:
    return "TEAM_COUNT_QH" if kind == "QH" else "TEAM_COUNT_HDND"


def board_form_for(kind: str) -> str:
    return "BOARD_RESULT_QH" if kind == "QH" else "BOARD_RESULT_HDND"


def committee_form_for(kind: str) -> str:
    return "COMMITTEE_RESULT_QH" if kind == "QH" else "COMMITTEE_SUMMARY_HDND"


def catalogue_rows(cycle) -> list[dict]:
    """Every key the cycle or the defaults know, printable forms first."""
    keys = list(FORMS) + [k for k in DEFAULT_TITLES if k not in FORMS]
    keys += [k for k in (cycle.forms or {}) if k not in keys]
    return [{"key": key, **entry(cycle, key)} for key in keys]
