"""What a form is printed for: the `--scope` (and `--contest`, `--round`) of
print_form, resolved to the election's records, with Vietnamese messages.

    TEAM_COUNT_QH          --scope 26734/1                (contest QH)
    TEAM_COUNT_HDND        --scope 26734/1 --contest HDND_XA:26734
    BALLOT_INVENTORY       --scope 26734/1                (every contest of the area)
    BOARD_RESULT_QH        --scope QH#1
    BOARD_RESULT_HDND      --scope HDND_TINH:79#3
    COMMITTEE_RESULT_QH    --scope QH
    COMMITTEE_SUMMARY_HDND --scope HDND_TINH:79
    WINNERS_LIST           --scope QH | HDND_XA:26734
    TURNOUT_REPORT         --scope 79 | 760 | 26734       (default: the province)
    COUNT_PROGRESS_REPORT  --scope 79 | 760 | 26734
"""

from dataclasses import dataclass

from electionadmin.printing import catalogue
from electionadmin.printing.verification import Reference
from electionadmin.results.models import Round
from electionadmin.setup.models import (
    AdminUnit,
    Contest,
    Election,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)


class ScopeError(ValueError):
    """A scope that names nothing printable; the message is shown as it is."""


@dataclass
class Target:
    election: Election
    spec: catalogue.FormSpec
    scope: str
    round: str = Round.FIRST
    contest: Contest | None = None
    area: VotingArea | None = None
    unit: ElectoralUnit | None = None
    admin_unit: AdminUnit | None = None

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def reference(self) -> Reference:
        contest = self.contest.key if self.contest and self.spec.scope == "area" else ""
        return Reference(self.election.code, self.key, self.scope, contest, self.round)

    def slug(self) -> str:
        parts = [self.election.code, self.key.lower(), self.scope]
        if self.contest is not None and self.spec.scope == catalogue.AREA:
            parts.append(self.contest.key)
        if self.round != Round.FIRST:
            parts.append(self.round)
        text = "-".join(parts)
        return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def _contests(election: Election) -> dict[str, Contest]:
    return {c.key: c for c in election.contests.select_related("council_unit")}


def contest_of(election: Election, key: str, spec: catalogue.FormSpec) -> Contest:
    contests = _contests(election)
    contest = contests.get((key or "").strip().upper().replace("HĐND", "HDND"))
    if contest is None:
        contest = contests.get((key or "").strip())
    if contest is None:
        known = ", ".join(contests) or "(chưa có)"
        raise ScopeError(f"Cuộc bầu cử {election.code} không có '{key}'. Có: {known}.")
    if spec.kinds and contest.kind not in spec.kinds:
        raise ScopeError(f"Biểu mẫu {spec.key} không dùng cho cuộc bầu cử {key}.")
    return contest


def area_of(election: Election, scope: str) -> VotingArea:
    commune, _, number = (scope or "").strip().partition("/")
    area = None
    if number.isdigit():
        area = (
            VotingArea.objects.filter(
                election=election, commune__code=commune, number=int(number)
            )
            .select_related("commune__parent__parent")
            .first()
        )
    if area is None:
        raise ScopeError(
            f"Không có khu vực bỏ phiếu '{scope}' trong cuộc bầu cử {election.code} "
            "(ghi mã xã/phường/số khu vực, ví dụ 26734/1)."
        )
    return area


def unit_of(election: Election, scope: str, spec) -> ElectoralUnit:
    key, _, number = (scope or "").strip().rpartition("#")
    contest = contest_of(election, key, spec) if key else None
    unit = None
    if contest is not None and number.isdigit():
        unit = contest.units.filter(number=int(number)).first()
    if unit is None:
        raise ScopeError(
            f"Không có đơn vị bầu cử '{scope}' (ghi như QH#1 hoặc HDND_TINH:79#3)."
        )
    return unit


def admin_unit_of(election: Election, scope: str) -> AdminUnit:
    code = (scope or "").strip()
    if not code:
        if election.province is None:
            raise ScopeError("Hãy ghi mã đơn vị hành chính (--scope).")
        return election.province
    found = AdminUnit.objects.filter(unit_set=election.unit_set_id, code=code).first()
    if found is None:
        raise ScopeError(f"Không có đơn vị hành chính mã '{code}'.")
    return found


def _team_contest(election, area, spec, contest_key: str | None) -> Contest:
    if not contest_key and spec.key == "TEAM_COUNT_QH":
        contest_key = "QH"
    if not contest_key:
        keys = ElectoralUnitArea.objects.filter(voting_area=area).select_related(
            "contest__council_unit"
        )
        known = ", ".join(k.contest.key for k in keys if k.contest.kind != "QH")
        raise ScopeError(f"Hãy ghi cuộc bầu cử (--contest), một trong: {known}.")
    contest = contest_of(election, contest_key, spec)
    links = ElectoralUnitArea.objects.filter(contest=contest, voting_area=area)
    if not links.exists():
        raise ScopeError(
            f"Khu vực bỏ phiếu {area.key} không thuộc đơn vị bầu cử nào của "
            f"{contest.key}."
        )
    return contest


def resolve(
    election: Election,
    key: str,
    scope: str,
    contest: str | None = None,
    round: str = Round.FIRST,
) -> Target:
    spec = catalogue.spec_of(key)
    if round not in Round.values:
        raise ScopeError(f"Lần bầu cử '{round}' không có; dùng: {', '.join(Round)}.")
    target = Target(election, spec, (scope or "").strip(), round)
    if spec.scope == catalogue.AREA:
        target.area = area_of(election, scope)
        target.scope = target.area.key
        if spec.key in catalogue.TEAM_FORMS:
            target.contest = _team_contest(election, target.area, spec, contest)
    elif spec.scope == catalogue.UNIT:
        target.unit = unit_of(election, scope, spec)
        target.contest = target.unit.contest
        target.scope = target.unit.key
    elif spec.scope == catalogue.CONTEST:
        target.contest = contest_of(election, scope, spec)
        target.scope = target.contest.key
    else:
        target.admin_unit = admin_unit_of(election, scope)
        target.scope = target.admin_unit.code
    return target
