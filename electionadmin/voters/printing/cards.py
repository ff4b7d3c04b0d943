"""Voter cards (thẻ cử tri) drawn with ReportLab's canvas: four A6 cards (landscape,
148.5 × 105 mm) on an A4 landscape page, with cut lines.

Speed is the point (9.7 M cards for HCMC 2026). What every card shares (labels,
title, motto, cut lines) is drawn once per document as a PDF form XObject, and
what a voting area's cards share (issuer, area, polling place, date) once per area;
a card then draws only its own five strings. Entries stream from the database with
`.values().iterator()`: no model objects, nothing held but the page being drawn.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from electionadmin.printing.fonts import register_reportlab_fonts
from electionadmin.printing.heading import MOTTO, draw_mark, rehearsal_mark
from electionadmin.setup.models import Election, VotingArea

from ..models import VoterEntry
from .selection import PrintRound, form_number

PAGE_W, PAGE_H = landscape(A4)
CARD_W, CARD_H = PAGE_W / 2, PAGE_H / 2
SLOTS = [(0, CARD_H), (CARD_W, CARD_H), (0, 0), (CARD_W, 0)]  # reading order
PAD = 7 * mm
VALUE_X = 42 * mm
ADDRESS_W = CARD_W - VALUE_X - PAD
FIELDS = (
    "voting_area_id",
    "list_number",
    "full_name",
    "birth_date",
    "birth_precision",
    "gender",
    "residence",
    "permanent_address",
    "temporary_address",
)
BIRTH_FORMATS = {"d": "%d/%m/%Y", "m": "%m/%Y", "y": "%Y"}
GENDERS = dict(VoterEntry.Gender.choices)
TEMPORARY = {"temporary_12m_plus", "temporary_under_12m"}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
# Baselines of the card's lines, from the card's top edge.
Y_NAME, Y_BIRTH, Y_ADDRESS, Y_NUMBER = 40 * mm, 46.5 * mm, 53 * mm, 64.5 * mm


@dataclass
class Fonts:
    regular: str
    bold: str
    italic: str

    @classmethod
    def load(cls) -> "Fonts":
        names = register_reportlab_fonts()
        return cls(names["regular"], names["bold"], names["italic"])


def entries(areas: Iterable[VotingArea], chunk_size: int = 2000) -> Iterator[dict]:
    """The active entries of the areas, area by area, in list order, as dicts."""
    for area in areas:
        rows = VoterEntry.objects.active().filter(voting_area=area)
        rows = rows.order_by("list_number").values(*FIELDS)
        yield from rows.iterator(chunk_size=chunk_size)


def birth_text(row: dict) -> str:
    return row["birth_date"].strftime(BIRTH_FORMATS[row["birth_precision"]])


def address_text(row: dict) -> str:
    """The address the voter votes at: temporary if listed as a temporary resident."""
    first, second = row["permanent_address"], row["temporary_address"]
    if row["residence"] in TEMPORARY:
        first, second = second, first
    return first or second


def wrap(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    """Greedy word wrap; the last line is cut with an ellipsis if it overflows."""
    if len(text) < 40 and stringWidth(text, font, size) <= width:
        return [text]
    out, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and stringWidth(trial, font, size) > width:
            out.append(line)
            line = word
        else:
            line = trial
    out.append(line)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
        while stringWidth(out[-1] + "…", font, size) > width and out[-1]:
            out[-1] = out[-1][:-1]
        out[-1] += "…"
    return out


def election_day(election: Election, area: VotingArea, round=None):
    """The day the area votes: a later round's date, else its early date or the
    election's."""
    if round is not None:
        return round.day(area)
    return area.voting_date or election.election_date


def election_day_text(election: Election, area: VotingArea, round=None) -> str:
    day = election_day(election, area, round)
    return f"{WEEKDAYS[day.weekday()]}, ngày {day:%d/%m/%Y}"


def hours_text(election: Election) -> str:
    return f"Từ {election.polls_open:%H:%M} đến {election.polls_close:%H:%M}"


def issuer_lines(area: VotingArea) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", area.commune.name.upper()]


def place_lines(area: VotingArea) -> list[tuple[str, str]]:
    """(label, value) for the commune and the units above it (district in 2021)."""
    commune = area.commune
    lines = [("Xã/phường:", commune.name)]
    unit = commune.parent
    while unit is not None:
        label = "Tỉnh/thành phố:" if unit.parent_id is None else "Quận/huyện:"
        lines.append((label, unit.name))
        unit = unit.parent
    return lines


class CardPrinter:
    """Draws cards onto one canvas; `add()` places the next card in the next slot."""

    def __init__(self, out, election: Election, round: PrintRound | None = None):
        self.election, self.fonts, self.round = election, Fonts.load(), round
        self.canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        words = f" ({round.label})" if round else ""
        self.canvas.setTitle(f"Thẻ cử tri - {election.name}{words}")
        self.count, self.areas = 0, {}
        self._static_form()
        self._cuts_form()

    def text(self, size: float, bold: bool = False, italic: bool = False):
        font = self.fonts.bold if bold else self.fonts.regular
        self.canvas.setFont(self.fonts.italic if italic else font, size)

    def _static_form(self) -> None:
        c, centre = self.canvas, CARD_W * 0.7
        c.beginForm("card")
        self.text(7.5, bold=True)
        c.drawCentredString(centre, CARD_H - 8 * mm, MOTTO[0])
        c.drawCentredString(centre, CARD_H - 12 * mm, MOTTO[1])
        c.line(
            centre - 17 * mm, CARD_H - 13.3 * mm, centre + 17 * mm, CARD_H - 13.3 * mm
        )
        number = form_number(self.election, "VOTER_CARD")
        if number:
            self.text(6.5, italic=True)
            c.drawRightString(CARD_W - PAD, CARD_H - 4.5 * mm, number)
        self.text(15, bold=True)
        c.drawCentredString(CARD_W / 2, CARD_H - 23 * mm, "THẺ CỬ TRI")
        self.text(7.5)
        name = self.election.cycle.name or self.election.name
        for i, line in enumerate(
            wrap(name, self.fonts.regular, 7.5, CARD_W - 20 * mm, 2)
        ):
            c.drawCentredString(CARD_W / 2, CARD_H - (28 + 3.5 * i) * mm, line)
        if self.round:  # the round's name; its date is the area's "Ngày bầu cử"
            self.text(8, bold=True)
            c.drawCentredString(
                CARD_W / 2, CARD_H - 35.5 * mm, f"({self.round.label.upper()})"
            )
        self._labels()
        if rehearsal_mark(self.election):
            draw_mark(c, self.fonts.bold, CARD_W * 0.42, CARD_H - 3 * mm, size=6.5)
        c.endForm()

    def _labels(self) -> None:
        c = self.canvas
        self.text(8)
        for top, x, label in (
            (Y_NAME, PAD, "Họ và tên:"),
            (Y_BIRTH, PAD, "Ngày, tháng, năm sinh:"),
            (Y_BIRTH, 88 * mm, "Giới tính:"),
            (Y_ADDRESS, PAD, "Nơi cư trú:"),
        ):
            c.drawString(x, CARD_H - top, label)
        self.text(8.5, bold=True)
        c.drawString(PAD, CARD_H - Y_NUMBER, "SỐ THẺ CỬ TRI:")
        c.drawString(70 * mm, CARD_H - Y_NUMBER, "KHU VỰC BỎ PHIẾU SỐ:")

    def _cuts_form(self) -> None:
        c = self.canvas
        c.beginForm("cuts")
        c.setDash(3, 3)
        c.setLineWidth(0.4)
        c.setStrokeGray(0.45)
        c.line(CARD_W, 0, CARD_W, PAGE_H)
        c.line(0, CARD_H, PAGE_W, CARD_H)
        c.endForm()

    def _area_form(self, area: VotingArea) -> str:
        name = self.areas.get(area.pk)
        if name:
            return name
        name = self.areas[area.pk] = f"area{area.pk}"
        c = self.canvas
        c.beginForm(name)
        self.text(7.5, bold=True)
        for i, line in enumerate(issuer_lines(area)):
            c.drawCentredString(30 * mm, CARD_H - (8 + 4 * i) * mm, line)
        c.line(20 * mm, CARD_H - 13.3 * mm, 40 * mm, CARD_H - 13.3 * mm)
        self.text(11, bold=True)
        c.drawString(109 * mm, CARD_H - Y_NUMBER, str(area.number))
        self._area_lines(area)
        self._signature(area)
        c.endForm()
        return name

    def _area_lines(self, area: VotingArea) -> None:
        c, top = self.canvas, 70
        lines = place_lines(area)
        place = area.polling_place or "(chưa ghi)"
        lines.append(("Địa điểm bỏ phiếu:", place))
        day = election_day_text(self.election, area, self.round)
        lines.append(("Ngày bầu cử:", day))
        lines.append(("Giờ bỏ phiếu:", hours_text(self.election)))
        for label, value in lines:
            self.text(7.5)
            c.drawString(PAD, CARD_H - top * mm, label)
            self.text(7.5, bold=True)
            value = wrap(value, self.fonts.bold, 7.5, 62 * mm, 1)[0]
            c.drawString(PAD + 26 * mm, CARD_H - top * mm, value)
            top += 4.4

    def _signature(self, area: VotingArea) -> None:
        c, centre = self.canvas, CARD_W - 30 * mm
        day = election_day(self.election, area, self.round)
        self.text(7, italic=True)
        c.drawCentredString(
            centre, CARD_H - 71 * mm, f"Ngày ... tháng ... năm {day.year}"
        )
        self.text(7.5, bold=True)
        c.drawCentredString(centre, CARD_H - 75 * mm, "TM. ỦY BAN NHÂN DÂN")
        c.drawCentredString(centre, CARD_H - 79 * mm, "CHỦ TỊCH")

    def add(self, area: VotingArea, row: dict) -> None:
        c, slot = self.canvas, self.count % 4
        form = self._area_form(area)
        if slot == 0:
            if self.count:
                c.showPage()
            c.doForm("cuts")
        self.count += 1
        x, y = SLOTS[slot]
        c.saveState()
        c.translate(x, y)
        c.doForm("card")
        c.doForm(form)
        c.drawText(self._values(row))
        c.restoreState()

    def _values(self, row: dict):
        f, t = self.fonts, self.canvas.beginText()
        t.setFont(f.bold, 10)
        t.setTextOrigin(25 * mm, CARD_H - Y_NAME)
        t.textOut(row["full_name"].upper())
        t.setFont(f.regular, 8.5)
        t.setTextOrigin(43 * mm, CARD_H - Y_BIRTH)
        t.textOut(birth_text(row))
        t.setTextOrigin(103 * mm, CARD_H - Y_BIRTH)
        t.textOut(GENDERS.get(row["gender"], ""))
        address = wrap(address_text(row), f.regular, 8.5, ADDRESS_W, 2)
        for i, line in enumerate(address):
            t.setTextOrigin(VALUE_X - 17 * mm, CARD_H - Y_ADDRESS - i * 4 * mm)
            t.textOut(line)
        t.setFont(f.bold, 11)
        t.setTextOrigin(35 * mm, CARD_H - Y_NUMBER)
        t.textOut(str(row["list_number"]))
        return t

    def finish(self) -> int:
        if not self.count:
            self.text(12)
            self.canvas.drawString(
                PAD, PAGE_H - 20 * mm, "Không có cử tri nào để in thẻ."
            )
        self.canvas.save()
        return self.count


def render_cards(out, election: Election, areas: list[VotingArea], round=None) -> int:
    """Draw the cards of the areas' active entries to `out` (path or binary file);
    `round`: a later round's PrintRound (its name and date printed)."""
    printer = CardPrinter(out, election, round)
    by_id = {area.pk: area for area in areas}
    for row in entries(areas):
        printer.add(by_id[row["voting_area_id"]], row)
    return printer.finish()


def cards_pdf(election: Election, areas: list[VotingArea], round=None) -> bytes:
    from io import BytesIO

    out = BytesIO()
    render_cards(out, election, areas, round)
    return out.getvalue()
