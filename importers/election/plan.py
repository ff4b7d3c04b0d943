"""What an election's set-up looks like: as saved, as the file says, and merged.

Items are plain dataclasses keyed by natural keys (codes, numbers, names), so the
checks run on the state the import would leave behind without touching the database.
Two items compare equal when their data fields are equal; `row` (the file row, None
for what is only saved) and `pk` (the saved id) never take part.
"""

import datetime
from dataclasses import dataclass, field

AreaKey = tuple[str, int]  # (commune code, area number): `26734/1`
UnitKey = tuple[str, int]  # (contest key, unit number): `QH#1`


def area_label(key: AreaKey) -> str:
    return f"{key[0]}/{key[1]}"


def unit_label(key: UnitKey) -> str:
    return f"{key[0]}#{key[1]}"


def contest_key(kind: str, council_code: str | None) -> str:
    return f"{kind}:{council_code}" if council_code else kind


def meta():
    return field(default=None, compare=False)


@dataclass
class AdminUnitItem:
    code: str
    name: str
    level: str
    parent: str | None
    has_council: bool = True
    row: int | None = meta()
    pk: int | None = meta()


@dataclass
class AreaItem:
    commune: str
    number: int
    name: str = ""
    polling_place: str = ""
    area_type: str = "normal"
    voting_date: datetime.date | None = None
    row: int | None = meta()
    pk: int | None = meta()

    @property
    def key(self) -> AreaKey:
        return (self.commune, self.number)


@dataclass
class ContestItem:
    kind: str
    council: str | None
    name: str = ""
    total_seats: int | None = None
    row: int | None = meta()
    pk: int | None = meta()

    @property
    def key(self) -> str:
        return contest_key(self.kind, self.council)


@dataclass
class ElectoralUnitItem:
    contest: str
    number: int
    seats: int
    name: str = ""
    shortfall_decision: str = ""
    covers_units: frozenset[str] = frozenset()
    covers_areas: frozenset[AreaKey] = frozenset()
    row: int | None = meta()
    pk: int | None = meta()

    @property
    def key(self) -> UnitKey:
        return (self.contest, self.number)


@dataclass
class CandidateItem:
    unit: UnitKey
    full_name: str
    birth_date: datetime.date
    gender: str
    ethnicity: str = ""
    religion: str = ""
    hometown: str = ""
    residence: str = ""
    occupation: str = ""
    workplace: str = ""
    education: str = ""
    party_join_date: datetime.date | None = None
    is_incumbent_na: bool = False
    is_incumbent_council: bool = False
    ballot_order: int | None = None
    row: int | None = meta()
    pk: int | None = meta()

    @property
    def key(self) -> tuple[str, datetime.date]:
        return (self.full_name, self.birth_date)


@dataclass
class BodyItem:
    key: str  # `committee:79`, `board:QH#1`, `team:26734/1`
    kind: str
    target: str | UnitKey | AreaKey
    pk: int | None = meta()


@dataclass
class MemberItem:
    body: str
    full_name: str
    role: str
    phone: str = ""
    position: int = 0
    row: int | None = meta()
    pk: int | None = meta()


@dataclass
class State:
    """One election set-up: what is saved, or what the file says."""

    units: dict[str, AdminUnitItem] = field(default_factory=dict)
    areas: dict[AreaKey, AreaItem] = field(default_factory=dict)
    contests: dict[str, ContestItem] = field(default_factory=dict)
    electoral_units: dict[UnitKey, ElectoralUnitItem] = field(default_factory=dict)
    # The resolved voting areas of every unit (ElectoralUnitArea rows).
    unit_areas: dict[UnitKey, set[AreaKey]] = field(default_factory=dict)
    # Candidates and members per unit / body; the file replaces whole lists.
    candidates: dict[UnitKey, list[CandidateItem]] = field(default_factory=dict)
    bodies: dict[str, BodyItem] = field(default_factory=dict)
    members: dict[str, list[MemberItem]] = field(default_factory=dict)


@dataclass
class ElectionItem:
    code: str
    name: str
    election_date: datetime.date
    cycle: object  # setup.Cycle
    unit_set: object  # setup.AdminUnitSet
    polls_open: datetime.time
    polls_close: datetime.time
    turnout_slots: list[str]
    province: str | None = None
    saved: object | None = None  # setup.Election, when it exists
    row: int = 2


@dataclass
class Plan:
    election: ElectionItem
    saved: State = field(default_factory=State)
    file: State = field(default_factory=State)
    merged: State = field(default_factory=State)

    def merge(self, name: str) -> None:
        """merged.<name> = saved overlaid with the file's items."""
        combined = dict(getattr(self.saved, name))
        combined.update(getattr(self.file, name))
        setattr(self.merged, name, combined)
