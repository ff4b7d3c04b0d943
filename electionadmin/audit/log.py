"""Write audit entries; one call per change to a legal record.

Each entry carries the address of the request it was written in (`client_address`):
`ClientAddressMiddleware` puts it in a context variable for the request's duration,
so every writer, `record()` and the turnout path's own SQL alike, takes it from
`current_address()` without being handed the request. Commands and background
tasks have none (None).
"""

import contextvars
import ipaddress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse
from django.utils.http import urlencode

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
        client_address=current_address(),
    )


def history_url(obj: Model) -> str:
    """The audit viewer filtered on one record (every record page's "Lịch sử")."""
    content_type = ContentType.objects.get_for_model(obj)
    query = urlencode({RECORD_PARAM: f"{content_type.pk}-{obj.pk}"})
    return f"{reverse('admin:audit_auditentry_changelist')}?{query}"
