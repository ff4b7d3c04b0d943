"""The rules a batch of turnout entries is checked against (rules.py), with the
saved figures read for it (reading.py): errors refuse the batch, warnings are kept
with the figure.
"""

from collections import defaultdict

from . import rules
from .reading import Around, Key, Stored


def check(election, entries: list, lists, stored) -> None:
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
        _check_value(entry, on_list, sequences[_series(entry.key)])
        entry.action = _action(entry, stored.get(entry.key))


def _action(entry, figure: Stored | None) -> str:
    if figure is None:
        return "added"
    same = (figure.voters_voted, figure.voters_on_list) == (
        entry.voters_voted,
        entry.on_list,
    )
    return "unchanged" if same else "updated"


def _series(key: Key) -> tuple:
    """(area, contest, round): the figures that must not fall slot after slot."""
    area_id, contest_id, _, round = key
    return (area_id, contest_id, round)


def _sequences(entries, stored) -> dict[tuple, dict[str, int]]:
    """(area, contest, round) -> {slot: figure} as it will stand after the batch."""
    sequences: dict[tuple, dict[str, int]] = defaultdict(dict)
    for key, figure in stored.items():
        sequences[_series(key)][key[2]] = figure.voters_voted
    for entry in entries:
        sequences[_series(entry.key)][entry.slot] = entry.voters_voted
    return sequences


def _check_value(entry, on_list: int, sequence: dict[str, int]) -> None:
    if entry.voters_voted < 0:
        entry.error("voters_voted", "Số cử tri đã bỏ phiếu không được âm.")
        return
    others = {s: v for s, v in sequence.items() if s != entry.slot}
    for message in rules.falling_errors(entry.slot, entry.voters_voted, others):
        entry.error("voters_voted", message)
    message = rules.list_error(entry.voters_voted, on_list, entry.contest)
    if message:
        entry.error("voters_voted", message)


def warn(election, entries: list, around: list[Around]) -> None:
    """The neighbours warning, against saved figures and the rest of the batch."""
    groups: dict[tuple, list] = defaultdict(list)
    for entry in entries:
        if not rules.is_early(entry.area, election):
            group = (entry.area.commune_id, entry.slot, entry.key[1], entry.round)
            groups[group].append(entry)
    saved: dict[tuple, list[tuple]] = defaultdict(list)
    for area_id, commune_id, contest_id, slot, voted, listed, round in around:
        if (commune_id, slot, contest_id, round) in groups:
            saved[(commune_id, slot, contest_id, round)].append(
                (area_id, voted, listed)
            )
    for key, group in groups.items():
        mine = {e.area.pk for e in group}
        others = [(v, n) for area_id, v, n in saved[key] if area_id not in mine]
        for entry in group:
            batch = [(e.voters_voted, e.on_list) for e in group if e is not entry]
            found = rules.neighbour_warning(
                entry.voters_voted, entry.on_list, others + batch
            )
            entry.warnings = [found] if found else []
