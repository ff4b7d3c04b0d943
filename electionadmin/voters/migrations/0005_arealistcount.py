"""AreaListCount, until now polling's, belongs to the voter list: the table was
renamed by polling.0003 with its rows; here the model is declared again (no SQL), its
index renamed after the table, and its content type (the groups' permissions on it)
moved to this app."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="polling", new="voters"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="arealistcount").exists():
        return
    ContentType.objects.filter(app_label=old, model="arealistcount").update(
        app_label=new
    )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="voters", new="polling")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("setup", "0002_seed_cycles"),
        ("polling", "0003_arealistcount_to_voters"),
        ("voters", "0004_commune_list_order_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AreaListCount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("voters", models.PositiveIntegerField(verbose_name="số cử tri")),
                        ("whole_list", models.BooleanField(default=True, help_text="Khi đúng, số cử tri đã bỏ phiếu chung của khu vực cũng là số của cuộc bầu cử này.", verbose_name="mọi cử tri của khu vực đều được bầu")),
                        ("refreshed_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                        ("figures_version", models.PositiveBigIntegerField(db_default=0, editable=False, help_text="Trên dòng chung của khu vực: tăng mỗi lần một số liệu tiến độ của khu vực được ghi hoặc danh sách của khu vực được đếm lại (entry.py).", verbose_name="phiên bản số liệu")),
                        ("commune", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="setup.adminunit")),
                        ("contest", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="setup.contest")),
                        ("election", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="setup.election")),
                        ("voting_area", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="list_counts", to="setup.votingarea")),
                    ],
                    options={
                        "verbose_name": "số cử tri trong danh sách",
                        "verbose_name_plural": "số cử tri trong danh sách",
                        "indexes": [models.Index(fields=["election", "commune"], name="polling_are_electio_82e4d8_idx")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("contest__isnull", True)), fields=("voting_area",), name="arealistcount_one_overall_per_area"),
                            models.UniqueConstraint(condition=models.Q(("contest__isnull", False)), fields=("voting_area", "contest"), name="arealistcount_one_per_area_contest"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="arealistcount",
            new_name="voters_area_electio_abec4f_idx",
            old_name="polling_are_electio_82e4d8_idx",
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
