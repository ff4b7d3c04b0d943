"""Write audit entries; one call per change to a legal record.

`entry()` fills an entry's fields (who, what, which record, the changes, why): the
one place that does, whichever way the entry is then written: `record()` saves one,
`record_many()` a batch in one INSERT, and `insert_sql()` gives the statement that
writes it from hand-written SQL (the turnout path writes a figure and its entry in
one statement), with the same fields in the same shape.

Each entry carries the address of the request it was written in (`client_address`):
`ClientAddressMiddleware` puts it in a context variable for the request's duration,
so every writer, `record()` and the turnout path's own SQL alike, takes it from
`current_address()` without being handed the request. A background task acts for
the request that created its job: `acting_from(job.client_address)` around its work
(electionadmin/jobs.py `run_job`). Commands have none (None).
"""

import contextlib
import contextvars
import functools
import ipaddress
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import JSONField, Model
from django.urls import reverse
from django.utils.http import urlencode

from electionadmin.rawsql import names

from .models import AuditEntry

# The audit viewer's query parameters: one record's entries, one person's.
RECORD_PARAM = "ho_so"
PERSON_PARAM = "nguoi"

_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "audit_client_address", default=None
)


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def address_of(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a proxy the last entry of the
    header named by settings.CLIENT_IP_HEADER (`HTTP_X_FORWARDED_FOR`,
    `HTTP_X_REAL_IP`), the one our own proxy added: a client cannot forge it by
    sending the header itself. The public voter look-up reads the same setting."""
    header = getattr(settings, "CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    return _valid(value.split(",")[-1])


def current_address() -> str | None:
    """The address of the request being answered (None outside a request)."""
    return _address.get()


@contextlib.contextmanager
def acting_from(address: str | None):
    """Entries written inside carry `address` (a task acting for a request)."""
    token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(token)


class ClientAddressMiddleware:
    """Remembers the request's client address while the request is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _address.set(address_of(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Model):
        return str(value)
    return str(value)


def diff(old: dict, new: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        key: [_plain(old.get(key)), _plain(new.get(key))]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def entry(
    user,
    action: str,
    obj: Model | None = None,
    *,
    changes: dict | None = None,
    reason: str = "",
    election_code: str = "",
    label: str = "",
    model: type[Model] | None = None,
    object_id: str | int = "",
) -> AuditEntry:
    """The entry, not yet written. The record is `obj`, or one of `model` known by
    `object_id` (the key may be filled in by the statement: `insert_sql()`)."""
    model = model or (type(obj) if obj is not None else None)
    return AuditEntry(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model else None,
        object_id=str(obj.pk if obj is not None else object_id),
        object_repr=(label or str(obj or ""))[:300],
        changes=changes or {},
        reason=reason,
        election_code=election_code,
        client_address=current_address(),
    )


def record(user, action: str, obj: Model | None = None, **fields) -> AuditEntry:
    """Write one entry (see `entry()` for the fields)."""
    found = entry(user, action, obj, **fields)
    found.save()
    return found


def record_many(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Write entries made by `entry()` in one INSERT (per 2,000)."""
    return AuditEntry.objects.bulk_create(entries, batch_size=2000)


INSERT_SQL = "INSERT INTO {e} ({columns})\nSELECT {values}\n  FROM {source}"


def insert_sql(found: AuditEntry, *, object_id_sql: str, source: str):
    """(SQL, parameters) writing the entry `found` made by `entry()` from
    hand-written SQL: `INSERT … SELECT … FROM source`, its object's key being the
    SQL expression `object_id_sql` over `source` (one row each). Every field is
    the model's, prepared for the database as the ORM prepares it (PostgreSQL: the
    parameters are cast to their columns' types, as a server-bound statement
    needs)."""
    sql, fields = _insert(object_id_sql, source, connection.vendor)
    params = []
    for field in fields:
        value = field.pre_save(found, add=True)
        if isinstance(field, JSONField):  # the text the ORM sends, cast in the SQL
            params.append(json.dumps(value, cls=field.encoder))
        else:
            params.append(field.get_db_prep_save(value, connection))
    return sql, params


@functools.cache
def _insert(object_id_sql: str, source: str, vendor: str) -> tuple[str, list]:
    """The statement and the fields its parameters fill (built once per shape)."""
    columns, values, fields = [], [], []
    for field in AuditEntry._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.name == "object_id":
            values.append(object_id_sql)
            continue
        values.append(f"%s::{field.cast_db_type(connection)}")
        fields.append(field)
    sql = names(INSERT_SQL, e=AuditEntry).format(
        columns=", ".join(columns), values=", ".join(values), source=source
    )
    return sql, fields


def history_url(obj: Model) -> str:
    """The audit viewer filtered on one record (its page's "Nhật ký thay đổi")."""
    content_type = ContentType.objects.get_for_model(obj)
    query = urlencode({RECORD_PARAM: f"{content_type.pk}-{obj.pk}"})
    return f"{reverse('admin:audit_auditentry_changelist')}?{query}"
