"""Give the demo election its published National Assembly results, certified.

Usage: manage.py load_demo_results [--user thanhpho]

After `manage.py load_demo`: writes accepted counting minutes for every voting area
of HCM-2021's National Assembly contest from the published 2021 results
(demo/results.py: the unit totals split over the areas) and certifies the contest as
the city committee with `certification.certify`, which publishes it on /ket-qua/.
Does nothing when the contest already has minutes.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.results import write_published_minutes
from electionadmin.results.certification import certify
from electionadmin.results.models import CountingRecord
from electionadmin.results.workflow import WorkflowError
from electionadmin.setup.models import Contest

CODE = "HCM-2021"


class Command(BaseCommand):
    help = "Nạp kết quả bầu cử đại biểu Quốc hội đã công bố năm 2021 cho bầu cử mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="thanhpho", help="người xác nhận")

    def handle(self, *args, user, **options):
        contest = Contest.objects.filter(election__code=CODE, kind="QH").first()
        if contest is None:
            raise CommandError("Chưa có bầu cử mẫu: chạy manage.py load_demo trước.")
        committee = get_user_model().objects.filter(username=user).first()
        if committee is None:
            raise CommandError(f"Không có người dùng '{user}'.")
        if CountingRecord.objects.filter(contest=contest).exists():
            self.stdout.write("Cuộc bầu cử Quốc hội mẫu đã có biên bản; bỏ qua.")
            return
        count = write_published_minutes(contest, committee)
        try:
            certify(contest, committee, note="Kết quả đã công bố năm 2021")
        except WorkflowError as exc:
            raise CommandError(f"Không xác nhận được: {exc}") from exc
        self.stdout.write(
            f"Đã nạp {count} biên bản và xác nhận kết quả; xem /ket-qua/{CODE}/."
        )
