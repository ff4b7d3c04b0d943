"""Voting areas are fixed once the voter list is posted (niêm yết).

From the posting day (`Election.list_posting_date`, the cycle's
`voter_list_posted`) voters read their area's number on the posted list and their
card: a ward or district committee can no longer renumber a voting area, move it
(another commune, another electoral unit) or delete it. The province/city election
committee (and the system administrator) still can, giving a reason that goes into
the audit log. Adding an area, or changing its name or polling place, stays open.

Every path that could do it asks here: the voting area and electoral unit admin
forms, the delete page and the bulk delete action (setup/admin.py), and the set-up
importer (importers/election/locks.py).
"""

import datetime

from django.utils import timezone

from electionadmin.access.scope import Jurisdiction

REASON_REQUIRED = (
    "Danh sách cử tri đã niêm yết: phải ghi lý do thay đổi khu vực bỏ phiếu (lý do "
    "được ghi vào nhật ký thay đổi)."
)


def list_posted(election, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) >= election.list_posting_date


def may_restructure(user) -> bool:
    """The province/city committee and the system administrator."""
    j = Jurisdiction.for_user(user)
    return j.everything or j.is_province()


def locked_message(election) -> str:
    """Why the change is refused and who may make it."""
    return (
        f"Danh sách cử tri đã niêm yết từ ngày {election.list_posting_date:%d/%m/%Y}: "
        "không còn được đánh số lại, chuyển sang xã/phường hoặc đơn vị bầu cử khác, "
        "hay xóa khu vực bỏ phiếu. Chỉ Ủy ban bầu cử tỉnh/thành phố được làm việc "
        "này, và phải ghi lý do."
    )


def refusal(user, election, reason: str = "", today=None) -> str | None:
    """None when the user may renumber, move or delete the election's voting areas
    now (with `reason` after posting); else the message to show."""
    if not list_posted(election, today):
        return None
    if not may_restructure(user):
        return locked_message(election)
    if not (reason or "").strip():
        return REASON_REQUIRED
    return None
