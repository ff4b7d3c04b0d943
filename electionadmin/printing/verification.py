"""The verification code printed on every form: a short hash of its figures.

The receiving level scans the QR code, or types the short code alone (the forms
printed keep theirs: models.PrintedCode), and the system recomputes the same
figures from the current data: the same code means the paper shows what the data
holds now; another code means the data changed after printing (or the paper did).

    digest  = SHA-256 of canonical JSON {v, election, form, scope, contest, round,
              figures}, where `figures` is what the form's builder declares (the six
              figures and votes by ballot order, unit totals and winners, ...)
    short   = first 50 bits in base32, shown as "XXXXX-XXXXX"
    QR text = "BCVN1|<election>|<FORM_KEY>|<scope>|<contest or ->|<round>|<short>"

It is a checksum against the data, not a signature: whoever has the data can
recompute it, which is the point. Decisions never read it.
"""

import base64
import hashlib
import io
import json
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M

PREFIX = "BCVN1"
VERSION = 1


@dataclass(frozen=True)
class Reference:
    """What a code refers to: enough to rebuild the form's figures."""

    election: str
    form: str
    scope: str
    contest: str = ""
    round: str = "first"

    def payload(self, figures) -> dict:
        return {
            "v": VERSION,
            "election": self.election,
            "form": self.form,
            "scope": self.scope,
            "contest": self.contest,
            "round": self.round,
            "figures": figures,
        }

    def qr_text(self, short: str) -> str:
        fields = [self.election, self.form, self.scope, self.contest or "-"]
        return "|".join([PREFIX, *fields, self.round, short])


def short_code(reference: Reference, figures) -> str:
    canonical = json.dumps(
        reference.payload(figures),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    letters = base64.b32encode(digest).decode("ascii")[:10]
    return f"{letters[:5]}-{letters[5:]}"


def normalise(code: str) -> str:
    """Typed codes: case, spaces and the dash do not matter; 0/O and 1/I/L do not
    exist in base32, so a mistyped one is read as the letter it looks like."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    letters = letters.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))
    return f"{letters[:5]}-{letters[5:]}" if len(letters) == 10 else letters


def is_short(text: str) -> bool:
    """The short code typed alone (no QR text): 10 letters and digits."""
    letters = "".join(ch for ch in (text or "") if ch.isalnum())
    return "|" not in (text or "") and len(letters) == 10


class BadCode(ValueError):
    pass


def parse(text: str) -> tuple[Reference, str]:
    """The QR text -> (reference, short code)."""
    parts = [p.strip() for p in (text or "").strip().split("|")]
    if len(parts) != 7 or parts[0] != PREFIX:
        raise BadCode(
            "Mã xác thực không đúng dạng: cần chuỗi đọc từ mã QR, bắt đầu bằng "
            f"{PREFIX}|… (7 phần ngăn bởi dấu |)."
        )
    _, election, form, scope, contest, round, short = parts
    contest = "" if contest == "-" else contest
    return Reference(election, form.upper(), scope, contest, round), normalise(short)


def qr_matrix(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def qr_data_uri(text: str) -> str:
    """The QR code as a PNG data URI, for the HTML templates."""
    image = qrcode.make(text, error_correction=ERROR_CORRECT_M, box_size=3, border=1)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def context(reference: Reference, figures, *, with_image: bool = True) -> dict:
    """The template's `verification`: short code, QR text and the QR image."""
    short = short_code(reference, figures)
    text = reference.qr_text(short)
    return {
        "code": short,
        "qr_text": text,
        "qr_image": qr_data_uri(text) if with_image else "",
        "reference": reference,
    }
