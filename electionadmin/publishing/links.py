"""Every admin screen links its published guides ("Hướng dẫn").

The context processor `screen_guides` gives templates a lazy list of the live
guides written for the screen being shown (publishing/screens.py says which URL
names make up each screen); templates/admin/base_site.html shows the link, so the
Django admin and every screen built on it have it. Nothing is queried unless a
template reads it.
"""

from django.utils.functional import SimpleLazyObject

from . import screens


def guides_for_request(request) -> list:
    from .models import GuidePage

    match = getattr(request, "resolver_match", None)
    screen = screens.screen_of(match.view_name if match else None)
    if screen is None:
        return []
    return list(
        GuidePage.objects.live()
        .filter(screen=screen)
        .order_by("title")
        .only("title", "url_path", "path", "depth", "screen")
    )


def screen_guides(request):
    return {"screen_guides": SimpleLazyObject(lambda: guides_for_request(request))}
