"""The turnout submission API: one figure per request, one small transaction.

    POST /bau-cu/<CODE>/api/tien-do/
    Authorization: Token <key>          (manage.py turnout_token USERNAME)
    {"area": "26734/1", "slot": "09:00", "voters_voted": 412, "contest": "QH"}

`contest` is optional (the overall figure when left out); so is `round`
("reelection" or "supplementary", for a unit's later round; left out or "first": the
first round). A logged-in session works
too, with the CSRF header. A request that carries a token is judged by the token
alone (cookies are not read, so no CSRF check is needed); `TokenApiMiddleware` sends
it here before the session, CSRF, locale and messages middleware. Answers: 200
{"ok": true, "action": "added" | "updated" | "unchanged", "warnings": [...]}; 400
{"ok": false, "errors": [...]} when a rule refuses the figure; 401 without a valid
key or session; 403 for an area the user may not enter; 404 for an unknown election
or area; 429 (with Retry-After) past TURNOUT_API_PER_MINUTE submissions of one
token within a minute (counted in the cache, no database query: `over_limit`).
"""

import functools
import json
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache as shared_cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from electionadmin.access.models import Profile
from electionadmin.rawsql import names
from electionadmin.setup.models import AdminUnit, Contest, Cycle, Election, VotingArea

from .entry import Entry, StaleArea, save_figures
from .models import LATER_ROUNDS, ApiToken, TurnoutFigure, token_digest
from .scopes import may_enter

# Per-process caches of what every submission looks up (gunicorn workers each keep
# their own). A change saved through Django empties them at once in the process
# that saves it; the other processes catch up as follows:
# - the election, its slots and contests: reloaded after CACHE_SECONDS;
# - the token's user and jurisdiction: rechecked after CACHE_SECONDS with one small
#   query (a revoked token, a deactivated user or a changed jurisdiction then takes
#   effect), and loaded again in full after RELOAD_SECONDS;
# - the areas by key: reloaded after RELOAD_SECONDS, and checked against the
#   database under the lock of every submission (entry.StaleArea: a moved,
#   renumbered or deleted area, or a changed early-voting date, is loaded again).
# The voters on each list are never cached: they are read under that lock.
CACHE_SECONDS = 60
PATH = "/api/tien-do/"  # after /bau-cu/<code> (urls.py)
RELOAD_SECONDS = 600
MAX_ENTRIES = 50_000
_elections: dict[str, tuple] = {}  # code -> (expires, election, contests by key)
_areas: dict[int, tuple] = {}  # election id -> (expires, {key: area})
_tokens: dict[str, tuple] = {}  # digest -> (expires, reload at, fingerprint, user)


@receiver([post_save, post_delete], sender=Election)
@receiver([post_save, post_delete], sender=Cycle)
@receiver([post_save, post_delete], sender=Contest)
def forget_elections(**kwargs) -> None:
    _elections.clear()


@receiver([post_save, post_delete], sender=VotingArea)
@receiver([post_save, post_delete], sender=AdminUnit)
def forget_areas(**kwargs) -> None:
    _areas.clear()


@receiver([post_save, post_delete], sender=ApiToken)
@receiver([post_save, post_delete], sender=Profile)
def forget_tokens(**kwargs) -> None:
    _tokens.clear()


@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL)
def forget_user(update_fields=None, **kwargs) -> None:
    if update_fields != frozenset({"last_login"}):  # not on every login
        _tokens.clear()


def forget(**kwargs) -> None:
    """Empty every cache of this process."""
    forget_elections()
    forget_areas()
    forget_tokens()


def _clock() -> float:
    return time.monotonic()


def _wall() -> float:
    return time.time()


def _store(cache: dict, key, value) -> None:
    if len(cache) > MAX_ENTRIES:
        cache.clear()
    cache[key] = value


def _fail(status: int, *errors: str) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": list(errors)}, status=status)


def _digest(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Token "):
        return None
    return token_digest(header[6:].strip())


def token_user(request, digest: str | None = None):
    """The active user of the request's `Authorization: Token` key, or None."""
    digest = digest or _digest(request)
    if digest is None:
        return None
    now = _clock()
    hit = _tokens.get(digest)
    fresh = hit is not None and hit[0] > now
    user = hit[3] if fresh else _recheck(digest, hit, now)
    return user if user is not None and user.is_active else None


def _recheck(digest: str, hit, now: float):
    fingerprint = _fingerprint(digest)
    if fingerprint is None:
        _tokens.pop(digest, None)
        return None
    if hit is not None and hit[2] == fingerprint and hit[1] > now:
        user, reload_at = hit[3], hit[1]
    else:
        user, reload_at = _token_user(digest), now + RELOAD_SECONDS
    _store(_tokens, digest, (now + CACHE_SECONDS, reload_at, fingerprint, user))
    return user


FINGERPRINT_SQL = """
SELECT t.{t.id}, u.{u.id}, u.{u.is_active}, u.{u.is_staff}, u.{u.is_superuser},
       p.{p.role}, p.{p.admin_unit}, p.{p.electoral_unit}, p.{p.voting_area}
  FROM {t} t
  JOIN {u} u ON u.{u.id} = t.{t.user}
  LEFT JOIN {p} p ON p.{p.user} = u.{u.id}
 WHERE t.{t.digest} = %s
"""


@functools.cache
def _fingerprint_sql() -> str:
    """(Built once the user model is known: it may be swapped.)"""
    return names(FINGERPRINT_SQL, t=ApiToken, u=get_user_model(), p=Profile)


def _fingerprint(digest: str) -> tuple | None:
    """What the cached user's rights rest on, as the database holds it now."""
    sql = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest])
        return cursor.fetchone()


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


def _election(code: str) -> tuple:
    """(election, its contests by key), or (None, {})."""
    now = _clock()
    hit = _elections.get(code)
    if hit is not None and hit[0] > now:
        return hit[1], hit[2]
    election = Election.objects.select_related("cycle").filter(code=code).first()
    contests = {}
    if election is not None:
        found = Contest.objects.filter(election=election).select_related("council_unit")
        contests = {contest.key: contest for contest in found}
    _store(_elections, code, (now + CACHE_SECONDS, election, contests))
    return election, contests


def _area(election, key: str):
    """The area `26734/1` of the election (all its areas are loaded at once)."""
    now = _clock()
    hit = _areas.get(election.pk)
    if hit is None or hit[0] <= now:
        areas = VotingArea.objects.filter(election=election).select_related("commune")
        hit = (now + RELOAD_SECONDS, {area.key: area for area in areas})
        _store(_areas, election.pk, hit)
    return hit[1].get(str(key))


def _payload(request) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def submit(request, code: str):
    """Token or session (with its CSRF token)."""
    if request.META.get("HTTP_AUTHORIZATION", "").startswith("Token "):
        return submit_with_token(request, code)
    user = _session_user(request)
    if user is None:
        return _fail(401, "Chưa đăng nhập hoặc khóa gửi số liệu không hợp lệ.")
    return _submit(request, code, user)


def over_limit(digest: str) -> int:
    """Counts a submission of the token; past the limit, the seconds until the next
    minute (when its count starts again), else 0. A fixed window per minute in the
    cache: one increment per submission (shared by every process when the cache
    is Redis, CACHE_URL; per process otherwise)."""
    limit = settings.TURNOUT_API_PER_MINUTE
    if not limit:
        return 0
    now = _wall()
    key = f"turnout-api:{digest[:32]}:{int(now // 60)}"
    try:
        count = shared_cache.incr(key)
    except ValueError:  # the minute's first
        count = 1 if shared_cache.add(key, 1, 120) else shared_cache.incr(key)
    return 0 if count <= limit else 60 - int(now % 60)


def submit_with_token(request, code: str):
    digest = _digest(request)
    if digest is not None and (wait := over_limit(digest)):
        response = _fail(
            429,
            f"Khóa này đã gửi quá {settings.TURNOUT_API_PER_MINUTE} lần trong một "
            f"phút: gửi lại sau {wait} giây.",
        )
        response["Retry-After"] = str(wait)
        return response
    user = token_user(request, digest)
    if user is None:
        return _fail(401, "Chưa đăng nhập hoặc khóa gửi số liệu không hợp lệ.")
    return _submit(request, code, user)


def _submit(request, code: str, user):
    data = _payload(request)
    if data is None:
        return _fail(400, "Nội dung gửi phải là một đối tượng JSON.")
    try:
        return _save(code, data, user)
    except StaleArea:  # changed since this process loaded it: load again, once
        forget_areas()
        return _save(code, data, user)


LATER = dict(LATER_ROUNDS)


def _save(code: str, data: dict, user):
    election, contests = _election(code)
    area = _area(election, data.get("area", "")) if election else None
    if area is None:
        return _fail(404, "Không có cuộc bầu cử hoặc khu vực bỏ phiếu này.")
    if not may_enter(user, area):
        return _fail(403, f"Bạn không được nhập số liệu của KVBP {area.key}.")
    key, value = data.get("contest"), data.get("voters_voted")
    contest = contests.get(str(key)) if key else None
    if key and contest is None:
        return _fail(400, f"Không có cuộc bầu cử '{key}'.")
    if not isinstance(value, int) or isinstance(value, bool):
        return _fail(400, "voters_voted phải là số nguyên.")
    round = data.get("round") or None
    if round == "first":
        round = None
    if round is not None and not (isinstance(round, str) and round in LATER):
        return _fail(400, f"Lần bầu cử '{round}' không hợp lệ.")
    slot = str(data.get("slot"))
    entry = Entry(f"KVBP {area.key} lúc {slot}", area, slot, value, contest, round)
    save_figures(election, [entry], user, TurnoutFigure.Source.API)
    if entry.errors:
        return _fail(400, *entry.messages())
    return JsonResponse(
        {"ok": True, "action": entry.action, "warnings": entry.warnings}
    )


class TokenApiMiddleware:
    """Sends a token-authenticated POST to the turnout API straight to the view.

    Placed right after SecurityMiddleware: such a request needs none of the session,
    locale, CSRF, authentication or messages middleware (the token is its only
    credential; no cookie is read), and skipping them is a good part of the cost of
    a submission on election day. Everything else goes down the usual chain.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path_info.endswith(PATH)
            and request.META.get("HTTP_AUTHORIZATION", "").startswith("Token ")
        ):
            code = _api_code(request.path_info)
            if code is not None:
                request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
                return submit_with_token(request, code)
        return self.get_response(request)


@functools.lru_cache(maxsize=1024)
def _api_code(path: str) -> str | None:
    """The election code when the path is the turnout API's (one per election)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs["code"] if match.view_name == "polling:api_turnout" else None
