"""Logins by password: Django's own check, refusing the demo's accounts off a demo
machine.

The demo (demo/users.py) makes its accounts with a published password and a
published second-factor key, flagged `Profile.demo`. They log in only where the
demo may be made (settings.DEMO, or DEBUG on a developer's machine): a database
loaded with the demo and later run with production settings keeps the accounts,
and this backend refuses them, at the login (`user_can_authenticate`) and on every
request of a session opened before (`get_user`). The login page says why
(workspace/login.py, `DEMO_OFF`).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

DEMO_OFF = (
    "Tài khoản dùng thử (dữ liệu mẫu, mật khẩu công khai) chỉ đăng nhập được trên "
    "máy chạy thử (DEMO=true). Trên hệ thống này tài khoản đã bị khóa: hãy dùng tài "
    "khoản do quản trị hệ thống cấp."
)


def demo_logins_allowed() -> bool:
    """Where the demo's accounts may be made and used (as demo/users.py)."""
    return bool(settings.DEMO or settings.DEBUG)


def is_demo_account(user) -> bool:
    profile = getattr(user, "profile", None)
    return profile is not None and profile.demo


def refused_demo(user) -> bool:
    return not demo_logins_allowed() and is_demo_account(user)


def refused_demo_name(username: str) -> bool:
    """The login page's question: is this name a demo account refused here?"""
    if demo_logins_allowed() or not username:
        return False
    users = get_user_model()._default_manager
    return users.filter(
        **{users.model.USERNAME_FIELD: username, "profile__demo": True}
    ).exists()


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not refused_demo(user)

    def get_user(self, user_id):
        # The profile comes with the user: the check above and the screens read it.
        users = get_user_model()._default_manager.select_related("profile")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
