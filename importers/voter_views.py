"""The voter-list import screen: choose the election and the file -> preview (dry run,
a task with a progress bar) -> confirm -> result, with links to the list and cards.

Who may import what is importers/access.py; the shared job pages are views.py.
"""

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string

from electionadmin.access.scope import restrict
from electionadmin.figures import grouped
from electionadmin.screens import XLSX, attachment, page, screen, stored_file
from electionadmin.setup.models import Election, VotingArea
from electionadmin.voters.models import AreaListCount

from .access import can_import_voters, job_view, voter_elections
from .models import ImportJob, extension_validator
from .problems import SHOWN, labelled, outcome_counts
from .tasks import enqueue

OUTCOMES = ("added", "updated", "unchanged", "rejected")
AREAS_SHOWN = 100
EXTENSIONS = ["csv", "xlsx", "zip"]


def max_upload_mb() -> int:
    return settings.VOTER_IMPORT_MAX_MB


class VoterUploadForm(forms.Form):
    election = forms.ModelChoiceField(
        Election.objects.none(),
        label="Cuộc bầu cử",
        empty_label=None,
        error_messages={"invalid_choice": "Bạn không được nhập cử tri vào cuộc này."},
    )
    file = forms.FileField(
        label="Tệp danh sách cử tri",
        validators=[extension_validator(EXTENSIONS)],
        error_messages={"required": "Hãy chọn tệp cần nhập."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = voter_elections(user)
        limit = max_upload_mb()
        self.fields["file"].help_text = (
            "Tệp .csv (mã UTF-8), .xlsx (trang tính voters hoặc chỉ một trang tính) "
            "hoặc .zip chứa tệp voters.csv; dòng 1 là tiêu đề theo mẫu. Tệp tối đa "
            f"{grouped(limit)} MB; danh sách lớn (cả quận, cả thành phố) nên nén "
            "thành .zip trước khi tải lên."
        )
        self.fields["file"].widget.attrs.update(
            {"accept": ".csv,.xlsx,.zip", "data-max-bytes": limit * 1024 * 1024}
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_mb() * 1024 * 1024:
            raise forms.ValidationError(
                f"Tệp lớn hơn {grouped(max_upload_mb())} MB: hãy nén thành .zip hoặc "
                "chia theo xã/phường."
            )
        return upload


# Staff with the right to make voter lists (403 otherwise).
voters_view = screen(can_import_voters)


@voters_view
def voters_import(request):
    form = VoterUploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(
            kind=ImportJob.Kind.VOTERS,
            user=request.user,
            election=form.cleaned_data["election"],
            original_name=upload.name[:255],
        )
        # A voter list is personal data: a stored name nobody can guess.
        suffix = upload.name.rsplit(".", 1)[-1].lower()
        job.file.save(f"cu-tri-{get_random_string(16)}.{suffix}", upload)
        enqueue(job)
        return redirect("importers:job", job_id=job.pk)
    jobs = ImportJob.objects.filter(user=request.user, kind=ImportJob.Kind.VOTERS)
    context = {"form": form, "jobs": jobs.select_related("election")[:10]}
    return page(
        request, "importers/voters_import.html", "Nhập danh sách cử tri", **context
    )


@voters_view
def voters_template(request):
    from importers.templates import voters_template_xlsx

    return attachment(voters_template_xlsx(), "mau-danh-sach-cu-tri.xlsx", XLSX)


def job_page(request, job: ImportJob):
    title = f"Nhập danh sách cử tri: {job.original_name}"
    context = {"job": job, "shown": SHOWN}
    if job.status == job.Status.DONE:
        context |= report_context(job.report)
        if job.mode == job.Mode.IMPORT and job.report.get("written"):
            context |= result_links(request.user, job.election)
    return page(request, "importers/voters_job.html", title, **context)


def report_context(report: dict) -> dict:
    counts = report.get("counts", {}).get("voters", {})
    errors, warnings = report.get("errors", []), report.get("warnings", [])
    return {
        "counts": outcome_counts(counts, OUTCOMES),
        "errors": labelled(errors),
        "warnings": labelled(warnings),
        "error_total": report.get("error_total", len(errors)),
        "warning_total": report.get("warning_total", len(warnings)),
    }


def result_links(user, election: Election | None) -> dict:
    """The voter list of the election, and the areas to print cards for."""
    if election is None:
        return {}
    areas = restrict(VotingArea.objects.filter(election=election), user)
    counts = AreaListCount.objects.filter(
        election=election, contest__isnull=True, voting_area__in=areas
    )
    listed = counts.select_related("voting_area__commune").order_by(
        "voting_area__commune__code", "voting_area__number"
    )
    query = f"?election__id__exact={election.pk}"
    return {
        "voter_list_url": reverse("admin:voters_voterentry_changelist") + query,
        "area_list_url": reverse("admin:setup_votingarea_changelist") + query,
        "area_counts": list(listed.filter(voters__gt=0)[:AREAS_SHOWN]),
        "area_total": listed.filter(voters__gt=0).count(),
    }


@job_view
def job_problems(request, job: ImportJob):
    """Every error and warning of the job's last run, as a workbook."""
    names = {ImportJob.Kind.VOTERS: "nhap-cu-tri", ImportJob.Kind.ELECTION: "thiet-lap"}
    if job.kind not in names:
        raise Http404
    return stored_file(job.problems_file, f"loi-{names[job.kind]}-{job.pk}.xlsx")
