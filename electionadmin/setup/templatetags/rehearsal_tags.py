from django import template

from electionadmin.setup.rehearsal import BANNER, election_in_view

register = template.Library()


@register.inclusion_tag("includes/rehearsal_banner.html", takes_context=True)
def rehearsal_banner(context):
    """The drill banner when the election in view is a rehearsal."""
    election = election_in_view(context)
    return {"election": election, "banner": BANNER}
