"""polling's screens: the landing pages, the turnout report, the entry screens and the
API. Mounted at bau-cu/ in the `polling` namespace together with the dashboards
(results/day_urls.py, config/urls.py)."""

from django.urls import path

from . import api, entry_views, views

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.home, name="home"),
    path(
        "<str:code>/tien-do/<str:unit>/bao-cao.<str:fmt>",
        views.turnout_file,
        name="turnout_file",
    ),
    path(
        "<str:code>/nhap/xa/<str:unit>/",
        entry_views.commune_entry,
        name="commune_entry",
    ),
    path(
        "<str:code>/nhap/kvbp/<str:commune>/<int:number>/",
        entry_views.area_entry,
        name="area_entry",
    ),
    path(
        "<str:code>/nhap/kvbp/<str:commune>/<int:number>/bat-dau-kiem-phieu/",
        entry_views.counting_start,
        name="counting_start",
    ),
    path(
        "<str:code>/nhap/kvbp/<str:commune>/<int:number>/huy-bat-dau-kiem-phieu/",
        entry_views.counting_undo,
        name="counting_undo",
    ),
    path("<str:code>/nhap/tep/", entry_views.upload, name="upload"),
    path(
        "<str:code>/nhap/tep/<int:job_id>/",
        entry_views.upload_job,
        name="upload_job",
    ),
    path(
        "<str:code>/nhap/tep/<int:job_id>/trang-thai/",
        entry_views.upload_job_status,
        name="upload_job_status",
    ),
    path(
        "<str:code>/nhap/tep/<int:job_id>/loi.xlsx",
        entry_views.upload_job_problems,
        name="upload_job_problems",
    ),
    path(
        "<str:code>/nhap/tep/<int:job_id>/xac-nhan/",
        entry_views.upload_job_confirm,
        name="upload_job_confirm",
    ),
    path(f"<str:code>{api.PATH}", api.submit, name="api_turnout"),
]
