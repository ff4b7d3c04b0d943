"""What to print: an election by code, voting areas by `26734/1` or a commune code.

Errors are `SelectionError` with a Vietnamese message (the CLI exits non-zero with
it; the screens turn it into 404). With a user, only the areas its jurisdiction
sees are found.
"""

from django.db.models import QuerySet

from electionadmin.access.scope import restrict
from electionadmin.printing.heading import form_entry
from electionadmin.setup.models import Election, VotingArea


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


def resolve(election_code: str, area: str | None, commune: str | None, user=None):
    """(election, areas) for the CLI's `--area` / `--commune`."""
    election = election_by_code(election_code)
    if bool(area) == bool(commune):
        raise SelectionError("Hãy chọn đúng một trong --area hoặc --commune.")
    if area:
        return election, [area_by_key(election, area, user)]
    return election, commune_areas(election, commune, user)


def form_number(election: Election, key: str) -> str:
    return form_entry(election.cycle, key)["number"]


def form_title(election: Election, key: str) -> str:
    return form_entry(election.cycle, key)["title"]
