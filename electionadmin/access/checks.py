"""System checks on the login settings: the demo's published logins (settings.DEMO)
belong on a demo machine only."""

from django.conf import settings
from django.core import checks

DEMO_HINT = (
    "Bỏ DEMO (hoặc đặt DEMO=false) trên máy thật: DEMO cho phép các tài khoản dùng "
    "thử với mật khẩu và khóa xác thực công khai (demo/users.py)."
)


def demo_over_https(app_configs=None, **kwargs) -> list:
    """DEMO on a machine set up for HTTPS looks like a real site."""
    if not (settings.DEMO and getattr(settings, "SECURE_SSL_REDIRECT", False)):
        return []
    return [
        checks.Warning(
            "DEMO is on while HTTPS is: the demo's published logins may be made "
            "here. DEMO đang bật trên một máy chạy HTTPS.",
            hint=DEMO_HINT,
            id="access.W001",
        )
    ]


def demo_in_deployment(app_configs=None, **kwargs) -> list:
    """`check --deploy`: a deployment never has DEMO on."""
    if not settings.DEMO:
        return []
    return [
        checks.Warning(
            "DEMO is on: the demo's published logins may be made here. DEMO đang bật.",
            hint=DEMO_HINT,
            id="access.W002",
        )
    ]
