"""The voter list's form fields.

- `ContestKindsField`: a contest bitmask (a voter entry's `contest_mask`,
  voters/eligibility.py) as one checkbox per contest; stored as the same integer.
- `contest_names`: the bitmask as a person reads it.
"""

from django import forms

from . import eligibility

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
