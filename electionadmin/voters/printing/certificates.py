"""The vote-elsewhere certificates (giấy chứng nhận cử tri tham gia bỏ phiếu ở nơi
khác) issued from a voting area's list: one certificate's context (the screen's
single PDF) and all of an area's, one after another (a commune's batch on the print
farm). The user's rights decide whether the citizen ID is printed in full."""

import datetime
from io import BytesIO

from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from electionadmin.access.scope import restrict
from electionadmin.setup.models import VotingArea

from ..identity import mask_citizen_id
from ..models import VoterChange
from ..reports import KIND_LABELS
from .paper_forms import certificate_pdf
from .selection import form_number

ISSUED = VoterChange.Kind.CERTIFICATE_ISSUED
RELATED = ("old_entry__voting_area__commune__parent", "election__cycle")


def certificate_context(change: VoterChange, user) -> dict:
    entry, election = change.old_entry, change.election
    area = entry.voting_area
    issued = change.effective_at
    return {
        "election": election,
        "entry": entry,
        "area": area,
        "citizen_id": mask_citizen_id(user, entry.citizen_id),
        "kinds": [KIND_LABELS.get(k, k) for k in entry.kinds],
        "change": change,
        "issued_on": timezone.localtime(issued).date()
        if issued
        else datetime.date.today(),
        "issuing_body": f"ỦY BAN NHÂN DÂN {area.commune.name.upper()}",
        "form_number": form_number(election, "VOTE_ELSEWHERE_CERT"),
        "footer_note": "Giấy chứng nhận cử tri tham gia bỏ phiếu ở nơi khác",
    }


def issued_from(area: VotingArea, user):
    changes = VoterChange.objects.filter(kind=ISSUED, old_entry__voting_area=area)
    if user is not None:
        changes = restrict(changes, user)
    return changes.select_related(*RELATED).order_by("effective_at", "pk")


def area_certificates(area: VotingArea, user) -> tuple[bytes | None, int]:
    """The area's certificates in one PDF (None: none issued), and their number."""
    writer, count = PdfWriter(), 0
    for change in issued_from(area, user):
        pdf = certificate_pdf(certificate_context(change, user))
        for page in PdfReader(BytesIO(pdf)).pages:
            writer.add_page(page)
        count += 1
    if not count:
        return None, 0
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), count
