"""The shared body of `print_voter_cards` and `print_voter_list`
(docs/EXCHANGE.md §7)."""

from django.core.management.base import BaseCommand, CommandError

from .selection import SelectionError, resolve


class PrintCommand(BaseCommand):
    document = ""  # "thẻ cử tri", "danh sách cử tri"

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã cuộc bầu cử.")
        parser.add_argument("--area", help="Khu vực bỏ phiếu MÃ_XÃ/SỐ, ví dụ 26734/1.")
        parser.add_argument("--commune", help="Mã xã/phường: in mọi khu vực của xã.")
        parser.add_argument(
            "--round",
            default="first",
            help="Lần bầu cử: first (mặc định), reelection (bầu cử lại) hoặc "
            "supplementary (bầu cử thêm): chỉ các khu vực của đơn vị tổ chức lần đó.",
        )
        parser.add_argument("-o", "--output", required=True, help="Tệp PDF ghi ra.")

    def render(self, path: str, election, areas, round=None) -> int:
        raise NotImplementedError

    def handle(self, *args, code, area, commune, output, round, **options):
        try:
            election, areas, round = resolve(code, area, commune, round=round)
        except SelectionError as error:
            raise CommandError(str(error)) from error
        try:
            count = self.render(output, election, areas, round)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error}") from error
        self.stdout.write(
            f"Đã in {self.document} của {count} cử tri ({len(areas)} khu vực bỏ "
            f"phiếu) vào {output}."
        )
