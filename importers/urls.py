"""Mounted under django-admin/ before the admin's own URLs (config/urls.py)."""

from django.urls import path

from . import views

app_name = "importers"
urlpatterns = [
    path("importers/election/", views.election_import, name="election"),
    path(
        "importers/election/template.xlsx",
        views.election_template,
        name="election_template",
    ),
    path("importers/jobs/<int:job_id>/", views.job_detail, name="job"),
    path("importers/jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    path("importers/jobs/<int:job_id>/confirm/", views.job_confirm, name="job_confirm"),
]
