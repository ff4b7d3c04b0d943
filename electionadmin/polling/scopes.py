"""Who sees and who enters turnout figures, and each role's permissions.

A team enters its own area's figures, a committee those of the areas of its
territory (a commune its own areas). Boards and viewers only look; trainers see
nothing of it.
Dashboards show the units of the user's jurisdiction: a commune its commune, a
district its district and communes, the city everything.
"""

from django.db.models import Q

from electionadmin.access import roles
from electionadmin.access.roles import extend_role
from electionadmin.access.scope import NOTHING, Jurisdiction, q, register, scope_q
from electionadmin.setup.models import AdminUnit, VotingArea

from .models import ApiToken, CountingStart, TurnoutFigure

ENTERING_ROLES = roles.COMMITTEES | {roles.ELECTION_TEAM}


def area_visible(j: Jurisdiction, p: str) -> Q:
    return scope_q(j, VotingArea, f"{p}voting_area__")


def area_editable(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        return q(p, voting_area__commune__in=j.unit_ids())
    if j.voting_area:
        return q(p, voting_area=j.voting_area)
    return NOTHING


register(TurnoutFigure, area_visible, area_editable)
register(CountingStart, area_visible, area_editable)
register(ApiToken, lambda j, p: NOTHING)

VIEW = [
    "polling.view_turnoutfigure",
    "polling.view_countingstart",
]
ENTER = VIEW + [
    "polling.add_turnoutfigure",
    "polling.change_turnoutfigure",
    "polling.add_countingstart",
]
for _role in ENTERING_ROLES:
    extend_role(_role, ENTER)
for _role in (roles.ELECTORAL_BOARD, roles.VIEWER):
    extend_role(_role, VIEW)
# Each of these roles also sees the voters on each area's list (voters.scopes:
# LIST_COUNTS_ROLES), which the entry screens show beside the figures.


def role_of(user) -> str | None:
    return roles.SYSADMIN if user.is_superuser else roles.role_of(user)


def enters_figures(user) -> bool:
    """Does the user's role enter turnout figures at all? (Viewers and boards
    only look.)"""
    return role_of(user) in ENTERING_ROLES | {roles.SYSADMIN}


def may_enter(user, area) -> bool:
    """May the user save figures for this voting area? (No query for a team.)"""
    if not (user.is_active and user.is_staff):
        return False
    role = role_of(user)
    j = Jurisdiction.for_user(user)
    if j.everything:
        return role == roles.SYSADMIN
    if role not in ENTERING_ROLES:
        return False
    if j.voting_area:
        return area.pk == j.voting_area.pk
    if j.admin_unit:
        return area.commune_id == j.admin_unit.pk or area.commune_id in j.unit_ids()
    return False


def may_view_unit(user, unit: AdminUnit) -> bool:
    """Dashboards: the units of the user's own territory."""
    j = Jurisdiction.for_user(user)
    if j.everything:
        return True
    return bool(j.admin_unit) and unit.pk in j.unit_ids()


def home_unit(user, election) -> AdminUnit | None:
    """The unit whose dashboard the user lands on."""
    j = Jurisdiction.for_user(user)
    if j.everything:
        return election.province
    return j.admin_unit
