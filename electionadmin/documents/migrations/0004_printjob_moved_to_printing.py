# PrintJob moved to the printing app (electionadmin/printing/models.py); its table
# documents_printjob stays as it is, only Django's state moves.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_job_life_cycle_labels"),
        ("printing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="PrintJob")],
        ),
    ]
