"""Delete uploaded files and problem lists that are no longer needed.

An upload is deleted as soon as it is imported or refused; a clean preview that
nobody confirms keeps its file so it can still be confirmed. This removes those files
(and the problem lists) of jobs older than --days, because they hold personal data.
A job whose file is gone can no longer be confirmed: upload the file again.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from electionadmin.audit.log import record
from importers.models import ImportJob


class Command(BaseCommand):
    help = "Xóa tệp tải lên và danh sách lỗi của các lần nhập cũ hơn số ngày cho trước."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Giữ tệp của N ngày gần nhất (mặc định 7).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm, không xóa."
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        busy = [ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
        jobs = (
            ImportJob.objects.filter(created_at__lt=cutoff)
            .exclude(status__in=busy)
            .exclude(Q(file="") & Q(problems_file=""))
        )
        count = 0
        for job in jobs.iterator():
            count += 1
            if dry_run:
                continue
            names = [f.name for f in (job.file, job.problems_file) if f]
            for stored in (job.file, job.problems_file):
                if stored:
                    stored.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="", problems_file="")
            record(
                None,
                "update",
                job,
                changes={"deleted_files": names},
                reason=f"Xóa tệp cũ hơn {days} ngày (purge_uploads)",
            )
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(f"{verb} tệp của {count} lần nhập cũ hơn {days} ngày.")
