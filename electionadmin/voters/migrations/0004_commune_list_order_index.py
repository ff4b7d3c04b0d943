"""A commune's voters in list order, all of them and the struck-off ones.

(commune, voting_area, list_number, id) replaces the plain commune index (its first
column serves the same lookups) and is built before that one is dropped; the id
lets a page's ids come from the index alone. The partial index holds only entries
that are not active, so a first import adds nothing to it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("setup", "0002_seed_cycles"),
        ("voters", "0003_list_order_by_area_id"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="voterentry",
            index=models.Index(
                fields=["commune", "voting_area", "list_number", "id"],
                name="voterentry_commune_list_order",
            ),
        ),
        migrations.AlterField(
            model_name="voterentry",
            name="commune",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="setup.adminunit",
                verbose_name="xã/phường",
            ),
        ),
        migrations.AddIndex(
            model_name="voterentry",
            index=models.Index(
                condition=models.Q(("status", "active"), _negated=True),
                fields=["commune", "voting_area", "list_number"],
                name="voterentry_struck_off_order",
            ),
        ),
    ]
