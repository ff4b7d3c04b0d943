"""Screens: print cards/lists of a voting area, commune jobs with a progress bar, the
change report (table, XLSX, PDF) and the certificate to vote elsewhere.

Every screen needs `voters.view_voterentry` (403 otherwise) and finds records
through `restrict()` (404 outside the user's jurisdiction).
"""

from django import forms
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from electionadmin.access.role_names import VIEWER, role_of
from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.printing import farm
from electionadmin.printing.models import PrintJob
from electionadmin.screens import XLSX, attachment, has_perm, page, require, screen
from electionadmin.setup.models import (
    AdminUnit,
    Election,
    ElectoralUnitArea,
    VotingArea,
)
from importers.access import can_import_voters

from . import reports
from .models import VoterChange
from .printing import jobs
from .printing.cards import cards_pdf
from .printing.certificates import ISSUED, RELATED, certificate_context
from .printing.lists import list_pdf
from .printing.paper_forms import certificate_pdf, change_report_pdf
from .printing.selection import (
    ROUND_SLUGS,
    ROUNDS,
    SelectionError,
    form_number,
    round_of,
)
from .tables import report_table

voters_view = screen(has_perm("voters.view_voterentry"))
download = attachment


def visible_areas(user, ids) -> list[VotingArea]:
    areas = restrict(VotingArea.objects.filter(pk__in=ids), user)
    areas = list(areas.select_related("commune__parent__parent", "election__cycle"))
    if len(areas) != len(set(ids)) or len({a.election_id for a in areas}) > 1:
        raise Http404
    return sorted(areas, key=lambda a: (a.commune.code, a.number))


def round_asked(request) -> str | None:
    """The later round in the address (`?lan=bau-cu-lai|bau-cu-them`), None: first."""
    slug = request.GET.get("lan") or request.POST.get("lan") or ""
    if slug and slug not in ROUND_SLUGS:
        raise Http404("Không có lần bầu cử này.")
    return ROUND_SLUGS.get(slug)


def print_areas(user, ids, form_key: str, round: str | None = None) -> HttpResponse:
    """The PDF of the areas; a later `round` only for areas of its units (404)."""
    areas = visible_areas(user, ids)
    election = areas[0].election
    try:
        found, areas = round_of(election, round, areas)
    except SelectionError as error:
        raise Http404(str(error)) from error
    render, slug = (
        (cards_pdf, "the-cu-tri")
        if form_key == "VOTER_CARD"
        else (list_pdf, "danh-sach")
    )
    name = (
        f"{slug}-{areas[0].key.replace('/', '-')}.pdf"
        if len(areas) == 1
        else f"{slug}.pdf"
    )
    return download(render(election, areas, found), name)


@voters_view
def area_cards(request, area_id: int):
    return print_areas(request.user, [area_id], "VOTER_CARD", round_asked(request))


@voters_view
def area_list(request, area_id: int):
    return print_areas(request.user, [area_id], "VOTER_LIST", round_asked(request))


PRINT_CHOICES = {
    "VOTER_CARD": "Thẻ cử tri",
    "VOTER_LIST": "Danh sách cử tri",
    "VOTE_ELSEWHERE_CERT": "Giấy chứng nhận đã cấp",
}


@voters_view
def commune_print(request, election_id: int, commune_id: int):
    """GET: the choice of what to print for the commune (or district); POST: the
    batch as a background task, then its progress page. Not for the read-only
    viewer: a batch is work started, not a look."""
    require(role_of(request.user) != VIEWER, "Người chỉ xem không in hàng loạt.")
    election = get_object_or_404(
        restrict(Election.objects.all(), request.user), pk=election_id
    )
    communes = commune_ids(request.user, election, commune_id)
    if request.method != "POST":
        unit = get_object_or_404(AdminUnit, pk=commune_id)
        return page(
            request,
            "voters/commune_print.html",
            f"In cho {unit.name}",
            election=election,
            unit=unit,
            communes=len(communes),
            choices=PRINT_CHOICES,
            rounds=rounds_held(election, communes),
            round=round_asked(request),
        )
    form_key = request.POST.get("form", "VOTER_CARD")
    if form_key not in jobs.DOCUMENTS:
        raise Http404
    round = round_asked(request) or "first"
    job = jobs.start(election, request.user, form_key, communes, round)
    return redirect("voters:job", job_id=job.pk)


def rounds_held(election, communes: list[int]) -> list[tuple[str, str]]:
    """(slug, name) of the later rounds held in some area of these communes."""
    held = set(
        ElectoralUnitArea.objects.filter(
            voting_area__commune__in=communes,
            electoral_unit__contest__election=election,
            electoral_unit__rounds__isnull=False,
        ).values_list("electoral_unit__rounds__round", flat=True)
    )
    return [(slug, ROUNDS[key]) for slug, key in ROUND_SLUGS.items() if key in held]


def commune_ids(user, election, unit_id: int) -> list[int]:
    """The communes of a commune or district the user sees areas in (404 if none)."""
    unit = get_object_or_404(AdminUnit, pk=unit_id)
    areas = restrict(VotingArea.objects.filter(election=election), user)
    ids = sorted(
        set(
            areas.filter(commune__in=AdminUnit.objects.subtree_ids(unit)).values_list(
                "commune_id", flat=True
            )
        )
    )
    if not ids:
        raise Http404
    return ids


def own_job(request, job_id: int) -> PrintJob:
    job = get_object_or_404(
        PrintJob, pk=job_id, contest_keys__0__in=list(jobs.DOCUMENTS)
    )
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@voters_view
def job_detail(request, job_id: int):
    job = own_job(request, job_id)
    return page(request, "voters/print_job.html", "In hàng loạt", job=job)


@voters_view
def job_status(request, job_id: int):
    return JsonResponse(farm.status(own_job(request, job_id)))


@voters_view
def job_download(request, job_id: int):
    job = own_job(request, job_id)
    if job.status != job.Status.DONE or not job.output:
        raise Http404
    return FileResponse(
        job.output.open("rb"),
        as_attachment=True,
        filename=job.output.name.rsplit("/", 1)[-1],
    )


class ReportForm(forms.Form):
    election = forms.ModelChoiceField(Election.objects.none(), label="Cuộc bầu cử")
    level = forms.ChoiceField(
        choices=reports.LEVELS.items(), label="Cấp", initial="commune"
    )
    unit = forms.ModelChoiceField(
        AdminUnit.objects.none(), label="Đơn vị", required=False,
        help_text="Để trống: mọi đơn vị trong phạm vi quản lý.",
    )  # fmt: skip
    start = forms.DateTimeField(
        label="Từ", required=False, help_text="Mặc định: ngày niêm yết."
    )
    end = forms.DateTimeField(
        label="Đến", required=False, help_text="Mặc định: bây giờ."
    )

    # The level a jurisdiction's report opens at: one row per unit just below it.
    LEVEL_BELOW = {"commune": "area", "district": "commune", "province": "commune"}

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        elections = restrict(Election.objects.all(), user)
        self.fields["election"].queryset = elections
        self.fields["unit"].queryset = restrict(AdminUnit.objects.all(), user).exclude(
            level="province"
        )
        if len(elections) == 1:
            self.fields["election"].initial = elections[0]
        home = Jurisdiction.for_user(user).admin_unit  # opens on the user's own
        if home is not None:
            self.fields["level"].initial = self.LEVEL_BELOW.get(home.level, "commune")
            if home.level != "province":
                self.fields["unit"].initial = home.pk


def reporting_unit(user, data: dict):
    """The unit the report speaks for: the chosen one, else the user's own, else
    the election's province."""
    j = Jurisdiction.for_user(user)
    if data.get("unit"):
        return data["unit"]
    if j.admin_unit is not None:
        return j.admin_unit
    if j.voting_area is not None:
        return j.voting_area.commune
    return data["election"].province


def report_rows(user, data: dict):
    election = data["election"]
    period = reports.Period(
        data.get("start") or reports.posting_start(election),
        data.get("end") or timezone.now(),
    )
    areas = restrict(VotingArea.objects.filter(election=election), user)
    if data.get("unit"):
        areas = areas.filter(commune__in=AdminUnit.objects.subtree_ids(data["unit"]))
    return period, reports.report(election, data["level"], period, areas)


def _screens(user) -> list[tuple[str, str, str]]:
    """(link, name, what it is for) of each voter-list screen the user may open."""
    found = [
        (
            reverse("admin:voters_voterentry_changelist"),
            "Danh sách cử tri",
            "Tìm cử tri; xóa tên, chuyển khu vực, cấp giấy chứng nhận "
            "bỏ phiếu ở nơi khác.",
        ),
        (
            reverse("admin:setup_votingarea_changelist"),
            "Khu vực bỏ phiếu",
            "In thẻ cử tri và danh sách cử tri của từng khu vực hoặc cả xã/phường; "
            "bổ sung cử tri.",
        ),
        (
            reverse("admin:voters_voterchange_changelist"),
            "Biến động cử tri",
            "Các lần bổ sung, xóa tên, chuyển khu vực đã ghi.",
        ),
        (
            reverse("voters:change_report"),
            "Báo cáo biến động cử tri",
            "Theo xã/phường, quận/huyện hoặc tỉnh/thành phố; tải XLSX hoặc PDF.",
        ),
    ]
    if can_import_voters(user):
        found.append(
            (
                reverse("importers:voters"),
                "Nhập danh sách cử tri",
                "Từ tệp bảng tính, có xem trước và kiểm tra từng dòng.",
            )
        )
    return found


@voters_view
def index(request):
    """/cu-tri/: the voter-list screens the user may open, one link each."""
    context = {"screens": _screens(request.user)}
    return page(request, "voters/index.html", "Danh sách cử tri", **context)


@voters_view
def change_report(request):
    form = ReportForm(request.user, request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        election, level = data["election"], data["level"]
        period, rows = report_rows(request.user, data)
        fmt = request.GET.get("format")
        if fmt == "xlsx":
            return download(
                reports.xlsx(election, level, period, rows),
                "bien-dong-cu-tri.xlsx",
                XLSX,
            )
        pdf_context = report_context(election, level, period, rows)
        pdf_context |= issuer_context(reporting_unit(request.user, data))
        if fmt == "pdf":
            return download(change_report_pdf(pdf_context), "bien-dong-cu-tri.pdf")
        table = report_table(election, level, rows)
        RequestConfig(request, paginate=False).configure(table)
        context |= pdf_context | {"table": table, "query": request.GET.urlencode()}
    return page(
        request, "voters/change_report.html", "Báo cáo biến động cử tri", **context
    )


def report_context(election, level, period, rows) -> dict:
    cols = reports.columns(list(election.cycle.contest_kinds))
    return {
        "election": election,
        "level_label": reports.LEVELS[level],
        "period_label": reports.period_label(period),
        "columns": cols,
        "lines": [(row["unit"], [row[key] for key, _ in cols]) for row in rows],
        "form_number": form_number(election, "VOTER_CHANGES_REPORT"),
        "issuing_body": "",
        "footer_note": f"Báo cáo biến động cử tri - {election.name}",
    }


def issuer_context(unit) -> dict:
    """Who issues the report: the People's Committee of the unit, which keeps the
    voter list (docs/DOMAIN.md §4.3), and where and when it signs."""
    if unit is None:
        return {}
    today = timezone.localdate()
    return {
        "issuing_body": f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
        "issuer_name": f"Ủy ban nhân dân {unit.name}",
        "place_date": f"{unit.name}, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
    }


@voters_view
def certificate(request, change_id: int):
    changes = restrict(VoterChange.objects.filter(kind=ISSUED), request.user)
    change = get_object_or_404(changes.select_related(*RELATED), pk=change_id)
    pdf = certificate_pdf(certificate_context(change, request.user))
    return download(pdf, f"giay-chung-nhan-{change.pk}.pdf")
