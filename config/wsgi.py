import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from electionadmin.publishing.fast import PublicResults  # noqa: E402

# Cached public results pages are answered before Django's request handling.
application = PublicResults(django_application)
