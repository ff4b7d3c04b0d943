"""A batch printing job: one PDF per commune, in a zip, printed by a background task.

Counting minutes (documents.minutes_batch) keep the contests in `contest_keys`; the
voters app's voter-card and voter-list jobs keep the form key (VOTER_CARD,
VOTER_LIST) there instead: keep these fields stable. The table is still
`documents_printjob`, where the model was before it moved here.

A job printed by the print farm (farm.py, any number of workers on any number of
machines) names its stage's module in `work` and is split into `PrintPart`s: one
per voting area, one per commune (merging its areas) and one for the job (the zip).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from electionadmin.jobs import BackgroundJob, stale_minutes
from electionadmin.storage import private_storage


class PrintJob(BackgroundJob):
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
    # Only these voting areas of the communes (the admin's selection); empty: all.
    area_ids = models.JSONField("khu vực bỏ phiếu", default=list, blank=True)
    work = models.CharField("mô-đun in", max_length=200, blank=True)
    output = models.FileField(
        "tệp kết quả", upload_to="prints/%Y/%m/", storage=private_storage, blank=True
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = "lần in hàng loạt"
        verbose_name_plural = "các lần in hàng loạt"
        db_table = "documents_printjob"

    def __str__(self):
        return f"In biên bản {self.election_id} ({self.get_status_display()})"

    limit_kind = "print"

    def finish(self, report: dict, *also: str) -> None:
        super().finish(report, "output", *also)

    @property
    def is_stale(self) -> bool:
        """A farmed job whose parts wait for a worker (others' parts ahead of them,
        or a dead part queued again by farm.sweep) is waiting, not dead, until its
        time limit has passed; otherwise its heartbeat tells (its parts beat it)."""
        if not self.work or self.status != self.Status.RUNNING:
            return super().is_stale
        began = self.started_at or self.created_at
        limit = datetime.timedelta(minutes=self.time_limit() + stale_minutes())
        if began + limit < timezone.now():
            return True
        waiting = (PrintPart.Status.QUEUED, PrintPart.Status.WAITING)
        if self.parts.filter(status__in=waiting).exists():
            return False
        return super().is_stale

    def discard_output(self) -> None:
        """A failed run's zip may be half written."""
        if self.output:
            self.output.delete(save=False)
            PrintJob.objects.filter(pk=self.pk).update(output="")


class PrintPart(models.Model):
    """One task of a farmed print job: an area printed, a commune merged, the zip.

    A part waits for its children (a commune for its areas, the job's zip for its
    communes), is queued, runs on some worker (its heartbeat beating), and is done
    with its file in the shared store; a part whose heartbeat stopped is queued
    again (farm.sweep)."""

    class Kind(models.TextChoices):
        AREA = "area", "Khu vực bỏ phiếu"
        COMMUNE = "commune", "Xã/phường"
        JOB = "job", "Tệp nén"

    class Status(models.TextChoices):
        WAITING = "waiting", "Chờ phần trước"
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Bị lỗi"

    job = models.ForeignKey(PrintJob, models.CASCADE, related_name="parts")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField("loại", max_length=8, choices=Kind.choices)
    position = models.PositiveIntegerField("thứ tự", default=0)
    area = models.ForeignKey(
        "setup.VotingArea", models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField("tên tệp", max_length=200, blank=True)
    status = models.CharField(
        "trạng thái", max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    heartbeat_at = models.DateTimeField("lần báo gần nhất", null=True, blank=True)
    worker = models.CharField("máy và tiến trình", max_length=100, blank=True)
    printed = models.PositiveIntegerField("số đã in", default=0)
    has_file = models.BooleanField("có tệp", default=False)

    class Meta:
        verbose_name = "phần việc in"
        verbose_name_plural = "các phần việc in"
        ordering = ["job", "kind", "position"]
        indexes = [models.Index(fields=["job", "status"], name="printpart_job_status")]

    def __str__(self):
        return (
            f"{self.get_kind_display()} {self.position} ({self.get_status_display()})"
        )


class PrintedCode(models.Model):
    """A verification code printed on a form, with what it refers to: the short
    code typed alone (XXXXX-XXXXX) finds the form, as the QR text does."""

    code = models.CharField("mã xác thực", max_length=11, db_index=True)
    election = models.CharField("cuộc bầu cử", max_length=30)
    form = models.CharField("biểu mẫu", max_length=40)
    scope = models.CharField("phạm vi", max_length=80)
    contest = models.CharField("cuộc bầu cử theo cấp", max_length=80, blank=True)
    round = models.CharField("lần bầu cử", max_length=14)
    printed_at = models.DateTimeField("in lần đầu", auto_now_add=True)

    class Meta:
        verbose_name = "mã xác thực đã in"
        verbose_name_plural = "các mã xác thực đã in"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "election", "form", "scope", "contest", "round"],
                name="printedcode_one_row_per_reference",
            )
        ]

    def __str__(self):
        return self.code

    @classmethod
    def remember(cls, reference, code: str) -> None:
        """Keep the printed code (once; concurrent printers do not collide)."""
        row = cls(code=code, **{f: getattr(reference, f) for f in REFERENCE_FIELDS})
        cls.objects.bulk_create([row], ignore_conflicts=True)

    def qr_text(self) -> str:
        return "|".join(
            ["BCVN1", self.election, self.form, self.scope, self.contest or "-"]
            + [self.round, self.code]
        )


REFERENCE_FIELDS = ("election", "form", "scope", "contest", "round")
