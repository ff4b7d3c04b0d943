"""The admin's per-model sheets: export with django-import-export, import through
the one set-up importer.

Each resource is one sheet of the set-up workbook (`columns.ADMIN_SHEETS`: its
columns, plus the election, or the unit set, on every row). Export: those columns
under their Vietnamese headers (`columns.HEADERS`). Import: `import_data` runs the
set-up importer restricted to the sheet (`importers/election/sheet.py`), so a sheet
is read, checked and written exactly as inside a workbook, against the election it
names, within the user's jurisdiction; its report becomes django-import-export's
`Result` (a row: new / update / skip / delete, or invalid with its Vietnamese
messages; every problem, warnings too, in `result.problems`) for the admin's preview
(templates/admin/setup/import.html).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources, widgets
from import_export.results import InvalidRow, Result, RowResult

from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Contest,
    ElectoralUnit,
    VotingArea,
)
from importers import widgets as w
from importers.base import ImportReport
from importers.columns import ADMIN_SHEETS, header
from importers.election.bodies import saved_names
from importers.election.sheet import SheetImporter, row_outcomes
from importers.problems import OUTCOME_LABELS, preview_context
from importers.workbook import header_aliases, header_key

IMPORT_TYPES = {
    "added": RowResult.IMPORT_TYPE_NEW,
    "updated": RowResult.IMPORT_TYPE_UPDATE,
    "unchanged": RowResult.IMPORT_TYPE_SKIP,
}


class ScopedResource(resources.ModelResource):
    """A sheet of the set-up workbook; `sheet` names it (`columns.ADMIN_SHEETS`)."""

    sheet = ""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        plural = self._meta.model._meta.verbose_name_plural
        name = kwargs.get("file_name") or ""
        importer = SheetImporter(
            self.sheet,
            dry_run=dry_run,
            user=kwargs.get("user"),
            label=f"Nhập {plural} từ tệp {name}".strip(),
        )
        header_row = [str(h or "") for h in dataset.headers or []]
        # The file's row numbers (formats.py counts blank rows); else 2, 3, …
        numbers = getattr(dataset, "row_numbers", None) or range(2, len(dataset) + 2)
        numbered = list(zip(numbers, dataset, strict=True))
        report = importer.run((header_row, numbered))
        return sheet_result(importer, report, header_row, numbered)

    class Meta:
        abstract = True


def sheet_result(importer, report: ImportReport, header_row, numbered) -> Result:
    """The importer's report as django-import-export's `Result`."""
    result = Result()
    known = header_aliases(ADMIN_SHEETS[importer.sheet].columns)
    result.diff_headers = [
        header(known[header_key(h)]) if header_key(h) in known else h
        for h in header_row
    ]
    result.problems = preview_context(report.as_dict())
    values = {number: tuple(cells) for number, cells in numbered}
    if not report.ok:
        _invalid_rows(result, importer.sheet, report, values)
        return result
    outcomes, gone = row_outcomes(importer.plan, importer.sheet)
    for number, cells in values.items():
        if number in outcomes:
            row = RowResult()
            row.import_type = IMPORT_TYPES[outcomes[number]]
            row.outcome_label = OUTCOME_LABELS[outcomes[number]]
            row.diff = list(cells)
            result.append_row_result(row)
            result.increment_row_result_total(row)
    for item in gone:
        row = RowResult()
        row.import_type = RowResult.IMPORT_TYPE_DELETE
        row.outcome_label = OUTCOME_LABELS["removed"]
        row.object_repr = item.full_name
        row.diff = [item.full_name]
        result.append_row_result(row)
        result.increment_row_result_total(row)
    return result


def _invalid_rows(result: Result, sheet: str, report: ImportReport, values) -> None:
    """One invalid row per row with an error; problems elsewhere (other sheets,
    the whole file) in one more, without a row number."""
    by_row: dict = {}
    for problem in report.errors:
        if problem.sheet == sheet and problem.row in values:
            errors = by_row.setdefault(problem.row, {})
            column = header(problem.column) if problem.column else NON_FIELD_ERRORS
            errors.setdefault(column, []).append(problem.message)
        else:
            errors = by_row.setdefault(None, {})
            errors.setdefault(NON_FIELD_ERRORS, []).append(str(problem))
    for number in sorted(by_row, key=lambda n: (n is not None, n or 0)):
        error = ValidationError(by_row[number])
        row = values.get(number, ())
        result.invalid_rows.append(InvalidRow(number, error, row))
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1


def _field(attribute, key, widget=None, **extra) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=header(key), widget=widget, **extra
    )


def _columns(sheet: str) -> list[str]:
    """The sheet's columns, in the registry's order: what is exported and read."""
    return list(ADMIN_SHEETS[sheet].columns)


CODE = w.Rendered(lambda value: value.code)
TEXT = widgets.CharWidget()
NUMBER = widgets.IntegerWidget()


class AdminUnitResource(ScopedResource):
    sheet = "units"
    unit_set = _field("unit_set", "unit_set", CODE)
    code = _field("code", "code", TEXT)
    name = _field("name", "name", TEXT)
    level = _field("level", "level", w.CHOICE)
    parent_code = _field("parent", "parent_code", CODE)
    has_council = _field("has_council", "has_council", w.YES_NO)

    class Meta(ScopedResource.Meta):
        model = AdminUnit
        name = "Đơn vị hành chính"
        fields = _columns("units")


class VotingAreaResource(ScopedResource):
    sheet = "voting_areas"
    election = _field("election", "election", CODE)
    commune_code = _field("commune", "commune_code", CODE)
    area_number = _field("number", "area_number", NUMBER)
    name = _field("name", "name", TEXT)
    polling_place = _field("polling_place", "polling_place", TEXT)
    area_type = _field("area_type", "area_type", w.CHOICE)
    voting_date = _field("voting_date", "voting_date", w.DATE)

    class Meta(ScopedResource.Meta):
        model = VotingArea
        name = "Khu vực bỏ phiếu"
        fields = _columns("voting_areas")


class ContestColumns(ScopedResource):
    """The election, kind and council unit columns that name a contest."""

    election = _field(None, "election", readonly=True)
    kind = _field(None, "kind", readonly=True)
    council_unit_code = _field(None, "council_unit_code", readonly=True)

    def contest_of(self, obj) -> Contest:
        raise NotImplementedError

    def dehydrate_election(self, obj) -> str:
        return self.contest_of(obj).election.code

    def dehydrate_kind(self, obj) -> str:
        return self.contest_of(obj).kind

    def dehydrate_council_unit_code(self, obj) -> str:
        unit = self.contest_of(obj).council_unit
        return unit.code if unit else ""

    class Meta(ScopedResource.Meta):
        abstract = True


class ElectoralUnitResource(ContestColumns):
    sheet = "electoral_units"
    number = _field("number", "number", NUMBER)
    seats = _field("seats", "seats", NUMBER)
    covers = _field(None, "covers", readonly=True)
    name = _field("name", "name", TEXT)
    shortfall_decision = _field("shortfall_decision", "shortfall_decision", TEXT)

    def contest_of(self, obj) -> Contest:
        return obj.contest

    def dehydrate_covers(self, obj) -> str:
        return w.render_covers(obj)

    class Meta(ContestColumns.Meta):
        model = ElectoralUnit
        name = "Đơn vị bầu cử"
        fields = _columns("electoral_units")


class CandidateResource(ContestColumns):
    sheet = "candidates"
    unit_number = _field(
        "electoral_unit", "unit_number", w.Rendered(lambda unit: str(unit.number))
    )
    full_name = _field("full_name", "full_name", TEXT)
    birth_date = _field("birth_date", "birth_date", w.DATE)
    gender = _field("gender", "gender", w.GENDER)
    ethnicity = _field("ethnicity", "ethnicity", TEXT)
    religion = _field("religion", "religion", TEXT)
    hometown = _field("hometown", "hometown", TEXT)
    residence = _field("residence", "residence", TEXT)
    occupation = _field("occupation", "occupation", TEXT)
    workplace = _field("workplace", "workplace", TEXT)
    education = _field("education", "education", TEXT)
    party_join_date = _field("party_join_date", "party_join_date", w.DATE)
    is_incumbent_na = _field("is_incumbent_na", "is_incumbent_na", w.YES_NO)
    is_incumbent_council = _field(
        "is_incumbent_council", "is_incumbent_council", w.YES_NO
    )
    ballot_order = _field("ballot_order", "ballot_order", NUMBER)

    def contest_of(self, obj) -> Contest:
        return obj.electoral_unit.contest

    class Meta(ContestColumns.Meta):
        model = Candidate
        name = "Người ứng cử"
        fields = _columns("candidates")


class BodyMemberResource(ScopedResource):
    sheet = "members"
    election = _field(None, "election", readonly=True)
    body = _field("body", "body", w.Rendered(lambda body: body.key))
    full_name = _field("full_name", "full_name", TEXT)
    role = _field("role", "role", w.CHOICE)
    phone = _field("phone", "phone", TEXT)
    position = _field("position", "position", NUMBER)

    def dehydrate_election(self, obj) -> str:
        return obj.body.election.code

    def dehydrate_body(self, obj) -> str:
        """The body's name (importers/election/bodies.py), read back on import."""
        names = self.__dict__.setdefault("_body_names", {})
        election = obj.body.election
        if election.pk not in names:
            names[election.pk] = saved_names(election)
        return names[election.pk].get(obj.body.key, obj.body.key)

    class Meta(ScopedResource.Meta):
        model = BodyMember
        name = "Thành viên tổ chức phụ trách bầu cử"
        fields = _columns("members")
