"""Profile.demo: the accounts the demo made with its published password, refused at
login when DEMO is off (access/backends.py). A database loaded with the demo before
the flag existed gets it on the accounts the demo made: its user names, with the
names the demo gave them then (first name "Demo", last name the user name)."""

from django.conf import settings
from django.db import migrations, models

# demo/users.py's DEMO_USERS and REHEARSAL_USERS when the flag came.
DEMO_NAMES = [
    "admin",
    "thanhpho",
    "nhaplieu",
    "quan1",
    "tandinh",
    "banqh2",
    "to26734-1",
    "taphuan",
    "xem",
    "dientap",
]


def flag_demo_accounts(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("access", "Profile")
    made = [
        user.pk
        for user in User.objects.filter(username__in=DEMO_NAMES, first_name="Demo")
        if user.last_name == user.username
    ]
    Profile.objects.filter(user__in=made).update(demo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_trainers_not_staff"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.AddField(
            model_name="profile",
            name="demo",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="tài khoản dùng thử"
            ),
        ),
        migrations.RunPython(flag_demo_accounts, migrations.RunPython.noop),
    ]
