"""Security middleware: the Content-Security-Policy header, and the second factor
that committees and administrators pass before any screen (otp.py)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse

from .roles import needs_second_factor, sees_wagtail_reports


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class SecondFactorMiddleware:
    """A committee member or an administrator logged in with a password but not yet
    with the second factor is sent to it (or to enrol one) from every page: the
    Django admin, Wagtail's and the project's screens alike. Only the second-factor
    pages, logging out and static files stay open. Placed after django-otp's
    OTPMiddleware, which tells whether the session passed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._open(request.path_info) or not needs_second_factor(request.user):
            return self.get_response(request)
        if request.user.is_verified():
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseForbidden(
                "Cần nhập mã xác thực hai bước trước khi thao tác.",
                content_type="text/plain; charset=utf-8",
            )
        verify = reverse("access:verify")
        return HttpResponseRedirect(
            f"{verify}?{urlencode({'next': request.get_full_path()})}"
        )

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(
            (
                "/xac-thuc/",
                settings.STATIC_URL,
                reverse("wagtailadmin_login"),
                reverse("wagtailadmin_logout"),
                reverse("admin:logout"),
                reverse("wagtailadmin_javascript_catalog"),
                reverse("wagtailadmin_sprite"),
            )
        )


SEEN = "_seen"  # when the session's expiry was last moved on (epoch seconds)


def mark_seen(session) -> None:
    session[SEEN] = int(time.time())


class IdleSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last request (idle expiry).

    Each request would have to save the session to move its expiry on; this saves
    it at most once a SESSION_REFRESH_SECONDS (a dashboard polling every few
    seconds writes nothing), so a session may end up to that much early."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        seen = session.get(SEEN) if session is not None else None
        if seen is not None and time.time() - seen >= settings.SESSION_REFRESH_SECONDS:
            mark_seen(session)
        return self.get_response(request)


class WagtailReportsMiddleware:
    """Wagtail's report pages (/admin/reports/…) refuse the roles whose menu does
    not list them (roles.sees_wagtail_reports; publishing/wagtail_hooks.py hides
    the menu): a 403, not only a missing link."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is not None
            and "wagtailadmin_reports" in match.namespaces
            and request.user.is_authenticated
            and not sees_wagtail_reports(request.user)
        ):
            raise PermissionDenied
        return None
