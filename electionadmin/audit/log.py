"""Write audit entries; one call per change to a legal record.

`entry()` fills an entry's fields (who, what, which record, the changes, why): the
one place that does, whichever way the entry is then written: `record()` saves one,
`record_many()` a batch in one INSERT, and `insert_sql()` gives the statement that
writes it from hand-written SQL (the turnout path writes a figure and its entry in
one statement), with the same fields in the same shape.
"""

import functools
import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import JSONField, Model

from electionadmin.rawsql import names

from .models import AuditEntry


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
