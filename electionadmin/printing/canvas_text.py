"""Text on a ReportLab canvas at the speed of the canvas: widths measured once per
word (a voter list repeats the same street and ward names thousands of times),
greedy word wrap, and "Trang n / m" footers whose total is known only at the end.
"""

from reportlab.pdfbase.pdfmetrics import stringWidth


class Measure:
    """Widths of one font at one size, memoised per word."""

    def __init__(self, font: str, size: float):
        self.font, self.size = font, size
        self.widths: dict[str, float] = {}
        self.space = stringWidth(" ", font, size)

    def width(self, text: str) -> float:
        found = self.widths.get(text)
        if found is None:
            found = self.widths[text] = stringWidth(text, self.font, self.size)
        return found

    def line_width(self, line: str) -> float:
        words = line.split(" ")
        return sum(map(self.width, words)) + self.space * (len(words) - 1)

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap to `width`; a word wider than a line is cut."""
        if not text:
            return []
        if len(text) < 12 and self.width(text) <= width:
            return [text]
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in text.split():
            w = self.width(word)
            if w > width:
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                pieces = self._cut(word, width)
                lines += pieces[:-1]
                word, w = pieces[-1], self.width(pieces[-1])
            if line and used + self.space + w > width:
                lines.append(" ".join(line))
                line, used = [word], w
            else:
                used = used + self.space + w if line else w
                line.append(word)
        if line:
            lines.append(" ".join(line))
        return lines

    def _cut(self, word: str, width: float) -> list[str]:
        pieces, piece = [], ""
        for ch in word:
            if piece and stringWidth(piece + ch, self.font, self.size) > width:
                pieces.append(piece)
                piece = ""
            piece += ch
        return pieces + [piece]


class PageCount:
    """ "<note> — Trang n / m" under every page; m is a form XObject defined when
    the document is finished, so pages are drawn once and never held back."""

    NAME = "pagecount"

    def __init__(self, canvas, font: str, size: float):
        self.canvas, self.font, self.size = canvas, font, size
        self.pages = 0

    def draw(self, note: str, x: float, y: float) -> None:
        c = self.canvas
        self.pages += 1
        text = f"{note} — Trang {self.pages} / "
        c.setFont(self.font, self.size)
        c.drawString(x, y, text)
        c.saveState()
        c.translate(x + stringWidth(text, self.font, self.size), y)
        c.doForm(self.NAME)
        c.restoreState()

    def finish(self) -> None:
        c = self.canvas
        c.beginForm(self.NAME)
        c.setFont(self.font, self.size)
        c.drawString(0, 0, str(self.pages))
        c.endForm()
