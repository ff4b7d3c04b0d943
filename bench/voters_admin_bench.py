"""The admin voter list at 1,000,000 voters: estimated counts against Django's defaults.

Usage (PostgreSQL, a database of its own; loaded once, later runs reuse it):

    createdb -h 127.0.0.1 -U postgres h_voteradmin_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_voteradmin_bench DEBUG=False \\
        .venv/bin/python bench/voters_admin_bench.py [--rows 1000000] [--runs 15]
        [--explain]

The voters are those of bench/voters_import_bench.py (same generator, same election,
loaded with `import_voters`), then 2.5 % are struck off (removed or voting
elsewhere) so the status filter has something to find. Timed with Django's test
client, DEBUG=False: the admin changelist GET for three users (a superuser, the city
committee, the committee of the ward with the last voting areas) and five scenarios
(page 1, page 200, a folded name search, a citizen-ID prefix search, the "struck
off" status filter), each against two admins in the same run, requests interleaved:
ours (`VoterEntryAdmin`: EstimatedCountPaginator, no full count) and the baseline,
the same admin with Django's Paginator and full result count (two COUNT(*)s).
`--explain` also prints EXPLAIN ANALYZE of every voter query of each scenario.
"""

import argparse
import os
import re
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import sessions  # noqa: E402

sessions.production_env()

import voters_import_bench as source  # noqa: E402

STRIKE_OFF = [
    """UPDATE voters_voterentry
          SET status = 'removed', removed_at = added_at + interval '20 days',
              removal_reason = CASE WHEN id %% 3 = 0 THEN 'died' ELSE 'moved_away' END
        WHERE election_id = %s AND id %% 50 = 7""",
    """UPDATE voters_voterentry
          SET status = 'voting_elsewhere', removed_at = added_at + interval '25 days'
        WHERE election_id = %s AND id %% 200 = 11""",
]


# Loading, once.
def load(rows: int, workdir: Path):
    """The election with `rows` voters, 2.5 % struck off; reused when already there."""
    from django.core.management import call_command
    from django.db import connection

    from electionadmin.setup.models import Election
    from electionadmin.voters.models import VoterEntry
    from importers.voters import import_voters

    call_command("migrate", verbosity=0)
    election = (
        Election.objects.filter(code=source.ELECTION).first()
        or source.create_election()
    )
    entries = VoterEntry.objects.filter(election=election)
    if entries.count() == rows and entries.exclude(status="active").exists():
        print(f"{rows:,} voters already loaded", flush=True)
        analyze_setup()
        return election
    source.empty_list()
    communes = sorted(
        set(election.voting_areas.values_list("commune__code", flat=True))
    )
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"voters-{rows}.csv"
    if not path.exists():
        source.generate(path, rows, communes)
    start = time.perf_counter()
    report = import_voters(path, election)
    if not report.ok:
        raise SystemExit("\n".join(str(p) for p in report.errors[:20]))
    with connection.cursor() as cursor:
        for sql in STRIKE_OFF:
            cursor.execute(sql, [election.pk])
        cursor.execute("VACUUM ANALYZE voters_voterentry")
    analyze_setup()
    print(f"loaded {rows:,} voters in {time.perf_counter() - start:.0f} s", flush=True)
    return election


def analyze_setup() -> None:
    """Statistics for the election's tables, as autovacuum (off here) would keep."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE setup_votingarea, setup_adminunit, setup_election")


# Who looks, and what they ask for.
def make_users(election) -> dict:
    """A superuser, the city committee, and the ward with the highest area ids."""
    from django.contrib.auth import get_user_model

    from electionadmin.access.models import Profile

    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench_admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    last_area = election.voting_areas.order_by("-pk").select_related("commune")[0]
    units = {"bench_city": election.province, "bench_ward": last_area.commune}
    roles = {"bench_city": "city_committee", "bench_ward": "commune_committee"}
    users = {"superuser": admin}
    for username, unit in units.items():
        user, _ = User.objects.get_or_create(username=username)
        Profile.objects.update_or_create(
            user=user, defaults={"role": roles[username], "admin_unit": unit}
        )
        users[username.removeprefix("bench_")] = User.objects.get(pk=user.pk)
    return users


def scenarios(election, ward_user) -> dict[str, dict]:
    """Query strings of the changelist: a page, a later page, searches, a filter."""
    from electionadmin.access.scope import restrict
    from electionadmin.voters.models import VoterEntry

    mine = restrict(VoterEntry.objects.filter(election=election), ward_user)
    some_id = mine.in_list_order().values_list("citizen_id", flat=True)[1000]
    return {
        "page 1": {},
        "page 200": {"p": "200"},
        "name search": {"q": "nguyen van a"},
        "ID prefix": {"q": some_id[:7]},
        "struck off": {"status__exact": "removed"},
    }


def baseline_urls() -> str:
    """A second admin site: the same voter admin with Django's paginator and counts."""
    from django.contrib import admin
    from django.core.paginator import Paginator
    from django.urls import path

    from config import urls
    from electionadmin.voters.admin import VoterEntryAdmin
    from electionadmin.voters.models import VoterEntry

    class BaselineAdmin(VoterEntryAdmin):
        paginator = Paginator
        show_full_result_count = True

    site = admin.AdminSite(name="baseline")
    site.register(VoterEntry, BaselineAdmin)
    module = types.ModuleType("voters_admin_bench_urls")
    module.urlpatterns = [path("baseline/", site.urls), *urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


# Measuring.
COUNT_TEXT = re.compile(
    r'<p class="paginator">.*?((?:khoảng |hơn )?[\d.]+) (?:cử tri|danh)', re.S
)


def get(client, url: str, query: dict) -> tuple[float, str]:
    start = time.perf_counter()
    response = client.get(url, query)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {query}: HTTP {response.status_code}")
    html = re.sub(
        r"<[^>]+class=\"estimated-count\"[^>]*>|</span>", "", response.content.decode()
    )
    found = COUNT_TEXT.search(html)
    return elapsed, found.group(1) if found else "?"


def run(clients: dict, cases: dict, runs: int) -> tuple[dict, dict]:
    """Every user x case x admin `runs` times, interleaved; one untimed warm-up."""
    from django.urls import reverse

    urls = {
        "ours": reverse("admin:voters_voterentry_changelist"),
        "baseline": reverse("baseline:voters_voterentry_changelist"),
    }
    times: dict = {}
    shown: dict = {}
    for n in range(runs + 1):
        order = list(urls) if n % 2 else list(reversed(urls))
        for who, client in clients.items():
            for case, query in cases.items():
                for admin in order:
                    elapsed, count = get(client, urls[admin], query)
                    if n:
                        times.setdefault((who, case, admin), []).append(elapsed)
                    shown[(who, case, admin)] = count
        if n:
            print(
                f"run {n}/{runs} done, load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    return times, shown


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def report(times: dict, shown: dict, clients: dict, cases: dict) -> None:
    print(
        "\n| user | case | ours median | ours p95 | baseline median | baseline p95 "
        "| baseline / ours | count shown (ours / baseline) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for who in clients:
        for case in cases:
            ours, base = times[(who, case, "ours")], times[(who, case, "baseline")]
            mo, mb = statistics.median(ours), statistics.median(base)
            print(
                f"| {who} | {case} | {mo:.0f} ms | {p95(ours):.0f} ms | {mb:.0f} ms "
                f"| {p95(base):.0f} ms | {mb / mo:.1f}x "
                f"| {shown[(who, case, 'ours')]} / {shown[(who, case, 'baseline')]} |"
            )


def explain(clients: dict, cases: dict) -> None:
    """EXPLAIN ANALYZE of every voter query our changelist runs, per user and case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("admin:voters_voterentry_changelist")
    for who, client in clients.items():
        for case, query in cases.items():
            with CaptureQueriesContext(connection) as captured:
                client.get(url, query)
            for sql in (q["sql"] for q in captured.captured_queries):
                if not sql.startswith("SELECT") or "voters_voterentry" not in sql:
                    continue
                if "pg_class" in sql:
                    continue
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    plan = "\n    ".join(row[0] for row in cursor.fetchall())
                print(f"\n## {who}, {case}\n{sql[:600]}\n    {plan}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--workdir", default="/tmp/voteradmin-bench")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    election = load(args.rows, Path(args.workdir))
    users = make_users(election)
    cases = scenarios(election, users["ward"])
    clients = {}
    for who, user in users.items():
        clients[who] = Client()
        sessions.log_in(clients[who], user)
    print(f"DEBUG={settings.DEBUG}; uptime: {os.popen('uptime').read().strip()}")
    with override_settings(ROOT_URLCONF=baseline_urls()):
        if args.explain:
            explain(clients, cases)
        times, shown = run(clients, cases, args.runs)
    report(times, shown, clients, cases)
    print(f"\nuptime after: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
