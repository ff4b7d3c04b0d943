"""The project's WSGI application with a bare static-file server in front of it,
for bench/public_results_wrk.py: `/static/<path>` is answered from the files Django's
staticfiles finders know, read once and kept in memory, without entering Django; every
other path goes to config.wsgi. Measuring both in one gunicorn gives the baseline a
results page is compared with (the cheapest answer the same server can give).
"""

import mimetypes
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.contrib.staticfiles import finders  # noqa: E402

from config.wsgi import application as django_app  # noqa: E402

PREFIX = "/static/"
_files: dict[str, tuple[bytes, str]] = {}


def _load(name: str) -> tuple[bytes, str] | None:
    if name not in _files:
        found = finders.find(name)
        if not found:
            return None
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        _files[name] = (Path(found).read_bytes(), kind)
    return _files[name]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path.startswith(PREFIX):
        hit = _load(path[len(PREFIX) :])
        if hit is not None:
            body, kind = hit
            start_response(
                "200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))]
            )
            return [body]
    return django_app(environ, start_response)
