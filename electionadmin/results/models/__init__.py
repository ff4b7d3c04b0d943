"""Counting minutes, their double entry, ballot inventories and certification.

Domain words are defined in this app's README.md. The arithmetic of the minutes lives
in checks.py (one catalogue, used by the workflow, the screens, the importer and an
inventory's clean()); the state changes live in workflow.py; the figures' names and
labels in minutes_figures.py. One module per concept (counting, inventory,
rounds, certification); every model is imported from here.
"""

from ..minutes_figures import FIGURE_LABELS, FIGURES, INVENTORY_FIGURES
from .certification import Certification, ResultSnapshot
from .counting import (
    CandidateVotes,
    CountingEntry,
    CountingRecord,
    CountingRecordQuerySet,
    CountingRecordVersion,
    MinutesFigures,
    Round,
    unit_of_area,
)
from .inventory import BallotInventory
from .rounds import Confirmation, UnitRound

__all__ = [
    "MinutesFigures",
    "Round",
    "CountingRecordQuerySet",
    "CountingRecord",
    "unit_of_area",
    "CandidateVotes",
    "CountingEntry",
    "CountingRecordVersion",
    "BallotInventory",
    "Certification",
    "ResultSnapshot",
    "UnitRound",
    "Confirmation",
    "FIGURE_LABELS",
    "FIGURES",
    "INVENTORY_FIGURES",
]
