"""Election day at bau-cu/ (config/urls.py), every name in the `polling` namespace:
the dashboards, which show counting progress beside turnout (dashboards.py), and
polling's own screens (polling/urls.py)."""

from django.urls import path

from electionadmin.polling.urls import urlpatterns as polling_urls

from . import area_board, dashboards

app_name = "polling"
urlpatterns = [
    path("<str:code>/tien-do/<str:unit>/", dashboards.dashboard, name="dashboard"),
    path(
        "<str:code>/tien-do/<str:commune>/kvbp/<int:number>/",
        area_board.area_board,
        name="area_board",
    ),
    path(
        "<str:code>/tien-do/<str:unit>/trinh-chieu/",
        dashboards.projector,
        name="projector",
    ),
    path(
        "<str:code>/kiem-phieu/<str:unit>/bao-cao.<str:fmt>",
        dashboards.counting_file,
        name="counting_file",
    ),
    *polling_urls,
]
