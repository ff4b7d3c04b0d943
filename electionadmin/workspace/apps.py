from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "electionadmin.workspace"
    label = "workspace"
    verbose_name = "Việc của tôi"
