from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "electionadmin.access"
    label = "access"
    verbose_name = "Người dùng và phạm vi"

    def ready(self):
        from . import signals  # noqa: F401
