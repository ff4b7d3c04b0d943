"""Việc của tôi in Wagtail: first in the menu and a panel on the dashboard."""

from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component


@hooks.register("register_admin_menu_item")
def workspace_menu_item():
    return MenuItem(
        "Việc của tôi", reverse("workspace:home"), icon_name="tasks", order=1
    )


class WorkspacePanel(Component):
    order = 0

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel" id="workspace-panel" style="margin-bottom:2em">'
            "<h2>Việc của tôi</h2><p>Việc hôm nay của vai trò và phạm vi của bạn, "
            "theo lịch bầu cử.</p>"
            '<a class="button" href="{}">Mở Việc của tôi</a></section>',
            reverse("workspace:home"),
        )


@hooks.register("construct_homepage_panels")
def add_workspace_panel(request, panels):
    panels.insert(0, WorkspacePanel())
