"""Django admin for the election's structure. Every screen is jurisdiction-scoped.

Spreadsheet export per model runs through importers/resources.py, and so does the
import: one sheet of the set-up workbook, read, checked and written by the one set-up
importer (importers/election/sheet.py); the whole workbook is imported on its own
screen (importers/views.py).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from electionadmin.access.admin import (
    ScopedAdmin,
    ScopedAdminForm,
    ScopedStackedInline,
    ScopedTabularInline,
)
from electionadmin.access.scope import OUTSIDE_JURISDICTION, register
from electionadmin.cells import safe_dataset
from electionadmin.form_fields import TimeListField
from electionadmin.text import fold
from importers import resources
from importers import widgets as cover
from importers.formats import LimitedImportForm, SafeCSV, SafeXLSX, read_failure

from . import completeness, cycle_display, locks
from .admin_filters import by_commune, by_election, by_kind
from .catalogue_admin import CycleForm
from .models import (
    AdminUnit,
    AdminUnitSet,
    BodyMember,
    Candidate,
    Contest,
    Cycle,
    Election,
    ElectionBody,
    ElectoralUnit,
    VotingArea,
)
from .rehearsal import may_wipe

# Unit sets are reference data every role reads; only the superuser changes them.
register(AdminUnitSet, lambda j, p: Q(), lambda j, p: Q(pk__in=[]))


class ColumnExportForm(SelectableFieldsExportForm):
    """Names each column by its Vietnamese header."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class SpreadsheetAdmin(ImportMixin, ExportActionMixin, ScopedAdmin):
    """Import preview (new/update/skip/error) and export of the scoped rows."""

    # Read within the limits of every import (importers/formats.py, limits.py);
    # each resource runs the set-up importer on its sheet (importers/resources.py),
    # which writes the audit entry: no admin log of its own.
    import_formats = [SafeXLSX, SafeCSV]
    import_form_class = LimitedImportForm
    import_template_name = "admin/setup/import.html"
    skip_admin_log = True
    export_formats = [XLSX, CSV]
    export_form_class = ColumnExportForm
    import_export_change_list_template = (
        "admin/import_export/change_list_import_export.html"
    )

    def add_success_message(self, result, request):
        """The confirmation reads the file again: what changed since the preview
        may refuse it (nothing is written then), and it says so."""
        errors = result.problems["errors"] if result.has_validation_errors() else []
        if not errors:
            return super().add_success_message(result, request)
        shown = "; ".join(
            f"dòng {e['row']}: {e['message']}" if e["row"] else e["message"]
            for e in errors[:5]
        )
        messages.error(request, f"Không nhập được; chưa ghi gì. {shown}")

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", read_failure(e))

    def get_data_for_export(self, request, queryset, **kwargs):
        """Exported cells never run as formulas (electionadmin/cells.py)."""
        return safe_dataset(super().get_data_for_export(request, queryset, **kwargs))

    def get_valid_export_item_pks(self, request):
        return self.get_queryset(request).values_list("pk", flat=True)


class SuperuserOnly:
    """Rules of law carried as data: changed by the system administrator alone."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Cycle)
class CycleAdmin(SuperuserOnly, ScopedAdmin):
    form = CycleForm  # the form catalogue as an editable table, not raw JSON
    list_display = ["code", "name", "na_term", "council_term", "forms_resolution"]
    search_fields = ["code", "name"]
    # Every other role reads the rules, in words (cycle_display.py), not as JSON.
    plain_fields = ["code", "name", "na_term", "council_term", "legal_basis"]
    plain_fields += ["forms_resolution"]
    rule_fields = ["levels_text", "kinds_text", "seats_text", "surplus_text"]
    rule_fields += ["entitlements_text", "slots_text", "bodies_text"]
    rule_fields += ["deadlines_text", "forms_text"]

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.plain_fields + self.rule_fields
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.plain_fields + self.rule_fields
        return super().get_readonly_fields(request, obj)

    @admin.display(description="các cấp hành chính")
    def levels_text(self, cycle):
        return cycle_display.level_names(cycle.admin_levels)

    @admin.display(description="các cuộc bầu cử")
    def kinds_text(self, cycle):
        return cycle_display.kind_names(cycle.contest_kinds)

    @admin.display(description="số đại biểu tối đa mỗi đơn vị bầu cử")
    def seats_text(self, cycle):
        return cycle_display.seat_limits(cycle.max_seats)

    @admin.display(description="số người ứng cử nhiều hơn số đại biểu được bầu")
    def surplus_text(self, cycle):
        return cycle_display.table(cycle_display.surplus_rows(cycle.candidate_surplus))

    @admin.display(description="bầu cử những gì, theo nơi cư trú")
    def entitlements_text(self, cycle):
        rows = cycle_display.entitlement_rows(cycle.entitlements)
        return cycle_display.table(rows)

    @admin.display(description="mốc báo cáo tiến độ mặc định")
    def slots_text(self, cycle):
        return ", ".join(cycle.turnout_slots or []) or "không có"

    @admin.display(description="số thành viên tổ chức phụ trách bầu cử")
    def bodies_text(self, cycle):
        return cycle_display.table(cycle_display.body_size_rows(cycle.body_sizes))

    @admin.display(description="mốc thời gian")
    def deadlines_text(self, cycle):
        return cycle_display.table(cycle_display.deadline_rows(cycle.deadlines))

    @admin.display(description="danh mục biểu mẫu")
    def forms_text(self, cycle):
        return cycle_display.table(cycle_display.form_rows(cycle.forms))


@admin.register(AdminUnitSet)
class AdminUnitSetAdmin(SuperuserOnly, ScopedAdmin):
    list_display = ["code", "name", "valid_from", "valid_to"]
    search_fields = ["code", "name"]


@admin.register(AdminUnit)
class AdminUnitAdmin(SpreadsheetAdmin):
    resource_classes = [resources.AdminUnitResource]
    list_display = ["code", "name", "level", "parent", "unit_set", "has_council"]
    list_select_related = ["parent", "unit_set"]
    list_filter = ["level", "unit_set"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class ElectionForm(ScopedAdminForm):
    turnout_slots = TimeListField(label="Mốc báo cáo tiến độ", required=False)

    class Meta:
        model = Election
        fields = "__all__"


@admin.register(Election)
class ElectionAdmin(ScopedAdmin):
    form = ElectionForm  # report times as time inputs, not a JSON list
    list_display = ["code", "name", "election_date", "cycle", "province"]
    list_display += ["is_rehearsal", "completeness_link"]
    list_filter = ["is_rehearsal"]
    list_select_related = ["cycle", "province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province"]
    # The action "wipe_rehearsal" is attached by results/admin.py (it deletes the
    # data of later stages).

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_wipe(request.user):
            actions.pop("wipe_rehearsal", None)
        return actions

    def get_urls(self):
        view = self.admin_site.admin_view(self.completeness_view)
        name = "setup_election_completeness"
        mine = [path("<path:object_id>/kiem-tra/", view, name=name)]
        return mine + super().get_urls()

    @admin.display(description="kiểm tra thiết lập")
    def completeness_link(self, obj):
        url = reverse("admin:setup_election_completeness", args=[obj.pk])
        return format_html('<a href="{}">Kiểm tra</a>', url)

    def completeness_view(self, request, object_id):
        """check_election's findings and what is missing, in the user's scope."""
        election = self.get_object(request, unquote(object_id))
        if election is None:
            raise Http404(OUTSIDE_JURISDICTION)
        if not self.has_view_or_change_permission(request, election):
            raise PermissionDenied
        items = completeness.for_user(
            completeness.election_items(election), request.user, election
        )
        errors = [i for i in items if i.severity == completeness.ERROR]
        warnings = [i for i in items if i.severity == completeness.WARNING]
        context = self.admin_site.each_context(request) | {
            "title": f"Kiểm tra thiết lập: {election.name}",
            "election": election,
            "opts": self.opts,
            "errors": errors[: completeness.SHOWN],
            "warnings": warnings[: completeness.SHOWN],
            "error_total": len(errors),
            "warning_total": len(warnings),
            "shown": completeness.SHOWN,
        }
        template = "admin/setup/election/completeness.html"
        return TemplateResponse(request, template, context)


class ElectoralUnitRows(forms.BaseInlineFormSet):
    """A unit's number and seats are locked once the list is posted (setup/locks.py):
    a ward may not change them from the contest page; the city committee may, with
    the reason of the contest's form (posted with the rows)."""

    scope_user = None

    def clean(self):
        super().clean()
        contest = self.instance
        if contest.pk is None:
            return
        for form in self.forms:
            changed = set(ElectoralUnitForm.MOVES) & set(form.changed_data)
            if form.instance.pk is None or not changed:
                continue
            reason = self.data.get("audit_reason", "")
            refused = locks.refusal(
                self.scope_user, contest.election, reason, what=locks.UNIT
            )
            if refused:
                raise forms.ValidationError(refused)


class ElectoralUnitInline(ScopedTabularInline):
    model = ElectoralUnit
    formset = ElectoralUnitRows
    fields = ["number", "name", "seats"]
    ordering = ["number"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.scope_user = request.user
        return formset

    def has_delete_permission(self, request, obj=None):
        # Once the list is posted a unit holding areas is deleted on its own page,
        # by the city committee with a reason (PostedLock), never from the contest.
        allowed = super().has_delete_permission(request, obj)
        return allowed and not (obj is not None and locks.list_posted(obj.election))


class CandidateInline(ScopedTabularInline):
    model = Candidate
    fields = ["ballot_order", "full_name", "birth_date", "gender", "occupation"]
    ordering = ["ballot_order"]
    show_change_link = True


@admin.action(permissions=["delete"], description="Xóa các mục đã chọn")
def delete_locked(modeladmin, request, queryset):
    """Django's bulk delete, refused once the list of an election concerned is
    posted, unless the city committee gives a reason (on the confirmation page)."""
    reason = request.POST.get("audit_reason", "").strip()
    ids = queryset.values_list(modeladmin.posted_lock_path, flat=True).distinct()
    for election in Election.objects.filter(pk__in=ids).select_related("cycle"):
        if not locks.list_posted(election):
            continue
        refused = None
        if not locks.may_restructure(request.user):
            refused = locks.locked_message(election, modeladmin.posted_lock)
        elif request.POST.get("post") and not reason:
            refused = locks.reason_required(modeladmin.posted_lock)
        if refused:
            modeladmin.message_user(request, refused, messages.ERROR)
            return None
    return delete_selected(modeladmin, request, queryset)


class PostedLock:
    """Voting areas, electoral units and contests are not deleted once the voter list
    is posted but by the city committee, with a reason (setup/locks.py): the delete
    page answers 403 with the reason to a ward, asks the city for one; the bulk
    delete likewise. Their `locked_fields` are read-only to a ward (the model's form
    asks the city for the reason)."""

    posted_lock_path = "election"  # from the model to its Election
    posted_lock = locks.AREA  # what is locked, for the messages
    locked_fields: tuple[str, ...] = ()  # read-only to whom the lock refuses
    lock_note = True  # say on the page why they are read-only (else: its template)
    delete_confirmation_template = "admin/setup/locked_delete_confirmation.html"
    delete_selected_confirmation_template = (
        "admin/setup/locked_delete_selected_confirmation.html"
    )

    def _election(self, obj):
        for name in self.posted_lock_path.split("__"):
            obj = getattr(obj, name)
        return obj

    def _locked(self, request, obj) -> str | None:
        """The lock message when this user may not renumber, move or delete."""
        if obj is None or not locks.list_posted(self._election(obj)):
            return None
        if locks.may_restructure(request.user):
            return None
        return locks.locked_message(self._election(obj), self.posted_lock)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._locked(request, obj):
            fields += [f for f in self.locked_fields if f not in fields]
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self.lock_note:
            locked = self._locked(request, self.get_object(request, unquote(object_id)))
            if locked:
                messages.info(request, locked)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            label = actions["delete_selected"][2]
            actions["delete_selected"] = (delete_locked, "delete_selected", label)
        return actions

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and not self._locked(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            locked = self._locked(request, obj)
            if locked:
                raise PermissionDenied(locked)
            posted = locks.list_posted(self._election(obj))
            reason = request.POST.get("audit_reason", "")
            if request.method == "POST" and posted and not reason.strip():
                messages.error(request, locks.reason_required(self.posted_lock))
                return redirect(request.path)
            extra_context = (extra_context or {}) | {"reason_required": posted}
        return super().delete_view(request, object_id, extra_context)


class ContestForm(ScopedAdminForm):
    """A contest's kind, council unit and election are locked once the voter list is
    posted (setup/locks.py): the city committee may change them, with a reason."""

    MOVES = ("election", "kind", "council_unit")

    def clean(self):
        data = super().clean()
        contest = self.instance
        if contest.pk and set(self.MOVES) & set(self.changed_data):
            refused = locks.refusal(
                self.scope_user,
                contest.election,
                data.get("audit_reason", ""),
                what=locks.CONTEST,
            )
            if refused:
                raise forms.ValidationError(refused)
        return data


@admin.register(Contest)
class ContestAdmin(PostedLock, ScopedAdmin):
    form = ContestForm
    list_display = ["__str__", "kind", "council_unit", "election", "total_seats"]
    list_select_related = ["council_unit", "election"]
    list_filter = [by_election("election"), by_kind("kind")]
    search_fields = ["name", "council_unit__name", "council_unit__code"]
    autocomplete_fields = ["council_unit"]
    inlines = [ElectoralUnitInline]
    posted_lock = locks.CONTEST
    locked_fields = ContestForm.MOVES


class ElectoralUnitForm(ScopedAdminForm):
    """Refuses covering a voting area another unit of the contest already has, and,
    once the voter list is posted (setup/locks.py), taking an area out of the unit,
    renumbering the unit, moving it to another contest or changing its seats."""

    MOVES = ("number", "contest", "seats")

    def clean(self):
        data = super().clean()
        contest = data.get("contest")
        if contest is None and "contest" not in self.fields and self.instance.pk:
            contest = self.instance.contest  # read-only to a locked ward
        if contest is None:
            return data
        reason = data.get("audit_reason", "")
        if self.instance.pk and set(self.MOVES) & set(self.changed_data):
            election = self.instance.contest.election
            refused = locks.refusal(self.scope_user, election, reason, what=locks.UNIT)
            if refused:
                raise forms.ValidationError(refused)
        items = [*data.get("covers_units", []), *data.get("covers_areas", [])]
        area_ids = cover.covered_area_ids(items, contest.election)
        self._check_moves(contest, set(area_ids), reason)
        self.instance.contest = contest
        self.instance.number = data.get("number") or self.instance.number
        try:
            cover.check_covers(self.instance, area_ids)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    def _check_moves(self, contest, area_ids: set[int], reason: str) -> None:
        """An area leaving the unit moves to another unit, and an area with voters on
        the list joining it changes what they vote in: locked after posting."""
        held = set()
        if self.instance.pk is not None:
            held = set(self.instance.areas.values_list("pk", flat=True))
        moved, gained = bool(held - area_ids), area_ids - held
        if not moved and gained and locks.list_posted(contest.election):
            moved = bool(locks.listed_areas(gained))
        if moved:
            refused = locks.refusal(self.scope_user, contest.election, reason)
            if refused:
                raise forms.ValidationError(refused)


@admin.register(ElectoralUnit)
class ElectoralUnitAdmin(PostedLock, SpreadsheetAdmin):
    resource_classes = [resources.ElectoralUnitResource]
    form = ElectoralUnitForm
    list_display = ["__str__", "number", "contest", "seats", "candidate_count"]
    list_display += ["shortfall"]
    list_select_related = ["contest__election__cycle", "contest__council_unit"]
    list_filter = [
        by_election("contest__election"),
        by_kind("contest__kind"),
        by_commune("areas__commune"),
    ]
    search_fields = ["name", "contest__name"]
    autocomplete_fields = ["contest", "covers_units", "covers_areas"]
    readonly_fields = ["resolved_areas"]
    inlines = [CandidateInline]
    posted_lock_path = "contest__election"
    posted_lock = locks.UNIT
    locked_fields = ElectoralUnitForm.MOVES

    def get_queryset(self, request):
        counted = Count("candidates", distinct=True)
        return super().get_queryset(request).annotate(n_candidates=counted)

    @admin.display(description="số người ứng cử", ordering="n_candidates")
    def candidate_count(self, obj) -> int:
        return obj.n_candidates

    @admin.display(description="thiếu so với số dư")
    def shortfall(self, obj):
        missing = obj.candidate_shortfall(obj.n_candidates)
        if not missing:
            return "—"
        return format_html('<strong style="color:#ba2121">thiếu {}</strong>', missing)

    @admin.display(description="các khu vực bỏ phiếu (đã xác định)")
    def resolved_areas(self, obj) -> str:
        areas = obj.areas.select_related("commune").order_by("commune__code", "number")
        return ", ".join(area.key for area in areas) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if {"covers_units", "covers_areas"} & set(form.changed_data):
            unit = form.instance
            cover.save_covers(unit, cover.current_covers(unit))


class TeamFormSet(forms.BaseInlineFormSet):
    """A team belongs to its voting area's election; the kind is always `team`."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.kind = ElectionBody.Kind.TEAM
        form.instance.election_id = self.instance.election_id
        return form


class TeamInline(ScopedStackedInline):
    """The Tổ bầu cử of the voting area; its members are listed on its own page."""

    model = ElectionBody
    formset = TeamFormSet
    fk_name = "voting_area"
    fields = ["name"]
    max_num = 1
    verbose_name = "tổ bầu cử"
    verbose_name_plural = "tổ bầu cử"


class VotingAreaForm(ScopedAdminForm):
    """Renumbering or moving an area is locked once the voter list is posted
    (setup/locks.py): the city committee may, with a reason."""

    MOVES = ("number", "commune", "election")

    def clean(self):
        data = super().clean()
        area = self.instance
        if area.pk and set(self.MOVES) & set(self.changed_data):
            refused = locks.refusal(
                self.scope_user, area.election, data.get("audit_reason", "")
            )
            if refused:
                raise forms.ValidationError(refused)
        return data


@admin.register(VotingArea)
class VotingAreaAdmin(PostedLock, SpreadsheetAdmin):
    resource_classes = [resources.VotingAreaResource]
    form = VotingAreaForm
    list_display = ["__str__", "number", "commune", "name", "polling_place"]
    list_display += ["area_type", "election"]
    list_select_related = ["commune", "election"]
    list_filter = [by_election("election"), by_commune("commune"), "area_type"]
    search_fields = ["name", "polling_place", "commune__name", "commune__code"]
    autocomplete_fields = ["commune"]
    inlines = [TeamInline]
    # Links the area's voter list and change screens, keeps the export button.
    change_form_template = "admin/setup/votingarea/change_form.html"
    posted_lock_path = "election"
    locked_fields = VotingAreaForm.MOVES
    lock_note = False  # said by its template (#area-lock)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        area = self.get_object(request, unquote(object_id))
        extra = {"area_lock": self._locked(request, area)}
        if area is not None and locks.list_posted(area.election):
            extra["area_posted"] = area.election.list_posting_date
        extra |= extra_context or {}
        return super().change_view(request, object_id, form_url, extra)


class BodyMemberInline(ScopedTabularInline):
    model = BodyMember
    fields = ["position", "full_name", "role", "phone"]


@admin.register(ElectionBody)
class ElectionBodyAdmin(ScopedAdmin):
    list_display = ["__str__", "kind", "election", "member_count"]
    list_select_related = [
        "election",
        "admin_unit",
        "voting_area__commune",
        "electoral_unit__contest",
    ]
    list_filter = [by_election("election"), "kind"]
    search_fields = ["name", "admin_unit__name", "voting_area__commune__name"]
    autocomplete_fields = ["admin_unit", "electoral_unit", "voting_area"]
    inlines = [BodyMemberInline]

    def get_queryset(self, request):
        counted = Count("members", distinct=True)
        return super().get_queryset(request).annotate(n_members=counted)

    @admin.display(description="số thành viên", ordering="n_members")
    def member_count(self, obj) -> int:
        return obj.n_members


@admin.register(BodyMember)
class BodyMemberAdmin(SpreadsheetAdmin):
    resource_classes = [resources.BodyMemberResource]
    list_display = ["full_name", "role_title", "body", "phone", "position"]
    list_select_related = ["body__admin_unit", "body__voting_area__commune"]
    list_select_related += ["body__electoral_unit__contest"]
    list_filter = [by_election("body__election"), "role", "body__kind"]
    search_fields = ["full_name", "phone"]
    autocomplete_fields = ["body"]

    @admin.display(description="chức vụ", ordering="role")
    def role_title(self, member):
        return member.title  # "Tổ trưởng", "Trưởng ban"… by the kind of body


@admin.register(Candidate)
class CandidateAdmin(SpreadsheetAdmin):
    resource_classes = [resources.CandidateResource]
    list_display = ["full_name", "ballot_order", "electoral_unit_link", "birth_date"]
    list_display += ["gender", "occupation"]
    list_select_related = ["electoral_unit__contest"]
    list_filter = [
        by_election("electoral_unit__contest__election"),
        by_kind("electoral_unit__contest__kind"),
        "gender",
    ]
    search_fields = ["full_name", "occupation", "workplace"]
    autocomplete_fields = ["electoral_unit"]

    @admin.display(description="đơn vị bầu cử", ordering="electoral_unit")
    def electoral_unit_link(self, obj):
        unit = obj.electoral_unit
        url = reverse("admin:setup_electoralunit_change", args=[unit.pk])
        return format_html('<a href="{}">{} - {}</a>', url, unit.contest, unit)

    def get_search_results(self, request, queryset, search_term):
        # Officials type names without tone marks; search_name is the folded name.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            found |= queryset.filter(search_name__contains=fold(search_term))
        return found, duplicates
