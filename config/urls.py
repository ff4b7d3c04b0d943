from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from electionadmin.publishing.lookup import voter_lookup
from electionadmin.workspace.login import LoginView

admin.site.site_header = "Quản trị dữ liệu bầu cử"
admin.site.site_title = "Quản trị dữ liệu bầu cử"
admin.site.index_title = "Dữ liệu bầu cử"

urlpatterns = [
    path("django-admin/", include("importers.urls")),
    path("django-admin/", include("electionadmin.documents.urls")),
    path("django-admin/", admin.site.urls),
    # Wagtail's login, landing on Việc của tôi when no page was asked for.
    path("admin/login/", LoginView.as_view(), name="wagtailadmin_login"),
    path("xac-thuc/", include("electionadmin.access.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("viec-cua-toi/", include("electionadmin.workspace.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("bau-cu/", include("electionadmin.results.day_urls")),
    path("cu-tri/", include("electionadmin.voters.urls")),
    path("tra-cuu-noi-bo-phieu/", voter_lookup, name="voter_lookup"),
    # /ket-qua/ is the Wagtail results page; below it, the certified results.
    path("ket-qua/", include("electionadmin.publishing.urls")),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.DEMO:
    # The public media (Wagtail's images and documents; never PRIVATE_MEDIA_ROOT),
    # which a real site's web server serves. Static files: `runserver --insecure`.
    from django.views.static import serve

    media = rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$"
    urlpatterns.append(re_path(media, serve, {"document_root": settings.MEDIA_ROOT}))

urlpatterns.append(path("", include(wagtail_urls)))
