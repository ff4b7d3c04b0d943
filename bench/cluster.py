"""The multi-process set-up of deploy/ on one machine, checked and measured.

Usage (root, PostgreSQL and Redis running as .ci/run leaves them; nginx and wrk from
Debian's packages):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
      .venv/bin/python bench/cluster.py [--seconds 10] [--runs 3] [--replica]
or deploy/local-cluster, which does the same.

It builds a throw-away database (`bench_NAME`: the demo election without voters, the
published 2021 National Assembly minutes, the contest certified, as
bench/public_results_wrk.py does), collects the static files, then starts what
deploy/ describes for a machine: nginx with deploy/nginx's own files (paths and
ports replaced) in front of **2 web processes** (gunicorn config.wsgi, 1 worker x 4
threads each: 2 cores) and **2 task workers** (deploy/worker, RQ on Redis database
14, TASKS_BACKEND=rq, the cache on Redis database 13 so both web processes share
it). With --replica it also starts a streaming read replica of the database on port
5433 (pg_basebackup -R, run as the postgres user) and sets DATABASE_REPLICA_URL.

Checks (the run stops at the first that fails): nginx serves the static files itself
and never a private file; both web processes answer requests; a public results page
comes through nginx; a counting-minutes print job of one commune, queued from here,
is run by one of the RQ workers and its PDF written; with --replica, a page built
from the snapshots reads the replica. Then wrk: the page and a static file through
nginx, and the page straight from one web process, --runs times each; the medians
and their ratios are printed (docs/BENCHMARKS.md). Everything started is stopped and
the databases dropped at the end.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import sessions  # noqa: E402

sessions.production_env()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from public_results_wrk import PAGE, build, wrk  # noqa: E402

NGINX_PORT, WEB_PORTS, REPLICA_PORT = 8310, (8311, 8312), 5433
REDIS_QUEUE_DB, REDIS_CACHE_DB = 14, 13
# The replica's slot keeps the WAL it has not copied yet (a busy server recycles it);
# dropped at the end, or the primary would keep WAL for ever.
SLOT = "bench_cluster"
STATIC = "/static/admin/css/forms.css"


class Cluster:
    def __init__(self, database_url: str, work: Path, replica_url: str | None):
        self.work, self.processes = work, []
        self.env = os.environ | {
            "DATABASE_URL": database_url,
            "DEBUG": "False",
            "CONN_MAX_AGE": "600",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "ERROR",
            "TASKS_BACKEND": "rq",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_QUEUE_DB}",
            "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_CACHE_DB}",
            "STATIC_ROOT": str(work / "static_collected"),
            "MEDIA_ROOT": str(work / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / "private"),
            "TRUST_X_FORWARDED_PROTO": "true",
            "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        }
        if replica_url:
            self.env["DATABASE_REPLICA_URL"] = replica_url

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "w")  # noqa: SIM115 (closed by the OS)
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def up(self) -> None:
        python = str(ROOT / ".venv/bin/python")
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        for port in WEB_PORTS:
            self.start(
                f"web-{port}",
                [
                    str(ROOT / ".venv/bin/gunicorn"),
                    "config.wsgi",
                    *("-b", f"127.0.0.1:{port}", "-w", "1", "-k", "gthread"),
                    *("--threads", "4", "--log-level", "warning"),
                    *("--access-logfile", str(self.work / f"access-{port}.log")),
                ],
            )
        for n in (1, 2):
            self.start(f"worker-{n}", [str(ROOT / "deploy/worker")])
        self.start("nginx", ["nginx", "-p", str(self.work), "-c", self.nginx_conf()])
        for port in WEB_PORTS:
            wait_for(f"http://127.0.0.1:{port}/ket-qua/")
        wait_for(f"http://127.0.0.1:{NGINX_PORT}{STATIC}")

    def nginx_conf(self) -> str:
        """deploy/nginx's files, pointed at this run's folders and ports."""
        site = (ROOT / "deploy/nginx/electionadmin.conf").read_text()
        site = site.replace("listen 80;", f"listen 127.0.0.1:{NGINX_PORT};")
        for port, ours in zip((8001, 8002), WEB_PORTS, strict=True):
            site = site.replace(f"127.0.0.1:{port} ", f"127.0.0.1:{ours} ")
        locations = (ROOT / "deploy/nginx/locations.conf").read_text()
        locations = locations.replace("/srv/electionadmin/", f"{self.work}/")
        (self.work / "locations.conf").write_text(locations)
        site = site.replace(
            "/etc/nginx/snippets/electionadmin-locations.conf",
            str(self.work / "locations.conf"),
        )
        main = f"""daemon off;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {self.work}/nginx-body;
    proxy_temp_path {self.work}/nginx-proxy;
{site}
}}
"""
        path = self.work / "nginx.conf"
        path.write_text(main)
        return str(path)

    def down(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(url: str, seconds: int = 60) -> None:
    for _ in range(seconds * 2):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer")


def status_of(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        raise SystemExit(1)


def pg_ctl() -> str:
    """Debian's pg_ctl of the newest PostgreSQL installed (it is not on PATH)."""
    newest = sorted(os.listdir("/usr/lib/postgresql"))[-1]
    return f"/usr/lib/postgresql/{newest}/bin/pg_ctl"


def start_replica(database: str, folder: Path) -> str:
    """A hot standby of the local server on REPLICA_PORT, copied by pg_basebackup."""
    hba = Path(
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW hba_file"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    line = "host replication all 127.0.0.1/32 trust"
    if line not in hba.read_text():
        print(f"adding '{line}' to {hba} (pg_basebackup needs it)")
        with hba.open("a") as f:
            f.write(line + "\n")
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-c",
                "SELECT pg_reload_conf()",
            ],
            check=True,
            capture_output=True,
        )
    drop_slot()  # of an earlier run that stopped early
    shutil.chown(folder.parent, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_postgres, "pg_basebackup", "-h", "127.0.0.1", "-U", "postgres"]
        + ["-D", str(folder), "-R", "-X", "stream", "-C", "-S", SLOT],
        check=True,
    )
    # Debian keeps the server's configuration in /etc: the copy gets its own.
    (folder / "postgresql.conf").write_text(f"port = {REPLICA_PORT}\n")
    (folder / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
    )
    for name in ("postgresql.conf", "pg_hba.conf"):
        shutil.chown(folder / name, "postgres")
    subprocess.run(
        [*as_postgres, pg_ctl(), "-D", str(folder), "-w", "start"]
        + ["-l", str(folder.parent / "replica.log")]
        + ["-o", f"-p {REPLICA_PORT} -c hot_standby=on -k {folder.parent}"],
        check=True,
    )
    return f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{database}"


def drop_slot() -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc"]
        + [
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            f" WHERE slot_name = '{SLOT}'"
        ],
        check=True,
        capture_output=True,
    )


def stop_replica(folder: Path) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", pg_ctl()]
        + ["-D", str(folder), "-m", "fast", "stop"],
        check=False,
    )
    drop_slot()


def replica_transactions(url: str) -> int:
    out = subprocess.run(
        [
            "psql",
            url,
            "-Atc",
            "SELECT xact_commit FROM pg_stat_database"
            " WHERE datname = current_database()",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip())


QUEUE_ONE = """
from django.contrib.auth import get_user_model
from electionadmin.documents import minutes_batch
from electionadmin.printing.models import PrintJob
from electionadmin.setup.models import AdminUnit, Contest, Election
election = Election.objects.get(code="HCM-2021")
commune = AdminUnit.objects.filter(
    unit_set=election.unit_set, level="commune").order_by("code").first()
job = PrintJob.objects.create(
    election=election, user=get_user_model().objects.get(username="thanhpho"),
    contest_keys=[Contest.objects.get(election=election, kind="QH").key],
    commune_ids=[commune.pk])
minutes_batch.start(job)
print(job.pk)
"""


def print_one_commune(env: dict) -> None:
    """Queue a counting-minutes print job of one commune as the committee's screen
    does, from a process with the cluster's settings (TASKS_BACKEND=rq), and wait
    until one of the RQ workers has run it."""
    from electionadmin.printing.models import PrintJob

    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", QUEUE_ONE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    job = PrintJob.objects.get(pk=int(out.split()[-1]))
    for _ in range(600):
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    check(job.status == job.Status.DONE, f"an RQ worker printed job {job.pk}")
    check(bool(job.output), f"its file {job.output.name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--replica", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    for tool in ("nginx", "wrk", "redis-cli"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (apt-get install nginx wrk redis-tools)")
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"bench_{original}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    work = Path(tempfile.mkdtemp(prefix="cluster-"))
    work.chmod(0o755)
    for folder in ("static_collected", "media", "private", "nginx-body", "nginx-proxy"):
        (work / folder).mkdir()
    subprocess.run(["redis-cli", "-n", str(REDIS_QUEUE_DB), "FLUSHDB"], check=True)
    subprocess.run(["redis-cli", "-n", str(REDIS_CACHE_DB), "FLUSHDB"], check=True)
    cluster = replica_folder = None
    finished = False
    try:
        build()
        os.environ["PRIVATE_MEDIA_ROOT"] = str(work / "private")
        replica_url = None
        if args.replica:
            replica_folder = work / "replica" / "data"
            replica_folder.parent.mkdir()
            replica_url = start_replica(name, replica_folder)
        cluster = Cluster(url, work, replica_url)
        cluster.up()
        nginx = f"http://127.0.0.1:{NGINX_PORT}"
        checks(cluster, nginx, work, replica_url)
        print_one_commune(cluster.env)
        measure(nginx, args)
        finished = True
    finally:
        if cluster is not None:
            cluster.down()
        if replica_folder is not None:
            stop_replica(replica_folder)
        connection.creation.destroy_test_db(original, verbosity=0)
        if finished:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"stopped early: the logs are in {work}")


def checks(cluster: Cluster, nginx: str, work: Path, replica_url: str | None):
    static = urllib.request.urlopen(nginx + STATIC)
    check(
        static.headers.get("X-Frame-Options") is None and static.status == 200,
        "nginx serves /static/ itself (no Django header)",
    )
    secret = work / "private" / "danh-sach.pdf"
    secret.write_bytes(b"%PDF-1.4 private")
    for path in ("/private/danh-sach.pdf", "/media/../private/danh-sach.pdf"):
        check(status_of(nginx + path) == 404, f"{path} is not served")
    before = replica_transactions(replica_url) if replica_url else 0
    page = urllib.request.urlopen(nginx + PAGE).read().decode()
    check("Trúng cử" in page, f"{PAGE} through nginx shows the certified result")
    if replica_url:
        after = replica_transactions(replica_url)
        check(
            after > before, f"the page was built on the replica ({after - before} tx)"
        )
    for _ in range(20):
        urllib.request.urlopen(nginx + "/ket-qua/").read()
    served = [sum(1 for _ in (work / f"access-{p}.log").open()) for p in WEB_PORTS]
    check(all(n > 0 for n in served), f"both web processes answered: {served}")


def measure(nginx: str, args) -> None:
    direct = f"http://127.0.0.1:{WEB_PORTS[0]}"
    targets = {
        "page via nginx (2 web)": nginx + PAGE,
        "static via nginx": nginx + STATIC,
        "page, 1 web process": direct + PAGE,
    }
    for target in targets.values():
        wrk(target, 2, args.connections)
    found = {label: [] for label in targets}
    for _ in range(args.runs):
        for label, target in targets.items():
            found[label].append(wrk(target, args.seconds, args.connections))
    medians = {label: statistics.median(v) for label, v in found.items()}
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, {args.runs} runs each")
    for label, values in found.items():
        print(f"{label}: {values} req/s, median {medians[label]:.0f}")
    page, static, one = medians.values()
    print(f"ratio page/static through nginx: {page / static:.2f}")
    print(f"ratio 2 web processes / 1: {page / one:.2f}")


if __name__ == "__main__":
    main()
