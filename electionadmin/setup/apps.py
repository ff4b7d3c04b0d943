from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "electionadmin.setup"
    label = "setup"
    verbose_name = "Thiết lập cuộc bầu cử"

    def ready(self):
        from . import scopes  # noqa: F401
