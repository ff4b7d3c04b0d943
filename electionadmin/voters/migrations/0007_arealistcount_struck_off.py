"""The struck-off entries of each area's list beside its voters, so the admin list of
all its lines is counted exactly from these rows (voters/paging.py); filled here from
the list as it stands."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_struck_off(apps, schema_editor):
    AreaListCount = apps.get_model("voters", "AreaListCount")
    VoterEntry = apps.get_model("voters", "VoterEntry")
    struck_off = (
        VoterEntry.objects.filter(voting_area=OuterRef("voting_area"))
        .exclude(status="active")
        .values("voting_area")
        .annotate(n=Count("pk"))
        .values("n")
    )
    AreaListCount.objects.filter(contest__isnull=True).update(
        struck_off=Coalesce(Subquery(struck_off), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("voters", "0006_vietnamese_field_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="arealistcount",
            name="struck_off",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Trên dòng chung của khu vực: các dòng của danh sách không "
                "còn hiệu lực (bị xóa tên, chuyển đi, bỏ phiếu nơi khác), vẫn hiện "
                "trong danh sách quản trị.",
                verbose_name="số dòng đã xóa tên hoặc chuyển đi",
            ),
        ),
        migrations.RunPython(count_struck_off, migrations.RunPython.noop),
    ]
