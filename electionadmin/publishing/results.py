"""What the public results pages and files show: certified snapshots only.

Every figure comes from `results.snapshots` (the contest's results frozen at its
certification), never from the minutes, so an uncertified contest cannot appear.
Nothing at all is shown before the polls close. A page or file is rendered once per
state of the election's snapshots and kept in the cache: the key holds the newest
version number and the number of withdrawn snapshots, read in one query a request,
so a new certification or a revocation shows at once in every process (the newest
snapshot's id rather than its version number: ids are never reused, even when a
database is restored or a test rolls back). fast.py answers a cached page before
the session, locale, CSRF and authentication middleware.
"""

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections
from django.http import Http404, HttpResponse
from django.utils import timezone

from electionadmin import replica
from electionadmin.polling.sql import cursor as prepared_cursor
from electionadmin.results import snapshots
from electionadmin.results.export import write_csv
from electionadmin.results.models import ResultSnapshot
from electionadmin.setup.models import Election

CACHE_SECONDS = 24 * 3600
JSON_FILE, CSV_FILE, SUMS_FILE = "ket-qua.json", "ket-qua.csv", "SHA256SUMS"
CONTENT_TYPES = {
    JSON_FILE: "application/json; charset=utf-8",
    CSV_FILE: "text/csv; charset=utf-8",
    SUMS_FILE: "text/plain; charset=utf-8",
}


STATE_SQL = """
    SELECT e.id, e.election_date, e.polls_close, MAX(s.id), COUNT(s.withdrawn_at)
      FROM {election} e LEFT JOIN {snapshot} s ON s.election_id = e.id
     WHERE e.code = %s AND NOT e.is_rehearsal
     GROUP BY e.id"""
# A drill (`Election.is_rehearsal`) is never public: no state, so every page, file
# and version of it answers 404, and it is left out of the index and the sitemap.


@dataclass(frozen=True)
class State:
    """What a public page depends on: the newest snapshot and the withdrawals."""

    election_id: int
    last_snapshot: int
    withdrawn: int

    def key(self, path: str) -> str:
        return f"ket-qua:{self.last_snapshot}:{self.withdrawn}:{path}"


def state_sql() -> str:
    return STATE_SQL.format(
        election=Election._meta.db_table, snapshot=ResultSnapshot._meta.db_table
    )


def state_of(code: str) -> State | None:
    """One prepared statement a request, on the primary (a revocation counts at
    once); None when nothing is public (no snapshot, or the polls have not closed)."""
    with prepared_cursor() as cursor:
        cursor.execute(state_sql(), [code])
        row = cursor.fetchone()
    if row is None or row[3] is None:
        return None
    closing = datetime.datetime.combine(row[1], row[2])
    if timezone.localtime().replace(tzinfo=None) < closing:
        return None
    return State(row[0], row[3], row[4])


def published_election(code: str) -> tuple[Election, State]:
    state = state_of(code)
    if state is None:
        raise Http404("Chưa có kết quả được công bố.")
    election = Election.objects.select_related("province").get(pk=state.election_id)
    return election, state


def cached_response(request, state: State) -> HttpResponse | None:
    hit = cache.get(state.key(request.path))
    if hit is None:
        return None
    response = HttpResponse(hit[0], content_type=hit[1])
    response["X-Frame-Options"] = "DENY"
    return response


def replica_has(code: str, state: State) -> bool:
    """Whether the read replica has copied the snapshots of `state` (the page is
    then built there; until then, on the primary)."""
    if not replica.configured():
        return False
    with connections[replica.ALIAS].cursor() as cursor:
        cursor.execute(state_sql(), [code])
        row = cursor.fetchone()
    now = (state.last_snapshot, state.withdrawn)
    return row is not None and (row[3], row[4]) == now


def cached(request, code: str, build) -> HttpResponse:
    """The response `build(election)` gives, kept per state of the snapshots (the
    cache key holds the newest snapshot's id, so a new version or a withdrawal makes
    a new key at once, in every process)."""
    election, state = published_election(code)
    response = cached_response(request, state)
    if response is None:
        if replica_has(code, state):
            with replica.reads():
                response = build(election)
        else:
            response = build(election)
        hit = (response.content, response["Content-Type"])
        cache.set(state.key(request.path), hit, CACHE_SECONDS)
    return response


def issuer_of(election: Election | None) -> str:
    """The body that publishes the results: the province's election committee."""
    if election is not None and election.province_id:
        return f"Ủy ban bầu cử {election.province.name}"
    return "Hội đồng bầu cử quốc gia"


# -- files ------------------------------------------------------------------------


def files_of(election: Election, chosen: list[ResultSnapshot]) -> dict[str, bytes]:
    """ket-qua.json (EXCHANGE §5 shape + certified_at, version), ket-qua.csv (the
    rows of `election_results --format csv`) and their SHA256SUMS."""
    data = snapshots.published(election, chosen)
    json_bytes = json.dumps(data, ensure_ascii=False, indent=2).encode()
    text = io.StringIO()
    write_csv(data, text)
    csv_bytes = text.getvalue().encode()
    sums = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n"
        for name, content in ((JSON_FILE, json_bytes), (CSV_FILE, csv_bytes))
    )
    return {JSON_FILE: json_bytes, CSV_FILE: csv_bytes, SUMS_FILE: sums.encode()}


def file_response(content: bytes, name: str) -> HttpResponse:
    return HttpResponse(content, content_type=CONTENT_TYPES[name])


def version_of(election: Election, number: int) -> ResultSnapshot:
    snapshot = (
        ResultSnapshot.objects.filter(election=election, version=number)
        .select_related("certification", "contest")
        .first()
    )
    if snapshot is None:
        raise Http404("Không có phiên bản này.")
    return snapshot


# -- pages ------------------------------------------------------------------------


def contest_slug(key: str) -> str:
    """QH -> quoc-hoi, HDND_TINH:79 -> hdnd-tinh-79 (no internal code in a URL)."""
    if key == "QH":
        return "quoc-hoi"
    return key.lower().replace("_", "-").replace(":", "-")


@dataclass
class PublishedContest:
    snapshot: ResultSnapshot
    slug: str
    name: str
    units: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    turnout: list = field(default_factory=list)


def published_contests(election: Election) -> list[PublishedContest]:
    return [
        PublishedContest(
            snapshot=s,
            slug=contest_slug(s.data["contest"]),
            name=s.data["name"],
            units=[with_words(u) for u in s.data["units"]],
            summary=s.data["summary"],
            turnout=s.turnout,
        )
        for s in snapshots.current(election)
    ]


ROUND_WORDS = {
    "first": "Bầu cử",
    "reelection": "Bầu cử lại",
    "supplementary": "Bầu cử thêm",
}


def with_words(unit: dict) -> dict:
    return {
        **unit,
        "status_words": status_words(unit),
        "status_warning": status_warning(unit),
        "round_lines": round_lines(unit),
    }


def status_warning(unit: dict) -> bool:
    """Whether the outcome needs the reader's attention: a re-election, minutes
    still missing, an unfilled or undecided seat, a winner not confirmed. A valid
    election with every seat filled is shown plainly."""
    if unit["status"] != "complete":
        return True
    refused = any(
        c.get("elected") and c.get("confirmed") is False for c in unit["candidates"]
    )
    return bool(unit["seats_unfilled"] or unit.get("seats_undecided") or refused)


def round_lines(unit: dict) -> list[str]:
    """One line per round of a unit that held more than one (EXCHANGE §5a)."""
    lines = []
    for entry in unit.get("rounds", []):
        day = datetime.date.fromisoformat(entry["election_date"])
        line = f"{ROUND_WORDS.get(entry['round'], '')} ngày {day:%d/%m/%Y}"
        if entry.get("decision"):
            line += f" (theo {entry['decision']})"
        winners = [c["full_name"] for c in entry["candidates"] if c["elected"]]
        line += (
            f": trúng cử {', '.join(winners)}." if winners else ": không ai trúng cử."
        )
        lines.append(line)
    return lines


def status_words(unit: dict) -> list[str]:
    """The unit's outcome in plain Vietnamese (domain §7: validity, re-election,
    supplementary election)."""
    if unit["status"] == "reelection_required":
        return [
            "Số cử tri đi bầu chưa quá một nửa tổng số cử tri trong danh sách: "
            "phải tổ chức bầu cử lại ở đơn vị này."
        ]
    if unit["status"] != "complete":
        return ["Chưa đủ biên bản kết quả kiểm phiếu."]
    words = [f"Cuộc bầu cử có giá trị; {unit['elected_count']} người trúng cử."]
    words += round_words(unit)
    for c in unit["candidates"]:
        if c.get("elected") and c.get("confirmed") is False:
            words.append(
                f"{c['full_name']} trúng cử nhưng không được xác nhận tư cách đại "
                f"biểu ({c.get('confirmation_decision', '')}); ghế này còn trống."
            )
    if unit.get("seats_undecided"):
        words.append(
            f"{unit['seats_undecided']} ghế do Ban bầu cử quyết định giữa những người "
            "bằng phiếu và cùng ngày sinh."
        )
    if unit["seats_unfilled"] and unit["supplementary_election_required"]:
        words.append(
            f"Còn thiếu {unit['seats_unfilled']} đại biểu: phải tổ chức bầu cử thêm."
        )
    elif unit["seats_unfilled"]:
        words.append(
            f"Còn thiếu {unit['seats_unfilled']} đại biểu; không phải bầu cử thêm."
        )
    else:
        words.append("Đã bầu đủ số đại biểu được bầu.")
    return words


ROUND_WORDS = {"reelection": "bầu cử lại", "supplementary": "bầu cử thêm"}


def round_words(unit: dict) -> list[str]:
    """The re-election or supplementary election held in the unit (EXCHANGE §5a)."""
    lines = []
    for r in unit.get("rounds", [])[1:]:
        day = "/".join(reversed(r["election_date"].split("-")))
        lines.append(
            f"Kết quả gồm {ROUND_WORDS[r['round']]} ngày {day} theo {r['decision']}."
        )
    return lines


def find_unit(contests, slug: str, number: int):
    for contest in contests:
        if contest.slug != slug:
            continue
        for unit in contest.units:
            if unit["number"] == number:
                return contest, unit
    raise Http404("Không có đơn vị bầu cử này trong kết quả đã công bố.")


def history(election: Election) -> list[dict]:
    """Every version ever published, newest first, with what became of it."""
    standing = {s.pk for s in snapshots.current(election)}
    rows = []
    for s in ResultSnapshot.objects.filter(election=election).order_by("-version"):
        if s.withdrawn_at:
            state = f"Đã thu hồi: {s.withdraw_reason}"
        elif s.pk in standing:
            state = "Đang có hiệu lực"
        else:
            state = "Đã được thay bằng phiên bản mới hơn"
        rows.append({"snapshot": s, "name": s.data["name"], "state": state})
    return rows


def elections_published() -> list[dict]:
    """The elections with certified results whose polls have closed, newest first."""
    found = (
        Election.objects.filter(
            result_snapshots__withdrawn_at__isnull=True, is_rehearsal=False
        )
        .select_related("province")
        .distinct()
        .order_by("-election_date", "code")
    )
    return [
        {
            "election": e,
            "contests": [s.data["name"] for s in snapshots.current(e)],
            "issuer": issuer_of(e),
        }
        for e in found
        if snapshots.polls_closed(e)
    ]


def sitemap_entries(index_url: str) -> list[dict]:
    """The public election and unit pages, for Wagtail's sitemap."""
    entries = []
    for item in elections_published():
        election = item["election"]
        base = f"{index_url}{election.code}/"
        entries.append({"location": base})
        for contest in published_contests(election):
            entries += [
                {"location": f"{base}{contest.slug}/don-vi-{unit['number']}/"}
                for unit in contest.units
            ]
    return entries
