"""Mounted at bau-cu/ (config/urls.py). Every name is in the `polling` namespace."""

from django.urls import path

from . import api, entry_views, views

app_name = "polling"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.home, name="home"),
    path("<str:code>/tien-do/<str:unit>/", views.dashboard, name="dashboard"),
    path(
        "<str:code>/tien-do/<str:unit>/trinh-chieu/",
        views.projector,
        name="projector",
    ),
    path(
        "<str:code>/tien-do/<str:unit>/bao-cao.<str:fmt>",
        views.turnout_file,
        name="turnout_file",
    ),
    path(
        "<str:code>/kiem-phieu/<str:unit>/bao-cao.<str:fmt>",
        views.counting_file,
        name="counting_file",
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
    path("<str:code>/nhap/tep/", entry_views.upload, name="upload"),
    path(f"<str:code>{api.PATH}", api.submit, name="api_turnout"),
]
