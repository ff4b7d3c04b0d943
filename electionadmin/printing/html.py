"""Render an HTML template to PDF with xhtml2pdf and the embedded Vietnamese font.

xhtml2pdf 0.2.28 reads local files only under the working directory unless the
resource policy names more roots; a refused font is only a log warning and every
Vietnamese letter becomes a box. So the font directory is an extra root, and the
link callback resolves `font:<face>` and embedded PNG data (the verification QR
code), nothing else.
"""

from io import BytesIO

from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from .fonts import FACES, FONT_DIR

DATA_PNG = "data:image/png;base64,"


class PdfError(RuntimeError):
    pass


def link_callback(uri: str, rel: str) -> str | None:
    """`font:regular` → the font file; an embedded PNG (the verification QR code)
    is read by xhtml2pdf itself; any other resource is refused."""
    if uri.startswith("font:") and uri[5:] in FACES:
        return str(FACES[uri[5:]])
    if uri.startswith(DATA_PNG):
        return None
    raise PdfError(f"Tài nguyên không được phép trong PDF: {uri}")


def html_to_pdf(html: str) -> bytes:
    out = BytesIO()
    result = pisa.CreatePDF(
        html,
        dest=out,
        encoding="utf-8",
        link_callback=link_callback,
        resource_policy=ResourceAccessPolicy(extra_roots=(str(FONT_DIR),)),
    )
    if result.err:
        raise PdfError(f"Không tạo được PDF ({result.err} lỗi).")
    return out.getvalue()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))
