"""The admin's lists read only their own filters from the query string.

Django's changelist turns any other query parameter that names a field of the
listed model into a filter: `?citizen_id__startswith=0791` lists the voters whose
(masked) ID starts so, or none, and twelve such questions give the whole number.
`StrictLookupsMixin`, in every ModelAdmin of the site (`ElectionAdminSite.register`
adds it to those that lack it), accepts only the parameters its `list_filter` and
`date_hierarchy` read; any other is refused with 400 whatever its value, so the
refusal itself tells nothing. `MASKED` names the fields some users see masked: no
lookup, filter, search field or date hierarchy may name them, and `shown()` gives a
value as a user may see it (the audit viewer's before/after).
"""

from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from . import role_names as roles

# "app_label.model_name" -> {field: kind} of the fields shown masked to some users.
# (Members' phone numbers are not here: every role that reaches the admin sees them;
# trainers, who must not, have no access to election data at all, roles.py.)
MASKED: dict[str, dict[str, str]] = {
    "voters.voterentry": {"citizen_id": "citizen_id"},
}
# Who sees each kind in full (roles; a superuser always): citizen IDs the communes
# that keep the list and the teams that check voters (docs/SECURITY.md).
FULL_VIEW: dict[str, frozenset[str]] = {
    "citizen_id": frozenset(
        {roles.COMMUNE_COMMITTEE, roles.ELECTION_TEAM, roles.SYSADMIN}
    ),
}
HIDDEN = "(ẩn)"


def sees_in_full(user, kind: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = getattr(user, "profile", None)
    return profile is not None and profile.role in FULL_VIEW[kind]


def masked_kind(model, field: str) -> str | None:
    """The kind of masked value the field holds (None: not masked)."""
    return MASKED.get(model._meta.label_lower, {}).get(field)


def hide(kind: str, value) -> str:
    """A value as someone who may not see it sees it: a citizen ID keeps its first
    four and last two digits (0790******12), anything else is hidden whole."""
    if value in (None, ""):
        return value
    text = str(value)
    if kind == "citizen_id" and len(text) >= 7:
        return text[:4] + "*" * (len(text) - 6) + text[-2:]
    return HIDDEN


def shown(user, model, field: str, value):
    """The value of the model's field as this user may see it."""
    kind = masked_kind(model, field)
    if kind is None or sees_in_full(user, kind):
        return value
    return hide(kind, value)


def touches_masked(model, path: str) -> bool:
    """Does a lookup path (`old_entry__citizen_id__startswith`) read a masked field?"""
    for part in path.split(LOOKUP_SEP):
        if part in MASKED.get(model._meta.label_lower, ()):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup or transform (startswith, year): the path ends
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def strict_changelist(base: type) -> type:
    """A ChangeList class that refuses query parameters no filter of its own read."""

    class StrictChangeList(base):
        def get_filters(self, request):
            given = set(self.get_filters_params())
            found = super().get_filters(request)
            remaining = found[2]
            made = set()
            if self.date_hierarchy and f"{self.date_hierarchy}__year" in given:
                made = {f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"}
            stray = sorted(key for key in remaining if key in given or key not in made)
            if stray:
                raise DisallowedModelAdminLookup(f"Filtering by {stray[0]} not allowed")
            return found

    StrictChangeList.__name__ = f"Strict{base.__name__}"
    return StrictChangeList


class StrictLookupsMixin:
    """No filter from the query string but the admin's own; none on a masked field."""

    def lookup_allowed(self, lookup, value, request=None):
        if touches_masked(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return [f for f in fields if not touches_masked(self.model, f.lstrip("^=@"))]

    def get_changelist(self, request, **kwargs):
        return strict_changelist(super().get_changelist(request, **kwargs))
