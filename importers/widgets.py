"""Cell <-> value conversions for the admin's import/export (importers/resources.py).

Codes stay strings (a code a spreadsheet turned into a number gets its zeros back where
that is unambiguous), related records are found by their natural keys within the row's
election, and every failure is a ValueError with a message a clerk understands.
"""

from django.db.models import Model
from import_export import widgets

from electionadmin.setup import coverage
from electionadmin.setup.models import (
    AdminUnit,
    Contest,
    Election,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from importers import cells
from importers.columns import aliases, header  # noqa: F401 (resources use them)

cell_text = cells.text


def code_variants(value) -> list[str]:
    """The code as written, and zero-padded to 2, 3 or 5 digits if it lost zeros."""
    raw = cells.digits(value)
    return list(dict.fromkeys([raw] + [raw.zfill(n) for n in (2, 3, 5)]))


def find_one(queryset, what: str, value):
    """The single record among the queryset with one of the code's variants."""
    matches = list(queryset.filter(code__in=code_variants(value))[:2])
    if len(matches) != 1:
        problem = "Không tìm thấy" if not matches else "Có nhiều hơn một"
        raise ValueError(f"{problem} {what} có mã '{cell_text(value)}'.")
    return matches[0]


def row_election(row) -> Election:
    value = cell_text((row or {}).get(header("election")))
    if not value:
        raise ValueError("Thiếu mã cuộc bầu cử.")
    try:
        return Election.objects.select_related("cycle").get(code=value)
    except Election.DoesNotExist:
        raise ValueError(f"Không có cuộc bầu cử mã '{value}'.") from None


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class CodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return cells.digits(value)


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.boolean(value if value is not None else "")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else ""


class GenderWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.gender(value)

    def render(self, value, obj=None, **kwargs):
        return {"M": "Nam", "F": "Nữ"}.get(value, "")


class ChoiceWidget(widgets.Widget):
    """Accepts the English key or the Vietnamese label; exports the key."""

    def __init__(self, choices, **kwargs):
        labels = {label: key for key, label in choices.choices}
        self.aliases = cells.aliases(choices.values, labels)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return cells.choice(value, self.aliases)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DateWidget(widgets.Widget):
    def __init__(self, birth=False, **kwargs):
        self.parse = cells.birth_date if birth else cells.date
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return None if cell_text(value) == "" else self.parse(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class CodeLookup(widgets.ForeignKeyWidget):
    """A related record by its code, e.g. the election or the unit set."""

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            return None
        found = self.get_queryset(value, row).filter(code=code).first()
        if found is None:
            what = self.model._meta.verbose_name
            raise ValueError(f"Không tìm thấy {what} có mã '{code}'.")
        return found

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class UnitCodeLookup(CodeLookup):
    """An administrative unit by its code, whose lost leading zeros are restored."""

    def __init__(self, **kwargs):
        super().__init__(AdminUnit, "code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if not cell_text(value):
            return None
        queryset = self.get_queryset(value, row)
        return find_one(queryset, "đơn vị hành chính", value)


class CommuneWidget(UnitCodeLookup):
    """A commune of the row's election's set of administrative units."""

    def get_queryset(self, value, row, *args, **kwargs):
        unit_set = row_election(row).unit_set_id
        return AdminUnit.objects.filter(unit_set_id=unit_set, level="commune")


class ParentUnitWidget(UnitCodeLookup):
    """The unit above, within the unit set named on the same row."""

    def get_queryset(self, value, row, *args, **kwargs):
        set_code = cell_text((row or {}).get(header("unit_set")))
        return AdminUnit.objects.filter(unit_set__code=set_code)


def row_contest(row) -> Contest:
    election = row_election(row)
    kind = cell_text(row.get(header("kind"))).upper()
    council = cell_text(row.get(header("council_unit_code")))
    contests = Contest.objects.filter(election=election, kind=kind)
    if council:
        contests = contests.filter(council_unit__code__in=code_variants(council))
    else:
        contests = contests.filter(council_unit__isnull=True)
    contest = contests.select_related("election__cycle").first()
    if contest is None:
        key = f"{kind}:{council}" if council else kind
        raise ValueError(f"Cuộc bầu cử {election.code} không có cuộc bầu cử '{key}'.")
    return contest


class ContestWidget(widgets.Widget):
    """The contest named by the row's election, kind and council unit columns."""

    def clean(self, value, row=None, **kwargs):
        return row_contest(row)

    def render(self, value, obj=None, **kwargs):
        return value.kind if value else ""


class ElectoralUnitWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        contest = row_contest(row)
        number = cell_text(value)
        unit = ElectoralUnit.objects.filter(contest=contest, number=number or 0)
        found = unit.select_related("contest__election__cycle").first()
        if found is None:
            raise ValueError(f"{contest} không có đơn vị bầu cử số '{number}'.")
        return found

    def render(self, value, obj=None, **kwargs):
        return str(value.number) if value else ""


class BodyWidget(widgets.Widget):
    """`committee:79`, `board:QH#1` or `team:26734/1` within the row's election."""

    def clean(self, value, row=None, **kwargs):
        election = row_election(row)
        key = cell_text(value)
        bodies = ElectionBody.objects.filter(election=election).select_related(
            "admin_unit",
            "electoral_unit__contest__council_unit",
            "voting_area__commune",
        )
        kind = key.split(":", 1)[0]
        for body in bodies.filter(kind=kind):
            if body.key == key:
                return body
        raise ValueError(f"Không có tổ chức phụ trách bầu cử '{key}'.")

    def render(self, value, obj=None, **kwargs):
        return value.key if value else ""


def parse_covers(text, election: Election) -> list[Model]:
    """`26734;26737/2` -> the administrative units and voting areas it names."""
    found: list[Model] = []
    for item in filter(None, (part.strip() for part in cell_text(text).split(";"))):
        if "/" in item:
            commune, number = item.split("/", 1)
            area = VotingArea.objects.filter(
                election=election,
                commune__code__in=code_variants(commune),
                number=number if number.isdigit() else 0,
            ).first()
            if area is None:
                raise ValueError(f"Không có khu vực bỏ phiếu '{item}'.")
            found.append(area)
        else:
            units = AdminUnit.objects.filter(unit_set_id=election.unit_set_id)
            found.append(find_one(units, "đơn vị hành chính", item))
    return found


def covers_keys(items) -> list[str]:
    keys = (item.key if isinstance(item, VotingArea) else item.code for item in items)
    return sorted(keys)


def current_covers(unit: ElectoralUnit) -> list[Model]:
    if unit.pk is None:
        return []
    return [*unit.covers_units.all(), *unit.covers_areas.select_related("commune")]


def render_covers(unit: ElectoralUnit) -> str:
    return ";".join(covers_keys(current_covers(unit)))


def _area_table(election: Election) -> dict[coverage.AreaKey, int]:
    areas = VotingArea.objects.filter(election=election)
    return {
        (c, n): pk for pk, c, n in areas.values_list("pk", "commune__code", "number")
    }


def _children(election: Election) -> dict[str, list[str]]:
    units = AdminUnit.objects.filter(unit_set_id=election.unit_set_id)
    return coverage.children_map(dict(units.values_list("code", "parent__code")))


def covered_area_ids(items: list[Model], election: Election) -> set[int]:
    """The voting areas named, plus every area in the administrative units named."""
    table = _area_table(election)
    keys = coverage.resolve(
        [i.code for i in items if isinstance(i, AdminUnit)],
        [(i.commune.code, i.number) for i in items if isinstance(i, VotingArea)],
        _children(election),
        coverage.areas_by_commune(table),
    )
    return {table[key] for key in keys}


def check_covers(unit: ElectoralUnit, area_ids: set[int]) -> None:
    """The unit stays in its contest's territory and shares no area with another."""
    contest, election = unit.contest, unit.contest.election
    table = _area_table(election)
    key_of = {pk: key for key, pk in table.items()}
    council = contest.council_unit.code if contest.council_unit_id else None
    territory = coverage.territory(council, table, _children(election))
    links = ElectoralUnitArea.objects.filter(contest=contest).exclude(
        electoral_unit_id=unit.pk
    )
    others: dict[int, set] = {}
    for number, area_id in links.values_list("electoral_unit__number", "voting_area"):
        others.setdefault(number, set()).add(key_of[area_id])
    mine = {key_of[pk] for pk in area_ids}
    result = coverage.partition(territory, [*others.items(), (unit.number, mine)])
    messages = [
        coverage.overlap_message(contest.key, number, first, areas)
        for (number, first), areas in result.overlaps.items()
    ]
    if unit.number in result.outside:
        areas = result.outside[unit.number]
        messages.append(coverage.outside_message(contest.key, unit.number, areas))
    if messages:
        raise ValueError(" ".join(messages))


def save_covers(unit: ElectoralUnit, items: list[Model]) -> None:
    """Store what the unit covers and rewrite its voting areas from it."""
    unit.covers_units.set([i for i in items if isinstance(i, AdminUnit)])
    unit.covers_areas.set([i for i in items if isinstance(i, VotingArea)])
    area_ids = covered_area_ids(items, unit.contest.election)
    ElectoralUnitArea.objects.filter(electoral_unit=unit).delete()
    ElectoralUnitArea.objects.bulk_create(
        ElectoralUnitArea(
            contest_id=unit.contest_id, electoral_unit=unit, voting_area_id=a
        )
        for a in sorted(area_ids)
    )
