"""A batch printing job: a commune's or a city's counting minutes as one zip.

The voters app keeps its voter-card and voter-list jobs here too, with the form key
(VOTER_CARD, VOTER_LIST) in `contest_keys`: keep these fields stable.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from electionadmin.storage import private_storage


class PrintJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang in"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Bị lỗi"

    election = models.ForeignKey(
        "setup.Election", models.CASCADE, related_name="+", verbose_name="cuộc bầu cử"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người yêu cầu",
    )
    round = models.CharField("lần bầu cử", max_length=14, default="first")
    contest_keys = models.JSONField("cuộc bầu cử theo cấp", default=list)
    commune_ids = models.JSONField("xã/phường", default=list)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField("đã in", default=0)
    progress_total = models.PositiveIntegerField("tổng số", default=0)
    progress_label = models.CharField("đang in", max_length=200, blank=True)
    output = models.FileField(
        "tệp kết quả", upload_to="prints/%Y/%m/", storage=private_storage, blank=True
    )
    report = models.JSONField("kết quả", default=dict, blank=True)
    failure = models.TextField("lỗi hệ thống", blank=True)
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "lần in hàng loạt"
        verbose_name_plural = "các lần in hàng loạt"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"In biên bản {self.election_id} ({self.get_status_display()})"

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

    def begin(self, total: int) -> None:
        self.status, self.started_at = self.Status.RUNNING, timezone.now()
        self.progress_done, self.progress_total = 0, total
        self.save(
            update_fields=["status", "started_at", "progress_done", "progress_total"]
        )

    def finish(self, report: dict) -> None:
        self.status, self.report = self.Status.DONE, report
        self.finished_at = timezone.now()
        self.progress_done = self.progress_total
        self.save(
            update_fields=["status", "report", "finished_at", "progress_done", "output"]
        )

    def fail(self, message: str) -> None:
        self.status, self.failure = self.Status.FAILED, message
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "failure", "finished_at"])

    def status_dict(self) -> dict:
        return {
            "status": self.status,
            "status_label": self.get_status_display(),
            "done": self.progress_done,
            "total": self.progress_total,
            "label": self.progress_label,
            "percent": self.percent,
            "finished": self.is_finished,
        }
