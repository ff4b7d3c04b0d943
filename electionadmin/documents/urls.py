"""Mounted under django-admin/ (config/urls.py), every name in the `results`
namespace: the results screens (results/urls.py) and the screens that print the
statutory forms, verify a printed code and batch-print minutes (print_views.py)."""

from django.urls import path

from electionadmin.results.urls import urlpatterns as results_urls

from . import print_views

app_name = "results"
urlpatterns = [
    *results_urls,
    path("ket-qua/in/<str:code>/", print_views.print_view, name="print"),
    path("ket-qua/in-hang-loat/<str:code>/", print_views.batch_view, name="batch"),
    path("ket-qua/in-hang-loat/viec/<int:pk>/", print_views.job_view, name="print_job"),
    path(
        "ket-qua/in-hang-loat/viec/<int:pk>/trang-thai/",
        print_views.job_status,
        name="print_job_status",
    ),
    path(
        "ket-qua/in-hang-loat/viec/<int:pk>/tai-ve/",
        print_views.job_download,
        name="print_job_download",
    ),
    path("ket-qua/xac-thuc/", print_views.verify_view, name="verify"),
]
