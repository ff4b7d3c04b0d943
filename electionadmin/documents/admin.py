"""The counting minutes' admin list (results/admin.py) with the action that prints
the chosen minutes in one PDF, drawn as the Tổ's minutes (team_minutes.py)."""

from django.contrib import admin, messages
from django.http import HttpResponse

from electionadmin.results.admin import CountingRecordAdmin
from electionadmin.results.models import CountingRecord

MAX_SELECTED = 300


class PrintingCountingRecordAdmin(CountingRecordAdmin):
    actions = [*CountingRecordAdmin.actions, "print_selected"]

    @admin.action(description="In các biên bản đã chọn (một tệp PDF)")
    def print_selected(self, request, queryset):
        records = [r for r in queryset if r.has_figures]
        if len(records) > MAX_SELECTED:
            messages.error(
                request,
                f"Chọn tối đa {MAX_SELECTED} biên bản; in nhiều hơn dùng In hàng loạt.",
            )
            return None
        if not records:
            messages.error(request, "Không có biên bản nào đã có số liệu để in.")
            return None
        # The PDF libraries (xhtml2pdf, reportlab, qrcode) load when a PDF is asked
        # for, not at Django's set-up: every command and worker would pay them.
        from .team_minutes import render_team_minutes

        content = render_team_minutes(_contexts(records))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="bien-ban.pdf"'
        return response


def _contexts(records) -> list[dict]:
    from . import render, team

    ids = [r.pk for r in records]
    loaded = (
        CountingRecord.objects.filter(pk__in=ids)
        .select_related(*team.RECORD_RELATED)
        .prefetch_related("candidate_votes")
        .order_by("voting_area__commune__code", "voting_area__number", "contest_id")
    )
    cache = team.Lookups()
    return [
        render.finish(team.team_count(r, cache), team.reference_of(r), with_image=False)
        for r in loaded
    ]


admin.site.unregister(CountingRecord)
admin.site.register(CountingRecord, PrintingCountingRecordAdmin)
