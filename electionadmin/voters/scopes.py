"""Which voters a jurisdiction sees and changes, and what each role may do with them.

A committee sees the voters of the communes in its territory (a commune its own; a
city all), a board those of its electoral unit's areas, a team those of its area.
Only a committee's jurisdiction may change them, and only the commune committee's
role has the permissions to (it makes the list, docs/DOMAIN.md §4.3). Trainers and
viewers do not see personal data.
"""

from django.db.models import Q

from electionadmin.access import roles
from electionadmin.access.roles import extend_role
from electionadmin.access.scope import NOTHING, Jurisdiction, q, register, scope_q
from electionadmin.setup.models import VotingArea

from .models import AreaListCount, VoterChange, VoterEntry


def entry_visible(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        return q(p, commune__in=j.unit_ids())
    return q(p, voting_area__in=j.area_ids())


def entry_editable(j: Jurisdiction, p: str) -> Q:
    return q(p, commune__in=j.unit_ids()) if j.admin_unit else NOTHING


def change_scope(editable: bool):
    def scope(j: Jurisdiction, p: str) -> Q:
        return scope_q(j, VotingArea, f"{p}from_area__", editable=editable) | scope_q(
            j, VotingArea, f"{p}to_area__", editable=editable
        )

    return scope


register(VoterEntry, entry_visible, entry_editable)
register(VoterChange, change_scope(False), change_scope(True))
register(
    AreaListCount,
    lambda j, p: scope_q(j, VotingArea, f"{p}voting_area__"),
    lambda j, p: NOTHING,  # kept by counts.refresh_list_counts only
)

VIEW = ["voters.view_voterentry", "voters.view_voterchange"]
MANAGE = VIEW + [
    "voters.add_voterentry",
    "voters.change_voterentry",
    "voters.add_voterchange",
]
extend_role(roles.COMMUNE_COMMITTEE, MANAGE)
for role in (
    roles.CITY_COMMITTEE,
    roles.DISTRICT_COMMITTEE,
    roles.ELECTORAL_BOARD,
    roles.ELECTION_TEAM,
):
    extend_role(role, VIEW)
# The voters on each area's list (numbers, no personal data): every role that
# enters or watches turnout, which is checked against them (polling/scopes.py).
LIST_COUNTS_ROLES = (
    roles.CITY_COMMITTEE,
    roles.DISTRICT_COMMITTEE,
    roles.COMMUNE_COMMITTEE,
    roles.ELECTION_TEAM,
    roles.ELECTORAL_BOARD,
    roles.VIEWER,
)
for role in LIST_COUNTS_ROLES:
    extend_role(role, ["voters.view_arealistcount"])
