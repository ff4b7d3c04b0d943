from django.apps import AppConfig
from django.core import checks


class ImportersConfig(AppConfig):
    name = "importers"
    verbose_name = "Nhập dữ liệu từ bảng tính"

    def ready(self):
        checks.register(defused_xml_check)


def defused_xml_check(app_configs=None, **kwargs):
    """openpyxl parses uploaded workbooks with defusedxml (no XML entities: no XXE,
    no billion laughs) only when it is installed and OPENPYXL_DEFUSEDXML is not off."""
    import openpyxl

    if openpyxl.DEFUSEDXML:
        return []
    return [
        checks.Error(
            "openpyxl does not use defusedxml: uploaded workbooks could expand XML "
            "entities (XXE, billion laughs).",
            hint="pip install defusedxml (requirements.txt) and leave "
            "OPENPYXL_DEFUSEDXML unset.",
            id="importers.E001",
        )
    ]
