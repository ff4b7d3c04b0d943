"""The print page's menus: the forms by number and name, the scope (voting area,
electoral unit, contest, administrative unit) from what the user sees, the contest
of a council's team minutes. Values stay the codes print_form takes (`26734/1`,
`QH#1`, `QH`, `79`); a person reads only names."""

from electionadmin.access.scope import restrict
from electionadmin.printing import catalogue
from electionadmin.results.forms import PrintForm
from electionadmin.results.views import territory_ids
from electionadmin.setup.models import AdminUnit, Contest, ElectoralUnit, VotingArea

GROUPS = {
    catalogue.AREA: "Khu vực bỏ phiếu",
    catalogue.UNIT: "Đơn vị bầu cử",
    catalogue.CONTEST: "Cuộc bầu cử",
    catalogue.ADMIN_UNIT: "Đơn vị hành chính",
}


def form_choices(election) -> list[tuple[str, str]]:
    rows = catalogue.catalogue_rows(election.cycle)[: len(catalogue.FORMS)]
    return [
        (
            row["key"],
            f"{row['number']} - {row['title']}" if row["number"] else row["title"],
        )
        for row in rows
    ]


def _areas(user, election) -> list[tuple[str, str]]:
    areas = restrict(VotingArea.objects.filter(election=election), user)
    areas = areas.select_related("commune").order_by("commune__code", "number")
    return [
        (a.key, f"Khu vực bỏ phiếu số {a.number} - {a.commune.name}") for a in areas
    ]


def _units(user, election) -> list[tuple[str, str]]:
    units = restrict(ElectoralUnit.objects.filter(contest__election=election), user)
    units = units.select_related("contest__council_unit").order_by("contest", "number")
    return [(u.key, f"{u} - {u.contest}") for u in units]


def _contests(user, election) -> list[tuple[str, str]]:
    contests = Contest.objects.filter(election=election).select_related("council_unit")
    return [(c.key, str(c)) for c in restrict(contests, user).order_by("pk")]


def _admin_units(user, election) -> list[tuple[str, str]]:
    units = AdminUnit.objects.filter(unit_set=election.unit_set)
    ids = territory_ids(user)
    if ids is not None:
        units = units.filter(pk__in=ids)
    return [(u.code, u.name) for u in units.order_by("code")]


def scope_choices(user, election) -> tuple[list, dict[str, str]]:
    """The grouped choices, and each value's scope kind (to check the pair)."""
    found = {
        catalogue.AREA: _areas(user, election),
        catalogue.UNIT: _units(user, election),
        catalogue.CONTEST: _contests(user, election),
        catalogue.ADMIN_UNIT: _admin_units(user, election),
    }
    kinds = {value: GROUPS[kind] for kind, rows in found.items() for value, _ in rows}
    grouped = [(GROUPS[kind], rows) for kind, rows in found.items() if rows]
    return [("", "— Chọn phạm vi —"), *grouped], kinds


def print_form(data, user, election) -> PrintForm:
    scopes, kinds = scope_choices(user, election)
    return PrintForm(
        data,
        form_choices=form_choices(election),
        scope_choices=scopes,
        scope_kinds=kinds,
        contests=council_contests(user, election),
        scope_of={key: GROUPS[spec.scope] for key, spec in catalogue.FORMS.items()},
    )


def council_contests(user, election) -> list[tuple[str, str]]:
    """The councils' contests, for a council team's minutes."""
    rows = [(key, name) for key, name in _contests(user, election) if key != "QH"]
    return [("", "— Không cần (biên bản Quốc hội và các biểu mẫu khác) —"), *rows]


def describe(target) -> str:
    """A printed form in words: its number and name, what it is for, the election."""
    row = catalogue.entry(target.election.cycle, target.key)
    form = f"{row['number']} - {row['title']}" if row["number"] else row["title"]
    if target.area is not None:
        scope = f"khu vực bỏ phiếu số {target.area.number} - {target.area.commune.name}"
    elif target.unit is not None:
        scope = f"{target.unit} - {target.unit.contest}"
    elif target.admin_unit is not None:
        scope = target.admin_unit.name
    else:
        scope = str(target.contest)
    if target.contest is not None and target.area is not None:
        scope += f" ({target.contest})"
    return f"{form}; {scope}; {target.election.name}"
