"""Template helpers of the public site: the issuing body, Vietnamese percentages."""

from django import template

from electionadmin.setup.models import Election

register = template.Library()


@register.simple_tag(takes_context=True)
def issuing_body(context) -> str:
    """The body named in the header: the page's own (results pages pass it), else
    the committee of the latest election."""
    from ..results import issuer_of

    if context.get("issuer"):
        return context["issuer"]
    live = Election.objects.filter(is_rehearsal=False)
    latest = live.select_related("province").first()
    return issuer_of(latest)


@register.filter
def vi_pct(value) -> str:
    """ "63.96" -> "63,96": a decimal comma, as Vietnamese documents write it."""
    return str(value).replace(".", ",")


@register.filter
def bar_width(value) -> str:
    """A percentage string as an SVG width between 0 and 100 (a dot, for SVG)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "0"
    return f"{min(max(number, 0.0), 100.0):.2f}"
