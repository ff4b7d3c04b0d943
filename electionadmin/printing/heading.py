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


def form_entry(cycle, key: str) -> dict[str, str]:
    """{number, title} of the form in this cycle; the default title if missing."""
    found = (cycle.forms or {}).get(key) or {}
    return {
        "number": (found.get("number") or "").strip(),
        "title": (found.get("title") or DEFAULT_TITLES.get(key, key)).strip(),
    }


def base_context(election, key: str, issuing_body: str, issuing_sub: str) -> dict:
    """Header, title and footer every form template needs."""
    found = form_entry(election.cycle, key)
    return {
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
