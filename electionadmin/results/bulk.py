"""Many new minutes of one contest through the whole double entry at once:
two agreeing entries, submission and acceptance, in one transaction.

`enter_and_accept()` ends where `workflow.add_entry` (twice), `workflow.submit` and
`workflow.accept` end for each minutes, with the same rows and the same audit
entries (`workflow.audit_entry`, five per minutes), written with one INSERT per
table and per 2,000 rows instead of about forty queries per minutes. It refuses
what those steps refuse: a user without the right (authority.py), one user for
both entries, minutes with an error of the catalogue (checks.py, with the same
context as `minutes.check_record`: `minutes.contexts_for`), a warning without its
explanation. It takes only minutes that do not exist yet (a city's count from
scratch: the demo, a whole file), so nothing of a record's history is skipped;
any refusal writes nothing. Certifying stays `certification.certify`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from electionadmin.access.scope import restrict
from electionadmin.audit import log
from electionadmin.setup.models import ElectoralUnit, ElectoralUnitArea

from . import authority, checks
from .minutes import ballot_of, contexts_for
from .models import FIGURES, CandidateVotes, CountingEntry, CountingRecord, Round
from .workflow import BlockingFindings, WorkflowError, audit_entry

Status = CountingRecord.Status
# Findings quoted in a refusal, at most.
QUOTED = 20


@dataclass
class Paper:
    """One area's paper minutes: the six figures, each candidate's votes (by
    candidate id) and the explanations of its warnings (code -> text)."""

    voting_area: object
    figures: Mapping[str, int]
    votes: Mapping[int, int]
    explanations: Mapping[str, str] = field(default_factory=dict)


class People(NamedTuple):
    """Who types first and second, who submits, who accepts."""

    first: object
    second: object
    submitter: object
    supervisor: object


def enter_and_accept(
    contest,
    papers: list[Paper],
    *,
    first,
    second,
    submitter,
    supervisor,
    round: str = Round.FIRST,
    source: str = CountingEntry.Source.IMPORT,
) -> list[CountingRecord]:
    """Each paper entered by `first` then `second`, submitted by `submitter`,
    accepted by `supervisor`; the accepted records (refused whole: WorkflowError)."""
    if not papers:
        return []
    with transaction.atomic():
        units = _units(contest, round, papers)
        _authorise(contest, papers, units, first, second, supervisor)
        _refuse_existing(contest, round, papers)
        explained = _check(contest, round, papers, units)
        people = People(first, second, submitter, supervisor)
        records = _write(contest, round, papers, units, explained, people, source)
        _authorise_submitter(contest, round, records, submitter)
        return records


def _units(contest, round: str, papers: list[Paper]) -> dict[int, int]:
    """Area id -> its electoral unit in the contest (`workflow.open_record`'s rule:
    a later round only in a unit with the decision to hold it)."""
    unit_of = dict(
        ElectoralUnitArea.objects.filter(contest=contest).values_list(
            "voting_area_id", "electoral_unit_id"
        )
    )
    opened = None
    if round != Round.FIRST:
        opened = set(
            ElectoralUnit.objects.filter(
                contest=contest, rounds__round=round
            ).values_list("pk", flat=True)
        )
    seen: set[int] = set()
    for paper in papers:
        area = paper.voting_area
        if area.pk in seen:
            raise WorkflowError(f"Khu vực bỏ phiếu {area.key} có hai biên bản.")
        seen.add(area.pk)
        unit_id = unit_of.get(area.pk)
        if unit_id is None or (opened is not None and unit_id not in opened):
            raise WorkflowError(
                f"Khu vực bỏ phiếu {area.key} không thuộc đơn vị bầu cử nào của "
                f"cuộc bầu cử {contest.key}"
                + ("." if opened is None else f" có quyết định {Round(round).label}.")
            )
    return {paper.voting_area.pk: unit_of[paper.voting_area.pk] for paper in papers}


def _authorise(contest, papers, units, first, second, supervisor) -> None:
    if first is None or second is None or first.pk == second.pk:
        raise WorkflowError("Lần nhập thứ hai phải do một người khác thực hiện.")
    for user in (first, second):
        allowed = authority.enterable_areas(user, contest)
        for paper in papers:
            if paper.voting_area.pk not in allowed:
                raise WorkflowError(
                    "Bạn không có quyền nhập biên bản của khu vực "
                    f"{paper.voting_area.key}."
                )
    for unit_id in set(units.values()):
        if not authority.may_supervise_unit(supervisor, contest, unit_id):
            raise WorkflowError(
                "Chỉ Ban bầu cử của đơn vị hoặc Ủy ban bầu cử tổ chức cuộc bầu cử mới "
                "chấp nhận được biên bản."
            )


def _authorise_submitter(contest, round, records, submitter) -> None:
    """`authority.may_change` for every record, asked once (they exist by now; a
    refusal rolls the whole batch back)."""
    if not submitter.has_perm("results.change_countingrecord"):
        mine = set()
    else:
        mine = set(
            restrict(
                CountingRecord.objects.filter(contest=contest, round=round),
                submitter,
                editable=True,
            ).values_list("pk", flat=True)
        )
    for record in records:
        if record.pk not in mine:
            raise WorkflowError(
                f"Bạn không có quyền gửi biên bản của khu vực {record.voting_area.key}."
            )


def _refuse_existing(contest, round: str, papers: list[Paper]) -> None:
    wanted = {paper.voting_area.pk for paper in papers}
    existing = [
        area_id
        for area_id in CountingRecord.objects.filter(
            contest=contest, round=round
        ).values_list("voting_area_id", flat=True)
        if area_id in wanted
    ]
    if existing:
        raise WorkflowError(
            f"Đã có {len(existing)} biên bản của các khu vực này; chỉ nhập cùng lúc "
            "được biên bản chưa có."
        )


def _check(contest, round, papers, units) -> list[dict[str, str]]:
    """The catalogue on every paper, as `add_entry`, `submit` and `accept` run it;
    each paper's explanations as `submit` keeps them."""
    contexts = contexts_for(contest, round, units.keys())
    ballots = {
        unit.pk: ballot_of(unit, round)
        for unit in ElectoralUnit.objects.filter(pk__in=set(units.values()))
    }
    errors, missing, explained = [], [], []
    for paper in papers:
        area = paper.voting_area
        seats, candidates = ballots[units[area.pk]]
        findings = checks.check_minutes(
            paper.figures,
            paper.votes,
            seats=seats,
            candidates=candidates,
            context=contexts[area.pk],
        )
        where = f"{contest.key} - KVBP {area.key}"
        errors += [(where, f) for f in checks.errors_of(findings)]
        texts = {
            code: text.strip()
            for code, text in paper.explanations.items()
            if text.strip()
        }
        missing += [
            (where, f) for f in checks.warnings_of(findings) if f.code not in texts
        ]
        explained.append(texts)
    for found, message in (
        (errors, "lỗi trong số liệu"),
        (missing, "cảnh báo chưa giải trình"),
    ):
        if found:
            quoted = [f._replace(message=f"{where}: {f.message}") for where, f in found]
            raise BlockingFindings(
                f"Có {len(found)} {message}; không biên bản nào được lưu.",
                quoted[:QUOTED],
            )
    return explained


def _write(
    contest, round, papers, units, explained, people: People, source
) -> list[CountingRecord]:
    first, second = people.first, people.second
    now = timezone.now()
    records = CountingRecord.objects.bulk_create(
        [
            CountingRecord(
                contest=contest,
                voting_area=paper.voting_area,
                electoral_unit_id=units[paper.voting_area.pk],
                round=round,
                status=Status.ACCEPTED,
                explanations=texts,
                submitted_by=people.submitter,
                submitted_at=now,
                accepted_by=people.supervisor,
                accepted_at=now,
                **{name: paper.figures[name] for name in FIGURES},
            )
            for paper, texts in zip(papers, explained, strict=True)
        ],
        batch_size=1000,
    )
    entries = CountingEntry.objects.bulk_create(
        [
            CountingEntry(
                record=record,
                entered_by=user,
                source=source,
                votes={str(pk): value for pk, value in paper.votes.items()},
                **{name: paper.figures[name] for name in FIGURES},
            )
            for record, paper in zip(records, papers, strict=True)
            for user in (first, second)
        ],
        batch_size=1000,
    )
    CandidateVotes.objects.bulk_create(
        [
            CandidateVotes(record=record, candidate_id=pk, votes=value)
            for record, paper in zip(records, papers, strict=True)
            for pk, value in paper.votes.items()
        ],
        batch_size=2000,
    )
    log.record_many(
        [
            step
            for i, record in enumerate(records)
            for step in _steps(record, entries[2 * i : 2 * i + 2], people)
        ]
    )
    return records


def _steps(record, entries, people: People) -> list:
    """The audit entries the workflow writes for these minutes, in its order."""
    one, two = entries
    first, second = people.first, people.second
    submitter, supervisor = people.submitter, people.supervisor
    draft, entered, submitted = Status.DRAFT, Status.ENTERED, Status.SUBMITTED
    return [
        audit_entry(first, record, "entry", draft, draft, entry=one.pk),
        audit_entry(second, record, "entry", draft, draft, entry=two.pk),
        audit_entry(second, record, "entered", draft, entered),
        audit_entry(
            submitter,
            record,
            "submit",
            entered,
            submitted,
            explanations=record.explanations,
        ),
        audit_entry(supervisor, record, "accept", submitted, Status.ACCEPTED),
    ]
