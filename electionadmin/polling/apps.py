from django.apps import AppConfig


class PollingConfig(AppConfig):
    name = "electionadmin.polling"
    label = "polling"
    verbose_name = "Tiến độ bầu cử và kiểm phiếu"

    def ready(self):
        from . import scopes  # noqa: F401
