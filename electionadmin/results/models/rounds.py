"""Rounds after the count: the decision to hold a re-election or a supplementary
election in a unit, and the confirmation of each winner (rounds.py holds the rules)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from electionadmin.setup.models import Candidate, ElectoralUnit

from .counting import Round


class UnitRound(models.Model):
    """The decision to hold a re-election or a supplementary election in one unit.

    The first round needs no row: every minutes, inventory and certification is of
    the first round unless it says otherwise (`round` defaults to `first`). A unit
    has at most one round of each kind (no second re-election, no second
    supplementary election: domain §7.2, §7.4); rounds.py holds the rules.
    """

    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        models.PROTECT,
        related_name="rounds",
        verbose_name="đơn vị bầu cử",
    )
    round = models.CharField("lần bầu cử", max_length=14, choices=Round.choices)
    decision = models.CharField("số văn bản quyết định", max_length=200)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.CharField("cơ quan quyết định", max_length=200)
    election_date = models.DateField("ngày bầu cử")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name="người ghi quyết định",
    )
    opened_at = models.DateTimeField("thời điểm ghi nhận", auto_now_add=True)

    class Meta:
        verbose_name = "quyết định bầu cử lại, bầu cử thêm"
        verbose_name_plural = "quyết định bầu cử lại, bầu cử thêm"
        ordering = ["electoral_unit", "opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["electoral_unit", "round"], name="unitround_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(round__in=["reelection", "supplementary"]),
                name="unitround_not_first",
            ),
            models.CheckConstraint(
                condition=~Q(decision=""), name="unitround_decision_required"
            ),
        ]

    def __str__(self):
        return f"{self.get_round_display()} - {self.electoral_unit}"


class Confirmation(models.Model):
    """Xác nhận tư cách người trúng cử: the confirming body's decision on a winner.

    The National Election Council for NA deputies, the election committee for council
    deputies (domain §7.6). One row per winner; a changed decision updates it and
    the audit log keeps the old one.
    """

    candidate = models.OneToOneField(
        Candidate,
        models.PROTECT,
        related_name="confirmation",
        verbose_name="người trúng cử",
    )
    round = models.CharField(
        "trúng cử ở lần bầu cử", max_length=14, choices=Round.choices
    )
    confirmed = models.BooleanField("được xác nhận tư cách")
    decision = models.CharField("văn bản quyết định", max_length=300)
    decided_by = models.CharField("cơ quan xác nhận", max_length=200)
    reason = models.TextField("lý do không xác nhận", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm ghi nhận", auto_now=True)

    class Meta:
        verbose_name = "xác nhận tư cách người trúng cử"
        verbose_name_plural = "xác nhận tư cách người trúng cử"
        ordering = ["candidate__electoral_unit", "candidate__ballot_order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision=""), name="confirmation_decision_required"
            ),
            models.CheckConstraint(
                condition=Q(confirmed=True) | ~Q(reason=""),
                name="confirmation_reason_when_not_confirmed",
            ),
        ]

    def __str__(self):
        word = "được xác nhận" if self.confirmed else "không được xác nhận"
        return f"{self.candidate.full_name}: {word} tư cách"
