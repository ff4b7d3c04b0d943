"""Print one statutory form to PDF (docs/EXCHANGE.md §7).

Usage: manage.py print_form CODE FORM_KEY --scope SCOPE [--contest KEY]
                            [--round first|reelection|supplementary]
                            [--at "25/05/2021 14:30"] [-o form.pdf]

FORM_KEY is the stable key (TEAM_COUNT_QH, BOARD_RESULT_QH, …); the printed number
comes from the election's cycle. SCOPE names what the form is for:

    26734/1          a voting area: TEAM_COUNT_QH, BALLOT_INVENTORY,
                     TEAM_COUNT_HDND (with --contest HDND_XA:26734)
    QH#1             an electoral unit: BOARD_RESULT_QH, BOARD_RESULT_HDND
                     (HDND_TINH:79#3)
    QH, HDND_TINH:79 a contest: COMMITTEE_RESULT_QH, COMMITTEE_SUMMARY_HDND,
                     WINNERS_LIST
    79, 26734        an administrative unit (default: the province):
                     TURNOUT_REPORT, COUNT_PROGRESS_REPORT

An unknown election, form or scope, or minutes not ready to print, exit non-zero
with the reason in Vietnamese. The verification code is printed on stdout.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from electionadmin.documents import render
from electionadmin.printing import catalogue
from electionadmin.results.models import Round
from electionadmin.setup.models import Election


def moment(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    try:
        value = datetime.datetime.strptime(text.strip(), "%d/%m/%Y %H:%M")
    except ValueError:
        raise CommandError(
            f"--at '{text}' không đúng dạng ngày/tháng/năm giờ:phút, ví dụ "
            "25/05/2021 14:30."
        ) from None
    return timezone.make_aware(value)


class Command(BaseCommand):
    help = "In một biểu mẫu (biên bản, danh sách, báo cáo) ra tệp PDF."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã cuộc bầu cử, ví dụ HCM-2021.")
        parser.add_argument("form_key", help=", ".join(catalogue.FORMS))
        parser.add_argument("--scope", default="", help="Phạm vi (xem ở trên).")
        parser.add_argument("--contest", help="Cuộc bầu cử, cho TEAM_COUNT_HDND.")
        parser.add_argument("--round", default=Round.FIRST, choices=Round.values)
        parser.add_argument("--at", help="Thời điểm họp, dd/mm/yyyy hh:mm.")
        parser.add_argument("-o", "--output", help="Tệp PDF ghi ra.")

    def handle(self, code, form_key, scope, contest, round, at, output, **options):
        election = Election.objects.select_related("cycle").filter(code=code).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã '{code}'.")
        try:
            target = render.resolve(election, form_key, scope, contest, round)
            printed = render.render(target, moment(at))
        except render.PrintError as exc:
            raise CommandError(str(exc)) from None
        path = Path(output or printed.filename)
        path.write_bytes(printed.content)
        self.stdout.write(f"{path} - mã xác thực {printed.code}")
