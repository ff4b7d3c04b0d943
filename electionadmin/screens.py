"""What the screens beside the ModelAdmins share: who may open them, and files sent.

Every such screen (voters/, polling/, results/, documents/, importers/) is declared
with one guard, `@screen(rule, methods=...)`:
1. the admin's login: staff only, else the login page;
2. `methods` when given (e.g. `("GET", "POST")`), else 405;
3. `rule(request.user)` when given, else 403: a permission of the user's role
   (`has_perm("voters.view_voterentry")`) or a rule on the role
   (access/roles.py names the roles).
Inside, a record is opened with `in_scope()`: 404 outside the user's jurisdiction,
as if it did not exist (the same `restrict()` as every admin list); and a decision
on that record is `require(allowed, message)`: 403 with the message.

`page()` renders in the admin's frame; `attachment()` sends a file to save.
"""

import functools
from collections.abc import Callable, Sequence

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from electionadmin.access.scope import restrict

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def screen(rule: Callable | None = None, *, methods: Sequence[str] | None = None):
    """The guard of a screen: the admin's login, then `methods` (405), then
    `rule(request.user)` (403)."""

    def decorate(view):
        guarded = view
        if rule is not None:
            guarded = _refuse_unless(rule)(guarded)
        if methods is not None:
            guarded = require_http_methods(list(methods))(guarded)
        return admin.site.admin_view(guarded)

    return decorate


def _refuse_unless(rule: Callable) -> Callable:
    def decorate(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def in_scope(queryset, user, *, editable: bool = False, **lookup):
    """The one record of `queryset` that `lookup` names, if the user's jurisdiction
    holds it (may change it, with `editable`); 404 otherwise."""
    return get_object_or_404(restrict(queryset, user, editable=editable), **lookup)


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện việc này."):
    """403 with the message unless `allowed` (a decision on one record)."""
    if not allowed:
        raise PermissionDenied(message)


def has_perm(permission: str) -> Callable:
    return lambda user: user.has_perm(permission)


def attachment(data: bytes, name: str, content_type: str = PDF) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def stored_file(file, name: str, content_type: str = XLSX) -> FileResponse:
    """A stored file (a FieldFile) as a download named `name`; 404 when empty."""
    if not file:
        raise Http404
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


def page(request, template: str, title: str, **context) -> TemplateResponse:
    """A page in the admin's frame: its menus and header, and this title."""
    context = admin.site.each_context(request) | {"title": title} | context
    return TemplateResponse(request, template, context)
