"""What the screens beside the ModelAdmins share: who may open them, and files sent.

`admin_screen(allowed)` puts a view behind the admin's login (else the login page)
and a rule on the user (else 403); `refuse_unless(allowed)` is that rule alone, for a
view that adds its own wrapping between the two. `page()` renders in the admin's
frame; `attachment()` sends a file to save.
"""

import functools
from collections.abc import Callable

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refuse_unless(allowed: Callable) -> Callable:
    """403 unless `allowed(request.user)`."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def admin_screen(allowed: Callable) -> Callable:
    """The admin's login, then 403 unless `allowed(request.user)`."""

    def decorate(view):
        return admin.site.admin_view(refuse_unless(allowed)(view))

    return decorate


def has_perm(permission: str) -> Callable:
    return lambda user: user.has_perm(permission)


def attachment(data: bytes, name: str, content_type: str = PDF) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def page(request, template: str, title: str, **context) -> TemplateResponse:
    """A page in the admin's frame: its menus and header, and this title."""
    context = admin.site.each_context(request) | {"title": title} | context
    return TemplateResponse(request, template, context)
