import pytest
from django.test.client import ClientMixin

from electionadmin.access.roles import needs_second_factor

from . import second_factor


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    """`client.force_login(user)` of a committee or an administrator also passes
    the second factor with a test device (tests/second_factor.py), as the real
    login would after the code. Tests marked `real_second_factor` see the bare
    password login."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    login = ClientMixin._login

    def _login(self, user, backend=None):
        login(self, user, backend)
        if needs_second_factor(user):
            second_factor.verify_session(self, user)

    monkeypatch.setattr(ClientMixin, "_login", _login)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a cached table (the screens' guides,
    a throttle's count) never outlives the rows a test rolled back."""
    from django.core.cache import cache

    cache.clear()
