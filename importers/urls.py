"""Mounted under django-admin/ before the admin's own URLs (config/urls.py)."""

from django.urls import path

from . import views, voter_views

app_name = "importers"
urlpatterns = [
    path("importers/election/", views.election_import, name="election"),
    path(
        "importers/election/template.xlsx",
        views.election_template,
        name="election_template",
    ),
    path("importers/voters/", voter_views.voters_import, name="voters"),
    path(
        "importers/voters/template.xlsx",
        voter_views.voters_template,
        name="voters_template",
    ),
    path("importers/jobs/<int:job_id>/", views.job_detail, name="job"),
    path("importers/jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    path("importers/jobs/<int:job_id>/confirm/", views.job_confirm, name="job_confirm"),
    path(
        "importers/jobs/<int:job_id>/problems.xlsx",
        voter_views.job_problems,
        name="job_problems",
    ),
]
