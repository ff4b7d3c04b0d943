"""Writing checked turnout figures and their audit entries (entry.py decides when).

A batch writes under its areas' lock: the versions raised, the new figures in one
INSERT, one UPDATE per changed figure, the audit entries in one INSERT. One figure
on PostgreSQL is one statement (`write_one`): the area's version raised from the
value read, the figure, and its audit entry, or nothing when the version moved.
Both write the audit entry that `audit.log.entry()` makes (`audit_entry()` below):
the same fields, whichever way. Table and column names come from the models
(rawsql.py).
"""

import json

from django.db import connection
from django.utils import timezone

from electionadmin.audit import log
from electionadmin.audit.models import AuditEntry
from electionadmin.rawsql import names
from electionadmin.setup.models import ElectoralUnitArea
from electionadmin.voters.counts import bump_versions
from electionadmin.voters.models import AreaListCount

from . import sql as prepared
from .models import LATER_ROUNDS, TurnoutFigure
from .reading import Stored


def write(election, entries, stored, user, source, versions, async_commit) -> None:
    """Under the areas' lock: the figures, their audit entries, the versions."""
    todo = [e for e in entries if e.action != "unchanged"]
    for entry in entries:
        found = stored.get(entry.key)
        entry.figure_id = found.id if found else None
    if len(todo) == 1 and connection.vendor == "postgresql":
        entry = todo[0]
        old, version = stored.get(entry.key), versions[entry.area.pk]
        if not write_one(election, entry, old, user, source, version, async_commit):
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
            round=entry.round,
            voters_voted=entry.voters_voted,
            voters_on_list=entry.on_list,
            warnings=entry.warnings,
            source=source,
            entered_by=_user(user),
            entered_at=now,
        )
        (changed if old else created).append(figure)
        audits.append((entry, figure, old))
    TurnoutFigure.objects.bulk_create(created, batch_size=2000)
    _update(changed)
    for entry, figure, _ in audits:
        entry.figure_id = figure.pk
    log.record_many(
        [
            audit_entry(election, entry, old, user, source, entry.figure_id)
            for entry, _, old in audits
        ]
    )


def audit_entry(election, entry, old: Stored | None, user, source, figure_id=""):
    """The audit entry of one figure saved: who, what it was, what it is now."""
    return log.entry(
        user,
        _audit_action(source, old is not None),
        model=TurnoutFigure,
        object_id=figure_id,
        label=_label(entry),
        changes={
            "voters_voted": [old.voters_voted if old else None, entry.voters_voted]
        },
        election_code=election.code,
    )


# The area's version moves on only from the value the writer read; the figure and
# its audit entry are written only when it did (the rows come FROM turn).
TURN = names(
    """
UPDATE {l} SET {l.figures_version} = {l.figures_version} + 1
 WHERE {l.voting_area} = %s AND {l.contest} IS NULL AND {l.figures_version} = %s
RETURNING {mode} AS turned""",
    l=AreaListCount,
)
INSERT_ONE = names(
    """
INSERT INTO {f} ({f.election}, {f.voting_area}, {f.commune}, {f.contest},
       {f.electoral_unit}, {f.slot}, {f.round}, {f.voters_voted},
       {f.voters_on_list}, {f.warnings}, {f.source}, {f.entered_by}, {f.entered_at})
SELECT %s::bigint, %s::bigint, %s::bigint, %s::bigint, {unit}, %s::varchar,
       %s::varchar, %s::integer, %s::integer, %s::jsonb, %s::varchar, %s::integer,
       %s::timestamptz
  FROM turn
RETURNING {f.id}""",
    f=TurnoutFigure,
)
UNIT_OF_AREA = names(
    """(SELECT {u.electoral_unit} FROM {u}
  WHERE {u.voting_area} = %s::bigint AND {u.contest} = %s::bigint)""",
    u=ElectoralUnitArea,
)
UPDATE_ONE = names(
    """
UPDATE {f}
   SET {f.voters_voted} = %s, {f.voters_on_list} = %s, {f.warnings} = %s,
       {f.source} = %s, {f.entered_by} = %s, {f.entered_at} = %s
  FROM turn
 WHERE {f.id} = %s
RETURNING {f}.{f.id}""",
    f=TurnoutFigure,
)
WITH_AUDIT = """
WITH turn AS ({turn}), figure AS ({figure})
{audit}
RETURNING {object_id}"""


def write_one(
    election, entry, old: Stored | None, user, source, version: int, async_commit
) -> bool:
    """The figure and its audit entry in one statement (PostgreSQL), if the area's
    figures are still at `version`: what most API submissions come down to. Outside
    a transaction the statement commits on its own, asynchronously when
    `async_commit` (entry.ASYNC_COMMIT)."""
    mode = "1"
    if async_commit and connection.get_autocommit():
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
    area, contest_id = entry.area, entry.key[1]  # key: area, contest, slot, round
    turn, params = TURN.format(mode=mode), [area.pk, version]
    if old is None:
        unit = "NULL" if contest_id is None else UNIT_OF_AREA
        figure = INSERT_ONE.format(unit=unit)
        params += [election.pk, area.pk, area.commune_id, contest_id]
        params += [] if contest_id is None else [area.pk, contest_id]
        params += [entry.slot, entry.round, *values]
    else:
        figure = UPDATE_ONE
        params += [*values, old.id]
    found = audit_entry(election, entry, old, user, source)
    object_id = AuditEntry._meta.get_field("object_id").column
    audit, audit_params = log.insert_sql(
        found,
        object_id_sql=f"figure.{TurnoutFigure._meta.pk.column}::text",
        source="figure",
    )
    sql = WITH_AUDIT.format(turn=turn, figure=figure, audit=audit, object_id=object_id)
    with prepared.cursor() as cursor:
        cursor.execute(sql, params + audit_params)
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


UPDATE_SQL = names("UPDATE {f} SET {fields} WHERE {f.id} = %s", f=TurnoutFigure)


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


def _label(entry) -> str:
    scope = entry.contest.key if entry.contest else "chung"
    if entry.round:
        scope += ", " + dict(LATER_ROUNDS)[entry.round].lower()
    return f"Tiến độ KVBP {entry.area.key} lúc {entry.slot} ({scope})"
