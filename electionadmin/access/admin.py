"""The base every admin screen in the project uses: jurisdiction scoping and audit.

A user sees only the records `restrict()` lets through, changes only those
`can_edit()` allows (the rest are read-only), picks related records only from its
jurisdiction, and gets 404 for any URL of a record outside it. Every save and delete
writes an audit entry.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import (
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from electionadmin import cells
from electionadmin.audit import log
from electionadmin.audit.models import AuditEntry

from .lookups import StrictLookupsMixin
from .scope import (
    OUTSIDE_JURISDICTION,
    Jurisdiction,
    can_edit,
    editable_now,
    restrict,
)

NOT_ELECTION_STAFF = "Tài khoản của bạn không được xem dữ liệu bầu cử."
ELECTION_PATHS = (
    "election",
    "contest.election",
    "electoral_unit.contest.election",
    "body.election",
)


def fits_jurisdiction(user, instance: models.Model) -> bool:
    """Would the instance, saved as it stands, be one the user may still change?

    A copy is saved in a savepoint that is always rolled back, so the real scope
    rules decide.
    """
    if Jurisdiction.for_user(user).everything:
        return True
    clone = copy.copy(instance)
    clone._state = copy.copy(instance._state)
    with transaction.atomic():
        clone.save()
        allowed = editable_now(user, clone)
        transaction.set_rollback(True)
    return allowed


def election_code_of(obj) -> str:
    if obj._meta.label == "setup.Election":
        return obj.code
    for path in ELECTION_PATHS:
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
        if target is not None and hasattr(target, "code"):
            return target.code
    return ""


def snapshot(obj, names, cleaned: dict | None = None) -> dict:
    """Readable values of the named fields, from the instance (or the form's data)."""
    values = {}
    for name in names:
        if cleaned is not None and name in cleaned:
            value = cleaned[name]
        else:
            value = getattr(obj, name, None)
        if hasattr(value, "all"):
            value = value.all() if obj.pk else []
        if isinstance(value, models.QuerySet | list | tuple):
            value = ", ".join(str(item) for item in value)
        values[name] = value
    return values


class FormulaCheckForm(forms.ModelForm):
    """A person's name like a formula is an error; a place like one, a warning.

    The warning cannot block a plain Django form: the admin saves and then shows
    it as `messages.warning` (ScopedAdmin.save_model, save_formset)."""

    formula_warnings: list[str] = []

    def clean(self):
        data = super().clean()
        for name in cells.PERSON_NAMES & set(self.fields):
            try:
                cells.validate_person_name(data.get(name))
            except ValidationError as error:
                self.add_error(name, error)
        present = {k: v for k, v in data.items() if k in self.fields}
        labels = {k: self.fields[k].label for k in present}
        self.formula_warnings = cells.formula_places(present, labels)
        return data


class ScopedAdminForm(FormulaCheckForm):
    """Adds the optional reason and refuses a change that leaves the jurisdiction."""

    audit_reason = forms.CharField(
        label="Lý do thay đổi",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào nhật ký thay đổi (không bắt buộc).",
    )
    scope_user = None

    def _post_clean(self):
        super()._post_clean()
        user = self.scope_user
        if user is None or self.errors:
            return
        if not fits_jurisdiction(user, self.instance):
            self.add_error(None, OUTSIDE_JURISDICTION)


def warn_formula_places(request, form) -> None:
    """After a save: a non-blocking warning for places that look like formulas."""
    names = getattr(form, "formula_warnings", None)
    if names and not getattr(form, "cleaned_data", {}).get("DELETE"):
        messages.warning(request, cells.formula_place_warning(names))


class ScopedMixin:
    """Shared by model admins and inlines: scoped rows and scoped related choices."""

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user)

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return restrict(queryset, request.user)

    def _editable(self, request, obj) -> bool:
        cache = request.__dict__.setdefault("_editable_cache", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            cache[key] = can_edit(request.user, obj)
        return cache[key]


class ScopedAdmin(StrictLookupsMixin, ScopedMixin, admin.ModelAdmin):
    """Base ModelAdmin for every registered model."""

    form = ScopedAdminForm
    show_full_result_count = False
    # No "Show counts" toggle: English, and each count reads the whole list.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.scope_user = request.user
        return form

    def get_fields(self, request, obj=None):
        names = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            names = [
                self._unlinked(request, obj, name)
                for name in names
                if name != "audit_reason"
            ]
        return names

    def _unlinked(self, request, obj, name):
        """A read-only link to a record the user may not open (a team's province)
        becomes its name as text: the admin would link it to a 404."""
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a display method or a form-only field
            return name
        target = getattr(obj, name, None) if field.many_to_one else None
        related = self.admin_site._registry.get(type(target))
        if target is None or related is None:
            return name
        if related.has_view_permission(request, target) and (
            related.get_queryset(request).filter(pk=target.pk).exists()
        ):
            return name

        def as_text(_obj):
            return str(target)

        as_text.short_description = field.verbose_name
        return as_text

    def history_view(self, request, object_id, extra_context=None):
        """A record's history is its entries in the audit viewer (audit/admin.py)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(OUTSIDE_JURISDICTION)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return HttpResponseRedirect(log.history_url(obj))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the jurisdiction is the same as not there: no redirect, no hint.
        raise Http404(OUTSIDE_JURISDICTION)

    def save_model(self, request, obj, form, change):
        names = [n for n in form.changed_data if n != "audit_reason"]
        old = snapshot(self._stored(obj), names) if change else {}
        super().save_model(request, obj, form, change)
        new = snapshot(obj, names, form.cleaned_data)
        self._audit(request, obj, "update" if change else "create", old, new, form)
        warn_formula_places(request, form)

    def delete_model(self, request, obj):
        self._audit(request, obj, AuditEntry.Action.DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, AuditEntry.Action.DELETE)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                self._audit(request, deleted.instance, AuditEntry.Action.DELETE)
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            warn_formula_places(request, inline_form)
        for obj in formset.new_objects:
            self._audit(request, obj, AuditEntry.Action.CREATE)
        for obj, names in formset.changed_objects:
            self._audit(request, obj, "update", {}, snapshot(obj, names))

    def _stored(self, obj):
        return type(obj)._default_manager.get(pk=obj.pk)

    def _audit(self, request, obj, action, old=None, new=None, form=None):
        # A delete page may carry the reason too (e.g. a voting area after the
        # list is posted: setup/locks.py).
        if form is not None:
            reason = form.cleaned_data.get("audit_reason", "")
        else:
            reason = request.POST.get("audit_reason", "").strip()
        log.record(
            request.user,
            action,
            obj,
            changes=log.diff(old or {}, new or {}),
            reason=reason,
            election_code=election_code_of(obj),
        )


class ScopedInline(ScopedMixin):
    """Inline rows are as editable as the record that holds them."""

    form = FormulaCheckForm

    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    pass


def login_through_wagtail(request, extra_context=None):
    """One login page for both admins: Django admin's sends people to Wagtail's."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    target = target or reverse("admin:index")
    if request.user.is_active and request.user.is_staff:
        return HttpResponseRedirect(target)
    if request.user.is_authenticated:
        # Logged in without the election-data admin (a trainer): refuse here, or
        # Wagtail's login would send them straight back.
        raise PermissionDenied(NOT_ELECTION_STAFF)
    login = reverse("wagtailadmin_login")
    return HttpResponseRedirect(f"{login}?{urlencode({'next': target})}")


admin.site.login = login_through_wagtail

from . import otp_admin  # noqa: E402, F401  (before django-otp's own admin)
