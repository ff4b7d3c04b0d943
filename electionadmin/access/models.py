"""Every user works for one election body: a role and a jurisdiction."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from electionadmin.setup.models import AdminUnit, ElectoralUnit, VotingArea

from . import roles


class Profile(models.Model):
    class Role(models.TextChoices):
        CITY_COMMITTEE = roles.CITY_COMMITTEE, "Ủy ban bầu cử tỉnh/thành phố"
        DISTRICT_COMMITTEE = roles.DISTRICT_COMMITTEE, "Ủy ban bầu cử quận/huyện (2021)"
        COMMUNE_COMMITTEE = roles.COMMUNE_COMMITTEE, "Ủy ban bầu cử xã/phường"
        ELECTORAL_BOARD = roles.ELECTORAL_BOARD, "Ban bầu cử"
        ELECTION_TEAM = roles.ELECTION_TEAM, "Tổ bầu cử"
        TRAINER = roles.TRAINER, "Người tập huấn"
        VIEWER = roles.VIEWER, "Chỉ xem"
        SYSADMIN = roles.SYSADMIN, "Quản trị hệ thống"

    # Which kind of jurisdiction each role works in.
    UNIT_LEVEL = {
        Role.CITY_COMMITTEE: AdminUnit.Level.PROVINCE,
        Role.DISTRICT_COMMITTEE: AdminUnit.Level.DISTRICT,
        Role.COMMUNE_COMMITTEE: AdminUnit.Level.COMMUNE,
    }
    UNIT_ROLES = {
        Role.CITY_COMMITTEE,
        Role.DISTRICT_COMMITTEE,
        Role.COMMUNE_COMMITTEE,
        Role.TRAINER,
        Role.VIEWER,
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="profile",
        verbose_name="người dùng",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    admin_unit = models.ForeignKey(
        AdminUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị hành chính",
    )
    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị bầu cử",
    )
    voting_area = models.ForeignKey(
        VotingArea,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="khu vực bỏ phiếu",
    )
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    # Made by the demo with its published password (demo/users.py): such an account
    # logs in only with DEMO (or DEBUG) on (backends.py).
    demo = models.BooleanField("tài khoản dùng thử", default=False, editable=False)

    class Meta:
        verbose_name = "phạm vi người dùng"
        verbose_name_plural = "phạm vi người dùng"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=[
                            roles.CITY_COMMITTEE,
                            roles.DISTRICT_COMMITTEE,
                            roles.COMMUNE_COMMITTEE,
                            roles.TRAINER,
                            roles.VIEWER,
                        ],
                        admin_unit__isnull=False,
                        electoral_unit__isnull=True,
                        voting_area__isnull=True,
                    )
                    | Q(
                        role=roles.ELECTORAL_BOARD,
                        admin_unit__isnull=True,
                        electoral_unit__isnull=False,
                        voting_area__isnull=True,
                    )
                    | Q(
                        role=roles.ELECTION_TEAM,
                        admin_unit__isnull=True,
                        electoral_unit__isnull=True,
                        voting_area__isnull=False,
                    )
                    | Q(
                        role=roles.SYSADMIN,
                        admin_unit__isnull=True,
                        electoral_unit__isnull=True,
                        voting_area__isnull=True,
                    )
                ),
                name="profile_jurisdiction_matches_role",
            )
        ]

    def __str__(self):
        name = self.user.get_username()
        return f"{name}: {self.get_role_display()} - {self.jurisdiction_label}"

    @property
    def jurisdiction_label(self) -> str:
        target = self.admin_unit or self.electoral_unit or self.voting_area
        return str(target) if target else "toàn hệ thống"

    def clean(self):
        level = self.UNIT_LEVEL.get(self.role)
        if self.role in self.UNIT_ROLES and not self.admin_unit_id:
            raise ValidationError(
                {"admin_unit": "Vai trò này cần một đơn vị hành chính."}
            )
        if level and self.admin_unit_id and self.admin_unit.level != level:
            raise ValidationError(
                {
                    "admin_unit": f"{self.get_role_display()} phải gắn với đơn vị cấp "
                    f"{AdminUnit.Level(level).label.lower()}."
                }
            )
        if self.role == self.Role.ELECTORAL_BOARD and not self.electoral_unit_id:
            raise ValidationError(
                {"electoral_unit": "Ban bầu cử cần một đơn vị bầu cử."}
            )
        if self.role == self.Role.ELECTION_TEAM and not self.voting_area_id:
            raise ValidationError(
                {"voting_area": "Tổ bầu cử cần một khu vực bỏ phiếu."}
            )
