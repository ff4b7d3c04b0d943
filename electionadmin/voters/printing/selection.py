"""What to print: an election by code, voting areas by `26734/1` or a commune code.

Errors are `SelectionError` with a Vietnamese message (the CLI exits non-zero with
it; the screens turn it into 404). With a user, only the areas its jurisdiction
sees are found.

A later round (`--round reelection|supplementary`, the screens' `?lan=`) prints only
for the areas of the electoral units holding it (a commune: those of its areas), with
the round's name and election date (`PrintRound`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from electionadmin.access.scope import restrict
from electionadmin.printing.heading import form_entry
from electionadmin.setup.models import Election, ElectoralUnitArea, VotingArea

# The later rounds (results' Round without "first"), and their slugs in addresses.
ROUNDS = {"reelection": "Bầu cử lại", "supplementary": "Bầu cử thêm"}
ROUND_SLUGS = {"bau-cu-lai": "reelection", "bau-cu-them": "supplementary"}


class SelectionError(Exception):
    pass


def election_by_code(code: str) -> Election:
    election = Election.objects.select_related("cycle").filter(code=code).first()
    if election is None:
        raise SelectionError(f"Không có cuộc bầu cử mã {code}.")
    return election


def areas_of(election: Election, user=None) -> QuerySet:
    areas = VotingArea.objects.filter(election=election)
    if user is not None:
        areas = restrict(areas, user)
    return areas.select_related("commune__parent__parent").order_by(
        "commune__code", "number"
    )


def area_by_key(election: Election, key: str, user=None) -> VotingArea:
    code, _, number = (key or "").partition("/")
    if not number.isdigit():
        raise SelectionError(
            f"Khu vực bỏ phiếu '{key}' không đúng dạng MÃ_XÃ/SỐ (ví dụ 26734/1)."
        )
    area = areas_of(election, user).filter(commune__code=code, number=number).first()
    if area is None:
        raise SelectionError(
            f"Không có khu vực bỏ phiếu {key} trong cuộc bầu cử {election.code}."
        )
    return area


def commune_areas(election: Election, code: str, user=None) -> list[VotingArea]:
    areas = list(areas_of(election, user).filter(commune__code=code))
    if not areas:
        raise SelectionError(
            f"Xã/phường mã {code} không có khu vực bỏ phiếu nào trong cuộc bầu cử "
            f"{election.code}."
        )
    return areas


@dataclass
class PrintRound:
    """A later round being printed: its name and, per area, its election date (the
    round of the area's electoral unit)."""

    key: str
    dates: dict[int, datetime.date] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return ROUNDS[self.key]

    def day(self, area: VotingArea) -> datetime.date:
        return self.dates[area.pk]

    def line(self, areas) -> str:
        """ "Bầu cử lại ngày 29/03/2026" (each date once)."""
        days = sorted({self.dates[a.pk] for a in areas})
        return f"{self.label} ngày {', '.join(f'{d:%d/%m/%Y}' for d in days)}"


def round_of(election: Election, round: str | None, areas, whole_commune=False):
    """The PrintRound of `round` for these areas (None: the first round) and the
    areas to print. An area outside every unit holding the round is refused; for a
    whole commune only its areas taking part are printed (refused if none)."""
    if not round or round == "first":
        return None, list(areas)
    if round not in ROUNDS:
        raise SelectionError(
            f"Lần bầu cử '{round}' không hợp lệ (reelection hoặc supplementary)."
        )
    links = ElectoralUnitArea.objects.filter(
        voting_area__in=areas,
        electoral_unit__contest__election=election,
        electoral_unit__rounds__round=round,
    ).values_list("voting_area", "electoral_unit__rounds__election_date")
    found = PrintRound(round)
    for area_id, day in links:
        found.dates[area_id] = min(day, found.dates.get(area_id, day))
    taking_part = [a for a in areas if a.pk in found.dates]
    outside = [a.key for a in areas if a.pk not in found.dates]
    if outside and (whole_commune is False or not taking_part):
        where = ", ".join(outside)
        raise SelectionError(
            f"Khu vực bỏ phiếu {where} không thuộc đơn vị bầu cử nào tổ chức "
            f"{found.label.lower()}."
        )
    return found, taking_part


def resolve(
    election_code: str,
    area: str | None,
    commune: str | None,
    user=None,
    round: str | None = None,
):
    """(election, areas, round) for the CLI's `--area` / `--commune` / `--round`."""
    election = election_by_code(election_code)
    if bool(area) == bool(commune):
        raise SelectionError("Hãy chọn đúng một trong --area hoặc --commune.")
    if area:
        areas = [area_by_key(election, area, user)]
    else:
        areas = commune_areas(election, commune, user)
    found, areas = round_of(election, round, areas, whole_commune=bool(commune))
    return election, areas, found


def form_number(election: Election, key: str) -> str:
    return form_entry(election.cycle, key)["number"]


def form_title(election: Election, key: str) -> str:
    return form_entry(election.cycle, key)["title"]
