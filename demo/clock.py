"""The demo's clock: its 2021 election day is written as it would have been on the
day, not at the moment the demo is loaded.

`at(moment)` makes `django.utils.timezone.now()` answer `moment` inside the block:
every row the code writes there (turnout figures, minutes, the certification, their
audit entries, `auto_now_add` fields included) carries that time, through the same
functions the screens use. The demo's command only: one thread, restored on leaving.
"""

import contextlib
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def local(moment: datetime.datetime) -> datetime.datetime:
    """A naive local time of the election (settings.TIME_ZONE) made aware."""
    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


@contextlib.contextmanager
def at(moment: datetime.datetime):
    now = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = now
