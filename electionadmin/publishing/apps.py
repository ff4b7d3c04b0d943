from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "electionadmin.publishing"
    label = "publishing"
    verbose_name = "Trang công khai và hướng dẫn"

    def ready(self):
        from . import permissions  # noqa: F401  (page rights and the guide workflow)
