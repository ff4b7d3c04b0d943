"""Saving turnout figures: every screen, the API and the importer come through here.

`save_figures()` checks a batch of entries (one from the API, a commune's areas from
the entry screen, a whole file from the importer) and saves all of them in one
transaction, or none when any entry has an error. Every saved figure gets an audit
entry with who, when and the previous value.

Two writers of one area must not both pass the rule that figures never fall, each
against what the other has not yet written. A batch locks its areas' list-count rows
first, so concurrent writes to them queue up. One figure on PostgreSQL (what an API
submission is) takes no lock and no explicit transaction: it reads, checks, then
writes the figure and its audit entry in one statement that also raises the area's
`figures_version` from the value it read, and writes nothing when that value has
moved (another figure, a batch or a recount of the list came in between); it then
reads and checks again. Every writer of figures or list counts raises the version.
So a submission is three statements (list counts, figures, the write), each its own
round trip and none in an explicit transaction. Plain SQL throughout: this runs on
every submission.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from electionadmin.audit import log
from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import Contest, ElectoralUnitArea, VotingArea

from . import rules
from . import sql as prepared
from .lists import bump_versions, read_lists
from .models import TurnoutFigure

Key = tuple[int, int | None, str]  # area, contest (None: overall), slot
# A turnout figure is an interim count, re-reported at every slot; the legal record
# is the counting minutes. On PostgreSQL its transaction does not wait for the WAL
# flush: a crash may lose the last fraction of a second of acknowledged figures
# (never half of one: figure and audit entry go together), and a submission does not
# queue behind the disk. Set to False to wait for the flush.
ASYNC_COMMIT = True
# A figure's reading of its area may go stale this many times (another write to the
# same area in between) before it takes the area's lock instead.
RETRIES = 3


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
    figure_id: int | None = None  # the saved figure, set by write()

    @property
    def key(self) -> Key:
        return (self.area.pk, self.contest.pk if self.contest else None, self.slot)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def messages(self) -> list[str]:
        return [f"{self.label}: {message}" for _, message in self.errors]


class StaleArea(Exception):
    """An entry's area no longer stands as the caller loaded it (moved, renumbered,
    its early-voting date changed, or deleted): nothing was saved. The API, which
    keeps areas in a per-process cache, loads them again and retries."""


def save_figures(election, entries, user=None, source="screen", *, dry_run=False):
    """Check every entry; write them all, or nothing when one has an error."""
    entries = list(entries)
    if not entries:
        return entries
    one = len(entries) == 1 and not dry_run and connection.vendor == "postgresql"
    if one and _save_one(election, entries[0], user, source):
        return entries
    with transaction.atomic():
        area_ids = sorted({e.area.pk for e in entries})
        lists = read_lists(election, area_ids, lock=True, async_commit=ASYNC_COMMIT)
        _check_areas(election, entries, lists.areas)
        stored, around = read_figures(election, entries)
        check(election, entries, lists.counts, stored)
        if not any(e.errors for e in entries):
            warn(election, entries, around)
        if dry_run or any(e.errors for e in entries):
            transaction.set_rollback(True)
            return entries
        write(election, entries, stored, user, source, lists.versions)
    return entries


def _save_one(election, entry: Entry, user, source) -> bool:
    """One figure, without a lock (PostgreSQL): True when it is settled (saved,
    refused or unchanged); False when its area has no list counts yet or kept
    changing under it, for the locking path to take over."""
    area_id = entry.area.pk
    for _ in range(RETRIES):
        lists = read_lists(election, [area_id], lock=False, count=False)
        if area_id not in lists.versions:
            return False
        _check_areas(election, [entry], lists.areas)
        stored, around = read_figures(election, [entry])
        check(election, [entry], lists.counts, stored)
        if entry.errors:
            return True
        warn(election, [entry], around)
        old = stored.get(entry.key)
        entry.figure_id = old.id if old else None
        if entry.action == "unchanged":
            return True
        version = lists.versions[area_id]
        if _write_one(election, entry, old, user, source, version):
            return True
    return False


def _check_areas(election, entries, areas) -> None:
    for entry in entries:
        area = entry.area
        now = (election.pk, area.commune_id, area.number, area.voting_date)
        if areas.get(area.pk) != now:
            raise StaleArea(f"Khu vực bỏ phiếu {area.key} vừa được sửa hoặc xóa.")


class Stored(NamedTuple):
    """A figure already saved: its row id and values."""

    id: int
    voters_voted: int
    voters_on_list: int


# A saved figure of the entries' communes at the entries' slots:
# (area, commune, contest, slot, voted, on list).
Around = tuple[int, int, int | None, str, int, int]

FIGURES_SQL = """
SELECT f.id, f.voting_area_id, f.commune_id, f.contest_id, f.slot,
       f.voters_voted, f.voters_on_list
  FROM polling_turnoutfigure f
 WHERE f.voting_area_id IN ({areas})
"""
# The rest of the entries' communes at the entries' slots, early voters left out
# (a subquery on the communes' areas: half the cost of joining every figure's area).
NEIGHBOURS_SQL = """
UNION ALL
SELECT f.id, f.voting_area_id, f.commune_id, f.contest_id, f.slot,
       f.voters_voted, f.voters_on_list
  FROM polling_turnoutfigure f
 WHERE f.election_id = %s AND f.commune_id IN ({communes}) AND f.slot IN ({slots})
   AND f.voting_area_id NOT IN ({areas})
   AND f.voting_area_id NOT IN (
       SELECT a.id FROM setup_votingarea a
        WHERE a.election_id = %s AND a.commune_id IN ({communes})
          AND a.voting_date < %s)
"""


def read_figures(election, entries) -> tuple[dict[Key, Stored], list[Around]]:
    """The entries' areas' saved figures (every slot) and, for the neighbours
    warning, the figures of their communes at their slots, in one query.

    A batch reads them under its areas' lock, so none can change before its commit;
    one figure reads them without it and writes only if its area's version has not
    moved since (`_save_one`). (Plain SQL: this runs on every submission.)
    """
    areas = {e.area.pk: e.area for e in entries}
    marks = ", ".join(["%s"] * len(areas))
    sql, params = FIGURES_SQL.format(areas=marks), list(areas)
    usual = [e for e in entries if not rules.is_early(e.area, election)]
    if usual:
        communes = sorted({e.area.commune_id for e in usual})
        slots = sorted({e.slot for e in usual})
        sql += NEIGHBOURS_SQL.format(
            communes=", ".join(["%s"] * len(communes)),
            slots=", ".join(["%s"] * len(slots)),
            areas=marks,
        )
        params += [election.pk, *communes, *slots, *areas]
        params += [election.pk, *communes, election.election_date]
    with prepared.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    stored, around = {}, []
    for pk, area_id, commune_id, contest_id, slot, voted, listed in rows:
        area = areas.get(area_id)
        if area is not None:
            stored[(area_id, contest_id, slot)] = Stored(pk, voted, listed)
        if area is None or not rules.is_early(area, election):
            around.append((area_id, commune_id, contest_id, slot, voted, listed))
    return stored, around


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


def _action(entry: Entry, figure: Stored | None) -> str:
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


def warn(election, entries: list[Entry], around: list[Around]) -> None:
    """The neighbours warning, against saved figures and the rest of the batch."""
    groups: dict[tuple, list[Entry]] = defaultdict(list)
    for entry in entries:
        if not rules.is_early(entry.area, election):
            groups[(entry.area.commune_id, entry.slot, entry.key[1])].append(entry)
    saved: dict[tuple, list[tuple]] = defaultdict(list)
    for area_id, commune_id, contest_id, slot, voted, listed in around:
        if (commune_id, slot, contest_id) in groups:
            saved[(commune_id, slot, contest_id)].append((area_id, voted, listed))
    for key, group in groups.items():
        mine = {e.area.pk for e in group}
        others = [(v, n) for area_id, v, n in saved[key] if area_id not in mine]
        for entry in group:
            batch = [(e.voters_voted, e.on_list) for e in group if e is not entry]
            found = rules.neighbour_warning(
                entry.voters_voted, entry.on_list, others + batch
            )
            entry.warnings = [found] if found else []


def write(election, entries, stored, user, source, versions) -> None:
    """Under the areas' lock: the figures, their audit entries, the versions."""
    todo = [e for e in entries if e.action != "unchanged"]
    for entry in entries:
        found = stored.get(entry.key)
        entry.figure_id = found.id if found else None
    if len(todo) == 1 and connection.vendor == "postgresql":
        entry = todo[0]
        old, version = stored.get(entry.key), versions[entry.area.pk]
        if not _write_one(election, entry, old, user, source, version):
            raise RuntimeError(f"{entry.label}: phiên bản số liệu đổi khi đang khóa.")
        return
    bump_versions(e.area.pk for e in todo)
    now = timezone.now()
    units = _units(todo)
    created, changed, audits = [], [], []
    for entry in todo:
        old = stored.get(entry.key)
        figure = TurnoutFigure(
            pk=old.id if old else None,
            election=election,
            voting_area=entry.area,
            commune_id=entry.area.commune_id,
            contest=entry.contest,
            electoral_unit_id=units.get(entry.key[:2]),
            slot=entry.slot,
            voters_voted=entry.voters_voted,
            voters_on_list=entry.on_list,
            warnings=entry.warnings,
            source=source,
            entered_by=_user(user),
            entered_at=now,
        )
        (changed if old else created).append(figure)
        audits.append((entry, figure, old.voters_voted if old else None))
    TurnoutFigure.objects.bulk_create(created, batch_size=2000)
    _update(changed)
    for entry, figure, _ in audits:
        entry.figure_id = figure.pk
    _audit(election, [(entry, old) for entry, _, old in audits], user, source)


# The area's version moves on only from the value the writer read; the figure and
# its audit entry are written only when it did (the rows come FROM turn).
TURN = """
UPDATE polling_arealistcount SET figures_version = figures_version + 1
 WHERE voting_area_id = %s AND contest_id IS NULL AND figures_version = %s
RETURNING {mode} AS turned"""
INSERT_ONE = """
INSERT INTO polling_turnoutfigure (election_id, voting_area_id, commune_id, contest_id,
       electoral_unit_id, slot, voters_voted, voters_on_list, warnings, source,
       entered_by_id, entered_at)
SELECT %s::bigint, %s::bigint, %s::bigint, %s::bigint, {unit}, %s::varchar,
       %s::integer, %s::integer, %s::jsonb, %s::varchar, %s::integer,
       %s::timestamptz
  FROM turn
RETURNING id"""
UNIT_OF_AREA = """(SELECT electoral_unit_id FROM setup_electoralunitarea
  WHERE voting_area_id = %s::bigint AND contest_id = %s::bigint)"""
UPDATE_ONE = """
UPDATE polling_turnoutfigure
   SET voters_voted = %s, voters_on_list = %s, warnings = %s, source = %s,
       entered_by_id = %s, entered_at = %s
  FROM turn
 WHERE id = %s
RETURNING polling_turnoutfigure.id"""
WITH_AUDIT = """
WITH turn AS ({turn}), figure AS ({figure})
INSERT INTO audit_auditentry (at, user_id, action, content_type_id, object_id,
       object_repr, changes, reason, election_code, client_address)
SELECT %s::timestamptz, %s::integer, %s::varchar, %s::integer, figure.id::text,
       %s::varchar, %s::jsonb, '', %s::varchar, %s::inet
  FROM figure
RETURNING object_id"""


def _write_one(
    election, entry: Entry, old: Stored | None, user, source, version: int
) -> bool:
    """The figure and its audit entry in one statement (PostgreSQL), if the area's
    figures are still at `version`: what most API submissions come down to. Outside
    a transaction the statement commits on its own, asynchronously (ASYNC_COMMIT)."""
    mode = "1"
    if ASYNC_COMMIT and connection.get_autocommit():
        mode = "set_config('synchronous_commit', 'off', true)"
    by = _user(user)
    by_id, now = (by.pk if by else None), timezone.now()
    values = [
        entry.voters_voted,
        entry.on_list,
        json.dumps(entry.warnings),  # as Django's JSONField would (cast in the SQL)
        source,
        by_id,
        now,
    ]
    area, contest_id = entry.area, entry.key[1]
    turn, params = TURN.format(mode=mode), [area.pk, version]
    if old is None:
        unit = "NULL" if contest_id is None else UNIT_OF_AREA
        figure = INSERT_ONE.format(unit=unit)
        params += [election.pk, area.pk, area.commune_id, contest_id]
        params += [] if contest_id is None else [area.pk, contest_id]
        params += [entry.slot, *values]
    else:
        figure = UPDATE_ONE
        params += [*values, old.id]
    changes = json.dumps(
        {"voters_voted": [old.voters_voted if old else None, entry.voters_voted]}
    )
    params += [
        now,
        by_id,
        str(_audit_action(source, old is not None)),
        ContentType.objects.get_for_model(TurnoutFigure).pk,
        _label(entry)[:300],
        changes,
        election.code,
        log.current_address(),
    ]
    with prepared.cursor() as cursor:
        cursor.execute(WITH_AUDIT.format(turn=turn, figure=figure), params)
        row = cursor.fetchone()
    if row is None:
        return False
    entry.figure_id = int(row[0])
    return True


def _audit_action(source: str, existed: bool) -> str:
    if source == TurnoutFigure.Source.IMPORT:
        return AuditEntry.Action.IMPORT
    return AuditEntry.Action.UPDATE if existed else AuditEntry.Action.CREATE


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
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                user=_user(user),
                action=_audit_action(source, old is not None),
                content_type=content_type,
                object_id=str(entry.figure_id),
                object_repr=_label(entry)[:300],
                changes={"voters_voted": [old, entry.voters_voted]},
                election_code=election.code,
                client_address=log.current_address(),
            )
            for entry, old in audits
        ],
        batch_size=2000,
    )


def _label(entry: Entry) -> str:
    scope = entry.contest.key if entry.contest else "chung"
    return f"Tiến độ KVBP {entry.area.key} lúc {entry.slot} ({scope})"
