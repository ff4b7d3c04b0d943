"""Changes to the voter list after it is made (biến động cử tri, docs/DOMAIN.md §4.4).

Each function runs in one transaction under the election's row lock (imports take
the same lock, so list numbers never race), refuses a change past its deadline with
a Vietnamese message, writes a `VoterChange` row and an audit entry (who, when, why).

A struck-off entry stays on its area's list with its number (printed crossed out);
a voter who moves gets a new entry with the next number of the new area. Counts per
area are counts of active entries, so both areas stay right by construction.
"""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from electionadmin.audit.log import record
from electionadmin.setup.models import Election, ElectoralUnitArea, VotingArea

from . import eligibility, identity
from .counts import refresh_list_counts
from .models import VoterChange, VoterEntry

Reason = VoterChange.Reason
Kind = VoterChange.Kind


class ChangeRefused(ValidationError):
    """A change the law or the list does not allow; the message is for the clerk."""


@dataclass
class Person:
    """Who is being added to a list."""

    citizen_id: str
    full_name: str
    birth_date: datetime.date
    gender: str
    residence: str = VoterEntry.Residence.PERMANENT
    birth_precision: str = VoterEntry.BirthPrecision.DAY
    ethnicity: str = ""
    occupation: str = ""
    permanent_address: str = ""
    temporary_address: str = ""
    temporary_since: datetime.date | None = None
    household: str = ""
    note: str = field(default="")

    @classmethod
    def of(cls, entry: VoterEntry) -> "Person":
        return cls(**{name: getattr(entry, name) for name in cls.__dataclass_fields__})


@dataclass
class Paper:
    """Why and on what authority: the reason, a note, the document, when it applies."""

    reason: str
    note: str = ""
    document: str = ""
    effective_at: datetime.datetime | None = None
    electronic: bool = False


def add_voter(area: VotingArea, person: Person, paper: Paper, user=None) -> VoterEntry:
    """Add a voter to an area's list (turned 18, came back, rights restored …)."""
    with transaction.atomic():
        _open(Kind.ADD, paper.reason, area)
        entry = _new_entry(area, person, _entitlement(area, person.residence))
        _log(Kind.ADD, paper, user, new=entry)
    return entry


def remove_voter(entry: VoterEntry, paper: Paper, user=None) -> VoterChange:
    """Strike a voter off (died, lost the right to vote, moved away, duplicate …)."""
    if paper.reason not in VoterEntry.RemovalReason.values:
        raise ChangeRefused("Lý do xóa tên không hợp lệ.")
    with transaction.atomic():
        entry = _active(entry)
        _open(Kind.REMOVE, paper.reason, entry.voting_area)
        _strike(entry, VoterEntry.Status.REMOVED, paper.reason)
        return _log(Kind.REMOVE, paper, user, old=entry)


def transfer_voter(
    entry: VoterEntry,
    to_area: VotingArea,
    paper: Paper,
    user=None,
    residence: str | None = None,
) -> VoterEntry:
    """Move a voter to another area of the election: struck off there, added here.

    `residence` is the category at the new place (a temporary resident under 12
    months votes for fewer contests); by default it stays the same.
    """
    with transaction.atomic():
        entry = _active(entry)
        if to_area.pk == entry.voting_area_id:
            raise ChangeRefused("Cử tri đã ở khu vực bỏ phiếu này.")
        if to_area.election_id != entry.election_id:
            raise ChangeRefused(
                "Chỉ chuyển được giữa các khu vực của cùng cuộc bầu cử; nơi khác thì "
                "xóa tên (chuyển đi) ở đây và bổ sung ở nơi mới."
            )
        for area in (entry.voting_area, to_area):
            _open(Kind.TRANSFER, paper.reason, area)
        person = Person.of(entry)
        person.residence = residence or entry.residence
        _strike(entry, VoterEntry.Status.TRANSFERRED_OUT)
        new = _new_entry(to_area, person, _entitlement(to_area, person.residence))
        _log(Kind.TRANSFER, paper, user, old=entry, new=new)
    return new


def issue_certificate(entry: VoterEntry, paper: Paper, user=None) -> VoterChange:
    """Certificate to vote elsewhere (paper or VNeID): the voter is struck off here."""
    with transaction.atomic():
        entry = _active(entry)
        _open(Kind.CERTIFICATE_ISSUED, paper.reason, entry.voting_area)
        _strike(entry, VoterEntry.Status.VOTING_ELSEWHERE)
        return _log(Kind.CERTIFICATE_ISSUED, paper, user, old=entry)


def receive_certificate(
    area: VotingArea,
    paper: Paper,
    user=None,
    *,
    issued: VoterEntry | None = None,
    person: Person | None = None,
    contest_keys: list[str] | None = None,
    origin: str = "",
) -> VoterEntry:
    """Add a certificate holder to this area's list.

    From an area of this election, pass the `issued` entry: the voter keeps the
    contests both areas share (the same National Assembly, the same province's
    council …). From elsewhere, pass the `person`, the contests the certificate
    names (`["QH", "HDND_TINH:79"]`) and the issuing place in `origin`.
    """
    with transaction.atomic():
        _open(Kind.CERTIFICATE_RECEIVED, paper.reason, area)
        if issued is not None:
            issued = VoterEntry.objects.select_for_update().get(pk=issued.pk)
            if issued.status != VoterEntry.Status.VOTING_ELSEWHERE:
                raise ChangeRefused(
                    "Nơi cử tri có tên chưa ghi việc cấp giấy chứng nhận bỏ phiếu ở "
                    "nơi khác."
                )
            person = Person.of(issued)
            contest_keys = _contest_keys(issued.voting_area, issued.contest_mask)
        if person is None or contest_keys is None:
            raise ChangeRefused("Thiếu thông tin cử tri hoặc giấy chứng nhận.")
        mask = eligibility.mask_of(
            kind
            for kind, key in _area_contests(area).items()
            if key in set(contest_keys)
        )
        entry = _new_entry(area, person, mask, by_certificate=True)
        _log(
            Kind.CERTIFICATE_RECEIVED, paper, user, old=issued, new=entry, origin=origin
        )
    return entry


# The steps each change is made of.
def _open(kind: str, reason: str, area: VotingArea) -> None:
    """Lock the election and refuse a change past its deadline."""
    Election.objects.select_for_update().filter(pk=area.election_id).first()
    deadline, rule = eligibility.change_deadline(kind, reason, area)
    if timezone.now() >= deadline:
        local = timezone.localtime(deadline)
        raise ChangeRefused(
            f"Đã hết thời hạn {Kind(kind).label.lower()} tại khu vực bỏ phiếu "
            f"{area.key}: chỉ được làm {rule}, tức trước {local:%H:%M} ngày "
            f"{local:%d/%m/%Y}."
        )


def _active(entry: VoterEntry) -> VoterEntry:
    fresh = (
        VoterEntry.objects.select_for_update()
        .select_related("voting_area__commune", "voting_area__election__cycle")
        .get(pk=entry.pk)
    )
    if not fresh.is_active:
        raise ChangeRefused(
            f"Cử tri {fresh.full_name} không còn tên trong danh sách "
            f"({fresh.get_status_display().lower()})."
        )
    return fresh


def _check_person(area: VotingArea, person: Person) -> None:
    if not identity.is_citizen_id(person.citizen_id):
        raise ChangeRefused("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    day = area.election.election_date
    if not eligibility.is_of_age(person.birth_date, day):
        raise ChangeRefused(
            f"{person.full_name} chưa đủ 18 tuổi vào ngày bầu cử {day:%d/%m/%Y}."
        )
    listed = (
        VoterEntry.objects.active()
        .filter(election_id=area.election_id, citizen_id=person.citizen_id)
        .select_related("voting_area__commune")
        .first()
    )
    if listed is not None:
        raise ChangeRefused(
            f"Cử tri đã có tên trong danh sách khu vực bỏ phiếu "
            f"{listed.voting_area.key} (số thứ tự {listed.list_number})."
        )


def _new_entry(
    area: VotingArea, person: Person, mask: int, by_certificate: bool = False
) -> VoterEntry:
    _check_person(area, person)
    top = VoterEntry.objects.filter(voting_area=area).aggregate(top=Max("list_number"))
    entry = VoterEntry(
        voting_area=area,
        list_number=(top["top"] or 0) + 1,
        contest_mask=mask,
        by_certificate=by_certificate,
        added_at=timezone.now(),
        household_order=1,
        **asdict(person),
    )
    entry.save()
    return entry


def _strike(entry: VoterEntry, status: str, reason: str = "") -> None:
    entry.status = status
    entry.removal_reason = reason
    entry.removed_at = timezone.now()
    entry.save(update_fields=["status", "removal_reason", "removed_at"])


def _entitlement(area: VotingArea, residence: str) -> int:
    kinds = list(_area_contests(area))
    return eligibility.entitlement_mask(area.election.cycle, residence, kinds)


def contests_of(area: VotingArea) -> list:
    """The contests whose electoral units hold the area (with their council unit)."""
    links = ElectoralUnitArea.objects.filter(voting_area=area).select_related(
        "contest__council_unit"
    )
    return [link.contest for link in links]


def _area_contests(area: VotingArea) -> dict[str, str]:
    """Contest kind -> contest key, for the contests whose units hold the area."""
    return {contest.kind: contest.key for contest in contests_of(area)}


def _contest_keys(area: VotingArea, mask: int) -> list[str]:
    held = eligibility.kinds_of(mask)
    return [key for kind, key in _area_contests(area).items() if kind in held]


def _log(kind, paper: Paper, user, *, old=None, new=None, origin="") -> VoterChange:
    change = VoterChange.objects.create(
        election_id=(new or old).election_id,
        kind=kind,
        reason=paper.reason,
        note=paper.note,
        document=paper.document,
        electronic=paper.electronic,
        old_entry=old,
        new_entry=new,
        from_area_id=old.voting_area_id if old else None,
        to_area_id=new.voting_area_id if new else None,
        origin=origin,
        effective_at=paper.effective_at or timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
    )
    why = paper.note or Reason(paper.reason).label
    code = change.election.code
    if old is not None:
        changes = {"status": ["active", old.status], "list_number": old.list_number}
        record(user, "update", old, changes=changes, reason=why, election_code=code)
    if new is not None:
        changes = {"voting_area": new.voting_area.key, "list_number": new.list_number}
        record(user, "create", new, changes=changes, reason=why, election_code=code)
    _refresh_counts(change.election, {change.from_area_id, change.to_area_id} - {None})
    return change


def _refresh_counts(election, area_ids: set[int]) -> None:
    """Keep the per-area list counts election day reads in step with the list."""
    refresh_list_counts(election, area_ids)


def refresh_entitlements(election) -> int:
    """Recompute every active entry's contests, e.g. after electoral units changed.

    Certificate holders keep what their certificate gave them.
    """
    by_kinds: dict[tuple, list[int]] = defaultdict(list)
    areas = election.voting_areas.values_list("pk", flat=True)
    held = eligibility.area_kinds(election)
    for area_id in areas:
        by_kinds[tuple(sorted(held.get(area_id, [])))].append(area_id)
    changed = 0
    entries = VoterEntry.objects.active().filter(
        election=election, by_certificate=False
    )
    for kinds, area_ids in by_kinds.items():
        for residence in VoterEntry.Residence.values:
            mask = eligibility.entitlement_mask(election.cycle, residence, list(kinds))
            changed += (
                entries.filter(voting_area__in=area_ids, residence=residence)
                .exclude(contest_mask=mask)
                .update(contest_mask=mask)
            )
    return changed
