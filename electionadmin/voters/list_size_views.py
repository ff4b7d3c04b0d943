"""The commune's declaration of a voting area's list size (declared.py) when the
area's list is kept outside the system: "Số cử tri theo danh sách niêm yết (khai
báo)".

`voters.add_voterentry` (the commune committee that keeps the lists) and the area in
the user's jurisdiction to change (404 otherwise, as if it did not exist); refused on
the form, nothing written, when the area has entries on its list in the system, for
a size below the voters already reported, or without a reason. Every declaration is
audited (who, when, the old and new size, why).
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from electionadmin.figures import grouped
from electionadmin.screens import has_perm, page, screen
from electionadmin.setup.models import ElectoralUnitArea

from .change_views import AREA_PERM, FORM, editable_area, posted
from .declared import LABEL, DeclarationRefused, declare_list_sizes
from .models import AreaListCount, VoterEntry


class ListSizeForm(forms.Form):
    voters = forms.IntegerField(
        label=LABEL,
        min_value=0,
        help_text="Tổng số cử tri trong danh sách cử tri đã niêm yết của khu vực.",
    )
    reason = forms.CharField(
        label="Lý do, căn cứ",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: danh sách lập trên giấy, niêm yết ngày …; số theo biên "
        "bản niêm yết.",
    )

    def __init__(self, contests, stored, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contests = contests
        overall = stored.get(None)
        if overall is not None and overall.declared:
            self.fields["voters"].initial = overall.voters
        for contest in contests:
            row = stored.get(contest.pk)
            self.fields[f"contest_{contest.pk}"] = forms.IntegerField(
                label=f"{contest}: số cử tri được bầu",
                min_value=0,
                required=False,
                initial=row.voters
                if row and row.declared and not row.whole_list
                else None,
                help_text="Để trống khi mọi cử tri của khu vực đều được bầu.",
            )

    def per_contest(self) -> dict[int, int]:
        found = {}
        for contest in self.contests:
            value = self.cleaned_data.get(f"contest_{contest.pk}")
            if value is not None:
                found[contest.pk] = value
        return found


@screen(has_perm(AREA_PERM), methods=FORM)
def declare(request, area_id: int):
    area = editable_area(request.user, area_id)
    links = ElectoralUnitArea.objects.filter(voting_area=area).select_related(
        "contest__council_unit"
    )
    contests = sorted({link.contest for link in links}, key=lambda c: c.pk)
    rows = AreaListCount.objects.filter(voting_area=area)
    stored = {row.contest_id: row for row in rows}
    listed = VoterEntry.objects.filter(voting_area=area).exists()
    form = ListSizeForm(contests, stored, posted(request))
    if form.is_bound and not listed and form.is_valid():
        voters = form.cleaned_data["voters"]
        try:
            declare_list_sizes(
                area.election,
                {area.pk: voters},
                request.user,
                form.cleaned_data["reason"],
                {area.pk: form.per_contest()},
            )
        except DeclarationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Đã ghi số cử tri khai báo của khu vực bỏ phiếu {area.key}: "
                f"{grouped(voters)}.",
            )
            return redirect(request.path)
    overall = stored.get(None)
    return page(
        request,
        "voters/list_size_form.html",
        f"{LABEL}: khu vực bỏ phiếu {area.key}",
        form=form,
        area=area,
        listed=listed,
        current=overall,
        current_voters=grouped(overall.voters) if overall is not None else "",
        submit="Ghi số cử tri khai báo",
        back_url=reverse("admin:setup_votingarea_change", args=[area.pk]),
    )
