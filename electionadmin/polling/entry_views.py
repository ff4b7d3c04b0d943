"""Entry screens: a commune's areas at one slot, one area's slots, a file upload,
and the team's "counting has started" mark.

Plain HTML forms; a few lines of script move the cursor with Enter. Saving goes
through entry.save_figures(): all rows of the form are saved, or none when a row
has an error (each error names its row).
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from electionadmin.screens import in_scope, page, require, screen, stored_file
from electionadmin.setup.models import AdminUnit, ElectoralUnitArea, VotingArea
from importers.models import ImportJob
from importers.problems import SHOWN, labelled, outcome_counts
from importers.tasks import enqueue

from . import counting, rules
from .entry import Entry, save_figures
from .forms import contest_choices, figure_of, parse_count, rows_context
from .models import LATER_ROUNDS, TurnoutFigure
from .scopes import enters_figures, may_enter
from .views import ROUND_SLUGS, election_for, round_from, unit_for


def _slot(request, election) -> str:
    slots = rules.slots(election)
    asked = request.POST.get("slot") or request.GET.get("slot")
    if asked in slots:
        return asked
    due = rules.due_slots(election, rules.now())
    return due[-1] if due else slots[0]


def _contest(request, contests):
    key = request.POST.get("contest") or request.GET.get("contest") or ""
    return contests.get(key)


def _rounds(election, areas) -> dict[str, dict]:
    """The later rounds these areas take part in (through their electoral units):
    round -> {slug, label, dates, areas (ids), contests (ids)}."""
    links = ElectoralUnitArea.objects.filter(
        voting_area__in=areas,
        electoral_unit__contest__election=election,
        electoral_unit__rounds__isnull=False,
    ).values_list(
        "electoral_unit__rounds__round",
        "electoral_unit__rounds__election_date",
        "voting_area",
        "contest",
    )
    found = {}
    for slug, round in ROUND_SLUGS.items():
        mine = [link for link in links if link[0] == round]
        if mine:
            found[round] = {
                "slug": slug,
                "label": dict(LATER_ROUNDS)[round],
                "dates": sorted({day for _, day, _, _ in mine}),
                "areas": {area for _, _, area, _ in mine},
                "contests": {contest for _, _, _, contest in mine},
            }
    return found


def _round(request, election, areas) -> tuple[str | None, dict]:
    """The round asked for (`?lan=`) and the later rounds of these areas; a round
    none of the areas takes part in is refused."""
    round, rounds = round_from(request), _rounds(election, areas)
    require(
        round is None or round in rounds,
        "Khu vực bỏ phiếu không thuộc đơn vị bầu cử nào tổ chức lần bầu cử này.",
    )
    return round, rounds


def _entries(request, rows, make_label, prefix_of) -> tuple[list[Entry], list[str]]:
    """Entries from the filled fields that changed; parse errors by row."""
    entries, errors = [], []
    for index, row in enumerate(rows, start=1):
        raw = request.POST.get(prefix_of(row), "").strip()
        row["value"] = raw
        if raw == "":
            continue
        label = make_label(index, row)
        value = parse_count(raw)
        if value is None:
            errors.append(f"{label}: '{raw}' không phải là số cử tri.")
            continue
        entries.append(row["entry"](label, value))
    return entries, errors


def _round_contests(contests, round, rounds):
    """The contests of the screen: in a later round only those it is held for."""
    if round is None:
        return contests
    held = rounds[round]["contests"]
    return {key: c for key, c in contests.items() if c.pk in held}


def _save(request, election, entries, parse_errors) -> list[str] | None:
    """Save; the row errors (nothing saved) or None after a successful save."""
    if parse_errors:
        return parse_errors
    save_figures(election, entries, request.user, TurnoutFigure.Source.SCREEN)
    errors = [message for e in entries for message in e.messages()]
    if errors:
        return errors
    saved = sum(e.action in ("added", "updated") for e in entries)
    messages.success(request, f"Đã lưu {saved} số liệu.")
    for e in entries:
        for warning in e.warnings:
            messages.warning(request, f"{e.label}: {warning['message']}")
    return None


@screen()
def commune_entry(request, code: str, unit: str):
    election = election_for(request, code)
    commune = unit_for(request, election, unit)
    if commune.level != AdminUnit.Level.COMMUNE:
        raise Http404("Chỉ nhập theo xã/phường.")
    areas = list(
        VotingArea.objects.filter(election=election, commune=commune)
        .select_related("commune")
        .order_by("number")
    )
    require(
        areas and all(may_enter(request.user, a) for a in areas),
        "Bạn không được nhập số liệu của xã/phường này.",
    )
    round, rounds = _round(request, election, areas)
    if round:  # only the areas of the round's units
        areas = [a for a in areas if a.pk in rounds[round]["areas"]]
    slot, contests = _slot(request, election), contest_choices(election, areas)
    contests = _round_contests(contests, round, rounds)
    contest = _contest(request, contests)
    rows = rows_context(election, areas, slot, contest, round)
    errors = None
    if request.method == "POST":
        entries, bad = _entries(
            request,
            rows,
            lambda i, row: f"Dòng {i} (KVBP số {row['area'].number})",
            lambda row: f"v-{row['area'].pk}",
        )
        errors = _save(request, election, entries, bad)
        if errors is None:
            return redirect(request.get_full_path())
    title = f"Nhập tiến độ - {commune.name}"
    response = page(
        request,
        "polling/commune_entry.html",
        title,
        election=election,
        commune=commune,
        rows=rows,
        slot=slot,
        slots=rules.slots(election),
        contest=contest,
        contests=contests,
        errors=errors,
        **_round_context(round, rounds),
    )
    response.status_code = 400 if errors else 200
    return response


def _round_context(round, rounds) -> dict:
    return {
        "round": rounds.get(round),
        "round_slug": rounds[round]["slug"] if round else "",
        "rounds": list(rounds.values()),
    }


def _area(request, election, commune: str, number: int) -> VotingArea:
    areas = VotingArea.objects.select_related("commune")
    found = {"election": election, "commune__code": commune, "number": number}
    return in_scope(areas, request.user, **found)


@screen()
def area_entry(request, code: str, commune: str, number: int):
    election = election_for(request, code)
    area = _area(request, election, commune, number)
    require(
        may_enter(request.user, area), "Bạn không được nhập số liệu của khu vực này."
    )
    round, rounds = _round(request, election, [area])
    contests = _round_contests(contest_choices(election, [area]), round, rounds)
    contest = _contest(request, contests)
    slots = rules.slots(election)
    rows = [figure_of(election, area, slot, contest, round) for slot in slots]
    errors = None
    if request.method == "POST":
        entries, bad = _entries(
            request,
            rows,
            lambda i, row: f"Mốc {row['slot']}",
            lambda row: f"s-{row['slot']}",
        )
        errors = _save(request, election, entries, bad)
        if errors is None:
            return redirect(request.get_full_path())
    started = counting.standing(area)
    response = page(
        request,
        "polling/area_entry.html",
        f"Nhập tiến độ - KVBP {area.key}",
        election=election,
        area=area,
        rows=rows,
        contest=contest,
        contests=contests,
        errors=errors,
        counting_started=started,
        counting_over=counting.over(area),
        may_record=True,
        **_round_context(round, rounds),
    )
    response.status_code = 400 if errors else 200
    return response


@screen(methods=("GET", "POST"))
def counting_start(request, code: str, commune: str, number: int):
    """Confirm, then record "Bắt đầu kiểm phiếu" for the area."""
    return _counting_action(request, code, commune, number, undoing=False)


@screen(methods=("GET", "POST"))
def counting_undo(request, code: str, commune: str, number: int):
    """Confirm, then undo the area's standing "Bắt đầu kiểm phiếu"."""
    return _counting_action(request, code, commune, number, undoing=True)


def _counting_action(request, code, commune, number, undoing: bool):
    election = election_for(request, code)
    area = _area(request, election, commune, number)
    require(
        may_enter(request.user, area),
        "Bạn không được ghi nhận việc kiểm phiếu của khu vực này.",
    )
    mark = counting.standing(area)
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, None):
        back = ""
    back = back or reverse("polling:area_entry", args=[code, commune, number])
    refused = counting.refusal(area)
    if refused and request.method == "POST":
        messages.error(request, refused)
        return redirect(back)
    if request.method == "POST":
        if undoing:
            done = counting.undo(
                request.user, area, code, request.POST.get("reason", "")
            )
            said = (
                "Đã hủy ghi nhận bắt đầu kiểm phiếu." if done else "Không có gì để hủy."
            )
        else:
            done = counting.start(request.user, area, code)
            said = (
                "Đã ghi nhận bắt đầu kiểm phiếu."
                if done
                else ("Khu vực đã được ghi nhận bắt đầu kiểm phiếu từ trước.")
            )
        (messages.success if done else messages.info)(request, said)
        return redirect(back)
    title = "Hủy ghi nhận bắt đầu kiểm phiếu" if undoing else "Bắt đầu kiểm phiếu"
    return page(
        request,
        "polling/counting_confirm.html",
        f"{title} - KVBP {area.key}",
        election=election,
        area=area,
        mark=mark,
        undoing=undoing,
        back=back,
        refused=refused,
    )


@screen()
def upload(request, code: str):
    """The file is kept (private storage) and a task imports it; the request only
    queues the job and sends the user to its page (progress, then the report)."""
    election = election_for(request, code)
    require(enters_figures(request.user), "Bạn không được nhập số liệu tiến độ.")
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = _upload_error(upload)
        if error is None:
            dry_run = bool(request.POST.get("dry_run"))
            job = ImportJob(
                kind=ImportJob.Kind.TURNOUT,
                user=request.user,
                election=election,
                original_name=upload.name[:255],
                mode=ImportJob.Mode.PREVIEW if dry_run else ImportJob.Mode.IMPORT,
            )
            suffix = upload.name.rsplit(".", 1)[-1].lower()
            job.file.save(f"tien-do-{get_random_string(16)}.{suffix}", upload)
            enqueue(job)
            return redirect("polling:upload_job", code=election.code, job_id=job.pk)
    jobs = ImportJob.objects.filter(
        kind=ImportJob.Kind.TURNOUT, user=request.user, election=election
    )
    title = "Nhập tiến độ từ tệp bảng tính"
    context = {"election": election, "error": error, "jobs": jobs[:10]}
    response = page(request, "polling/upload.html", title, **context)
    response.status_code = 400 if error else 200
    return response


UPLOAD_EXTENSIONS = ("xlsx", "zip")
UPLOAD_MAX_MB = 50
OUTCOMES = ("added", "updated", "unchanged")


def report_context(report: dict) -> dict:
    counts = report.get("counts", {}).get("turnout", {})
    errors, warnings = report.get("errors", []), report.get("warnings", [])
    return {
        "counts": outcome_counts(counts, OUTCOMES),
        "errors": labelled(errors),
        "warnings": labelled(warnings),
        "error_total": report.get("error_total", len(errors)),
        "warning_total": report.get("warning_total", len(warnings)),
        "shown": SHOWN,
    }


def _upload_error(upload) -> str | None:
    if upload is None:
        return "Hãy chọn tệp cần nhập."
    if upload.name.rsplit(".", 1)[-1].lower() not in UPLOAD_EXTENSIONS:
        return "Tệp phải là .xlsx hoặc .zip (chứa turnout.csv)."
    if upload.size > UPLOAD_MAX_MB * 1024 * 1024:
        return f"Tệp lớn hơn {UPLOAD_MAX_MB} MB."
    return None


def _upload_job(request, code: str, job_id: int) -> tuple:
    """The user's own turnout job of this election (404 otherwise: another ward's
    job, another election's, another kind)."""
    election = election_for(request, code)
    require(enters_figures(request.user), "Bạn không được nhập số liệu tiến độ.")
    job = ImportJob.objects.filter(
        pk=job_id, kind=ImportJob.Kind.TURNOUT, election=election
    ).first()
    mine = job is not None and job.user_id == request.user.pk
    if job is None or not (mine or request.user.is_superuser):
        raise Http404
    job.fail_if_stale()  # a worker that died leaves no job "running" for ever
    return election, job


@screen()
def upload_job(request, code: str, job_id: int):
    election, job = _upload_job(request, code, job_id)
    title = f"Nhập tiến độ từ tệp: {job.original_name}"
    context = {"election": election, "job": job}
    if job.status == job.Status.DONE:
        context |= report_context(job.report)
    return page(request, "polling/upload_job.html", title, **context)


@screen()
def upload_job_status(request, code: str, job_id: int):
    _, job = _upload_job(request, code, job_id)
    return JsonResponse(job.status_dict())


@screen()
def upload_job_problems(request, code: str, job_id: int):
    """Every error and warning of the job's last run, as a workbook."""
    _, job = _upload_job(request, code, job_id)
    return stored_file(job.problems_file, f"loi-nhap-tien-do-{job.pk}.xlsx")


@require_POST
@screen()
def upload_job_confirm(request, code: str, job_id: int):
    """A clean preview imported for real: the same file, a task again."""
    election, job = _upload_job(request, code, job_id)
    if job.queue_import():
        enqueue(job)
    return redirect("polling:upload_job", code=election.code, job_id=job.pk)
