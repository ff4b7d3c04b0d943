"""The life cycle every background job shares: queued, running with progress, done
with a report, or failed with a message for the user.

`importers.ImportJob` (spreadsheet imports) and `documents.PrintJob` (batch printing)
are its concrete models; their pages poll `status_dict()` through the shared partial
`templates/includes/job_progress.html`.

A job whose worker died (killed, out of memory, the machine restarted) would stay
"running" for ever: a job running longer than `JOB_STALE_MINUTES` (setting, default
120) is marked failed with a message the next time its page or status is read
(`fail_if_stale()`, called by `status_dict()` and the job pages). An import's
transaction died with its worker, so nothing was written.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

STALE = (
    "Tác vụ đã chạy quá {minutes} phút mà chưa xong: tiến trình xử lý có thể đã "
    "dừng giữa chừng. Hãy chạy lại hoặc báo quản trị hệ thống."
)


def stale_minutes() -> int:
    return int(getattr(settings, "JOB_STALE_MINUTES", 120))


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Bị lỗi"

    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField("đã xử lý", default=0)
    progress_total = models.PositiveIntegerField("tổng số", default=0)
    progress_label = models.CharField("đang xử lý", max_length=200, blank=True)
    report = models.JSONField("kết quả", default=dict, blank=True)
    failure = models.TextField("lỗi hệ thống", blank=True)
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def begin(self, total: int = 0) -> None:
        self.status, self.started_at = self.Status.RUNNING, timezone.now()
        self.progress_done, self.progress_total = 0, total
        fields = ["status", "started_at", "progress_done", "progress_total"]
        self.save(update_fields=fields + ["progress_label"])

    def finish(self, report: dict, *also: str) -> None:
        """Done: the report kept, the bar full; `also` names other fields to save."""
        self.status, self.report = self.Status.DONE, report
        self.finished_at = timezone.now()
        self.progress_done = self.progress_total
        fields = ["status", "report", "finished_at", "progress_done"]
        self.save(update_fields=fields + list(also))

    def fail(self, message: str) -> None:
        self.status, self.failure = self.Status.FAILED, message
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "failure", "finished_at"])

    @property
    def is_stale(self) -> bool:
        """Running for longer than any job may (its worker must have died)."""
        limit = timezone.now() - datetime.timedelta(minutes=stale_minutes())
        started = self.started_at
        return (
            self.status == self.Status.RUNNING
            and started is not None
            and (started < limit)
        )

    def fail_if_stale(self) -> bool:
        """Mark a stale job failed (once, whoever reads it first); whether it was."""
        if not self.is_stale:
            return False
        message = STALE.format(minutes=stale_minutes())
        failed = (
            type(self)
            .objects.filter(pk=self.pk, status=self.Status.RUNNING)
            .update(
                status=self.Status.FAILED,
                failure=message,
                finished_at=timezone.now(),
            )
        )
        self.refresh_from_db()
        return bool(failed)

    def status_dict(self) -> dict:
        self.fail_if_stale()
        return {
            "status": self.status,
            "status_label": self.get_status_display(),
            "done": self.progress_done,
            "total": self.progress_total,
            "label": self.progress_label,
            "percent": self.percent,
            "finished": self.is_finished,
        }
