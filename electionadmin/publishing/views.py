"""The public results pages and open-data files under /ket-qua/ (EXCHANGE §9).

No login. /ket-qua/ itself is a Wagtail page (ResultsIndexPage); these views serve
what lies below it, from the certified snapshots only (results.py), each response
cached per state of the election's snapshots.
"""

from django.template.response import SimpleTemplateResponse

from . import results
from .models import ResultsIndexPage


def _page(template: str, election, **context):
    index = ResultsIndexPage.objects.live().first()
    context |= {
        "election": election,
        "issuer": results.issuer_of(election),
        "index": index,
    }
    response = SimpleTemplateResponse(template, context)
    return response.render()


def election_page(request, code: str):
    def build(election):
        return _page(
            "publishing/results_election.html",
            election,
            contests=results.published_contests(election),
            history=results.history(election),
        )

    return results.cached(request, code, build)


def unit_page(request, code: str, contest: str, number: int):
    def build(election):
        found, unit = results.find_unit(
            results.published_contests(election), contest, number
        )
        return _page("publishing/results_unit.html", election, contest=found, unit=unit)

    return results.cached(request, code, build)


def current_file(request, code: str, name: str):
    def build(election):
        chosen = results.snapshots.current(election)
        return results.file_response(results.files_of(election, chosen)[name], name)

    return results.cached(request, code, build)


def version_file(request, code: str, version: int, name: str):
    def build(election):
        chosen = [results.version_of(election, version)]
        return results.file_response(results.files_of(election, chosen)[name], name)

    return results.cached(request, code, build)
