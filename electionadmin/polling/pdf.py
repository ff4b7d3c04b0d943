"""PDF from an HTML template with xhtml2pdf and the embedded Be Vietnam Pro font.

xhtml2pdf 0.2.28 reads local files only under the working directory unless the
resource policy names more roots: the font directory is added, or every Vietnamese
letter would silently become a box.
"""

from io import BytesIO
from pathlib import Path

import fontpkg_be_vietnam_pro
from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

FONT_DIR = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
FONTS = {
    "regular": FONT_DIR / "BeVietnamPro-Regular.ttf",
    "bold": FONT_DIR / "BeVietnamPro-Bold.ttf",
}


class PdfError(RuntimeError):
    pass


def link_callback(uri: str, rel: str) -> str:
    """`font:regular` -> the font file; anything else is refused."""
    if uri.startswith("font:") and uri[5:] in FONTS:
        return str(FONTS[uri[5:]])
    raise PdfError(f"Tài nguyên không được phép trong PDF: {uri}")


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    out = BytesIO()
    policy = ResourceAccessPolicy(extra_roots=(str(FONT_DIR),))
    result = pisa.CreatePDF(
        html,
        dest=out,
        encoding="utf-8",
        link_callback=link_callback,
        resource_policy=policy,
    )
    if result.err:
        raise PdfError(f"Không tạo được PDF ({result.err} lỗi).")
    return out.getvalue()
