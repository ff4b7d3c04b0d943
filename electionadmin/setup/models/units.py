"""Administrative units in dated sets: the structure in force between two dates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import rules


class AdminUnitSetQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class AdminUnitSet(models.Model):
    """A dated list of administrative units: the structure in force between dates."""

    code = models.CharField("mã danh mục", max_length=30, unique=True)
    name = models.CharField("tên", max_length=200)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    objects = AdminUnitSetQuerySet.as_manager()

    class Meta:
        verbose_name = "danh mục đơn vị hành chính"
        verbose_name_plural = "danh mục đơn vị hành chính"
        ordering = ["valid_from"]

    def __str__(self):
        return self.name


class AdminUnitQuerySet(models.QuerySet):
    def subtree_ids(self, unit) -> list[int]:
        """The unit and every unit below it (at most two levels down)."""
        return list(
            self.filter(
                Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit)
            ).values_list("pk", flat=True)
        )


class AdminUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "Tỉnh/thành phố"
        DISTRICT = "district", "Quận/huyện/thị xã/thành phố thuộc tỉnh"
        COMMUNE = "commune", "Xã/phường/thị trấn/đặc khu"

    unit_set = models.ForeignKey(
        AdminUnitSet, models.PROTECT, related_name="units", verbose_name="danh mục"
    )
    code = models.CharField("mã", max_length=5)
    name = models.CharField("tên", max_length=200)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    has_council = models.BooleanField(
        "có Hội đồng nhân dân",
        default=True,
        help_text="TP.HCM 2021: quận và phường không tổ chức HĐND.",
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["unit_set", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_set", "code"], name="adminunit_code_unique_in_set"
            ),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="adminunit_only_province_without_parent",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def natural_key(self):
        return (self.unit_set.code, self.code)

    def clean(self):
        if self.parent_id and self.parent.unit_set_id != self.unit_set_id:
            raise ValidationError(
                {"parent": "Đơn vị cấp trên phải thuộc cùng danh mục hành chính."}
            )
        if self.parent_id and not rules.is_above(self.parent.level, self.level):
            raise ValidationError(
                {"parent": "Đơn vị cấp trên phải ở cấp cao hơn đơn vị này."}
            )

    def ancestors(self) -> list["AdminUnit"]:
        chain, unit = [], self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain
