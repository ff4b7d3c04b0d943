"""Rehearsal (drill) elections: `Election.is_rehearsal`.

A drill shows itself on every screen (`templates/includes/rehearsal_banner.html`, put
in by `admin/base_site.html` through `election_in_view`) and on every printed form
(`printing.heading`), never reaches public pages or live reports (`live()`), and is
wiped with all its data in one action (results/rehearsal.py: the `wipe_rehearsal`
command and the admin action on elections; later stages' data, so a later stage).
"""

from django.core.cache import cache
from django.db import models

from electionadmin.access.role_names import CITY_COMMITTEE, role_of

from .models import Election

BANNER = "BẦU CỬ DIỄN TẬP — không phải số liệu thật"
MARK = "DIỄN TẬP"


def live(queryset):
    """The queryset without drills; `queryset` is of elections or of records with an
    `election` foreign key."""
    if queryset.model is Election:
        return queryset.filter(is_rehearsal=False)
    return queryset.filter(election__is_rehearsal=False)


def _election_ids(value) -> list[int]:
    if isinstance(value, Election):
        return [value.pk]
    if isinstance(value, models.Model):
        found = getattr(value, "election_id", None)
        if found:
            return [found]
        for name in ("contest", "area", "unit_election"):
            related = getattr(type(value), name, None)
            if related is not None and hasattr(related, "field"):
                inner = getattr(value, name, None)
                if inner is not None and getattr(inner, "election_id", None):
                    return [inner.election_id]
    return []


DRILLS_CACHE_KEY = "setup:rehearsal-elections"
DRILLS_CACHE_SECONDS = 60


def drills() -> dict[int, str]:
    """Every drill election's id and code, kept in the cache (saving or deleting an
    election clears it; `DRILLS_CACHE_SECONDS` bounds another process's view), so a
    screen of a live election spends no query on the banner."""
    found = cache.get(DRILLS_CACHE_KEY)
    if found is None:
        found = dict(
            Election.objects.filter(is_rehearsal=True).values_list("pk", "code")
        )
        cache.set(DRILLS_CACHE_KEY, found, DRILLS_CACHE_SECONDS)
    return found


def forget_drills(**kwargs) -> None:
    cache.delete(DRILLS_CACHE_KEY)


def election_in_view(context) -> Election | None:
    """The drill election the page shows, if any: an election (or a record of one)
    in the template context, the election code in the URL, or the election chosen in
    a list filter (`?election=`)."""
    ids: list[int] = []
    for value in context.flatten().values():
        ids += _election_ids(value)
    request = context.get("request")
    query = Election.objects.filter(is_rehearsal=True)
    codes = []
    if request is not None:
        match = getattr(request, "resolver_match", None)
        if match is not None and isinstance(match.kwargs.get("code"), str):
            codes.append(match.kwargs["code"])
        for key in ("election", "election__id__exact", "election__pk__exact"):
            value = request.GET.get(key, "")
            if value.isdigit():
                ids.append(int(value))
    known = drills()
    if not any(pk in known for pk in ids) and not set(codes) & set(known.values()):
        return None
    return query.filter(models.Q(pk__in=ids) | models.Q(code__in=codes)).first()


def may_wipe(user) -> bool:
    """Superusers and the city/province election committee."""
    return bool(user.is_superuser or role_of(user) == CITY_COMMITTEE)
