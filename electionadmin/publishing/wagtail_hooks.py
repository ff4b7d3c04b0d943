"""Wagtail menu: a way back to the election data admin (Django admin)."""

from django.urls import reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_election_admin_item():
    return StaffMenuItem(
        "Quản trị dữ liệu bầu cử",
        reverse_lazy("admin:index"),
        name="election-admin",
        icon_name="list-ul",
        order=150,
    )


@hooks.register("register_admin_menu_item")
def register_election_day_item():
    return StaffMenuItem(
        "Ngày bầu cử: tiến độ",
        reverse_lazy("polling:index"),
        name="election-day",
        icon_name="time",
        order=151,
    )
