"""What the benchmarks share about logging in: a production-like run (DEBUG off)
needs a real SECRET_KEY, and a committee's or an administrator's session passes the
second factor (electionadmin/access/otp.py) before it sees a screen."""

import os
import secrets


def production_env() -> None:
    """DEBUG off, with a random key for this run (config/settings.py refuses none)."""
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


def log_in(client, user) -> None:
    """force_login, and the second factor of a role that needs it: the session holds
    a confirmed authenticator app of the user, as after typing its code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from electionadmin.access.roles import needs_second_factor

    client.force_login(user)
    if needs_second_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
