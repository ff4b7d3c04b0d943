"""The cycle's form catalogue as a table the administrator edits: one row per key,
its printed number and title (instead of raw JSON), which forms this back office
prints marked (printing/catalogue.py). Used by CycleAdmin (admin.py)."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from electionadmin.access.admin import ScopedAdminForm
from electionadmin.printing import catalogue

from .models import Cycle


class CatalogueWidget(forms.Widget):
    template_name = "results/catalogue_widget.html"

    def format_value(self, value):
        return value if isinstance(value, dict) else {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        cycle = Cycle(forms=self.format_value(value))
        context["rows"] = [
            row | {"printable": row["key"] in catalogue.FORMS}
            for row in catalogue.catalogue_rows(cycle)
        ]
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, not the form renderer's own directories.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))

    def value_from_datadict(self, data, files, name):
        keys = data.getlist(f"{name}__key")
        return {
            key: {
                "number": data.get(f"{name}__{key}__number", "").strip(),
                "title": data.get(f"{name}__{key}__title", "").strip(),
            }
            for key in keys
        }


class CatalogueField(forms.Field):
    widget = CatalogueWidget

    def clean(self, value):
        value = super().clean(value) or {}
        missing = [key for key, row in value.items() if not row.get("title")]
        if missing:
            raise forms.ValidationError(
                f"Phải ghi tên biểu mẫu cho: {', '.join(missing)}."
            )
        return value


class CycleForm(ScopedAdminForm):
    forms = CatalogueField(
        label="Danh mục biểu mẫu",
        required=False,
        help_text="Số hiệu và tên in trên biểu mẫu, theo nghị quyết biểu mẫu của chu "
        "kỳ. Cùng một số hiệu có thể là biểu mẫu khác nhau ở hai chu kỳ.",
    )

    class Meta:
        model = Cycle
        fields = "__all__"
