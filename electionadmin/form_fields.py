"""Form fields that show a stored internal format the way a person reads it.

- `TimeListField`: a JSON list of "HH:MM" strings (an election's turnout report
  times) as a row of time inputs; stored exactly as before, sorted, no repeats.
- `ContestKindsField`: a contest bitmask (a voter entry's `contest_mask`,
  voters/eligibility.py) as one checkbox per contest; stored as the same integer.
"""

import datetime

from django import forms

from electionadmin.voters import eligibility

TIME_SLOTS = 8  # the law's reports are a handful a day; 8 leaves room


class TimeListWidget(forms.MultiWidget):
    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, size=TIME_SLOTS, attrs=None):
        attrs = {"type": "time", "style": "width:7em", **(attrs or {})}
        super().__init__([forms.TimeInput(attrs, format="%H:%M") for _ in range(size)])

    def decompress(self, value):
        values = list(value or [])[: len(self.widgets)]
        return values + [None] * (len(self.widgets) - len(values))


class TimeListField(forms.MultiValueField):
    def __init__(self, *, size=TIME_SLOTS, **kwargs):
        for key in ("encoder", "decoder", "max_length"):
            kwargs.pop(key, None)
        fields = [
            forms.TimeField(required=False, input_formats=["%H:%M"])
            for _ in range(size)
        ]
        kwargs.setdefault(
            "help_text", "Mỗi ô một giờ báo cáo (giờ:phút); để trống các ô thừa."
        )
        super().__init__(
            fields, widget=TimeListWidget(size), require_all_fields=False, **kwargs
        )

    def compress(self, data_list):
        times = sorted({t for t in data_list or [] if isinstance(t, datetime.time)})
        return [t.strftime("%H:%M") for t in times]

    def has_changed(self, initial, data):
        try:
            return self.compress(self.clean(data)) != list(initial or [])
        except forms.ValidationError:
            return True


KIND_NAMES = {
    "QH": "Quốc hội",
    "HDND_TINH": "HĐND tỉnh/thành phố",
    "HDND_HUYEN": "HĐND huyện",
    "HDND_XA": "HĐND xã/phường",
}


def contest_names(mask: int) -> str:
    """`9` -> "Quốc hội, HĐND xã/phường"; nothing -> "không"."""
    names = [KIND_NAMES[kind] for kind in eligibility.kinds_of(mask or 0)]
    return ", ".join(names) or "không"


class ContestKindsField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        for key in ("max_length", "min_value", "max_value", "coerce", "choices"):
            kwargs.pop(key, None)
        kwargs["required"] = False
        super().__init__(
            choices=[(kind, KIND_NAMES[kind]) for kind in eligibility.CONTEST_BITS],
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, int):
            return eligibility.kinds_of(value)
        return value

    def clean(self, value):
        return eligibility.mask_of(super().clean(value) or [])

    def has_changed(self, initial, data):
        return self.clean(data) != (initial or 0)
