from django.apps import AppConfig
from django.core import checks


class AccessConfig(AppConfig):
    name = "electionadmin.access"
    label = "access"
    verbose_name = "Người dùng và phạm vi"

    def ready(self):
        from . import signals  # noqa: F401
        from .checks import demo_in_deployment, demo_over_https

        checks.register(demo_over_https, checks.Tags.security)
        checks.register(demo_in_deployment, checks.Tags.security, deploy=True)
