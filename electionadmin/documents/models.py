"""A batch printing job: a commune's or a city's counting minutes as one zip.

The voters app keeps its voter-card and voter-list jobs here too, with the form key
(VOTER_CARD, VOTER_LIST) in `contest_keys`: keep these fields stable.
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

    def __str__(self):
        return f"In biên bản {self.election_id} ({self.get_status_display()})"

    def finish(self, report: dict, *also: str) -> None:
        super().finish(report, "output", *also)
