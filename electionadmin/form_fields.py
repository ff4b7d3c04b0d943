"""Form fields that show a stored internal format the way a person reads it.

- `TimeListField`: a JSON list of "HH:MM" strings (an election's turnout report
  times) as a row of time inputs; stored exactly as before, sorted, no repeats.
(The contest bitmask's field is the voter list's: voters/form_fields.py.)
"""

import datetime

from django import forms

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
