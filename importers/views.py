"""The whole-workbook import screen: upload -> preview (dry run) -> confirm -> result,
and the job pages every import kind shares (the voter list's own screens are in
voter_views.py).

The work runs as a task (importers/tasks.py); these pages only queue it and show the
job's progress and report.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from electionadmin.access.scope import OUTSIDE_JURISDICTION, restrict
from electionadmin.screens import XLSX, attachment, page
from electionadmin.setup.models import Election

from .access import (
    importer_view,
    job_view,
    may_import_voters,
)
from .models import ImportJob, extension_validator
from .problems import preview_context
from .tasks import enqueue
from .voter_views import job_page

MAX_UPLOAD = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp bảng tính",
        help_text="Tệp .xlsx theo mẫu, hoặc tệp .zip chứa các tệp CSV (mỗi trang "
        "tính một tệp).",
        validators=[extension_validator(["xlsx", "zip"])],
        error_messages={"required": "Hãy chọn tệp cần nhập."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Tệp lớn hơn 50 MB.")
        return upload


@importer_view
def election_import(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(kind=ImportJob.Kind.ELECTION, user=request.user)
        job.original_name = upload.name[:255]
        job.file.save(upload.name, upload)
        enqueue(job)
        return redirect("importers:job", job_id=job.pk)
    jobs = ImportJob.objects.filter(user=request.user, kind=ImportJob.Kind.ELECTION)
    title = "Nhập bảng tính thiết lập cuộc bầu cử"
    elections = restrict(Election.objects.order_by("-election_date"), request.user)
    context = {"form": form, "jobs": jobs[:10], "elections": elections[:10]}
    return page(request, "importers/election_import.html", title, **context)


@importer_view
def election_template(request):
    """The blank template; with `?election=CODE` (one the user sees) the members
    sheet also lists the election's bodies by name."""
    from importers.templates import election_template_xlsx

    code = request.GET.get("election", "")
    if not code:
        return attachment(election_template_xlsx(), "mau-thiet-lap.xlsx", XLSX)
    elections = restrict(Election.objects.select_related("province"), request.user)
    election = elections.filter(code=code).first()
    if election is None:
        raise Http404(OUTSIDE_JURISDICTION)
    name = f"mau-thiet-lap-{slugify(election.code)}.xlsx"
    return attachment(election_template_xlsx(election), name, XLSX)


@job_view
def job_detail(request, job: ImportJob):
    if job.kind == ImportJob.Kind.VOTERS:
        return job_page(request, job)
    title = f"Nhập bảng tính: {job.original_name}"
    context = preview_context(job.report) if job.status == job.Status.DONE else {}
    return page(request, "importers/job.html", title, job=job, **context)


@job_view
def job_status(request, job: ImportJob):
    return JsonResponse(job.status_dict())


@require_POST
@job_view
def job_confirm(request, job: ImportJob):
    refused = job.kind == ImportJob.Kind.VOTERS and not may_import_voters(
        request.user, job.election
    )
    if refused:
        messages.error(
            request,
            "Bạn không còn quyền nhập danh sách cử tri của cuộc bầu cử này; chưa ghi "
            "gì.",
        )
    elif job.queue_import():
        enqueue(job)
    return redirect("importers:job", job_id=job.pk)
