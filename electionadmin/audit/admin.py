"""The audit viewer (Nhật ký thay đổi): append-only, scoped, in Vietnamese.

Who, when, from which address, what record, before and after, and why. Entries are
filtered by record (`?ho_so=<content type>-<id>`, the "Nhật ký thay đổi" button of every
record's page leads here) and by person (`?nguoi=<user id>`). Nobody adds, changes
or deletes an entry here, a superuser included: there is no form, no save, no delete
and no action. A scoped user sees its own entries and those about records of its
jurisdiction (every model with a registered scope), nothing else.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BigIntegerField, Exists, Func, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst

from electionadmin.access.admin import ScopedAdmin
from electionadmin.access.lookups import shown
from electionadmin.access.scope import Jurisdiction, restrict, scoped_models
from electionadmin.setup.models import Election
from electionadmin.text import phrase_key

from .log import PERSON_PARAM, RECORD_PARAM
from .models import AuditEntry

NOTHING_SHOWN = "—"

# Keys of `changes` that are not a field of the record, in the reader's words.
KEY_LABELS = {
    "transition": "bước xử lý",
    "status": "trạng thái",
    "version": "phiên bản",
    "versions": "các phiên bản",
    "records_locked": "số biên bản bị khóa",
    "records_unlocked": "số biên bản được mở khóa",
    "deleted_files": "tệp đã xóa",
    "explanations": "giải trình",
    "fields": "các mục khác nhau",
    "entry": "lần nhập",
    "added": "thêm mới",
    "updated": "cập nhật",
    "unchanged": "không đổi",
    "removed": "xóa",
    "new": "thêm mới",
    "update": "cập nhật",
    "skip": "bỏ qua",
    "delete": "xóa",
    "error": "lỗi",
    "invalid": "không hợp lệ",
}
TRANSITIONS = {
    "entry": "nhập một lần",
    "mismatch": "hai lần nhập chênh lệch",
    "entered": "hai lần nhập khớp nhau",
    "sent_back": "trả lại để nhập lại",
    "entry_chosen": "chọn một lần nhập",
    "submit": "gửi",
    "accept": "chấp nhận",
    "reopen": "mở lại",
    "certify": "xác nhận kết quả",
    "revoke": "hủy xác nhận",
    "publish": "công bố",
    "withdraw_publication": "rút lại công bố",
}


def record_key(entry: AuditEntry) -> str:
    return f"{entry.content_type_id}-{entry.object_id}"


def parse_record(value: str | None) -> tuple[int, str] | None:
    type_id, _, object_id = (value or "").partition("-")
    if not type_id.isdigit() or not object_id:
        return None
    return int(type_id), object_id


class NumericKey(Func):
    """`object_id` as a number (NULL when it is not one), so each entry probes its
    record's primary key: a city's scope is not read whole (120,000 voters) for a
    page of the log."""

    output_field = BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        numeric = f"{sql} <> '' AND {sql} NOT GLOB '*[^0-9]*' AND length({sql}) < 19"
        return f"(CASE WHEN {numeric} THEN CAST({sql} AS INTEGER) END)", params * 4

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CASE WHEN {sql} ~ '^[0-9]{{1,18}}$' THEN ({sql})::bigint END)", [
            *params,
            *params,
        ]


def audit_scope(user) -> Q:
    """Own entries, and entries about records the user sees (any scoped model).

    Needs the entries annotated with `audit_key` (`scoped_entries()`)."""
    visible = Q(user=user)
    types = ContentType.objects.get_for_models(*scoped_models())
    for model, content_type in types.items():
        records = restrict(model._default_manager.all(), user)
        seen = records.filter(pk=OuterRef("audit_key"))
        visible |= Q(content_type=content_type) & Q(Exists(seen))
    return visible


def scoped_entries(entries, user):
    """The entries this user may read."""
    if Jurisdiction.for_user(user).everything:
        return entries
    keyed = entries.annotate(audit_key=NumericKey("object_id"))
    return keyed.filter(audit_scope(user))


class RecordFilter(admin.SimpleListFilter):
    """One record's entries; shown only when chosen (from a record or an entry)."""

    title = "hồ sơ"
    parameter_name = RECORD_PARAM

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        parsed = parse_record(value)
        label = "hồ sơ đã chọn"
        if parsed is not None:
            found = model_admin.get_queryset(request).filter(
                content_type_id=parsed[0], object_id=parsed[1]
            )
            label = found.values_list("object_repr", flat=True).first() or label
        return [(value, label)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        parsed = parse_record(self.value())
        if parsed is None:
            return queryset.none()
        return queryset.filter(content_type_id=parsed[0], object_id=parsed[1])


class PersonFilter(admin.SimpleListFilter):
    """One person's entries; shown only when chosen (from a name in the list)."""

    title = "người thực hiện"
    parameter_name = PERSON_PARAM

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        label = "người đã chọn"
        if value.isdigit():
            found = model_admin.get_queryset(request).filter(user_id=value)
            names = found.values_list("user__username", flat=True)
            label = names.first() or label
        return [(value, label)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(user_id=value) if value.isdigit() else queryset.none()


class ElectionFilter(admin.SimpleListFilter):
    """The elections the user sees (not a DISTINCT over the whole log)."""

    title = "cuộc bầu cử"
    parameter_name = "cuoc_bau_cu"

    def lookups(self, request, model_admin):
        elections = restrict(Election.objects.order_by("-election_date"), request.user)
        return [(e.code, e.name) for e in elections]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(election_code=value)


class KindFilter(admin.SimpleListFilter):
    """The kind of record, by its Vietnamese name (the kinds that carry a scope)."""

    title = "loại hồ sơ"
    parameter_name = "loai"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*scoped_models())
        named = [(str(t.pk), capfirst(m._meta.verbose_name)) for m, t in types.items()]
        return sorted(named, key=lambda pair: phrase_key(pair[1]))

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(content_type_id=value)


def _label_of(entry: AuditEntry, key: str) -> str:
    model = entry.content_type.model_class() if entry.content_type else None
    if model is not None:
        try:
            return str(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            pass
    return KEY_LABELS.get(key, key.replace("_", " "))


def _value_text(entry: AuditEntry, key: str, value) -> str:
    if value is None or value == "":
        return NOTHING_SHOWN
    if key == "transition":
        return TRANSITIONS.get(value, value)
    if isinstance(value, bool):
        return "có" if value else "không"
    model = entry.content_type.model_class() if entry.content_type else None
    if model is not None and isinstance(value, str):
        try:
            choices = dict(model._meta.get_field(key).flatchoices)
        except FieldDoesNotExist:
            choices = {}
        return str(choices.get(value, value))
    if isinstance(value, dict):
        return "; ".join(
            f"{KEY_LABELS.get(k, k)}: {_value_text(entry, k, v)}"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_value_text(entry, key, v) for v in value)
    return str(value)


def before_after(entry: AuditEntry, user) -> list[tuple[str, str, str]]:
    """(label, before, after) per changed item; a single value is the after. A
    masked field (citizen ID, phone) is masked as the user sees it elsewhere."""
    rows = []
    model = entry.content_type.model_class() if entry.content_type else None
    for key, value in (entry.changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            old, new = value
        else:
            old, new = None, value
        if model is not None:
            old, new = shown(user, model, key, old), shown(user, model, key, new)
        rows.append(
            (
                _label_of(entry, key),
                _value_text(entry, key, old),
                _value_text(entry, key, new),
            )
        )
    return rows


def summary_column(user):
    """Up to three changed items, masked as this request's user sees them."""

    def summary(obj):
        rows = before_after(obj, user)
        shown_rows = [f"{label}: {old} → {new}" for label, old, new in rows[:3]]
        more = f" (và {len(rows) - 3} mục khác)" if len(rows) > 3 else ""
        return "; ".join(shown_rows) + more

    summary.short_description = "thay đổi"
    return summary


def changes_column(user):
    """Every changed item, before and after, as a table."""

    def changes_table(obj):
        rows = before_after(obj, user)
        if not rows:
            return NOTHING_SHOWN
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table id="audit-changes"><thead><tr><th>Mục</th><th>Trước</th>'
            "<th>Sau</th></tr></thead><tbody>{}</tbody></table>",
            body,
        )

    changes_table.short_description = "trước và sau"
    return changes_table


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdmin):
    list_display_links = ["when"]
    list_select_related = ["user", "content_type"]
    list_filter = [RecordFilter, PersonFilter, "action", KindFilter, ElectionFilter]
    search_fields = ["object_repr", "reason", "user__username"]
    search_help_text = "Tên hồ sơ, lý do hoặc tên đăng nhập."
    show_facets = admin.ShowFacets.NEVER  # counts would read the whole log

    def get_queryset(self, request):
        entries = admin.ModelAdmin.get_queryset(self, request)
        return scoped_entries(entries, request.user)

    # Append-only: nothing here writes, whoever asks.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def _filtered(self, **query) -> str:
        url = reverse("admin:audit_auditentry_changelist")
        return f"{url}?{urlencode(query)}" if query else url

    @admin.display(description="thời điểm", ordering="at")
    def when(self, obj):
        return timezone.localtime(obj.at).strftime("%d/%m/%Y %H:%M:%S")

    @admin.display(description="người thực hiện", ordering="user__username")
    def who(self, obj):
        if obj.user is None:
            return "hệ thống (dòng lệnh, việc chạy nền)"
        name = obj.user.get_full_name() or obj.user.get_username()
        url = self._filtered(**{PERSON_PARAM: obj.user_id})
        title = "Các thay đổi của người này"
        return format_html('<a href="{}" title="{}">{}</a>', url, title, name)

    @admin.display(description="từ địa chỉ máy", ordering="client_address")
    def where(self, obj):
        return obj.client_address or NOTHING_SHOWN

    @admin.display(description="hồ sơ", ordering="object_repr")
    def record(self, obj):
        kind = obj.content_type.name if obj.content_type else ""
        label = f"{kind}: {obj.object_repr}" if kind else obj.object_repr
        if not obj.content_type_id:
            return label or NOTHING_SHOWN
        url = self._filtered(**{RECORD_PARAM: record_key(obj)})
        return format_html(
            '<a href="{}" title="Mọi thay đổi của hồ sơ này">{}</a>', url, label
        )

    def get_list_display(self, request):
        columns = ["when", "who", "where", "action", "record"]
        return columns + [summary_column(request.user), "reason"]

    def get_fields(self, request, obj=None):
        # One column object per request: the form is built from these names less
        # the read-only ones, so both lists must hold the same object.
        column = request.__dict__.setdefault(
            "_audit_changes_column", changes_column(request.user)
        )
        names = ["when", "who", "where", "action", "record", "election_code"]
        return names + ["reason", column]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        """An entry's "Nhật ký thay đổi" button: every entry of the same record."""
        entry = self.get_object(request, unquote(object_id))
        if entry is None:
            raise Http404
        if not entry.content_type_id:
            return HttpResponseRedirect(self._filtered())
        return HttpResponseRedirect(self._filtered(**{RECORD_PARAM: record_key(entry)}))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"title": "Chi tiết thay đổi"} | (extra_context or {})
        return super().change_view(request, object_id, form_url, extra)

    def changelist_view(self, request, extra_context=None):
        extra = {"title": "Nhật ký thay đổi"} | (extra_context or {})
        return super().changelist_view(request, extra)
