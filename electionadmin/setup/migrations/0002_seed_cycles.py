from django.db import migrations

from electionadmin.setup.cycle_defaults import CYCLES, UNIT_SETS


def seed(apps, schema_editor):
    Cycle = apps.get_model("setup", "Cycle")
    AdminUnitSet = apps.get_model("setup", "AdminUnitSet")
    for data in CYCLES:
        Cycle.objects.get_or_create(code=data["code"], defaults=data)
    for data in UNIT_SETS:
        AdminUnitSet.objects.get_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("setup", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
