from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "electionadmin.setup"
    label = "setup"
    verbose_name = "Thiết lập cuộc bầu cử"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import scopes  # noqa: F401
        from .models import Election
        from .rehearsal import forget_drills

        post_save.connect(forget_drills, sender=Election)
        post_delete.connect(forget_drills, sender=Election)
