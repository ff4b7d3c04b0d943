"""Jurisdiction: what a user may see and change.

Every admin list, form, action, export and detail URL filters through `restrict()`.
A model with no registered scope shows nothing to a scoped user (fail closed).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db.models import Model, Q, QuerySet

ScopeFn = Callable[["Jurisdiction", str], Q]
_VISIBLE: dict[type[Model], ScopeFn] = {}
_EDITABLE: dict[type[Model], ScopeFn] = {}
NOTHING = Q(pk__in=[])
OUTSIDE_JURISDICTION = "Hồ sơ này nằm ngoài phạm vi bạn được giao quản lý."


def q(prefix: str, **lookups) -> Q:
    """A Q whose lookups hang below a relation path, e.g. q("body__", pk=1)."""
    return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})


def register(model: type[Model], visible: ScopeFn, editable: ScopeFn | None = None):
    _VISIBLE[model] = visible
    _EDITABLE[model] = editable or visible


def scoped_models() -> list[type[Model]]:
    """Every model with a registered scope (the audit viewer scopes entries by them)."""
    return list(_VISIBLE)


@dataclass
class Jurisdiction:
    """Everything, one administrative unit's subtree, one electoral unit or one area."""

    everything: bool = False
    admin_unit: Model | None = None
    electoral_unit: Model | None = None
    voting_area: Model | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def for_user(cls, user) -> "Jurisdiction":
        if not user.is_authenticated or not user.is_active:
            return cls()
        if user.is_superuser:
            return cls(everything=True)
        cached = getattr(user, "_jurisdiction", None)
        if cached is not None:
            return cached
        profile = getattr(user, "profile", None)
        if profile is None:
            jurisdiction = cls()
        elif profile.role == profile.Role.SYSADMIN:
            jurisdiction = cls(everything=True)
        elif profile.role == profile.Role.TRAINER:
            jurisdiction = cls()  # guides only: no election data at all
        else:
            jurisdiction = cls(
                admin_unit=profile.admin_unit,
                electoral_unit=profile.electoral_unit,
                voting_area=profile.voting_area,
            )
        user._jurisdiction = jurisdiction
        return jurisdiction

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything
            or self.admin_unit
            or self.electoral_unit
            or self.voting_area
        )

    def _memo(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def unit_ids(self) -> list[int]:
        """The administrative unit and every unit below it."""
        from electionadmin.setup.models import AdminUnit

        return self._memo(
            "units", lambda: AdminUnit.objects.subtree_ids(self.admin_unit)
        )

    def ancestor_ids(self) -> list[int]:
        return self._memo(
            "ancestors", lambda: [u.pk for u in self.admin_unit.ancestors()]
        )

    def area_ids(self) -> list[int]:
        """The voting areas of a board's or a team's jurisdiction."""
        from electionadmin.setup.models import ElectoralUnitArea

        def compute():
            if self.voting_area:
                return [self.voting_area.pk]
            return list(
                ElectoralUnitArea.objects.filter(
                    electoral_unit=self.electoral_unit
                ).values_list("voting_area_id", flat=True)
            )

        return self._memo("areas", compute)

    def covering_unit_ids(self) -> list[int]:
        """The electoral units a team's voting area lies in, one per contest."""
        from electionadmin.setup.models import ElectoralUnitArea

        return self._memo(
            "covering",
            lambda: list(
                ElectoralUnitArea.objects.filter(
                    voting_area=self.voting_area
                ).values_list("electoral_unit_id", flat=True)
            ),
        )

    def is_province(self) -> bool:
        return bool(self.admin_unit) and self.admin_unit.parent_id is None


def scope_q(
    jurisdiction: Jurisdiction,
    model: type[Model],
    prefix: str = "",
    *,
    editable: bool = False,
) -> Q:
    if jurisdiction.everything:
        return Q()
    if jurisdiction.is_empty:
        return NOTHING
    registry = _EDITABLE if editable else _VISIBLE
    fn = registry.get(model)
    if fn is None:
        return NOTHING
    return fn(jurisdiction, prefix)


def restrict(queryset: QuerySet, user, *, editable: bool = False) -> QuerySet:
    jurisdiction = Jurisdiction.for_user(user)
    if jurisdiction.everything:
        return queryset
    return queryset.filter(scope_q(jurisdiction, queryset.model, editable=editable))


def can_edit(user, obj: Model) -> bool:
    model = type(obj)
    return restrict(
        model._default_manager.filter(pk=obj.pk), user, editable=True
    ).exists()


def editable_now(user, instance: Model) -> bool:
    """May the user change the saved instance? Read afresh, not from memoised ids."""
    jurisdiction = Jurisdiction.for_user(user)
    if jurisdiction.everything:
        return True
    fresh = replace(jurisdiction, _cache={})  # a new unit is not in memoised id lists
    model = type(instance)
    found = model._default_manager.filter(pk=instance.pk)
    return found.filter(scope_q(fresh, model, editable=True)).exists()


def not_editable(user, model: type[Model], pks) -> set[int]:
    """Those of the saved records `pks` the user may not change (read afresh, as
    `editable_now`: a record written a moment ago counts)."""
    pks = set(pks)
    jurisdiction = Jurisdiction.for_user(user)
    if not pks or jurisdiction.everything:
        return set()
    fresh = replace(jurisdiction, _cache={})
    found = model._default_manager.filter(pk__in=pks)
    found = found.filter(scope_q(fresh, model, editable=True))
    return pks - set(found.values_list("pk", flat=True))
