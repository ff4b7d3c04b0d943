"""Moving through the dashboards: city → district (2021) → commune → voting area.

Every row of a roll-up is a link one level down, and a breadcrumb leads back up.
The reader's place (round, slot, pages) lives in the address, so a link down keeps
the round and the slot, and a refresh keeps everything.
"""

from urllib.parse import urlencode

from django.urls import reverse

from .scopes import may_view_unit

KEPT = ("lan", "moc")  # carried from level to level; pages are not


def kept(request) -> dict[str, str]:
    return {key: request.GET[key] for key in KEPT if request.GET.get(key)}


def query(params: dict) -> str:
    return f"?{urlencode(params)}" if params else ""


def with_params(request, **changes) -> str:
    """This page's address with some parameters changed (None: dropped)."""
    params = dict(request.GET.items())
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return query(params)


def dashboard_url(request, code: str, unit_code: str) -> str:
    url = reverse("polling:dashboard", args=[code, unit_code])
    return url + query(kept(request))


def area_url(request, code: str, area_key: str) -> str:
    commune, number = area_key.split("/")
    url = reverse("polling:area_board", args=[code, commune, int(number)])
    return url + query(kept(request))


def row_url(request, code: str, row) -> str:
    """The next level of a roll-up row: a unit's dashboard or an area's page."""
    if row.level == "voting_area":
        return area_url(request, code, row.code)
    return dashboard_url(request, code, row.code)


def breadcrumb(request, election, unit) -> list[tuple[str, str]]:
    """(name, url) of the units above `unit` that the user may open, top first."""
    above = [u for u in reversed(unit.ancestors()) if may_view_unit(request.user, u)]
    return [(u.name, dashboard_url(request, election.code, u.code)) for u in above]
