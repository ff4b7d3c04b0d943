"""The structure of an election: cycle rules, dated administrative units, contests,
electoral units, voting areas, election bodies and their members, candidates.

Domain words are defined in this app's README.md. One module per concept (cycles,
units, elections, areas, people); every model is imported from here.
"""

from .areas import ElectoralUnit, ElectoralUnitArea, VotingArea
from .cycles import Cycle
from .elections import Contest, Election
from .people import BodyMember, Candidate, ElectionBody
from .units import AdminUnit, AdminUnitQuerySet, AdminUnitSet, AdminUnitSetQuerySet

__all__ = [
    "Cycle",
    "AdminUnitSetQuerySet",
    "AdminUnitSet",
    "AdminUnitQuerySet",
    "AdminUnit",
    "Election",
    "Contest",
    "VotingArea",
    "ElectoralUnit",
    "ElectoralUnitArea",
    "ElectionBody",
    "BodyMember",
    "Candidate",
]
