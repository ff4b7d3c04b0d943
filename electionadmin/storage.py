"""Where files holding personal data live: never under MEDIA_ROOT.

Uploaded voter lists, their problem lists and printed cards, lists and minutes name
voters and officials. They are written under `PRIVATE_MEDIA_ROOT`, which the web server
must not serve; the pages that offer them (job downloads) check who asks first.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="electionadmin.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A file system storage rooted at settings.PRIVATE_MEDIA_ROOT, with no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        # Tests leave it unset: then a "private" folder inside their MEDIA_ROOT.
        root = settings.PRIVATE_MEDIA_ROOT
        return root if root else os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "Tệp riêng tư không có địa chỉ công khai; tải qua trang của nó."
        )


private_storage = PrivateStorage()
