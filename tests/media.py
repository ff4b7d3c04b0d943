"""A test's own media folder."""

import shutil
import tempfile

from django.test import override_settings


def temporary_media(test) -> str:
    """A fresh MEDIA_ROOT for one test (`test`, a TestCase in its setUp), private
    files in it too (PRIVATE_MEDIA_ROOT empty); removed after the test. Returns its
    path."""
    media = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, media, ignore_errors=True)
    private = override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT="")
    private.enable()
    test.addCleanup(private.disable)
    return media
