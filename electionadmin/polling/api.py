"""The turnout submission API: one figure per request, one small transaction.

    POST /bau-cu/<CODE>/api/tien-do/
    Authorization: Token <key>          (manage.py turnout_token USERNAME)
    {"area": "26734/1", "slot": "09:00", "voters_voted": 412, "contest": "QH"}

`contest` is optional (the overall figure when left out). A logged-in session works
too, with the CSRF header. Answers: 200 {"ok": true, "action": "added" | "updated"
| "unchanged", "warnings": [...]}; 400 {"ok": false, "errors": [...]} when a rule
refuses the figure; 401 without a valid key or session; 403 for an area the user
may not enter; 404 for an unknown election or area.
"""

import json
import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from electionadmin.access.models import Profile
from electionadmin.setup.models import Contest, Election, VotingArea

from .entry import Entry, save_figures
from .models import ApiToken, TurnoutFigure, token_digest
from .scopes import may_enter

# Per-process caches of what every submission looks up: the token's user (with its
# jurisdiction), the election and the area. A change (a revoked token, a moved
# area) takes effect within CACHE_SECONDS.
CACHE_SECONDS = 60
_cache: dict[tuple, tuple[float, object]] = {}


@receiver([post_save, post_delete], sender=Election)
@receiver([post_save, post_delete], sender=VotingArea)
@receiver([post_save, post_delete], sender=ApiToken)
@receiver([post_save, post_delete], sender=Profile)
def forget(**kwargs) -> None:
    """A change seen by this process empties its cache at once (others: TTL)."""
    _cache.clear()


def cached(key: tuple, load):
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if len(_cache) > 50_000:
        _cache.clear()
    _cache[key] = (now + CACHE_SECONDS, value)
    return value


def _fail(status: int, *errors: str) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": list(errors)}, status=status)


def token_user(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Token "):
        return None
    digest = token_digest(header[6:].strip())
    user = cached(("token", digest), lambda: _token_user(digest))
    return user if user is not None and user.is_active else None


def _token_user(digest: str):
    token = (
        ApiToken.objects.select_related(
            "user__profile__voting_area", "user__profile__admin_unit"
        )
        .filter(digest=digest)
        .first()
    )
    return token.user if token else None


def _session_user(request):
    user = request.user
    if not user.is_authenticated:
        return None
    refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    return None if refused else user


def _area(election, key: str):
    """The area `26734/1` of the election (all areas are loaded at once, cached)."""
    return cached(("areas", election.pk), lambda: _areas(election)).get(str(key))


def _areas(election) -> dict:
    areas = VotingArea.objects.filter(election=election).select_related("commune")
    return {area.key: area for area in areas}


def _election(code: str):
    elections = Election.objects.select_related("cycle")
    return cached(("election", code), lambda: elections.filter(code=code).first())


def _contest(election, key):
    if not key:
        return None, True
    kind, _, council = str(key).partition(":")
    contests = Contest.objects.filter(election=election, kind=kind)
    contest = (
        contests.filter(council_unit__code=council).first()
        if council
        else (contests.filter(council_unit__isnull=True).first())
    )
    return contest, contest is not None


def _payload(request) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def submit(request, code: str):
    user = token_user(request) or _session_user(request)
    if user is None:
        return _fail(401, "Chưa đăng nhập hoặc khóa gửi số liệu không hợp lệ.")
    data = _payload(request)
    if data is None:
        return _fail(400, "Nội dung gửi phải là một đối tượng JSON.")
    election = _election(code)
    area = _area(election, data.get("area", "")) if election else None
    if area is None:
        return _fail(404, "Không có cuộc bầu cử hoặc khu vực bỏ phiếu này.")
    if not may_enter(user, area):
        return _fail(403, f"Bạn không được nhập số liệu của KVBP {area.key}.")
    contest, known = _contest(election, data.get("contest"))
    value = data.get("voters_voted")
    if not known:
        return _fail(400, f"Không có cuộc bầu cử '{data.get('contest')}'.")
    if not isinstance(value, int) or isinstance(value, bool):
        return _fail(400, "voters_voted phải là số nguyên.")
    entry = Entry(
        f"KVBP {area.key} lúc {data.get('slot')}",
        area,
        str(data.get("slot")),
        value,
        contest,
    )
    save_figures(election, [entry], user, TurnoutFigure.Source.API)
    if entry.errors:
        return _fail(400, *entry.messages())
    return JsonResponse(
        {"ok": True, "action": entry.action, "warnings": entry.warnings}
    )
