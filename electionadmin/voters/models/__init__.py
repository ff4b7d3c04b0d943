"""Voter lists: one entry per voter on one voting area's list, and the changes to them.

Domain words are defined in this app's README.md. One module per concept (entries,
changes, list_counts); every model is imported from here.
"""

from .changes import VoterChange
from .entries import ACTIVE, VoterEntry, VoterEntryQuerySet
from .list_counts import OVERALL, PER_CONTEST, AreaListCount

__all__ = [
    "ACTIVE",
    "VoterEntryQuerySet",
    "VoterEntry",
    "VoterChange",
    "OVERALL",
    "PER_CONTEST",
    "AreaListCount",
]
