"""The voter list (danh sách cử tri) in the cycle's form, with xhtml2pdf.

2021: Mẫu số 33/HĐBC, columns from forms_layouts.csv. 2026: Mẫu số 31/HĐBC, whose
columns were not found (docs/DOMAIN.md §4.5): the 2021 columns are reused, with one
tick column per HĐND level the cycle has (no Huyện column in the two-tier system).
Neither form has a citizen-ID column, so none is printed. Only entries on the list
(status active) are printed; struck-off entries are left out. Households stay
together in list-number order; a new household starts with a ruled line.
"""

from electionadmin.printing.html import render_pdf
from electionadmin.setup.models import Election, VotingArea

from .. import eligibility
from ..models import VoterEntry
from .selection import form_number, form_title

TEMPLATE = "documents/voter_list.html"
COUNCIL_LABELS = {"HDND_TINH": "Tỉnh", "HDND_HUYEN": "Huyện", "HDND_XA": "Xã"}
TEMPORARY = {"temporary_12m_plus", "temporary_under_12m"}
FIELDS = (
    "list_number",
    "full_name",
    "birth_date",
    "birth_precision",
    "gender",
    "ethnicity",
    "occupation",
    "residence",
    "permanent_address",
    "temporary_address",
    "household",
    "contest_mask",
    "note",
)
BIRTH_FORMATS = {"d": "%d/%m/%Y", "m": "%m/%Y", "y": "%Y"}


def councils(election: Election) -> list[tuple[str, str, int]]:
    return [
        (kind, COUNCIL_LABELS[kind], eligibility.CONTEST_BITS[kind])
        for kind in election.cycle.contest_kinds
        if kind in COUNCIL_LABELS
    ]


def line(row: dict, council_bits: list[int], new_household: bool) -> dict:
    mask = row["contest_mask"]
    temporary = row["residence"] in TEMPORARY
    return {
        "number": row["list_number"],
        "name": row["full_name"],
        "birth": row["birth_date"].strftime(BIRTH_FORMATS[row["birth_precision"]]),
        "male": row["gender"] == "M",
        "female": row["gender"] == "F",
        "ethnicity": row["ethnicity"],
        "occupation": row["occupation"],
        "permanent": row["permanent_address"],
        "temporary": row["temporary_address"] if temporary else "",
        "qh": bool(mask & eligibility.CONTEST_BITS["QH"]),
        "councils": [bool(mask & bit) for bit in council_bits],
        "note": row["note"],
        "new_household": new_household,
    }


def area_lines(area: VotingArea, council_bits: list[int]) -> list[dict]:
    rows = VoterEntry.objects.active().filter(voting_area=area)
    rows = rows.order_by("list_number").values(*FIELDS)
    lines, previous = [], None
    for row in rows.iterator(chunk_size=2000):
        key = row["household"] or f"#{row['list_number']}"
        lines.append(line(row, council_bits, previous is not None and key != previous))
        previous = key
    return lines


def totals(area: VotingArea, election: Election) -> dict:
    entries = VoterEntry.objects.active().filter(voting_area=area)
    counts = entries.contest_counts()
    return {
        "total": entries.count(),
        "male": entries.filter(gender="M").count(),
        "female": entries.filter(gender="F").count(),
        "qh": counts["QH"],
        "councils": [(label, counts[kind]) for kind, label, _ in councils(election)],
    }


def place(area: VotingArea) -> list[str]:
    units, unit = [], area.commune
    while unit is not None:
        units.append(unit.name)
        unit = unit.parent
    return units


def area_context(area: VotingArea, election: Election) -> dict:
    council_bits = [bit for _, _, bit in councils(election)]
    return {
        "area": area,
        "place": ", ".join(place(area)),
        "issuing_body": f"ỦY BAN NHÂN DÂN {area.commune.name.upper()}",
        "lines": area_lines(area, council_bits),
        "totals": totals(area, election),
    }


def list_context(election: Election, areas: list[VotingArea]) -> dict:
    return {
        "election": election,
        "form_number": form_number(election, "VOTER_LIST"),
        "form_title": form_title(election, "VOTER_LIST"),
        "council_labels": [label for _, label, _ in councils(election)],
        "areas": [area_context(area, election) for area in areas],
        "issuing_body": f"ỦY BAN NHÂN DÂN {areas[0].commune.name.upper()}"
        if areas
        else "",
        "footer_note": f"Danh sách cử tri - {election.name}",
    }


def list_pdf(election: Election, areas: list[VotingArea]) -> bytes:
    return render_pdf(TEMPLATE, list_context(election, areas))


def render_list(path, election: Election, areas: list[VotingArea]) -> int:
    """Write the list PDF to a path or a binary file; returns the voters printed."""
    data = list_pdf(election, areas)
    if hasattr(path, "write"):
        path.write(data)
    else:
        with open(path, "wb") as out:
            out.write(data)
    return VoterEntry.objects.active().filter(voting_area__in=areas).count()
