"""The cycle's form catalogue as a table the administrator edits: one row per key,
its printed number and title (instead of raw JSON), which forms this back office
prints marked (printing/catalogue.py). Used by CycleAdmin (admin.py)."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from electionadmin.access.admin import ScopedAdminForm
from electionadmin.form_fields import TimeListField
from electionadmin.printing import catalogue

from . import rules
from .cycle_display import DEADLINE_NAMES
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
    turnout_slots = TimeListField(label="Mốc báo cáo tiến độ mặc định")

    class Meta:
        model = Cycle
        fields = "__all__"

    def clean_deadlines(self):
        """The calendar's order: before election day in order, then after it."""
        deadlines = self.cleaned_data.get("deadlines") or {}
        if not isinstance(deadlines, dict) or not all(
            isinstance(v, int) for v in deadlines.values()
        ):
            raise forms.ValidationError(
                "Mốc thời gian ghi số ngày so với ngày bầu cử (số nguyên)."
            )
        problems = rules.calendar_problems(
            deadlines, lambda key: DEADLINE_NAMES.get(key, key)
        )
        if problems:
            raise forms.ValidationError(problems)
        return deadlines
