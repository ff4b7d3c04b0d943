"""Cached public results pages and files, answered before Django's request handling.

`PublicResults` wraps the WSGI application (config/wsgi.py). A GET below
/ket-qua/<CODE>/ whose page is in the cache for the election's current state
(results.State: the newest snapshot's id and the number of withdrawn snapshots) is
answered from the cache with the headers SecurityMiddleware and the project's
security middleware would add (`security_headers`: the Content-Security-Policy,
HSTS on a secure request); a plain-http request where https is required, anything
else, and every miss, go to Django, whose view renders the page from the
snapshots and caches it under the same key.

Each process re-reads an election's state at most every
PUBLIC_RESULTS_STATE_SECONDS (default 1 s; 0 reads it on every request): a new
certification or a revocation reaches the pages answered here within that time,
and the pages Django renders (every miss, every page after a change) at once. The
cost per request is then no query at all, which is what lets a results page be
served nearly as fast as a static file (docs/BENCHMARKS.md).
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.http.request import split_domain_port, validate_host

from . import results

PREFIX = "/ket-qua/"
HEADERS = [
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]


def is_secure(environ) -> bool:
    """As Django's request.is_secure(): the proxy's header when trusted, else the
    scheme."""
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header and header[0] in environ:
        return environ[header[0]].split(",")[0].strip() == header[1]
    return environ.get("wsgi.url_scheme") == "https"


def security_headers(secure: bool) -> list[tuple[str, str]]:
    headers = list(HEADERS)
    if settings.CONTENT_SECURITY_POLICY:
        headers.append(("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY))
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return headers


class PublicResults:
    def __init__(self, app):
        self.app = app
        self.states: dict[str, tuple[float, results.State | None]] = {}
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            path = environ.get("PATH_INFO", "")
            secure = is_secure(environ)
            redirect = settings.SECURE_SSL_REDIRECT and not secure
            if path.startswith(PREFIX) and not redirect and self.host_allowed(environ):
                hit = self.cached(environ, path, environ.get("SCRIPT_NAME", "") + path)
                if hit is not None:
                    body, kind = hit
                    headers = [
                        ("Content-Type", kind),
                        ("Content-Length", str(len(body))),
                    ]
                    start_response("200 OK", headers + security_headers(secure))
                    return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
        return self.app(environ, start_response)

    def cached(self, environ, path: str, full_path: str):
        code = path[len(PREFIX) :].partition("/")[0]
        state = self.state(code, environ) if code else None
        return cache.get(state.key(full_path)) if state else None

    def state(self, code: str, environ) -> "results.State | None":
        now = time.monotonic()
        seen = self.states.get(code)
        if seen and now - seen[0] < settings.PUBLIC_RESULTS_STATE_SECONDS:
            return seen[1]
        # As Django's handler does: connections past CONN_MAX_AGE, or broken, go.
        request_started.send(sender=self.__class__, environ=environ)
        state = results.state_of(code)
        with self.lock:
            if len(self.states) > 1000:  # unknown codes must not grow it for ever
                self.states.clear()
            self.states[code] = (now, state)
        return state

    def host_allowed(self, environ) -> bool:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        domain, _ = split_domain_port(host)
        return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
