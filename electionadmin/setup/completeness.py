"""An election's completeness, as the overview screen shows it (admin.py,
`ElectionAdmin.completeness_view`).

Errors are `check_election`'s findings (coverage.py: every voting area in exactly
one electoral unit of each contest, the legal surplus of candidates). Warnings are
what is still missing for election day: a contest without electoral units, a unit
without its Ban bầu cử, a voting area without a polling place or a Tổ bầu cử, a body
whose members are outside the sizes the cycle sets (docs/DOMAIN.md §1.2). Each
finding names the record to fix; `for_user` keeps those of the user's jurisdiction
(the record visible to the user, and its voting areas, when it is about some).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from electionadmin.access.scope import restrict

from .coverage import Finding, saved_findings
from .models import Contest, ElectionBody, ElectoralUnit, VotingArea

ERROR, WARNING = "error", "warning"
SHOWN = 500  # per kind on the page; the totals are always shown


@dataclass
class Item:
    severity: str
    message: str
    target: object
    area_ids: frozenset[int] = frozenset()
    editable: bool = False  # may the reader fix it (for_user sets it)

    @property
    def url(self) -> str:
        opts = self.target._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.target.pk]
        )

    @property
    def link_label(self) -> str:
        return f"{self.target._meta.verbose_name.capitalize()}: {self.target}"


def contest_label(contest) -> str:
    """`đại biểu Quốc hội`, `đại biểu HĐND phường Tân Định`: no internal code."""
    if contest.council_unit_id is None:
        return "đại biểu Quốc hội"
    name = contest.council_unit.name
    return f"đại biểu HĐND {name[:1].lower()}{name[1:]}"


def election_items(election) -> list[Item]:
    """Every finding of the election, errors first."""
    errors = [_item(ERROR, f) for f in saved_findings(election, contest_label)]
    return (
        errors
        + missing_units(election)
        + missing_boards(election)
        + (area_warnings(election) + body_size_warnings(election))
    )


def _item(severity: str, finding: Finding) -> Item:
    return Item(severity, finding.message, finding.target, finding.area_ids)


def missing_units(election) -> list[Item]:
    contests = Contest.objects.filter(election=election, units__isnull=True)
    return [
        Item(
            WARNING,
            f"Cuộc bầu cử {contest_label(c)} chưa có đơn vị bầu cử nào.",
            c,
        )
        for c in contests.select_related("council_unit")
    ]


def missing_boards(election) -> list[Item]:
    units = ElectoralUnit.objects.filter(
        contest__election=election, board__isnull=True
    ).select_related("contest__council_unit")
    return [
        Item(
            WARNING,
            f"{unit} của cuộc bầu cử {contest_label(unit.contest)} chưa có Ban bầu cử.",
            unit,
        )
        for unit in units
    ]


def area_warnings(election) -> list[Item]:
    areas = VotingArea.objects.filter(election=election).select_related("commune")
    items = []
    for area in areas.filter(polling_place=""):
        items.append(
            Item(
                WARNING,
                f"Khu vực bỏ phiếu {area.key} ({area.commune.name}) chưa ghi địa "
                "điểm bỏ phiếu.",
                area,
                frozenset([area.pk]),
            )
        )
    for area in areas.filter(team__isnull=True):
        items.append(
            Item(
                WARNING,
                f"Khu vực bỏ phiếu {area.key} ({area.commune.name}) chưa có Tổ bầu cử.",
                area,
                frozenset([area.pk]),
            )
        )
    return items


def body_size_warnings(election) -> list[Item]:
    """Member counts outside the cycle's sizes for each kind of body."""
    sizes = election.cycle.body_sizes or {}
    bodies = (
        ElectionBody.objects.filter(election=election)
        .select_related(
            "admin_unit", "electoral_unit__contest__council_unit", "voting_area"
        )
        .select_related("voting_area__commune")
        .annotate(n=Count("members"))
    )
    items = []
    for body in bodies:
        limits = sizes.get(size_key(body))
        if limits and not limits[0] <= body.n <= limits[1]:
            area = {body.voting_area_id} if body.voting_area_id else set()
            items.append(
                Item(
                    WARNING,
                    f"{body_label(body)} có {body.n} thành viên; luật quy định từ "
                    f"{limits[0]} đến {limits[1]} thành viên.",
                    body,
                    frozenset(area),
                )
            )
    return items


def size_key(body) -> str:
    """The key of `cycle.body_sizes` for a body (as the importer's checks read it)."""
    if body.kind == ElectionBody.Kind.COMMITTEE:
        return f"committee:{body.admin_unit.level}"
    if body.kind == ElectionBody.Kind.BOARD:
        return f"board:{body.electoral_unit.contest.kind}"
    armed = body.voting_area.area_type == VotingArea.AreaType.ARMED_FORCES
    return "team:armed_forces" if armed else "team:normal"


def body_label(body) -> str:
    if body.kind == ElectionBody.Kind.COMMITTEE:
        return f"Ủy ban bầu cử {body.admin_unit.name}"
    if body.kind == ElectionBody.Kind.BOARD:
        unit = body.electoral_unit
        return f"Ban bầu cử {unit} ({contest_label(unit.contest)})"
    area = body.voting_area
    return f"Tổ bầu cử khu vực bỏ phiếu {area.key} ({area.commune.name})"


def for_user(items: list[Item], user, election) -> list[Item]:
    """The findings of the user's jurisdiction: the record to fix is one the user
    sees, and so is at least one of the voting areas the finding is about."""
    by_model = defaultdict(set)
    for item in items:
        by_model[type(item.target)].add(item.target.pk)
    visible = {m: _ids(m, pks, user) for m, pks in by_model.items()}
    editable = {m: _ids(m, pks, user, editable=True) for m, pks in by_model.items()}
    areas = set(
        restrict(VotingArea.objects.filter(election=election), user).values_list(
            "pk", flat=True
        )
    )
    kept = []
    for item in items:
        pk, model = item.target.pk, type(item.target)
        if pk in visible[model] and (not item.area_ids or item.area_ids & areas):
            item.editable = pk in editable[model] and user.has_perm(
                f"{model._meta.app_label}.change_{model._meta.model_name}"
            )
            kept.append(item)
    return kept


def _ids(model, pks, user, editable: bool = False) -> set[int]:
    found = restrict(model._default_manager.filter(pk__in=pks), user, editable=editable)
    return set(found.values_list("pk", flat=True))
