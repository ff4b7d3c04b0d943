"""Voting areas, electoral units and contests are fixed once the voter list is
posted (niêm yết).

From the posting day (`Election.list_posting_date`, the cycle's
`voter_list_posted`) voters read their area's number, and the contests and
electoral units they vote in, on the posted list and their card: a ward or district
committee can no longer renumber a voting area, move it (another commune, another
electoral unit) or delete it; nor add to an electoral unit a voting area whose
voters are on the list (they would vote in another contest); nor renumber an
electoral unit, move it to another contest, change its seats or delete it; nor
change a contest's kind, council unit or election, or delete it. The province/city
election committee (and the system administrator) still can, giving a reason that
goes into the audit log. Adding an area or a unit, or changing a name or a polling
place, stays open.

Every path that could do it asks here: the voting area, electoral unit and contest
admin forms (and the contest page's unit rows), the delete pages and the bulk delete
action (setup/admin.py), and the set-up importer, whole workbook or one sheet
(importers/election/locks.py).
"""

import datetime
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils import timezone

from electionadmin.access.scope import Jurisdiction

from .models import VotingArea


class What(NamedTuple):
    """What a lock keeps: the record's name and the changes refused."""

    name: str
    changes: str


AREA = What(
    "khu vực bỏ phiếu",
    "đánh số lại, chuyển sang xã/phường hoặc đơn vị bầu cử khác, hay xóa khu vực "
    "bỏ phiếu",
)
UNIT = What(
    "đơn vị bầu cử",
    "đánh số lại, chuyển sang cuộc bầu cử khác, đổi số đại biểu được bầu hay xóa "
    "đơn vị bầu cử",
)
CONTEST = What(
    "cuộc bầu cử",
    "đổi loại, đơn vị hành chính hay cuộc bầu cử chung, hoặc xóa cuộc bầu cử "
    "(cùng các đơn vị bầu cử của nó)",
)


def reason_required(what: What = AREA) -> str:
    return (
        f"Danh sách cử tri đã niêm yết: phải ghi lý do thay đổi {what.name} (lý do "
        "được ghi vào nhật ký thay đổi)."
    )


REASON_REQUIRED = reason_required(AREA)


def listed_areas(area_ids) -> set[int]:
    """The voting areas among `area_ids` with voters on the list: an electoral unit
    gaining one changes what its voters vote in, as the posted list says."""
    # The voters stage's entries, through the area's reverse relation: setup imports
    # no later stage (tests/test_import_graph.py).
    entries = VotingArea._meta.get_field("voter_entries").related_model.objects
    listed = entries.filter(voting_area=OuterRef("pk"))
    areas = VotingArea.objects.filter(pk__in=list(area_ids)).filter(Exists(listed))
    return set(areas.values_list("pk", flat=True))


def list_posted(election, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) >= election.list_posting_date


def may_restructure(user) -> bool:
    """The province/city committee and the system administrator."""
    j = Jurisdiction.for_user(user)
    return j.everything or j.is_province()


def locked_message(election, what: What = AREA) -> str:
    """Why the change is refused and who may make it."""
    return (
        f"Danh sách cử tri đã niêm yết từ ngày {election.list_posting_date:%d/%m/%Y}: "
        f"không còn được {what.changes}. Chỉ Ủy ban bầu cử tỉnh/thành phố được làm "
        "việc này, và phải ghi lý do."
    )


def refusal(
    user, election, reason: str = "", today=None, what: What = AREA
) -> str | None:
    """None when the user may make one of `what`'s locked changes now (with
    `reason` after posting); else the message to show."""
    if not list_posted(election, today):
        return None
    if not may_restructure(user):
        return locked_message(election, what)
    if not (reason or "").strip():
        return reason_required(what)
    return None
