"""The ballot inventory of a voting area and contest (the team's count of ballots)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from electionadmin.setup.models import (
    Contest,
    VotingArea,
)

from ..checks import check_inventory
from ..minutes_figures import INVENTORY_FIGURES
from .counting import (
    Round,
    _non_negative,
)


class BallotInventory(models.Model):
    """Biên bản kiểm kê việc sử dụng phiếu bầu, per area × contest × round.

    Identity (docs/DOMAIN.md §6.4, inferred): received = issued + spoiled + unused,
    where `issued` counts ballots handed to voters (a replacement is not counted
    twice).
    """

    contest = models.ForeignKey(
        Contest, models.PROTECT, related_name="+", verbose_name="cuộc bầu cử"
    )
    voting_area = models.ForeignKey(
        VotingArea,
        models.PROTECT,
        related_name="ballot_inventories",
        verbose_name="khu vực bỏ phiếu",
    )
    round = models.CharField(
        "lần bầu cử", max_length=14, choices=Round.choices, default=Round.FIRST
    )
    received = models.IntegerField("số phiếu Tổ bầu cử nhận")
    issued = models.IntegerField("số phiếu phát ra cho cử tri")
    spoiled = models.IntegerField("số phiếu cử tri gạch hỏng, đã đổi")
    unused = models.IntegerField("số phiếu chưa sử dụng")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    class Meta:
        verbose_name = "biên bản kiểm kê phiếu bầu"
        verbose_name_plural = "biên bản kiểm kê phiếu bầu"
        constraints = [
            models.UniqueConstraint(
                fields=["voting_area", "contest", "round"],
                name="ballotinventory_one_per_area_contest_round",
            ),
            models.CheckConstraint(
                condition=_non_negative(INVENTORY_FIGURES),
                name="ballotinventory_figures_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(received=F("issued") + F("spoiled") + F("unused")),
                name="ballotinventory_received_balances",
            ),
        ]

    def __str__(self):
        return f"Kiểm kê phiếu {self.contest.key} - KVBP {self.voting_area.key}"

    def clean(self):
        problems = check_inventory(
            {name: getattr(self, name) for name in INVENTORY_FIGURES}
        )
        if problems:
            raise ValidationError({p.field: p.message for p in problems})
