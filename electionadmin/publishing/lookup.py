"""Tra cứu nơi bỏ phiếu: a citizen finds their voting area, polling place and voter
number from their citizen ID and birth date.

- POST only (nothing personal in a URL); the answer names the election, the voting
  area, its polling place and the voter number, nothing else about the person.
- "Not on a list" and "wrong birth date" get the same answer, word for word.
- At most LOOKUP_LIMIT tries per client address in LOOKUP_WINDOW seconds (the cache
  counts them; set CACHE_URL so every server process shares the count).
- Open for an election while its voter list is posted: from the cycle's posting
  deadline (`cycle.deadlines["voter_list_posted"]` days before election day, 40 by
  law) to the end of election day. Only entries on the list (status active).
- Nothing of the request is logged; the response is not cached.
"""

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from electionadmin.setup.models import Election
from electionadmin.voters.identity import is_citizen_id
from electionadmin.voters.models import VoterEntry

LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 10 * 60
TOO_MANY = (
    "Bạn đã tra cứu quá {limit} lần trong {minutes} phút. Vui lòng thử lại sau "
    "{minutes} phút."
)
NOT_FOUND = (
    "Không tìm thấy cử tri với số định danh cá nhân và ngày sinh này trong danh sách "
    "cử tri đang niêm yết. Vui lòng kiểm tra lại, hoặc liên hệ Ủy ban nhân dân "
    "xã/phường nơi bạn cư trú."
)


class LookupForm(forms.Form):
    citizen_id = forms.CharField(
        label="Số định danh cá nhân (số căn cước)",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="12 chữ số.",
    )
    birth_date = forms.DateField(
        label="Ngày sinh",
        input_formats=["%d/%m/%Y"],
        widget=forms.TextInput(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        ),
        help_text="Ngày/tháng/năm, ví dụ 05/09/1985.",
        error_messages={
            "invalid": "Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 05/09/1985."
        },
    )

    def clean_citizen_id(self):
        value = "".join(self.cleaned_data["citizen_id"].split()).replace(".", "")
        if not is_citizen_id(value):
            raise forms.ValidationError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
        return value


def posting_window(election: Election) -> tuple[datetime.date, datetime.date]:
    return election.list_posting_date, election.election_date


def open_elections(today: datetime.date | None = None) -> list[Election]:
    """Elections whose voter list is posted today (never a drill)."""
    elections = Election.objects.select_related("cycle").filter(is_rehearsal=False)
    if getattr(settings, "VOTER_LOOKUP_ALWAYS_OPEN", False):
        return list(elections)
    today = today or timezone.localdate()
    found = []
    for election in elections.filter(election_date__gte=today):
        start, end = posting_window(election)
        if start <= today <= end:
            found.append(election)
    return found


def birth_matches(entry: VoterEntry, given: datetime.date) -> bool:
    """As precise as the list: a year alone matches the year, and so on."""
    stored = entry.birth_date
    if entry.birth_precision == VoterEntry.BirthPrecision.YEAR:
        return stored.year == given.year
    if entry.birth_precision == VoterEntry.BirthPrecision.MONTH:
        return (stored.year, stored.month) == (given.year, given.month)
    return stored == given


def find(citizen_id: str, birth_date: datetime.date) -> list[dict]:
    elections = open_elections()
    entries = (
        VoterEntry.objects.active()
        .filter(election__in=[e.pk for e in elections], citizen_id=citizen_id)
        .select_related("voting_area__commune")
        .only(
            "election_id",
            "list_number",
            "birth_date",
            "birth_precision",
            "voting_area__number",
            "voting_area__name",
            "voting_area__polling_place",
            "voting_area__commune__name",
        )
    )
    by_pk = {election.pk: election for election in elections}
    return [
        {
            "election": by_pk[entry.election_id].name,
            "area_number": entry.voting_area.number,
            "area_name": entry.voting_area.name,
            "commune": entry.voting_area.commune.name,
            "polling_place": entry.voting_area.polling_place,
            "voter_number": entry.list_number,
        }
        for entry in entries
        if birth_matches(entry, birth_date)
    ]


def client_key(request) -> str:
    header = getattr(settings, "CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    address = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    address = address.split(",")[-1].strip()  # the hop our own proxy added
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
    return f"voter-lookup:{digest[:32]}"


def count_try(request) -> int:
    """This try's number within the client's window (the window starts at the first)."""
    key = client_key(request)
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, LOOKUP_WINDOW)
        return 1


@never_cache
@sensitive_post_parameters("citizen_id", "birth_date")
def voter_lookup(request):
    context = {"title": "Tra cứu nơi bỏ phiếu", "open": bool(open_elections())}
    if request.method != "POST":
        return render(
            request, "publishing/lookup.html", context | {"form": LookupForm()}
        )
    if count_try(request) > LOOKUP_LIMIT:
        message = TOO_MANY.format(limit=LOOKUP_LIMIT, minutes=LOOKUP_WINDOW // 60)
        context |= {"form": LookupForm(), "refused": message}
        return render(request, "publishing/lookup.html", context, status=429)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return render(request, "publishing/lookup.html", context | {"form": form})
    results = find(form.cleaned_data["citizen_id"], form.cleaned_data["birth_date"])
    if not results:
        context |= {"form": LookupForm(), "not_found": NOT_FOUND}
        return render(request, "publishing/lookup.html", context)
    return render(request, "publishing/lookup.html", context | {"results": results})
