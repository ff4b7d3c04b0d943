"""The embedded font: Be Vietnam Pro (OFL), static TTFs from the pip package.

ReportLab's built-in fonts have no Vietnamese glyphs; every PDF uses these.
"""

from functools import cache
from pathlib import Path

import fontpkg_be_vietnam_pro
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
FAMILY = "BeVietnamPro"
FACES = {
    "regular": FONT_DIR / "BeVietnamPro-Regular.ttf",
    "bold": FONT_DIR / "BeVietnamPro-Bold.ttf",
    "italic": FONT_DIR / "BeVietnamPro-Italic.ttf",
    "bolditalic": FONT_DIR / "BeVietnamPro-BoldItalic.ttf",
}


@cache
def register_reportlab_fonts() -> dict[str, str]:
    """Register the faces with ReportLab once; returns {face: font name}."""
    names = {}
    for face, path in FACES.items():
        name = FAMILY if face == "regular" else f"{FAMILY}-{face}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        names[face] = name
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bolditalic"],
    )
    return names
