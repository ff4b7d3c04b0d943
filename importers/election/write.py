"""Write a checked plan: create what is new, update what changed, in bulk.

Runs inside the caller's transaction. Rows whose values did not change are not
touched, so importing the same file twice leaves the database as it was.
"""

from django.db.models import F

from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Contest,
    Election,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from electionadmin.text import fold

from .plan import ElectionItem, Plan
from .saved import CANDIDATE_FIELDS

BATCH = 1000
LEVELS = ("province", "district", "commune")


def changed(plan: Plan, name: str) -> list:
    """The file's items of a table that are saved with other values."""
    saved = getattr(plan.saved, name)
    return [
        item
        for key, item in getattr(plan.file, name).items()
        if item.pk and item != saved[key]
    ]


def added(plan: Plan, name: str) -> list:
    return [item for item in getattr(plan.file, name).values() if item.pk is None]


class Writer:
    def __init__(self, plan: Plan):
        self.plan = plan
        merged = plan.merged
        self.unit_pk = {code: item.pk for code, item in merged.units.items()}
        self.area_pk = {key: item.pk for key, item in merged.areas.items()}
        self.contest_pk = {key: item.pk for key, item in merged.contests.items()}
        self.eu_pk = {key: item.pk for key, item in merged.electoral_units.items()}
        self.body_pk = {key: item.pk for key, item in merged.bodies.items()}

    def run(self) -> Election:
        self.write_units()
        election = self.write_election()
        self.write_areas(election)
        self.write_contests(election)
        self.write_electoral_units()
        self.write_covers()
        self.write_unit_areas(election)
        self.write_candidates()
        self.write_members(election)
        return election

    def write_units(self) -> None:
        unit_set = self.plan.election.unit_set
        new = added(self.plan, "units")
        for level in LEVELS:  # parents before children
            objs = [
                AdminUnit(unit_set=unit_set, **self._unit_values(item))
                for item in new
                if item.level == level
            ]
            AdminUnit.objects.bulk_create(objs, batch_size=BATCH)
            self.unit_pk.update((obj.code, obj.pk) for obj in objs)
        objs = [
            AdminUnit(pk=item.pk, **self._unit_values(item))
            for item in changed(self.plan, "units")
        ]
        AdminUnit.objects.bulk_update(
            objs, ["name", "parent", "has_council"], batch_size=BATCH
        )

    def _unit_values(self, item) -> dict:
        return {
            "code": item.code,
            "name": item.name,
            "level": item.level,
            "parent_id": self.unit_pk.get(item.parent),
            "has_council": item.has_council,
        }

    def write_election(self) -> Election:
        item = self.plan.election
        values = election_values(item, self.unit_pk.get(item.province))
        election = item.saved or Election(code=item.code)
        if election.pk and saved_values(election) == values:
            return election
        for name, value in values.items():
            setattr(election, name, value)
        election.save()
        return election

    def write_areas(self, election: Election) -> None:
        fields = ["name", "polling_place", "area_type", "voting_date"]
        new = added(self.plan, "areas")
        objs = [
            VotingArea(
                election=election,
                commune_id=self.unit_pk[item.commune],
                number=item.number,
                **{name: getattr(item, name) for name in fields},
            )
            for item in new
        ]
        VotingArea.objects.bulk_create(objs, batch_size=BATCH)
        self.area_pk.update((i.key, obj.pk) for i, obj in zip(new, objs, strict=True))
        updates = [
            VotingArea(pk=item.pk, **{name: getattr(item, name) for name in fields})
            for item in changed(self.plan, "areas")
        ]
        VotingArea.objects.bulk_update(updates, fields, batch_size=BATCH)

    def write_contests(self, election: Election) -> None:
        for item in added(self.plan, "contests"):
            contest = Contest.objects.create(
                election=election,
                kind=item.kind,
                council_unit_id=self.unit_pk.get(item.council),
                name=item.name,
                total_seats=item.total_seats,
            )
            self.contest_pk[item.key] = contest.pk
        updates = [
            Contest(pk=item.pk, name=item.name, total_seats=item.total_seats)
            for item in changed(self.plan, "contests")
        ]
        Contest.objects.bulk_update(updates, ["name", "total_seats"])

    def write_electoral_units(self) -> None:
        fields = ["seats", "name", "shortfall_decision"]
        new = added(self.plan, "electoral_units")
        objs = [
            ElectoralUnit(
                contest_id=self.contest_pk[item.contest],
                number=item.number,
                **{name: getattr(item, name) for name in fields},
            )
            for item in new
        ]
        ElectoralUnit.objects.bulk_create(objs, batch_size=BATCH)
        self.eu_pk.update(
            (item.key, obj.pk) for item, obj in zip(new, objs, strict=True)
        )
        updates = [
            ElectoralUnit(pk=item.pk, **{name: getattr(item, name) for name in fields})
            for item in changed(self.plan, "electoral_units")
        ]
        ElectoralUnit.objects.bulk_update(updates, fields, batch_size=BATCH)

    def write_covers(self) -> None:
        """The `covers` lists, as written, of the units in the file."""
        units = self.plan.file.electoral_units.values()
        sync_pairs(
            ElectoralUnit.covers_units.through,
            "electoralunit_id",
            "adminunit_id",
            [self.eu_pk[u.key] for u in units],
            {
                (self.eu_pk[u.key], self.unit_pk[c])
                for u in units
                for c in u.covers_units
            },
        )
        sync_pairs(
            ElectoralUnit.covers_areas.through,
            "electoralunit_id",
            "votingarea_id",
            [self.eu_pk[u.key] for u in units],
            {
                (self.eu_pk[u.key], self.area_pk[a])
                for u in units
                for a in u.covers_areas
            },
        )

    def write_unit_areas(self, election: Election) -> None:
        """The resolved (contest, area) -> unit rows of every unit of the election."""
        wanted = {
            (self.contest_pk[key[0]], self.area_pk[area]): self.eu_pk[key]
            for key, areas in self.plan.merged.unit_areas.items()
            for area in areas
        }
        saved = ElectoralUnitArea.objects.filter(contest__election=election)
        stale, have = [], set()
        for pk, contest, area, unit in saved.values_list(
            "pk", "contest_id", "voting_area_id", "electoral_unit_id"
        ):
            if wanted.get((contest, area)) == unit:
                have.add((contest, area))
            else:
                stale.append(pk)
        ElectoralUnitArea.objects.filter(pk__in=stale).delete()
        ElectoralUnitArea.objects.bulk_create(
            [
                ElectoralUnitArea(contest_id=c, voting_area_id=a, electoral_unit_id=u)
                for (c, a), u in wanted.items()
                if (c, a) not in have
            ],
            batch_size=BATCH,
        )

    def write_candidates(self) -> None:
        plan, removed, updates, reordered, new = self.plan, [], [], [], []
        for unit, items in plan.file.candidates.items():
            saved = {c.key: c for c in plan.saved.candidates.get(unit, [])}
            keys = {item.key for item in items}
            removed += [c.pk for key, c in saved.items() if key not in keys]
            for item in items:
                old = saved.get(item.key)
                obj = Candidate(pk=item.pk, electoral_unit_id=self.eu_pk[unit])
                for name in CANDIDATE_FIELDS:
                    setattr(obj, name, getattr(item, name))
                if old is None:
                    obj.search_name = fold(item.full_name)
                    new.append(obj)
                elif old != item:
                    updates.append(obj)
                    if old.ballot_order != item.ballot_order:
                        reordered.append(item.pk)
        Candidate.objects.filter(pk__in=removed).delete()
        # Park moved candidates out of the way: ballot order is unique per unit.
        Candidate.objects.filter(pk__in=reordered).update(
            ballot_order=F("ballot_order") + 10000
        )
        Candidate.objects.bulk_update(updates, CANDIDATE_FIELDS, batch_size=BATCH)
        Candidate.objects.bulk_create(new, batch_size=BATCH)

    def write_members(self, election: Election) -> None:
        self._write_bodies(election)
        plan, removed, updates, new = self.plan, [], [], []
        for body, items in plan.file.members.items():
            saved = {m.full_name: m for m in plan.saved.members.get(body, [])}
            names = {item.full_name for item in items}
            removed += [m.pk for name, m in saved.items() if name not in names]
            for item in items:
                obj = BodyMember(
                    pk=item.pk,
                    body_id=self.body_pk[body],
                    full_name=item.full_name,
                    role=item.role,
                    phone=item.phone,
                    position=item.position,
                )
                old = saved.get(item.full_name)
                if old is None:
                    new.append(obj)
                elif old != item:
                    updates.append(obj)
        BodyMember.objects.filter(pk__in=removed).delete()
        fields = ["role", "phone", "position"]
        # One chair per body: step the old chair down before the new one steps up.
        for chair in (False, True):
            batch = [obj for obj in updates if (obj.role == "chair") == chair]
            BodyMember.objects.bulk_update(batch, fields, batch_size=BATCH)
        BodyMember.objects.bulk_create(new, batch_size=BATCH)

    def _write_bodies(self, election: Election) -> None:
        new = [body for body in self.plan.file.bodies.values() if body.pk is None]
        objs = [ElectionBody(election=election, **self._target(body)) for body in new]
        ElectionBody.objects.bulk_create(objs, batch_size=BATCH)
        self.body_pk.update(
            (body.key, obj.pk) for body, obj in zip(new, objs, strict=True)
        )

    def _target(self, body) -> dict:
        if body.kind == "committee":
            return {"kind": body.kind, "admin_unit_id": self.unit_pk[body.target]}
        if body.kind == "board":
            return {"kind": body.kind, "electoral_unit_id": self.eu_pk[body.target]}
        return {"kind": body.kind, "voting_area_id": self.area_pk[body.target]}


def election_values(item: ElectionItem, province_pk: int | None) -> dict:
    return {
        "name": item.name,
        "election_date": item.election_date,
        "cycle_id": item.cycle.pk,
        "unit_set_id": item.unit_set.pk,
        "province_id": province_pk,
        "polls_open": item.polls_open,
        "polls_close": item.polls_close,
        "turnout_slots": item.turnout_slots,
    }


def saved_values(election: Election) -> dict:
    return {
        "name": election.name,
        "election_date": election.election_date,
        "cycle_id": election.cycle_id,
        "unit_set_id": election.unit_set_id,
        "province_id": election.province_id,
        "polls_open": election.polls_open,
        "polls_close": election.polls_close,
        "turnout_slots": election.turnout_slots,
    }


def sync_pairs(through, left: str, right: str, owners: list[int], wanted: set):
    """Make the through rows of `owners` exactly the `wanted` (left, right) pairs."""
    rows = through.objects.filter(**{f"{left}__in": owners})
    have = {(a, b): pk for pk, a, b in rows.values_list("pk", left, right)}
    through.objects.filter(
        pk__in=[pk for pair, pk in have.items() if pair not in wanted]
    ).delete()
    through.objects.bulk_create(
        [through(**{left: a, right: b}) for a, b in wanted - set(have)],
        batch_size=BATCH,
    )
