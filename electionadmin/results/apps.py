from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "electionadmin.results"
    label = "results"
    verbose_name = "Kết quả bầu cử"

    def ready(self):
        from . import scopes  # noqa: F401
