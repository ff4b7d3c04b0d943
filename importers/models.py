"""An uploaded file and the task that previews, then imports it.

Two kinds: the election set-up workbook (docs/EXCHANGE.md §1) and a voter list (§2,
for one `election`). The task is importers/tasks.py; the screens importers/views.py and
importers/voter_views.py.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F

from electionadmin.jobs import BackgroundJob
from electionadmin.storage import private_storage

# What either kind reads: .xlsx, .zip (CSV files inside), and .csv for voter lists.
EXTENSIONS = ["xlsx", "zip", "csv"]


def extension_validator(extensions: list[str]) -> FileExtensionValidator:
    """An upload form's check of the file's extension, saying it in Vietnamese
    (Django's own message is English)."""
    return FileExtensionValidator(
        extensions,
        message=(
            "Không nhận tệp đuôi .%(extension)s ở đây; chỉ nhận tệp "
            "%(allowed_extensions)s."
        ),
    )


class ImportJob(BackgroundJob):
    class Kind(models.TextChoices):
        ELECTION = "election", "Bảng tính thiết lập cuộc bầu cử"
        VOTERS = "voters", "Danh sách cử tri"
        TURNOUT = "turnout", "Tiến độ bỏ phiếu"

    class Mode(models.TextChoices):
        PREVIEW = "preview", "Kiểm tra (chưa ghi)"
        IMPORT = "import", "Nhập dữ liệu"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    file = models.FileField(
        "tệp",
        upload_to="imports/%Y/%m/",
        storage=private_storage,
        validators=[FileExtensionValidator(EXTENSIONS)],
    )
    election = models.ForeignKey(
        "setup.Election",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cuộc bầu cử",
        help_text="Cuộc bầu cử nhận danh sách cử tri (chỉ với loại danh sách cử tri).",
    )
    original_name = models.CharField("tên tệp", max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    mode = models.CharField(
        "bước", max_length=10, choices=Mode.choices, default=Mode.PREVIEW
    )
    preview_report = models.JSONField("kết quả kiểm tra", default=dict, blank=True)
    problems_file = models.FileField(
        "danh sách lỗi và cảnh báo",
        upload_to="imports/problems/%Y/%m/",
        storage=private_storage,
        blank=True,
        help_text="Toàn bộ lỗi và cảnh báo của lần chạy gần nhất (.xlsx).",
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = "lần nhập bảng tính"
        verbose_name_plural = "các lần nhập bảng tính"

    def __str__(self):
        return f"{self.original_name or self.file.name} ({self.get_status_display()})"

    @property
    def limit_kind(self) -> str:
        """Its time limit is its kind's (JOB_TIME_LIMITS)."""
        return self.kind

    def discard_output(self) -> None:
        """A failed run's problem list may be half written."""
        if self.problems_file:
            self.problems_file.delete(save=False)
            ImportJob.objects.filter(pk=self.pk).update(problems_file="")

    @property
    def can_confirm(self) -> bool:
        """A clean preview can be imported for real."""
        return (
            self.mode == self.Mode.PREVIEW
            and self.status == self.Status.DONE
            and bool(self.report.get("ok"))
            and bool(self.file)  # `purge_uploads` removes files left unconfirmed
        )

    def queue_import(self) -> bool:
        """After a clean preview: the same file, this time written.

        False when another request confirmed it first (one import per preview).
        """
        if not self.can_confirm:
            return False
        queued = ImportJob.objects.filter(
            pk=self.pk, mode=self.Mode.PREVIEW, status=self.Status.DONE
        ).update(
            preview_report=F("report"),
            report={},
            mode=self.Mode.IMPORT,
            status=self.Status.QUEUED,
        )
        self.refresh_from_db()
        return bool(queued)

    def status_dict(self) -> dict:
        return super().status_dict() | {"mode": self.mode}
