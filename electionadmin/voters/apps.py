from django.apps import AppConfig


class VotersConfig(AppConfig):
    name = "electionadmin.voters"
    label = "voters"
    verbose_name = "Danh sách cử tri"

    def ready(self):
        from . import scopes  # noqa: F401
