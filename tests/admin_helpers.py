"""Helpers for driving Django admin forms in tests."""

import datetime

from django.forms import MultiWidget
from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        value = form[name].value()
        widget = form.fields[name].widget
        if isinstance(widget, MultiWidget):  # as a browser sends it: name_0, name_1…
            parts = value if isinstance(value, list) else widget.decompress(value)
            parts = (
                widget.decompress(parts) if len(parts) != len(widget.widgets) else parts
            )
            for i, part in enumerate(parts):
                data[f"{form.add_prefix(name)}_{i}"] = _value(part) or ""
            continue
        if value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [_value(v) for v in value]
        else:
            data[form.add_prefix(name)] = _value(value)


def change_form_data(response, **changes) -> dict:
    """The POST data the rendered change (or add) page would send, plus changes."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return data
