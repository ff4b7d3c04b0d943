"""Helpers for the results tests (no tests here): minutes built straight in the
database for determination, and users for the double-entry workflow."""

import datetime

from electionadmin.results.models import CandidateVotes, CountingRecord
from electionadmin.setup.models import Contest

from .factories import (
    SmallElectionMixin,
    make_area,
    make_candidate,
    make_electoral_unit,
    make_user,
)


def figures(on_list=1000, voted=900, issued=900, received=900, valid=880, invalid=20):
    return {
        "voters_on_list": on_list,
        "voters_voted": voted,
        "ballots_issued": issued,
        "ballots_received": received,
        "valid": valid,
        "invalid": invalid,
    }


def counted(unit, area, votes, *, status="accepted", round="first", **figs):
    """Minutes with figures and votes (ballot order -> votes), bypassing entry."""
    record = CountingRecord.objects.create(
        contest=unit.contest,
        voting_area=area,
        electoral_unit=unit,
        round=round,
        status=status,
        **figures(**figs),
    )
    by_order = {c.ballot_order: c for c in unit.candidates.all()}
    CandidateVotes.objects.bulk_create(
        CandidateVotes(record=record, candidate=by_order[order], votes=n)
        for order, n in votes.items()
    )
    return record


class ResultsMixin(SmallElectionMixin):
    """The small election plus a second clerk for ward A and a sysadmin."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clerk = make_user("thuky_a", "commune_committee", admin_unit=cls.ward_a)
        cls.admin = make_user("quantri", "sysadmin")
        cls.candidates = list(cls.qh_unit.candidates.order_by("ballot_order"))

    def qh_votes(self, *numbers):
        return {c.pk: n for c, n in zip(self.candidates, numbers, strict=True)}

    def new_unit(self, seats, people, kind="HDND_XA", areas=1):
        """A fresh contest unit over new areas of ward B: people = [(name, birth)]."""
        contest = Contest.objects.filter(election=self.election, kind=kind).first()
        if contest is None or kind != "QH":
            contest = Contest.objects.create(
                election=self.election, kind=kind, council_unit=self.ward_b
            )
        first = 10 + contest.units.count() * 10
        made = [make_area(self.election, self.ward_b, first + i) for i in range(areas)]
        unit = make_electoral_unit(contest, contest.units.count() + 1, seats, made)
        for order, (name, birth) in enumerate(people, 1):
            make_candidate(unit, order, name, birth=birth)
        return unit, made


def born(year, month=1, day=1):
    return datetime.date(year, month, day).timetuple()[:3]
