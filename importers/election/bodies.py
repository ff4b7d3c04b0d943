"""The election bodies by their Vietnamese names, for the `members` sheet.

A body is named by its code (`committee:26734`, `board:QH#1`,
`board:HDND_XA:26734#1`, `team:26734/1`: docs/EXCHANGE.md §1) or, as people say it,
by its name: `Ủy ban bầu cử Phường Tân Định`, `Ban bầu cử đơn vị số 1 - Quốc hội`,
`Ban bầu cử đơn vị số 1 - HĐND phường Tân Định`, `Tổ bầu cử số 1 - Phường Tân
Định`. A place whose name another unit of its level shares is named with its parent
(`Phường 1, Quận 3`); a name two bodies would still share carries the code in
brackets (`… (team:26734/1)`), and a name followed by its code in brackets is read
by the code. The names come from one election's set-up (`State`: as saved for the
template's drop-down list and the admin's export, merged with the file on import),
so the names the template offers and the export writes import back.
"""

import re
from collections import Counter

from electionadmin.setup.models import Contest
from importers import cells

from .plan import State
from .saved import load_structure, load_units

CODE_IN_NAME = re.compile(r"\((?P<code>(?:committee|board|team):[^()]+)\)$", re.I)
AMBIGUOUS = object()
KINDS = [kind for kind, _ in Contest.Kind.choices]  # QH first


def saved_names(election, committees=None) -> dict[str, str]:
    """`body_names` of a saved election (the template's list, the admin export)."""
    state = State()
    load_units(state, election.unit_set)
    load_structure(state, election)
    return body_names(state, committees)


def norm(text: str) -> str:
    return cells.text(text).casefold()


def places(state: State) -> dict[str, str]:
    """Unit code -> its name, with its parent's when another unit of the same level
    has the same name."""
    units = state.units
    seen = Counter((u.level, norm(u.name)) for u in units.values())
    named = {}
    for code, unit in units.items():
        name = unit.name
        if seen[(unit.level, norm(name))] > 1 and unit.parent in units:
            name = f"{name}, {units[unit.parent].name}"
        named[code] = name
    return named


def contest_name(contest: str, named: dict[str, str]) -> str:
    """`QH` -> "Quốc hội"; `HDND_XA:26734` -> "HĐND phường Tân Định"."""
    _, _, council = contest.partition(":")
    if not council:
        return "Quốc hội"
    place = named.get(council, council)
    return f"HĐND {place[:1].lower()}{place[1:]}"


def body_names(state: State, committees=None) -> dict[str, str]:
    """Body code -> its name, for every body the set-up may hold: a committee per
    administrative unit (or per code of `committees`), a board per electoral unit, a
    team per voting area."""
    named = places(state)
    names = {}
    codes = state.units if committees is None else committees
    for code in sorted(codes, key=lambda c: (len(c), c)):  # the province first
        names[f"committee:{code}"] = f"Ủy ban bầu cử {named.get(code, code)}"
    for contest, number in sorted(state.electoral_units, key=_unit_order):
        label = f"Ban bầu cử đơn vị số {number} - {contest_name(contest, named)}"
        names[f"board:{contest}#{number}"] = label
    for commune, number in sorted(state.areas):
        label = f"Tổ bầu cử số {number} - {named.get(commune, commune)}"
        names[f"team:{commune}/{number}"] = label
    shared = Counter(norm(name) for name in names.values())
    return {
        code: f"{name} ({code})" if shared[norm(name)] > 1 else name
        for code, name in names.items()
    }


def _unit_order(key) -> tuple:
    contest, number = key
    kind, _, council = contest.partition(":")
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), council, number)


def codes_by_name(state: State) -> dict[str, object]:
    """Normalised name -> body code (AMBIGUOUS for a name two bodies share)."""
    found: dict[str, object] = {}
    for code, name in body_names(state).items():
        found[norm(name)] = code
        bare = CODE_IN_NAME.sub("", name).strip()
        if bare != name:
            found[norm(bare)] = AMBIGUOUS
    return found


def code_of(text: str, lookup) -> str | object | None:
    """The body code a `body` cell names: its code, a name followed by its code in
    brackets, or a name (`lookup()` gives `codes_by_name`); None when unknown."""
    text = cells.text(text)
    kind = text.partition(":")[0].strip().lower()
    if kind in ("committee", "board", "team"):
        return text
    bracketed = CODE_IN_NAME.search(text)
    if bracketed:
        return bracketed["code"]
    return lookup().get(norm(text))
