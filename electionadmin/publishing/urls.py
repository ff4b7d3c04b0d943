"""/ket-qua/<CODE>/…: public results below the Wagtail results index page."""

from django.urls import path

from . import results, views

app_name = "public_results"

urlpatterns = [
    path("<str:code>/", views.election_page, name="election"),
    path(
        "<str:code>/<slug:contest>/don-vi-<int:number>/", views.unit_page, name="unit"
    ),
    *(
        path(f"<str:code>/{name}", views.current_file, {"name": name}, name=name)
        for name in results.CONTENT_TYPES
    ),
    *(
        path(
            f"<str:code>/phien-ban/<int:version>/{name}",
            views.version_file,
            {"name": name},
            name=f"v-{name}",
        )
        for name in results.CONTENT_TYPES
    ),
]
