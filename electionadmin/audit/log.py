"""Write audit entries; one call per change to a legal record."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

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


def record(
    user,
    action: str,
    obj: Model | None = None,
    *,
    changes: dict | None = None,
    reason: str = "",
    election_code: str = "",
    label: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj)
        if obj is not None
        else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(label or str(obj or ""))[:300],
        changes=changes or {},
        reason=reason,
        election_code=election_code,
    )
