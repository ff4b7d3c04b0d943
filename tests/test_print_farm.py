"""The print farm: a commune's voter lists split per voting area over two real RQ
worker processes on PostgreSQL and Redis; one worker killed (SIGKILL) mid-batch;
the batch still completes with the right merged PDF per commune.

The workers are `manage.py rqworker` processes on a queue named for this test
only (the Redis of REDIS_URL, as CI's), reading the test database; the test
polls the job's status as its page does (which queues again the part whose
worker died).
"""

import datetime
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import django_rq
import pytest
from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from pypdf import PdfReader
from rq import Worker

from electionadmin.printing import farm
from electionadmin.printing.batch import commune_slug
from electionadmin.printing.models import PrintJob, PrintPart
from electionadmin.setup.models import VotingArea
from electionadmin.text import fold
from electionadmin.voters.models import VoterEntry
from electionadmin.voters.printing import jobs

from .factories import make_area, make_election, make_unit, make_user

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0")
QUEUE = f"test-print-farm-{uuid.uuid4().hex[:12]}"
MEDIA = tempfile.mkdtemp(prefix="print-farm-")
PRIVATE = os.path.join(MEDIA, "private")
LOG = open(os.path.join(MEDIA, "workers.log"), "ab")  # noqa: SIM115
STALE = 2  # seconds without a heartbeat: the worker is taken for dead
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}}
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
         "Đặng Quốc Huy", "Bùi Thị Ánh Tuyết"]  # fmt: skip
PER_AREA, AREAS = 600, 4  # per commune; two communes

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="workers need a server database"
    ),
]


def fill(election, commune, areas):
    now, rows = timezone.now(), []
    for area in areas:
        for i in range(PER_AREA):
            name = NAMES[i % len(NAMES)]
            rows.append(
                VoterEntry(
                    election=election,
                    voting_area=area,
                    commune=commune,
                    list_number=i + 1,
                    citizen_id=f"079{area.pk:04d}{i:05d}",
                    full_name=name,
                    search_name=fold(name),
                    birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1),
                    gender="MF"[i % 2],
                    residence="permanent",
                    added_at=now,
                    permanent_address=f"{i} Hai Bà Trưng, {commune.name}",
                )  # fmt: skip
            )
    VoterEntry.objects.bulk_create(rows, batch_size=5000)


def worker(name: str) -> subprocess.Popen:
    database = connection.settings_dict["NAME"]  # the test database
    env = {
        **os.environ,
        "TESTING": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "PRINT_QUEUE": QUEUE,
        "PRINT_PART_STALE_SECONDS": str(STALE),
        "MEDIA_ROOT": MEDIA,
        "PRIVATE_MEDIA_ROOT": PRIVATE,
    }
    command = [sys.executable, "manage.py", "rqworker", QUEUE, "--name", name]
    command += ["--worker-class", "rq.worker.SimpleWorker"]
    command += ["--job-class", "django_tasks_rq.Job"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True,
        stdout=LOG, stderr=subprocess.STDOUT,
    )  # fmt: skip


def forget_queue() -> None:
    """Leave nothing of the test's queue in Redis: jobs, results, registries,
    workers."""
    queue = django_rq.get_queue(QUEUE)
    registries = [
        queue.started_job_registry, queue.finished_job_registry,
        queue.failed_job_registry, queue.deferred_job_registry,
        queue.scheduled_job_registry, queue.canceled_job_registry,
    ]  # fmt: skip
    for registry in registries:
        for job_id in registry.get_job_ids():
            queue.connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        queue.connection.delete(registry.key)
    queue.delete(delete_jobs=True)
    for dead in Worker.all(queue=queue):
        dead.register_death()
        queue.connection.delete(dead.key)


@override_settings(
    TASKS=RQ,
    RQ_QUEUES={QUEUE: {"URL": REDIS_URL}},
    PRINT_QUEUE=QUEUE,
    PRINT_PART_STALE_SECONDS=STALE,
    MEDIA_ROOT=MEDIA,
    PRIVATE_MEDIA_ROOT=PRIVATE,
)
class TwoWorkersTests(TransactionTestCase):
    # The migrations' rows (cycles, roles) come back before and stay after, whatever
    # other TransactionTestCase ran before it.
    serialized_rollback = True

    def setUp(self):
        self.election = make_election()
        city = make_unit(
            self.election.unit_set, "79", "Thành phố Hồ Chí Minh", "province"
        )
        units = self.election.unit_set
        self.communes = [
            make_unit(units, "26734", "Phường Tân Định", "commune", city),
            make_unit(units, "26737", "Phường Sài Gòn", "commune", city),
        ]
        for commune in self.communes:
            areas = [make_area(self.election, commune, n) for n in range(1, AREAS + 1)]
            fill(self.election, commune, areas)
        self.user = make_user("thanhpho", "city_committee", admin_unit=city)
        self.workers = [worker(f"{QUEUE}-a"), worker(f"{QUEUE}-b")]

    def tearDown(self):
        for process in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        forget_queue()

    def test_a_worker_killed_mid_batch_loses_nothing(self):
        job = jobs.start(
            self.election, self.user, "VOTER_LIST", [c.pk for c in self.communes]
        )
        victim = self.kill_a_worker_mid_part(job)
        job = self.wait(job)
        self.assertEqual(job.status, "done", job.failure)
        self.assertEqual(job.report, {"communes": 2, "areas": 8, "printed": 4800})
        retried = PrintPart.objects.get(job=job, attempts=2)
        self.assertNotIn(f":{victim}", retried.worker)  # the survivor redid it
        self.check_the_zip(job)
        leftovers = [p for p in Path(PRIVATE).rglob("*") if p.suffix == ".tmp"]
        self.assertEqual(leftovers, [])  # no half file, not even a temporary one
        self.assertFalse((Path(PRIVATE) / farm.parts_folder(job)).exists())

    def kill_a_worker_mid_part(self, job) -> int:
        """SIGKILL the worker whose part is running (the second part seen)."""
        pids = {p.pid: p for p in self.workers}
        deadline, seen = time.monotonic() + 60, 0
        while time.monotonic() < deadline:
            running = PrintPart.objects.filter(
                job=job, kind="area", status="running"
            ).values_list("worker", flat=True)
            for name in running:
                pid = int(name.rsplit(":", 1)[1])
                seen += 1
                if pid in pids and seen > 1:
                    os.killpg(pid, signal.SIGKILL)
                    pids[pid].wait()
                    return pid
            time.sleep(0.01)
        self.fail("no part was seen running")

    def wait(self, job) -> PrintJob:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if farm.status(job)["finished"]:
                return job
            time.sleep(0.2)
        self.fail(f"the batch did not finish: {farm.status(job)}")

    def check_the_zip(self, job):
        with job.output.open("rb") as raw:
            archive = zipfile.ZipFile(io.BytesIO(raw.read()))
        names = archive.namelist()
        expected = [f"{commune_slug(c)}-danh-sach-cu-tri.pdf" for c in self.communes]
        self.assertEqual(names, expected)
        one_area = len(PdfReader(io.BytesIO(self.one_area_list())).pages)
        for name in names:
            reader = PdfReader(io.BytesIO(archive.read(name)))
            self.assertEqual(len(reader.pages), AREAS * one_area)
            text = "\n".join(page.extract_text() for page in reader.pages)
            for number in range(1, AREAS + 1):
                self.assertIn(f"Khu vực bỏ phiếu số {number}", text)
            self.assertEqual(text.count("Bùi Thị Ánh Tuyết"), AREAS * PER_AREA // 6)

    def one_area_list(self) -> bytes:
        area = VotingArea.objects.filter(election=self.election).first()
        probe = PrintJob(election=self.election, contest_keys=["VOTER_LIST"])
        return jobs.print_area(probe, area)[0]


__all__ = ["settings"]
