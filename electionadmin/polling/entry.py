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
round trip and none in an explicit transaction. Plain SQL throughout, its table and
column names from the models (rawsql.py): this runs on every submission.

The steps: lists.py and reading.py read, checking.py checks, writing.py writes (and
makes every audit entry, the same whichever path).
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from electionadmin.setup.models import Contest, ElectoralUnitArea, VotingArea

from .checking import check, warn
from .lists import read_lists
from .models import LATER_ROUNDS
from .reading import Key, read_figures
from .writing import write, write_one

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
    round: str | None = None  # None: the first round (else "reelection", ...)
    on_list: int = 0  # the voters it is checked against, set by check()
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    warnings: list[dict] = field(default_factory=list)
    action: str = ""  # added, updated, unchanged
    figure_id: int | None = None  # the saved figure, set by write()

    @property
    def key(self) -> Key:
        contest_id = self.contest.pk if self.contest else None
        return (self.area.pk, contest_id, self.slot, self.round)

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
    if any(e.round for e in entries) and not _check_rounds(entries):
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
        write(election, entries, stored, user, source, lists.versions, ASYNC_COMMIT)
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
        if write_one(election, entry, old, user, source, version, ASYNC_COMMIT):
            return True
    return False


def _check_areas(election, entries, areas) -> None:
    for entry in entries:
        area = entry.area
        now = (election.pk, area.commune_id, area.number, area.voting_date)
        if areas.get(area.pk) != now:
            raise StaleArea(f"Khu vực bỏ phiếu {area.key} vừa được sửa hoặc xóa.")


def _check_rounds(entries) -> bool:
    """A figure of a later round only for an area of a unit holding that round
    (overall: of any contest; per contest: its unit in that contest). One query, and
    only when a batch has such a figure: the first round's path is unchanged."""
    later = [e for e in entries if e.round]
    # The units' rounds through the unit (results' decision, read from setup's
    # side: polling comes before results).
    links = ElectoralUnitArea.objects.filter(
        voting_area__in={e.area.pk for e in later},
        electoral_unit__rounds__round__in={e.round for e in later},
    ).values_list("voting_area", "contest", "electoral_unit__rounds__round")
    open_in = {(area, contest, round) for area, contest, round in links}
    open_in |= {(area, None, round) for area, _, round in open_in}
    for entry in later:
        if (entry.area.pk, entry.key[1], entry.round) not in open_in:
            label = dict(LATER_ROUNDS)[entry.round].lower()
            entry.error(
                "round",
                f"Khu vực bỏ phiếu {entry.area.key} không thuộc đơn vị bầu cử nào có "
                f"quyết định {label}.",
            )
    return not any(e.errors for e in entries)
