"""Give the demo election its election day and published results, certified.

Usage: manage.py load_demo_results

`manage.py load_demo` does this itself; this command adds it to a demo loaded
with `--no-election-day`: the list size of every area without a voter list in the
system declared, turnout at every slot for every area, the National Assembly
minutes of every voting area of HCM-2021 from the published 2021 results
(demo/results.py: the unit totals spread over the areas) entered twice by two
users, submitted and accepted by the city committee (all at once:
electionadmin/results/bulk.py), then the contest certified by the
city committee (`certification.certify`), which publishes it on /ket-qua/.
Does nothing when the election already has minutes.
"""

from django.core.management.base import BaseCommand, CommandError

from demo.results import play_election_day, played
from demo.workbook import ELECTION
from electionadmin.figures import grouped
from electionadmin.results.workflow import WorkflowError
from electionadmin.setup.models import Election

CODE = ELECTION["code"]


class Command(BaseCommand):
    help = (
        "Nạp ngày bầu cử và kết quả đại biểu Quốc hội đã công bố năm 2021 cho bầu "
        "cử mẫu."
    )

    def handle(self, *args, **options):
        election = Election.objects.filter(code=CODE).first()
        if election is None:
            raise CommandError("Chưa có bầu cử mẫu: chạy manage.py load_demo trước.")
        if played(election):
            self.stdout.write("Cuộc bầu cử mẫu đã có biên bản; bỏ qua.")
            return
        try:
            counts = play_election_day(election)
        except WorkflowError as exc:
            raise CommandError(f"Không nạp được ngày bầu cử mẫu: {exc}") from exc
        self.stdout.write(
            f"Đã nạp {grouped(counts['declared'])} số cử tri khai báo, "
            f"{grouped(counts['turnout'])} số liệu tiến độ, "
            f"{grouped(counts['minutes'])} biên bản và xác nhận kết quả; xem "
            f"/ket-qua/{CODE}/."
        )
