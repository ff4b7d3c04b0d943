"""A guide printed as PDF, through the forms' renderer and its Vietnamese font.

Pictures go in as embedded PNG data (the renderer reads no other files): each is a
Wagtail rendition at most 1000 px wide, the size the page shows.
"""

import base64

from electionadmin.printing.html import DATA_PNG, render_pdf

PICTURE = "max-1000x1400|format-png"


def _png_data(image) -> str:
    rendition = image.get_rendition(PICTURE)
    with rendition.file.open("rb") as handle:
        return DATA_PNG + base64.b64encode(handle.read()).decode("ascii")


def steps_for_print(guide) -> list[dict]:
    steps = []
    for block in guide.steps:
        if block.block_type == "picture":
            value = block.value
            steps.append(
                {
                    "type": "picture",
                    "src": _png_data(value["image"]),
                    "caption": value.get("caption") or value["image"].title,
                }
            )
        else:
            steps.append({"type": block.block_type, "value": block.value})
    return steps


def render_guide_pdf(guide) -> bytes:
    return render_pdf(
        "publishing/guide_pdf.html",
        {"page": guide, "steps": steps_for_print(guide)},
    )
