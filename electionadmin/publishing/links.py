"""Every admin screen links its published guides ("Hướng dẫn").

The context processor `screen_guides` gives templates a lazy list of
`(title, url)` for the live guides written for the screen being shown
(publishing/screens.py says which URL names make up each screen);
templates/admin/base_site.html shows the link, so the Django admin and every
screen built on it have it. The table of every screen's guides is read once and
kept in the cache (publishing a guide, taking it down, moving or deleting it
clears it; `CACHE_SECONDS` bounds how long another process may show the old
table), so a screen spends no query on it. Nothing is read unless a template
reads it.
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from . import screens

CACHE_KEY = "publishing:screen-guides"
CACHE_SECONDS = 60


def guides_by_screen() -> dict[str, list[tuple[str, str]]]:
    table = cache.get(CACHE_KEY)
    if table is None:
        from .models import GuidePage

        table = {}
        guides = (
            GuidePage.objects.live()
            .exclude(screen="")
            .order_by("title")
            .only("title", "url_path", "path", "depth", "screen")
        )
        for guide in guides:
            table.setdefault(guide.screen, []).append((guide.title, guide.url))
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    return table


def forget_guides(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def guides_for_request(request) -> list[tuple[str, str]]:
    match = getattr(request, "resolver_match", None)
    screen = screens.screen_of(match.view_name if match else None)
    if screen is None:
        return []
    return guides_by_screen().get(screen, [])


def screen_guides(request):
    return {"screen_guides": SimpleLazyObject(lambda: guides_for_request(request))}
