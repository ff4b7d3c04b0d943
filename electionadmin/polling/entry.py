"""Saving turnout figures: every screen, the API and the importer come through here.

`save_figures()` checks a batch of entries (one from the API, a commune's areas from
the entry screen, a whole file from the importer) and saves all of them in one
transaction, or none when any entry has an error. The area's list-count rows are
locked first, so concurrent writes to one area queue up. Every saved figure gets an
audit entry with who, when and the previous value.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import Contest, ElectoralUnitArea, VotingArea

from . import rules
from .lists import lock_lists
from .models import TurnoutFigure

Key = tuple[int, int | None, str]  # area, contest (None: overall), slot
# A turnout figure is an interim count, re-reported at every slot; the legal record
# is the counting minutes. On PostgreSQL its transaction does not wait for the WAL
# flush: a crash may lose the last fraction of a second of acknowledged figures
# (never half of one: figure and audit entry go together), and a submission does not
# queue behind the disk. Set to False to wait for the flush.
ASYNC_COMMIT = True


@dataclass
class Entry:
    """One figure to save, named by `label` in every message about it."""

    label: str
    area: VotingArea
    slot: str
    voters_voted: int
    contest: Contest | None = None
    on_list: int = 0  # the voters it is checked against, set by check()
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    warnings: list[dict] = field(default_factory=list)
    action: str = ""  # added, updated, unchanged
    figure: TurnoutFigure | None = None

    @property
    def key(self) -> Key:
        return (self.area.pk, self.contest.pk if self.contest else None, self.slot)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def messages(self) -> list[str]:
        return [f"{self.label}: {message}" for _, message in self.errors]


def save_figures(election, entries, user=None, source="screen", *, dry_run=False):
    """Check every entry; write them all, or nothing when one has an error."""
    entries = list(entries)
    if not entries:
        return entries
    with transaction.atomic():
        _commit_mode()
        area_ids = sorted({e.area.pk for e in entries})
        lists = lock_lists(election, area_ids)
        stored = stored_figures(area_ids)
        check(election, entries, lists, stored)
        if not any(e.errors for e in entries):
            warn(election, entries)
        if dry_run or any(e.errors for e in entries):
            transaction.set_rollback(True)
            return entries
        write(election, entries, stored, user, source)
    return entries


def _commit_mode() -> None:
    if ASYNC_COMMIT and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def stored_figures(area_ids: list[int]) -> dict[Key, TurnoutFigure]:
    figures = TurnoutFigure.objects.filter(voting_area__in=area_ids).order_by()
    return {(f.voting_area_id, f.contest_id, f.slot): f for f in figures}


def check(election, entries: list[Entry], lists, stored) -> None:
    allowed = rules.slots(election)
    sequences = _sequences(entries, stored)
    seen: set[Key] = set()
    for entry in entries:
        if entry.slot not in allowed:
            entry.error(
                "slot",
                f"Mốc '{entry.slot}' không phải mốc báo cáo của cuộc bầu cử "
                f"({', '.join(allowed)}).",
            )
            continue
        if entry.key in seen:
            entry.error("slot", "Khu vực, mốc và cuộc bầu cử này đã ghi ở dòng khác.")
        seen.add(entry.key)
        on_list = lists[entry.area.pk].get(entry.key[1])
        if on_list is None:
            entry.error(
                "kind",
                f"Khu vực bỏ phiếu {entry.area.key} không thuộc cuộc bầu cử "
                f"{entry.contest.key}.",
            )
            continue
        entry.on_list = on_list
        _check_value(entry, on_list, sequences[entry.key[:2]])
        entry.action = _action(entry, stored.get(entry.key))


def _action(entry: Entry, figure: TurnoutFigure | None) -> str:
    if figure is None:
        return "added"
    same = (figure.voters_voted, figure.voters_on_list) == (
        entry.voters_voted,
        entry.on_list,
    )
    return "unchanged" if same else "updated"


def _sequences(entries, stored) -> dict[tuple, dict[str, int]]:
    """(area, contest) -> {slot: figure} as it will stand after the batch."""
    sequences: dict[tuple, dict[str, int]] = defaultdict(dict)
    for (area_id, contest_id, slot), figure in stored.items():
        sequences[(area_id, contest_id)][slot] = figure.voters_voted
    for entry in entries:
        sequences[entry.key[:2]][entry.slot] = entry.voters_voted
    return sequences


def _check_value(entry: Entry, on_list: int, sequence: dict[str, int]) -> None:
    if entry.voters_voted < 0:
        entry.error("voters_voted", "Số cử tri đã bỏ phiếu không được âm.")
        return
    others = {s: v for s, v in sequence.items() if s != entry.slot}
    for message in rules.falling_errors(entry.slot, entry.voters_voted, others):
        entry.error("voters_voted", message)
    message = rules.list_error(entry.voters_voted, on_list, entry.contest)
    if message:
        entry.error("voters_voted", message)


def warn(election, entries: list[Entry]) -> None:
    """The neighbours warning, against saved figures and the rest of the batch."""
    groups: dict[tuple, list[Entry]] = defaultdict(list)
    for entry in entries:
        if not rules.is_early(entry.area, election):
            groups[(entry.area.commune_id, entry.slot, entry.key[1])].append(entry)
    for (commune_id, slot, contest_id), group in groups.items():
        saved = _neighbours(election, commune_id, slot, contest_id, group)
        for entry in group:
            others = saved + [
                (e.voters_voted, e.on_list) for e in group if e is not entry
            ]
            found = rules.neighbour_warning(entry.voters_voted, entry.on_list, others)
            entry.warnings = [found] if found else []


NEIGHBOURS_SQL = """
SELECT f.voters_voted, f.voters_on_list
  FROM polling_turnoutfigure f
  JOIN setup_votingarea a ON a.id = f.voting_area_id
 WHERE f.commune_id = %s AND f.slot = %s AND {contest}
   AND (a.voting_date IS NULL OR a.voting_date >= %s)
   AND f.voting_area_id NOT IN ({areas})
"""


def _neighbours(election, commune_id, slot, contest_id, group) -> list[tuple]:
    """(voted, list) of the commune's other areas at the slot, early voters left out.

    Plain SQL: this runs on every submission.
    """
    areas = [e.area.pk for e in group]
    contest = "f.contest_id IS NULL" if contest_id is None else "f.contest_id = %s"
    sql = NEIGHBOURS_SQL.format(contest=contest, areas=", ".join(["%s"] * len(areas)))
    params = [commune_id, slot, *([contest_id] if contest_id else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, election.election_date, *areas])
        return cursor.fetchall()


def write(election, entries, stored, user, source) -> None:
    now = timezone.now()
    units = _units(entries)
    created, changed, audits = [], [], []
    for entry in entries:
        figure = entry.figure = stored.get(entry.key)
        old = figure.voters_voted if figure else None
        if entry.action == "unchanged":
            continue
        if figure is None:
            figure = TurnoutFigure(
                election=election,
                voting_area=entry.area,
                commune_id=entry.area.commune_id,
                contest=entry.contest,
                electoral_unit_id=units.get(entry.key[:2]),
                slot=entry.slot,
            )
            created.append(figure)
        else:
            changed.append(figure)
        figure.voters_voted, figure.voters_on_list = entry.voters_voted, entry.on_list
        figure.warnings, figure.source = entry.warnings, source
        figure.entered_by, figure.entered_at = _user(user), now
        entry.figure = figure
        audits.append((entry, old))
    TurnoutFigure.objects.bulk_create(created, batch_size=2000)
    _update(changed)
    _audit(election, audits, user, source)


FIGURE_FIELDS = [
    "voters_voted",
    "voters_on_list",
    "warnings",
    "source",
    "entered_by",
    "entered_at",
]


UPDATE_SQL = "UPDATE polling_turnoutfigure SET {fields} WHERE id = %s"


def _update(figures: list[TurnoutFigure]) -> None:
    """One plain UPDATE per changed figure (bulk_update's CASE costs more here)."""
    if not figures:
        return
    fields = [TurnoutFigure._meta.get_field(name) for name in FIGURE_FIELDS]
    sql = UPDATE_SQL.format(fields=", ".join(f"{f.column} = %s" for f in fields))
    rows = [
        [f.get_db_prep_save(getattr(fig, f.attname), connection) for f in fields]
        + [fig.pk]
        for fig in figures
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _user(user):
    return user if user is not None and user.is_authenticated else None


def _units(entries) -> dict[tuple, int]:
    """(area, contest) -> the area's electoral unit in that contest."""
    pairs = {e.key[:2] for e in entries if e.contest is not None}
    if not pairs:
        return {}
    links = ElectoralUnitArea.objects.filter(
        voting_area__in={a for a, _ in pairs}, contest__in={c for _, c in pairs}
    ).values_list("voting_area", "contest", "electoral_unit")
    return {(area, contest): unit for area, contest, unit in links}


def _audit(election, audits, user, source) -> None:
    content_type = ContentType.objects.get_for_model(TurnoutFigure)
    imported = source == TurnoutFigure.Source.IMPORT
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                user=_user(user),
                action=AuditEntry.Action.IMPORT
                if imported
                else (AuditEntry.Action.UPDATE if old is not None else "create"),
                content_type=content_type,
                object_id=str(entry.figure.pk),
                object_repr=str(_label(entry))[:300],
                changes={"voters_voted": [old, entry.voters_voted]},
                election_code=election.code,
            )
            for entry, old in audits
        ],
        batch_size=2000,
    )


def _label(entry: Entry) -> str:
    scope = entry.contest.key if entry.contest else "chung"
    return f"Tiến độ KVBP {entry.area.key} lúc {entry.slot} ({scope})"
