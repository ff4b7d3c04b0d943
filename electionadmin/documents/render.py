"""Print one statutory form: resolve its target, build its context, render it.

    printed = print_form(election, "BOARD_RESULT_QH", "QH#1")
    printed.filename, printed.content   # "HCM-2021-board_result_qh-QH_1.pdf", b"%PDF…"

`verify(text)` recomputes the figures behind a printed verification code. The admin
screens, print_form and the batch jobs all go through here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from electionadmin.polling import report_forms
from electionadmin.printing import verification, words
from electionadmin.printing.html import render_pdf
from electionadmin.printing.models import PrintedCode
from electionadmin.results import progress_reports
from electionadmin.setup.models import Election

from . import board, committee, team
from .targets import ScopeError, Target, resolve
from .team import NotPrintable
from .team_minutes import render_team_minutes

BUILDERS: dict[str, Callable[[Target], dict]] = {
    "TEAM_COUNT_QH": team.build_team_count,
    "TEAM_COUNT_HDND": team.build_team_count,
    "BALLOT_INVENTORY": team.build_inventory,
    "BOARD_RESULT_QH": board.build_board,
    "BOARD_RESULT_HDND": board.build_board,
    "COMMITTEE_RESULT_QH": committee.build_committee,
    "COMMITTEE_SUMMARY_HDND": committee.build_committee,
    "WINNERS_LIST": committee.build_winners,
    "TURNOUT_REPORT": lambda t: report_forms.turnout_form(t.election, t.admin_unit),
    "COUNT_PROGRESS_REPORT": lambda t: progress_reports.progress_form(
        t.election, t.admin_unit
    ),
}
PrintError = (ScopeError, NotPrintable, KeyError)


@dataclass
class Printed:
    filename: str
    content: bytes
    code: str


def finish(context: dict, reference, at=None, with_image=True) -> dict:
    """Adds the verification code and the meeting line to a builder's context."""
    figures = context.pop("code_figures")
    context["verification"] = verification.context(
        reference, figures, with_image=with_image
    )
    PrintedCode.remember(reference, context["verification"]["code"])
    context["meeting"] = words.meeting_line(at, context.get("meeting_day"))
    return context


def build(
    target: Target, at: datetime.datetime | None = None, with_image: bool = True
) -> dict:
    return finish(BUILDERS[target.key](target), target.reference, at, with_image)


def render(target: Target, at: datetime.datetime | None = None) -> Printed:
    """The form's PDF: drawn (the Tổ minutes) or from its template."""
    if target.spec.drawn:
        context = build(target, at, with_image=False)
        content = render_team_minutes([context])
    else:
        context = build(target, at)
        content = render_pdf(target.spec.template, context)
    return Printed(f"{target.slug()}.pdf", content, context["verification"]["code"])


def print_form(
    election: Election,
    key: str,
    scope: str,
    contest: str | None = None,
    round: str = "first",
    at: datetime.datetime | None = None,
) -> Printed:
    return render(resolve(election, key, scope, contest, round), at)


@dataclass
class Verdict:
    ok: bool
    message: str
    printed_code: str = ""
    current_code: str = ""
    target: Target | None = None


NEVER_PRINTED = (
    "Không tìm thấy biểu mẫu nào đã in với mã này. Hãy kiểm tra lại mã (10 chữ và "
    "số, ví dụ ABCDE-FGHIJ) hoặc quét mã QR."
)


def verify(text: str) -> Verdict:
    """Recompute the figures behind a QR text (or the short code printed under it,
    found among the codes printed); a match means nothing changed."""
    if verification.is_short(text):
        found = PrintedCode.objects.filter(code=verification.normalise(text))
        printed_row = found.order_by("-printed_at").first()
        if printed_row is None:
            return Verdict(False, NEVER_PRINTED, verification.normalise(text))
        text = printed_row.qr_text()
    try:
        reference, printed = verification.parse(text)
    except verification.BadCode as exc:
        return Verdict(False, str(exc))
    election = Election.objects.filter(code=reference.election).first()
    if election is None:
        return Verdict(False, f"Không có cuộc bầu cử {reference.election}.", printed)
    try:
        target = resolve(
            election,
            reference.form,
            reference.scope,
            reference.contest or None,
            reference.round,
        )
        figures = BUILDERS[target.key](target)["code_figures"]
    except PrintError as exc:
        return Verdict(False, f"Không dựng lại được số liệu: {exc}", printed)
    current = verification.short_code(target.reference, figures)
    if current == printed:
        message = "KHỚP: số liệu trên biểu mẫu đúng với dữ liệu hiện có trong hệ thống."
    else:
        message = (
            "KHÔNG KHỚP: số liệu hiện có trong hệ thống khác với khi in biểu mẫu "
            f"(mã hiện nay {current}). Hãy đối chiếu lại biên bản."
        )
    return Verdict(current == printed, message, printed, current, target)
