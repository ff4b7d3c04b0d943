"""Tests pass the second factor as a person does: with an app's TOTP device of a
known key, and the code django-otp's own TOTP computes from it.

`tests/conftest.py` gives a session opened with the test client's `force_login`
the device's verification too, for users whose role needs it (the middleware is
tested without that, in test_access_login.py); browser tests type the code on the
page (`tests/browser.py`, `sign_in`).
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key (hex)


def device_for(user) -> TOTPDevice:
    """The user's confirmed app, with the known key."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="tests", defaults={"key": KEY, "confirmed": True}
    )
    return device


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now. A code is accepted once: the device forgets the
    last one it took, so a test may log in twice within 30 seconds."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verify_session(client, user) -> None:
    """Mark the test client's session as having passed the user's second factor."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()
