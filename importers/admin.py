"""Uploaded workbooks and voter lists, read-only: each user sees its own, the
superuser all."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from electionadmin.access.admin import ScopedAdmin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    list_display = ["original_name", "kind", "election", "mode", "status", "user"]
    list_display += ["created_at", "job_page"]
    list_select_related = ["user", "election"]
    list_filter = ["kind", "mode", "status"]
    search_fields = ["original_name"]
    date_hierarchy = "created_at"
    # The files are private (electionadmin/storage.py: no URL); the page shows their
    # names and links to the job's own pages, which check who asks.
    exclude = ["file", "problems_file"]
    readonly_fields = ["stored_file", "problems_download"]

    def get_queryset(self, request):
        jobs = admin.ModelAdmin.get_queryset(self, request)
        return jobs if request.user.is_superuser else jobs.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="kết quả")
    def job_page(self, obj):
        url = reverse("importers:job", args=[obj.pk])
        return format_html('<a href="{}">Xem</a>', url)

    @admin.display(description="tệp")
    def stored_file(self, obj):
        return obj.file.name or "(đã xóa)"

    @admin.display(description="danh sách lỗi và cảnh báo")
    def problems_download(self, obj):
        if not obj.problems_file:
            return "-"
        url = reverse("importers:job_problems", args=[obj.pk])
        return format_html('<a href="{}">Tải về (.xlsx)</a>', url)
