from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from . import roles
from .middleware import mark_seen
from .models import Profile


@receiver(post_migrate)
def create_role_groups(sender, **kwargs):
    # Permissions are created app by app; the last app's signal sees them all.
    with_models = [app for app in apps.get_app_configs() if app.models_module]
    if sender.label == with_models[-1].label:
        roles.sync_groups()


@receiver(post_save, sender=Profile)
def apply_profile_role(sender, instance: Profile, **kwargs):
    roles.apply_role(instance.user, instance.role)


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_seen(request.session)
