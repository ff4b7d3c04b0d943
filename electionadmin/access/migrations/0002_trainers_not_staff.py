"""Trainers work in Wagtail only (roles.WAGTAIL_ONLY_ROLES): users who already had the
role lose the staff flag, which new and re-saved profiles no longer get."""

from django.conf import settings
from django.db import migrations


def trainers_not_staff(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    User.objects.filter(profile__role="trainer", is_superuser=False).update(
        is_staff=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [migrations.RunPython(trainers_not_staff, migrations.RunPython.noop)]
