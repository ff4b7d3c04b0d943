from django.urls import path

from . import area_change_views, entry_change_views, list_size_views, views
from .printing.actions import attach

app_name = "voters"
attach()

urlpatterns = [
    path("", views.index, name="index"),
    path("khu-vuc/<int:area_id>/the-cu-tri.pdf", views.area_cards, name="area_cards"),
    path("khu-vuc/<int:area_id>/danh-sach.pdf", views.area_list, name="area_list"),
    path(
        "bau-cu/<int:election_id>/don-vi/<int:commune_id>/in/",
        views.commune_print,
        name="commune_print",
    ),
    path("in/<int:job_id>/", views.job_detail, name="job"),
    path("in/<int:job_id>/trang-thai/", views.job_status, name="job_status"),
    path("in/<int:job_id>/tai-ve/", views.job_download, name="job_download"),
    path("bien-dong/", views.change_report, name="change_report"),
    path("giay-chung-nhan/<int:change_id>.pdf", views.certificate, name="certificate"),
    # Changes to the list (biến động), from the admin's entry and area pages.
    path(
        "cu-tri/<int:entry_id>/xoa-ten/", entry_change_views.remove, name="entry_remove"
    ),
    path(
        "cu-tri/<int:entry_id>/chuyen-khu-vuc/",
        entry_change_views.transfer,
        name="entry_transfer",
    ),
    path(
        "cu-tri/<int:entry_id>/cap-giay-chung-nhan/",
        entry_change_views.certificate,
        name="entry_certificate",
    ),
    path(
        "khu-vuc/<int:area_id>/so-cu-tri-khai-bao/",
        list_size_views.declare,
        name="area_list_size",
    ),
    path("khu-vuc/<int:area_id>/bo-sung/", area_change_views.add, name="area_add"),
    path(
        "khu-vuc/<int:area_id>/nhan-giay-chung-nhan/",
        area_change_views.receive,
        name="area_receive",
    ),
]
