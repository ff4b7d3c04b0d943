"""The second factor: a time-based one-time code (TOTP, RFC 6238) from an
authenticator app, required of the committees and the administrators
(roles.SECOND_FACTOR_ROLES) after their password.

- `/xac-thuc/` asks for the 6-digit code of the user's app;
- `/xac-thuc/dang-ky/` enrols the app once: a QR code and the secret to type in,
  then a first code to confirm it. Only a user without a confirmed app may enrol
  (a lost phone: an administrator deletes the user's device in the Django admin,
  "Thiết bị TOTP", and the user enrols again at the next login).

Wrong codes slow down (django-otp's throttling: 1, 2, 4… seconds per failure).
"""

import base64
import io
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import needs_second_factor

DEVICE_NAME = "Ứng dụng xác thực"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Mã xác thực gồm 6 chữ số.")
        return code


def _next(request) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(
        REDIRECT_FIELD_NAME, ""
    )
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target else resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: target})}"


def _gate(request):
    """Where to send a request that should not see these pages, or None."""
    user = request.user
    if not user.is_authenticated:
        return redirect(_with_next("wagtailadmin_login", _next(request)))
    if not needs_second_factor(user) or user.is_verified():
        return HttpResponseRedirect(_next(request))
    return None


def _confirmed(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def _throttled(device) -> str | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    return "Nhập sai nhiều lần: chờ một lát rồi nhập mã mới trong ứng dụng."


def verify(request):
    """The code of an enrolled app."""
    if (gone := _gate(request)) is not None:
        return gone
    devices = list(_confirmed(request.user))
    if not devices:
        return redirect(_with_next("access:enrol", _next(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if (refusal := _throttled(device)) is not None:
                form.add_error("code", refusal)
                break
            accepted = django_otp.verify_token(
                request.user, device.persistent_id, form.cleaned_data["code"]
            )
            if accepted is not None:
                django_otp.login(request, accepted)
                return HttpResponseRedirect(_next(request))
        else:
            form.add_error(
                "code", "Mã xác thực không đúng hoặc đã hết hạn: nhập mã đang hiện."
            )
    return render(
        request,
        "access/second_factor.html",
        {"form": form, "next": _next(request), "title": "Xác thực hai bước"},
    )


def _pending_device(user) -> TOTPDevice:
    """The app being enrolled: the same secret on every visit until confirmed."""
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed in: base32, in groups of 4."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_image(device: TOTPDevice) -> str:
    """The QR code of the app's set-up link, as an image's data: URL (SVG)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=8,
        border=2,
    )
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def enrol(request):
    """A QR code and the secret, then the app's first code confirms it."""
    if (gone := _gate(request)) is not None:
        return gone
    if _confirmed(request.user).exists():
        return redirect(_with_next("access:verify", _next(request)))
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if (refusal := _throttled(device)) is not None:
            form.add_error("code", refusal)
        elif device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            django_otp.login(request, device)
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error(
                "code",
                "Mã xác thực không đúng: kiểm tra giờ của điện thoại và nhập mã "
                "đang hiện trong ứng dụng.",
            )
    return render(
        request,
        "access/enrol.html",
        {
            "form": form,
            "next": _next(request),
            "title": "Đăng ký xác thực hai bước",
            "qr_image": qr_image(device),
            "secret": secret_of(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "account": request.user.get_username(),
        },
    )


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "title": "Tạm khóa đăng nhập",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
    }
    return render(request, "access/lockout.html", context, status=429)
