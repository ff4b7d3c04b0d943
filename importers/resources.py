"""django-import-export resources: one model per sheet, for the admin's import/export.

Columns carry the Vietnamese headers of docs/EXCHANGE.md §1; the English keys and the
headers in any case or Unicode composition are accepted on import. Rows are upserted on
their natural keys, and a row outside the importing user's jurisdiction is rejected.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields, resources, widgets

from electionadmin import cells
from electionadmin.access.scope import OUTSIDE_JURISDICTION, can_edit, editable_now
from electionadmin.audit import log
from electionadmin.setup.models import (
    AdminUnit,
    AdminUnitSet,
    BodyMember,
    Candidate,
    Contest,
    Election,
    ElectoralUnit,
    VotingArea,
)
from importers import widgets as w
from importers.widgets import header


def _norm(text) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip().casefold()


class ScopedResource(resources.ModelResource):
    """Upsert on natural keys, with the model's clean() and the user's jurisdiction."""

    user = None

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        dataset.headers = [self._column_for(h) for h in dataset.headers or []]

    def _column_for(self, heading) -> str:
        """Map an English key or a Vietnamese alias to this resource's column."""
        known = {}
        for name, field in self.fields.items():
            for alias in (field.column_name, *w.aliases(name)):
                known[_norm(alias)] = field.column_name
        return known.get(_norm(heading), heading)

    def get_instance(self, instance_loader, row):
        # A key cell that cannot be read makes the row invalid, not a crash.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def after_init_instance(self, instance, new, row, **kwargs):
        user = self.user
        if user is None:
            return
        opts = instance._meta
        if new and not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            raise ValidationError(f"Bạn không có quyền thêm {opts.verbose_name}.")
        if not new and not can_edit(user, instance):
            raise ValidationError(OUTSIDE_JURISDICTION)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        # A person's name like a formula is a row error (electionadmin/cells.py).
        # Place names are not warned about here: django-import-export has no per-row
        # warning, only errors; exports prefix them with ' anyway (docs/SECURITY.md).
        errors = dict(import_validation_errors or {})
        for name in cells.PERSON_NAMES & set(self.fields):
            try:
                cells.validate_person_name(getattr(instance, name, None))
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
        super().validate_instance(instance, errors, validate_unique)

    def do_instance_save(self, instance, is_create):
        # A savepoint, so a row that lands outside the jurisdiction leaves nothing.
        with transaction.atomic():
            super().do_instance_save(instance, is_create)
            if self.user is not None and not editable_now(self.user, instance):
                raise ValidationError(OUTSIDE_JURISDICTION)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        failed = result.has_errors() or result.has_validation_errors()
        if kwargs.get("dry_run") or self.user is None or failed:
            return
        plural = self._meta.model._meta.verbose_name_plural
        name = kwargs.get("file_name") or ""
        log.record(
            self.user,
            "import",
            changes=dict(result.totals),
            label=f"Nhập {plural} từ tệp {name}".strip(),
        )

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


def _field(attribute, key, widget=None, **extra) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=header(key), widget=widget, **extra
    )


class AdminUnitResource(ScopedResource):
    unit_set = _field("unit_set", "unit_set", w.CodeLookup(AdminUnitSet, "code"))
    code = _field("code", "code", w.CodeWidget())
    name = _field("name", "name", w.TextWidget())
    level = _field("level", "level", w.ChoiceWidget(AdminUnit.Level))
    parent_code = _field("parent", "parent_code", w.ParentUnitWidget())
    has_council = _field("has_council", "has_council", w.YesNoWidget(), default=True)

    class Meta(ScopedResource.Meta):
        model = AdminUnit
        name = "Đơn vị hành chính"
        fields = ["unit_set", "code", "name", "level", "parent_code", "has_council"]
        import_id_fields = ["unit_set", "code"]


class VotingAreaResource(ScopedResource):
    election = _field("election", "election", w.CodeLookup(Election, "code"))
    commune_code = _field("commune", "commune_code", w.CommuneWidget())
    area_number = _field("number", "area_number", widgets.IntegerWidget())
    name = _field("name", "name", w.TextWidget())
    polling_place = _field("polling_place", "polling_place", w.TextWidget())
    voting_date = _field("voting_date", "voting_date", w.DateWidget())
    area_type = _field(
        "area_type",
        "area_type",
        w.ChoiceWidget(VotingArea.AreaType),
        default=VotingArea.AreaType.NORMAL,
    )

    class Meta(ScopedResource.Meta):
        model = VotingArea
        name = "Khu vực bỏ phiếu"
        fields = [
            "election",
            "commune_code",
            "area_number",
            "name",
            "polling_place",
            "area_type",
            "voting_date",
        ]
        import_id_fields = ["election", "commune_code", "area_number"]


class ContestColumns(ScopedResource):
    """The election, kind and council unit columns that name a contest."""

    election = _field(None, "election", readonly=True)
    council_unit_code = _field(None, "council_unit_code", readonly=True)

    def contest_of(self, obj) -> Contest:
        raise NotImplementedError

    def dehydrate_election(self, obj) -> str:
        return self.contest_of(obj).election.code

    def dehydrate_council_unit_code(self, obj) -> str:
        unit = self.contest_of(obj).council_unit
        return unit.code if unit else ""

    class Meta(ScopedResource.Meta):
        abstract = True


class ElectoralUnitResource(ContestColumns):
    kind = _field("contest", "kind", w.ContestWidget())
    number = _field("number", "number", widgets.IntegerWidget())
    seats = _field("seats", "seats", widgets.IntegerWidget())
    covers = _field(None, "covers", readonly=True)
    name = _field("name", "name", w.TextWidget())
    shortfall_decision = _field(
        "shortfall_decision", "shortfall_decision", w.TextWidget()
    )

    def contest_of(self, obj) -> Contest:
        return obj.contest

    def dehydrate_covers(self, obj) -> str:
        return w.render_covers(obj)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        column = self.fields["covers"].column_name
        if column in row and instance.contest_id:
            try:
                instance._covers = self._read_covers(instance, row[column])
            except ValueError as e:
                errors["covers"] = [str(e)]
        if errors:
            raise ValidationError(errors)

    def _read_covers(self, unit, value):
        items = w.parse_covers(value, unit.contest.election)
        w.check_covers(unit, w.covered_area_ids(items, unit.contest.election))
        return items

    def skip_row(self, instance, original, row, import_validation_errors=None):
        covers = getattr(instance, "_covers", None)
        if covers is not None and w.covers_keys(covers) != w.covers_keys(
            w.current_covers(original)
        ):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        if getattr(instance, "_covers", None) is not None:
            w.save_covers(instance, instance._covers)

    class Meta(ContestColumns.Meta):
        model = ElectoralUnit
        name = "Đơn vị bầu cử"
        fields = [
            "election",
            "kind",
            "council_unit_code",
            "number",
            "seats",
            "covers",
            "name",
            "shortfall_decision",
        ]
        import_id_fields = ["kind", "number"]


class CandidateResource(ContestColumns):
    kind = _field(None, "kind", readonly=True)
    unit_number = _field("electoral_unit", "unit_number", w.ElectoralUnitWidget())
    ballot_order = _field("ballot_order", "ballot_order", widgets.IntegerWidget())
    full_name = _field("full_name", "full_name", w.TextWidget())
    birth_date = _field("birth_date", "birth_date", w.DateWidget(birth=True))
    gender = _field("gender", "gender", w.GenderWidget())
    ethnicity = _field("ethnicity", "ethnicity", w.TextWidget())
    religion = _field("religion", "religion", w.TextWidget())
    hometown = _field("hometown", "hometown", w.TextWidget())
    residence = _field("residence", "residence", w.TextWidget())
    occupation = _field("occupation", "occupation", w.TextWidget())
    workplace = _field("workplace", "workplace", w.TextWidget())
    education = _field("education", "education", w.TextWidget())
    party_join_date = _field("party_join_date", "party_join_date", w.DateWidget())
    is_incumbent_na = _field(
        "is_incumbent_na", "is_incumbent_na", w.YesNoWidget(), default=False
    )
    is_incumbent_council = _field(
        "is_incumbent_council", "is_incumbent_council", w.YesNoWidget(), default=False
    )

    def contest_of(self, obj) -> Contest:
        return obj.electoral_unit.contest

    def dehydrate_kind(self, obj) -> str:
        return self.contest_of(obj).kind

    class Meta(ContestColumns.Meta):
        model = Candidate
        name = "Người ứng cử"
        fields = [
            "election",
            "kind",
            "council_unit_code",
            "unit_number",
            "ballot_order",
            "full_name",
            "birth_date",
            "gender",
            "ethnicity",
            "religion",
            "hometown",
            "residence",
            "occupation",
            "workplace",
            "education",
            "party_join_date",
            "is_incumbent_na",
            "is_incumbent_council",
        ]
        import_id_fields = ["unit_number", "full_name", "birth_date"]


class BodyMemberResource(ScopedResource):
    election = _field(None, "election", readonly=True)
    body = _field("body", "body", w.BodyWidget())
    full_name = _field("full_name", "full_name", w.TextWidget())
    role = _field("role", "role", w.ChoiceWidget(BodyMember.Role))
    phone = _field("phone", "phone", w.TextWidget())
    position = _field("position", "position", widgets.IntegerWidget(), default=0)

    def dehydrate_election(self, obj) -> str:
        return obj.body.election.code

    def dehydrate_body(self, obj) -> str:
        return obj.body.key

    class Meta(ScopedResource.Meta):
        model = BodyMember
        name = "Thành viên tổ chức phụ trách bầu cử"
        fields = ["election", "body", "full_name", "role", "phone", "position"]
        import_id_fields = ["body", "full_name"]
