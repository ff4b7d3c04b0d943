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
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def form_entry(cycle, key: str) -> dict[str, str]:
    """{number, title} of the form in this cycle; the default title if missing."""
    found = (cycle.forms or {}).get(key) or {}
    return {
        "number": (found.get("number") or "").strip(),
        "title": (found.get("title") or DEFAULT_TITLES.get(key, key)).strip(),
    }


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
        "footer_note": FOOTER_NOTE,
        "election": election,
        "election_name": election.name,
        "draft_note": "",
    }
