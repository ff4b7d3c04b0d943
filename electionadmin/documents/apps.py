from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "electionadmin.documents"
    label = "documents"
    verbose_name = "Biểu mẫu và tài liệu in"
