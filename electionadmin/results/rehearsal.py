"""Wiping a rehearsal (drill) election with all its data in one action
(`Election.is_rehearsal`; the rest of the drill's handling is in
setup/rehearsal.py). Here, in the results stage, because it deletes the data of every
stage up to results: voters, turnout, minutes, certifications, snapshots, jobs.

`wipe` is used by `manage.py wipe_rehearsal CODE` and by the admin action on the
elections list (`wipe_rehearsal`, attached to ElectionAdmin by results/admin.py).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse

from electionadmin.figures import grouped
from electionadmin.setup.models import Election
from electionadmin.setup.rehearsal import may_wipe


class WipeRefused(Exception):
    """A wipe that may not run, in the user's words."""


def _parts(election: Election) -> list[tuple[str, models.QuerySet]]:
    """What belongs to the election, in the order it is deleted (the records that
    protect others first)."""
    from django.contrib.auth import get_user_model

    from electionadmin.polling.models import TurnoutFigure
    from electionadmin.printing.models import PrintJob
    from electionadmin.results.models import (
        BallotInventory,
        Certification,
        Confirmation,
        CountingRecord,
        ResultSnapshot,
        UnitRound,
    )
    from electionadmin.setup.models import (
        Candidate,
        Contest,
        ElectionBody,
        ElectoralUnit,
        VotingArea,
    )
    from electionadmin.voters.models import VoterChange, VoterEntry
    from importers.models import ImportJob

    e = election
    users = get_user_model().objects.filter(
        models.Q(profile__voting_area__election=e)
        | models.Q(profile__electoral_unit__contest__election=e)
    )
    return [
        ("bản công bố kết quả", ResultSnapshot.objects.filter(election=e)),
        (
            "xác nhận tư cách",
            Confirmation.objects.filter(candidate__electoral_unit__contest__election=e),
        ),
        ("vòng bầu cử", UnitRound.objects.filter(electoral_unit__contest__election=e)),
        ("kiểm kê phiếu", BallotInventory.objects.filter(contest__election=e)),
        ("biên bản kiểm phiếu", CountingRecord.objects.filter(contest__election=e)),
        ("xác nhận kết quả", Certification.objects.filter(contest__election=e)),
        ("số liệu tiến độ bỏ phiếu", TurnoutFigure.objects.filter(election=e)),
        ("biến động cử tri", VoterChange.objects.filter(election=e)),
        ("cử tri", VoterEntry.objects.filter(election=e)),
        ("việc in", PrintJob.objects.filter(election=e)),
        ("việc nhập tệp", ImportJob.objects.filter(election=e)),
        ("tài khoản được giao phạm vi (bị khóa)", users.distinct()),
        ("người ứng cử", Candidate.objects.filter(electoral_unit__contest__election=e)),
        ("tổ chức phụ trách bầu cử", ElectionBody.objects.filter(election=e)),
        ("đơn vị bầu cử", ElectoralUnit.objects.filter(contest__election=e)),
        ("cuộc bầu cử HĐND/Quốc hội", Contest.objects.filter(election=e)),
        ("khu vực bỏ phiếu", VotingArea.objects.filter(election=e)),
    ]


def counts(election: Election) -> list[tuple[str, int]]:
    """(what, how many) the wipe would delete, for the confirmation screen."""
    return [(label, qs.count()) for label, qs in _parts(election)]


def _files(election: Election) -> list[tuple[object, str]]:
    from electionadmin.printing.models import PrintJob
    from importers.models import ImportJob

    found = []
    for job in PrintJob.objects.filter(election=election):
        if job.output:
            found.append((job.output.storage, job.output.name))
    for job in ImportJob.objects.filter(election=election):
        for f in (job.file, job.problems_file):
            if f:
                found.append((f.storage, f.name))
    return found


def wipe(code: str, user=None, reason: str = "") -> dict[str, int]:
    """Delete the drill `code` and everything belonging to it in one transaction;
    the private files of its print and import jobs go once it commits. The audit
    entry (who, what, the counts) is written in the same transaction and survives.
    A live election is refused."""
    from django.db import transaction

    from electionadmin.audit.log import record

    with transaction.atomic():
        election = Election.objects.select_for_update().filter(code=code).first()
        if election is None:
            raise WipeRefused(f"Không có cuộc bầu cử mã {code}.")
        if not election.is_rehearsal:
            raise WipeRefused(
                f"Cuộc bầu cử {election.name} ({code}) không phải bầu cử diễn tập: "
                "không được xóa."
            )
        files = _files(election)
        deleted: dict[str, int] = {}
        for label, queryset in _parts(election):
            if label.startswith("tài khoản"):
                deleted[label] = queryset.update(is_active=False)
                continue
            deleted[label] = queryset.count()
            queryset.delete()
        label, pk = str(election), election.pk
        election.delete()
        deleted["tệp riêng"] = len(files)
        record(
            user,
            "delete",
            model=Election,
            object_id=pk,
            label=f"Xóa bầu cử diễn tập: {label}",
            changes={"đã xóa": deleted},
            reason=reason or "Xóa toàn bộ dữ liệu bầu cử diễn tập",
            election_code=code,
        )

        def remove_files():
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)
    return deleted


@admin.action(description="Xóa toàn bộ dữ liệu bầu cử diễn tập đã chọn")
def wipe_rehearsal(modeladmin, request, queryset):
    """A confirmation screen listing what goes, then the wipe (one per
    election, each in its own transaction, each audited)."""
    if not may_wipe(request.user):
        raise PermissionDenied
    chosen = list(queryset)
    live = [e for e in chosen if not e.is_rehearsal]
    if live:
        names = ", ".join(e.name for e in live)
        modeladmin.message_user(
            request,
            f"Không xóa: {names} không phải bầu cử diễn tập.",
            messages.ERROR,
        )
        return None
    reason = (request.POST.get("ly_do") or "").strip()
    if request.POST.get("xac_nhan") == "co" and reason:
        for election in chosen:
            try:
                deleted = wipe(election.code, request.user, reason)
            except WipeRefused as exc:
                modeladmin.message_user(request, str(exc), messages.ERROR)
                continue
            modeladmin.message_user(
                request,
                f"Đã xóa bầu cử diễn tập {election.name}: "
                f"{grouped(deleted['cử tri'])} cử tri, "
                f"{grouped(deleted['khu vực bỏ phiếu'])} khu vực bỏ phiếu.",
                messages.SUCCESS,
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Xác nhận xóa bầu cử diễn tập",
        "opts": modeladmin.model._meta,
        "election": chosen[0] if chosen else None,
        "elections": [(e, counts(e)) for e in chosen],
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "missing_reason": request.POST.get("xac_nhan") == "co" and not reason,
    }
    return TemplateResponse(request, "admin/setup/wipe_rehearsal.html", context)
