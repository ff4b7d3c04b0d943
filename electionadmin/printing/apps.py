from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "electionadmin.printing"
    label = "printing"
    verbose_name = "In ấn"
