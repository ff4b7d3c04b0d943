"""A batch printing job: one PDF per commune, in a zip, printed by a background task.

Counting minutes (documents.minutes_batch) keep the contests in `contest_keys`; the
voters app's voter-card and voter-list jobs keep the form key (VOTER_CARD,
VOTER_LIST) there instead: keep these fields stable. The table is still
`documents_printjob`, where the model was before it moved here.
"""

from django.conf import settings
from django.db import models

from electionadmin.jobs import BackgroundJob
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

    def discard_output(self) -> None:
        """A failed run's zip may be half written."""
        if self.output:
            self.output.delete(save=False)
            PrintJob.objects.filter(pk=self.pk).update(output="")
