"""Printing the statutory forms from the admin, verifying a printed code, and batch
printing a commune's or a city's counting minutes as a background job.

A form prints only for what the user can see: the minutes (team forms), the
inventory, the electoral unit, the contest, or an administrative unit of their own
territory; anything else is a 404, as in every admin list.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect

from electionadmin.access.scope import restrict
from electionadmin.printing import catalogue
from electionadmin.printing.models import PrintJob
from electionadmin.results import authority
from electionadmin.results.forms import BatchForm, VerifyForm
from electionadmin.results.models import BallotInventory, CountingRecord
from electionadmin.results.views import election_for, territory_ids
from electionadmin.screens import page, require, screen
from electionadmin.setup.models import AdminUnit, Contest, ElectoralUnit

from . import minutes_batch, print_choices, render

# PrintJob is shared: the voters app keeps its card/list jobs in it with a form key
# in `contest_keys`; these screens handle the jobs of counting minutes only.
OUTSIDE = "Biểu mẫu này nằm ngoài phạm vi bạn được giao quản lý."
MINUTES_JOBS = Q(contest_keys__0="QH") | Q(contest_keys__0__startswith="HDND")


def may_print(user, target) -> bool:
    scope = target.spec.scope
    if scope == catalogue.AREA and target.contest is not None:
        found = CountingRecord.objects.filter(
            contest=target.contest, voting_area=target.area, round=target.round
        )
    elif scope == catalogue.AREA:
        found = BallotInventory.objects.filter(voting_area=target.area)
    elif scope == catalogue.UNIT:
        found = ElectoralUnit.objects.filter(pk=target.unit.pk)
        if not authority.sees_unit_totals(user, target.unit, target.round):
            return False
    elif scope == catalogue.CONTEST:
        found = Contest.objects.filter(pk=target.contest.pk)
        if not authority.sees_contest_totals(user, target.contest, target.round):
            return False
    else:
        ids = territory_ids(user)
        return ids is None or target.admin_unit.pk in ids
    return restrict(found, user).exists()


def pdf_response(printed: render.Printed) -> HttpResponse:
    response = HttpResponse(printed.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


@screen()
def print_view(request, code: str):
    """?form_key=…&scope=…[&contest=…][&round=…] -> the PDF; else the choice form."""
    election = election_for(request, code)
    data = request.GET if "form_key" in request.GET else None
    form = print_choices.print_form(data, request.user, election)
    if data and data.get("scope") and data["scope"] not in form.scope_kinds:
        raise Http404(OUTSIDE)  # not among the user's scopes: as any foreign id
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            target = render.resolve(
                election,
                data["form_key"],
                data["scope"],
                data["contest"] or None,
                data["round"],
            )
            if not may_print(request.user, target):
                raise Http404(OUTSIDE)
            return pdf_response(render.render(target))
        except render.PrintError as exc:
            messages.error(request, str(exc))
    context = {
        "election": election,
        "form": form,
        "catalogue": catalogue.catalogue_rows(election.cycle)[: len(catalogue.FORMS)],
        "scope_groups": form.scope_of,
    }
    return page(request, "results/print.html", f"In biểu mẫu - {election}", **context)


@screen()
def verify_view(request):
    form = VerifyForm(request.POST or request.GET or None)
    verdict = None
    if form.is_bound and form.is_valid():
        verdict = render.verify(form.cleaned_data["code"])
        target = verdict.target
        if target is not None and not may_print(request.user, target):
            raise Http404("Biểu mẫu này nằm ngoài phạm vi bạn được giao quản lý.")
    described = (
        print_choices.describe(verdict.target) if verdict and verdict.target else ""
    )
    context = {"form": form, "verdict": verdict, "described": described}
    return page(request, "results/verify.html", "Xác thực biểu mẫu đã in", **context)


def _batch_choices(request, election):
    contests = restrict(
        Contest.objects.filter(election=election).select_related("council_unit"),
        request.user,
    )
    communes = AdminUnit.objects.filter(
        level=AdminUnit.Level.COMMUNE, voting_areas__election=election
    ).distinct()
    ids = territory_ids(request.user)
    if ids is not None:
        communes = communes.filter(pk__in=ids)
    return list(contests), list(communes.order_by("code"))


@screen()
def batch_view(request, code: str):
    election = election_for(request, code)
    require(
        authority.may_batch_print(request.user),
        "In hàng loạt dành cho Ủy ban bầu cử.",
    )
    contests, communes = _batch_choices(request, election)
    form = BatchForm(request.POST or None, contests=contests, communes=communes)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["commune"]
        job = PrintJob.objects.create(
            election=election,
            user=request.user,
            round=form.cleaned_data["round"],
            contest_keys=form.cleaned_data["contests"],
            commune_ids=[int(chosen)] if chosen else [c.pk for c in communes],
        )
        minutes_batch.start(job)
        return redirect("results:print_job", job.pk)
    jobs = PrintJob.objects.filter(MINUTES_JOBS, user=request.user, election=election)
    jobs = jobs[:10]
    context = {"election": election, "form": form, "jobs": jobs}
    return page(request, "results/batch.html", f"In hàng loạt - {election}", **context)


def own_job(request, pk: int) -> PrintJob:
    jobs = PrintJob.objects.filter(MINUTES_JOBS).select_related("election")
    job = get_object_or_404(jobs, pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@screen()
def job_view(request, pk: int):
    job = own_job(request, pk)
    title = f"In biên bản kiểm phiếu - {job.election}"
    return page(request, "results/print_job.html", title, job=job)


@screen()
def job_status(request, pk: int):
    return JsonResponse(own_job(request, pk).status_dict())


@screen()
def job_download(request, pk: int):
    job = own_job(request, pk)
    if not job.output:
        raise Http404("Chưa có tệp kết quả.")
    name = job.output.name.rsplit("/", 1)[-1]
    return FileResponse(job.output.open("rb"), as_attachment=True, filename=name)
