"""The heading every printed form shares, in one place.

A form's printed number and title come from the election's cycle (`Cycle.forms`,
seeded from setup/cycle_defaults.py, edited by the system administrator): code and
templates name only the form's key. `base_context` gives what the heading prints
(issuing body, national motto, number, title) and the footer; the HTML forms show
it with `templates/documents/base_form.html` + `_heading.html`, the drawn ones with
`drawing.heading`.
"""

from electionadmin.setup.cycle_defaults import _FORM_TITLES as DEFAULT_TITLES

FOOTER_NOTE = "Nhất thiết không được tẩy xóa trên biên bản"
# A drill election's mark (`Election.is_rehearsal`): at the top of every form, in
# every page's footer, on every voter card.
REHEARSAL_MARK = "DIỄN TẬP"
REHEARSAL_LINE = "BẦU CỬ DIỄN TẬP — không phải số liệu thật"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def form_entry(cycle, key: str) -> dict[str, str]:
    """{number, title} of the form in this cycle; the default title if missing."""
    found = (cycle.forms or {}).get(key) or {}
    return {
        "number": (found.get("number") or "").strip(),
        "title": (found.get("title") or DEFAULT_TITLES.get(key, key)).strip(),
    }


def rehearsal_mark(election) -> str:
    """ "DIỄN TẬP" for a drill election, "" otherwise."""
    return REHEARSAL_MARK if getattr(election, "is_rehearsal", False) else ""


def draw_mark(canvas, font: str, x: float, y: float, size: float = 11) -> None:
    """The drill mark on a ReportLab canvas: red bold text in a red box, its top
    right corner at (x, y); the drawn forms (voter lists, certificates, cards) call it
    on every page or card."""
    text = f"{REHEARSAL_MARK} — không phải số liệu thật"
    width = canvas.stringWidth(text, font, size) + size
    canvas.saveState()
    canvas.setStrokeColorRGB(0.75, 0, 0)
    canvas.setFillColorRGB(0.75, 0, 0)
    canvas.setLineWidth(1.2)
    canvas.rect(x - width, y - size * 1.5, width, size * 1.5, stroke=1, fill=0)
    canvas.setFont(font, size)
    canvas.drawString(x - width + size / 2, y - size * 1.1, text)
    canvas.restoreState()


def heading_lines(subtitle: str, round_words: str) -> list[str]:
    """The lines under a form's title: the election, with the round when it is not
    the first ("(Bầu cử thêm)")."""
    line = f"{subtitle} {round_words}".strip()
    return [line] if line else []


def base_context(
    election,
    key: str,
    issuing_body: str,
    issuing_sub: str,
    subtitle: str = "",
    round_words: str = "",
) -> dict:
    """Header, title, the lines under it and the footer every form needs; the HTML
    forms print them with `_heading.html`, the drawn ones with `drawing.heading`."""
    found = form_entry(election.cycle, key)
    return {
        "motto": MOTTO,
        "subtitle": subtitle,
        "round_words": round_words,
        "heading_lines": heading_lines(subtitle, round_words),
        "form_key": key,
        "form_number": found["number"],
        "form_title": found["title"],
        "heading": found["title"].upper(),
        "issuing_body": issuing_body,
        "issuing_body_sub": issuing_sub,
        "election": election,
        "election_name": election.name,
        "draft_note": "",
        "rehearsal_mark": rehearsal_mark(election),
        "rehearsal_line": REHEARSAL_LINE if rehearsal_mark(election) else "",
        "footer_note": (
            f"{REHEARSAL_MARK} — {FOOTER_NOTE}"
            if rehearsal_mark(election)
            else FOOTER_NOTE
        ),
    }
