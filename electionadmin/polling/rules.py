"""The turnout rules: reporting slots, what a figure may be, and when it looks odd.

Errors (the figure is refused):
- a figure lower than the same area's figure at an earlier slot, or higher than its
  figure at a later slot (voters who have voted never decrease);
- a figure higher than the voters on the area's list (overall, or those entitled to
  the contest for a per-contest figure).

Warnings (the figure is saved, the warning kept with it and shown):
- `neighbours`: the area's turnout differs by more than 25 percentage points from
  the median of the other areas of its commune at the same slot (at least three of
  them reported; early-voting areas are left out on both sides);
- late: no overall figure one hour after a slot (computed, see late.py).
"""

import datetime
import statistics
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from electionadmin.figures import pct

LATE_AFTER = datetime.timedelta(hours=1)
NEIGHBOUR_POINTS = 25
NEIGHBOUR_MIN = 3
NEIGHBOURS = "neighbours"


def now() -> datetime.datetime:
    """The current time; tests replace it."""
    return timezone.now()


def slots(election) -> list[str]:
    """The election's reporting slots in time order; the close of polls is the last."""
    marks = set(election.slots())
    marks.add(election.polls_close.strftime("%H:%M"))
    return sorted(marks)


def slot_moment(election, slot: str, day=None) -> datetime.datetime:
    """The slot's time on election day (or on `day`: a later round's own day)."""
    when = datetime.time.fromisoformat(slot)
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day or election.election_date, when, zone)


def due_slots(election, now: datetime.datetime, day=None) -> list[str]:
    """The slots whose time has come (on election day, or on `day`)."""
    return [s for s in slots(election) if now >= slot_moment(election, s, day)]


def is_late(election, slot: str, now: datetime.datetime, day=None) -> bool:
    return now >= slot_moment(election, slot, day) + LATE_AFTER


def is_early(area, election) -> bool:
    """An area that voted before election day (bầu cử sớm) may be at 100 % already."""
    return area.voting_date is not None and area.voting_date < election.election_date


def falling_errors(slot: str, value: int, sequence: dict[str, int]) -> list[str]:
    """Against the nearest earlier and later slots that have a figure."""
    errors = []
    earlier = [s for s in sorted(sequence) if s < slot]
    later = [s for s in sorted(sequence) if s > slot]
    if earlier and value < sequence[earlier[-1]]:
        before = earlier[-1]
        errors.append(
            f"Số cử tri đã bỏ phiếu lúc {slot} ({value}) thấp hơn số đã báo lúc "
            f"{before} ({sequence[before]})."
        )
    if later and value > sequence[later[0]]:
        after = later[0]
        errors.append(
            f"Số cử tri đã bỏ phiếu lúc {slot} ({value}) cao hơn số đã báo lúc "
            f"{after} ({sequence[after]})."
        )
    return errors


def list_error(value: int, on_list: int, contest=None) -> str | None:
    if value <= on_list:
        return None
    whose = f"được bầu {contest}" if contest else "trong danh sách"
    return f"Số cử tri đã bỏ phiếu ({value}) lớn hơn số cử tri {whose} ({on_list})."


def neighbour_warning(
    voted: int, listed: int, others: list[tuple[int, int]]
) -> dict | None:
    """A warning when the area's rate is far from its commune's median rate."""
    rates = [v * 100 / n for v, n in others if n]
    if len(rates) < NEIGHBOUR_MIN or not listed:
        return None
    median = statistics.median(rates)
    mine = voted * 100 / listed
    if abs(mine - median) <= NEIGHBOUR_POINTS:
        return None
    return {
        "code": NEIGHBOURS,
        "message": f"Tỷ lệ {pct(voted, listed)} % chênh quá {NEIGHBOUR_POINTS} điểm "
        f"so với tỷ lệ trung vị {median:.2f} % của {len(rates)} khu vực khác cùng "
        "xã/phường ở cùng mốc; hãy kiểm tra lại số liệu.",
    }
