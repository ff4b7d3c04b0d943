# PrintJob moved here from the documents app: its table (documents_printjob) stays,
# only Django's state moves (documents 0004 removes it there).
# ruff: noqa: E501

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import electionadmin.storage


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("documents", "0003_job_life_cycle_labels"),
        ("setup", "0002_seed_cycles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="PrintJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("status", models.CharField(choices=[("queued", "Đang chờ"), ("running", "Đang chạy"), ("done", "Đã xong"), ("failed", "Bị lỗi")], default="queued", max_length=10, verbose_name="trạng thái")),
                        ("progress_done", models.PositiveIntegerField(default=0, verbose_name="đã xử lý")),
                        ("progress_total", models.PositiveIntegerField(default=0, verbose_name="tổng số")),
                        ("progress_label", models.CharField(blank=True, max_length=200, verbose_name="đang xử lý")),
                        ("report", models.JSONField(blank=True, default=dict, verbose_name="kết quả")),
                        ("failure", models.TextField(blank=True, verbose_name="lỗi hệ thống")),
                        ("task_id", models.CharField(blank=True, max_length=64, verbose_name="mã tác vụ")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                        ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="kết thúc")),
                        ("round", models.CharField(default="first", max_length=14, verbose_name="lần bầu cử")),
                        ("contest_keys", models.JSONField(default=list, verbose_name="cuộc bầu cử theo cấp")),
                        ("commune_ids", models.JSONField(default=list, verbose_name="xã/phường")),
                        ("output", models.FileField(blank=True, storage=electionadmin.storage.PrivateStorage(), upload_to="prints/%Y/%m/", verbose_name="tệp kết quả")),
                        ("election", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="setup.election", verbose_name="cuộc bầu cử")),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người yêu cầu")),
                    ],
                    options={
                        "verbose_name": "lần in hàng loạt",
                        "verbose_name_plural": "các lần in hàng loạt",
                        "ordering": ["-created_at", "-id"],
                        "abstract": False,
                        "db_table": "documents_printjob",
                    },
                ),
            ],
        ),
    ]
