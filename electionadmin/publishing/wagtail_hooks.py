"""Wagtail menu: a way back to the election data admin (Django admin); the Reports
menu only for the roles that approve or run the site (README: "Who sees which
Wagtail reports")."""

from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.sites.views import IndexView as SitesIndexView

from electionadmin.access.roles import sees_wagtail_reports


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


# Wagtail's reports are for the city committee, which approves guides, and the
# administrators (access.roles.sees_wagtail_reports; access.middleware refuses the
# report pages to the others). Trainers write guides, district and commune
# committees publish news: their menu is empty, so Wagtail does not draw it.
@hooks.register("construct_reports_menu")
def reports_for_role(request, menu_items):
    if not sees_wagtail_reports(request.user):
        menu_items[:] = []


# The date picker Wagtail uses (jQuery datetimepicker) writes its "Save Selected"
# button in English, with no option to name it; the script renames it whenever a
# picker is added to the page (Wagtail creates them when a date field is focused).
DATETIMEPICKER_JS = """<script>
(function () {
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.querySelectorAll) {
          node.querySelectorAll(".xdsoft_save_selected").forEach(function (button) {
            button.textContent = "Lưu lựa chọn";
          });
        }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>"""


@hooks.register("insert_global_admin_js")
def datetimepicker_in_vietnamese():
    return mark_safe(DATETIMEPICKER_JS)  # a constant: nothing from a request


# Wagtail's Sites list names three columns by their field names, untranslated
# ("Port", "Site name", "Root page"): named here, once, when the hooks load.
SITE_COLUMNS = {"port": "Cổng", "site_name": "Tên trang web", "root_page": "Trang gốc"}
for column in SitesIndexView.columns:
    if column.name in SITE_COLUMNS:
        column.label = SITE_COLUMNS[column.name]
