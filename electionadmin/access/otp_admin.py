"""The second factor's apps in the Django admin, in Vietnamese: an administrator
sees who has enrolled and deletes the app of a user who lost the phone (the user
enrols again at the next login). Apps are never added or edited here: a user enrols
their own (otp.py), and the key is never shown.

Registered before django-otp's own admin (which then skips its registration).
"""

from django.apps import apps
from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTPDevice._meta.verbose_name = "ứng dụng xác thực"
TOTPDevice._meta.verbose_name_plural = "ứng dụng xác thực"
apps.get_app_config("otp_totp").verbose_name = "Xác thực hai bước"


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ["who", "label", "enrolled", "created", "last_used"]
    search_fields = ["user__username"]
    fields = ["who", "label", "enrolled", "created", "last_used"]
    readonly_fields = fields

    @admin.display(description="người dùng", ordering="user__username")
    def who(self, device):
        return device.user.get_username()

    @admin.display(description="tên")
    def label(self, device):
        return device.name

    @admin.display(description="đã xác nhận", boolean=True)
    def enrolled(self, device):
        return device.confirmed

    @admin.display(description="ngày đăng ký", ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description="dùng lần cuối", ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
