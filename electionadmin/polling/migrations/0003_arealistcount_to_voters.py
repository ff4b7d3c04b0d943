"""AreaListCount moves to the voter list (voters.0005): its table is renamed, its
rows stay; this app forgets the model."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("polling", "0002_figures_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("arealistcount", "voters_arealistcount"),
            ],
            state_operations=[migrations.DeleteModel("AreaListCount")],
        ),
    ]
