"""The print farm: a ward's voter cards with 1, 2 and 4 RQ worker processes.

Usage (PostgreSQL and Redis; a throw-away election in the database it is given, a
queue of its own in that Redis):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/print_farm_bench.py \\
        [--voters 4800] [--per-area 400] [--workers 1,2,4] [--repeat 3]

One ward of --voters voters in areas of --per-area. For each worker count, that many
`manage.py rqworker` processes (SimpleWorker) are started and registered first;
then the ward's cards are printed as the screens print them (`jobs.start`, the plan,
one task per area, the merge, the zip) and timed from the start until the job is
done (its status polled every 50 ms, as its page would). Medians of --repeat runs,
as cards a second and the ratio to 1 worker in the same run. Also, for reference,
the whole ward drawn in this process without the farm (`cards_pdf`).
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUEUE = f"bench-print-farm-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", uuid.uuid4().hex * 2)
os.environ.update(TASKS_BACKEND="rq", PRINT_QUEUE=QUEUE)
import print_setup  # noqa: E402
from print_setup import timed  # noqa: E402

CODE = "FARM-BENCH"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
         "Đặng Quốc Huy", "Bùi Thị Ánh Tuyết"]  # fmt: skip


def build(voters: int, per_area: int):
    from electionadmin.setup.models import VotingArea

    election, ward = print_setup.election_in_ward(CODE)
    areas = [
        VotingArea.objects.create(election=election, commune=ward, number=n)
        for n in range(1, -(-voters // per_area) + 1)
    ]
    print_setup.plain_voters(
        election, ward, areas, voters, per_area, NAMES, ["Hai Bà Trưng"]
    )
    return election, ward


def start_workers(count: int) -> list[subprocess.Popen]:
    import django_rq
    from rq import Worker

    command = [sys.executable, "manage.py", "rqworker", QUEUE]
    command += ["--worker-class", "rq.worker.SimpleWorker"]
    command += ["--job-class", "django_tasks_rq.Job"]
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(count)
    ]
    queue = django_rq.get_queue(QUEUE)
    deadline = time.monotonic() + 120
    while len(Worker.all(queue=queue)) < count:
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            stop_workers(processes)
            raise SystemExit("the workers did not start")
        time.sleep(0.2)
    return processes


def stop_workers(processes) -> None:
    """Killed at once (an idle RQ worker's warm shut-down waits on Redis)."""
    import django_rq
    from rq import Worker

    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for worker in Worker.all(queue=django_rq.get_queue(QUEUE)):
        worker.register_death()  # killed: forget them at once


def print_ward(election, ward, user) -> float:
    from electionadmin.printing import farm
    from electionadmin.voters.printing import jobs

    began = time.perf_counter()
    job = jobs.start(election, user, "VOTER_CARD", [ward.pk])
    while not farm.status(job)["finished"]:
        time.sleep(0.05)
        job.refresh_from_db()
    elapsed = time.perf_counter() - began
    assert job.status == "done", job.failure
    job.output.delete()
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=4800)
    parser.add_argument("--per-area", type=int, default=400)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    print_setup.migrated()
    import django_rq
    from django.contrib.auth import get_user_model

    from electionadmin.voters.printing.cards import cards_pdf
    from electionadmin.voters.printing.selection import areas_of

    election, ward = build(options.voters, options.per_area)
    user = get_user_model().objects.filter(is_superuser=True).first()
    areas = list(areas_of(election))
    alone = statistics.median(
        timed(lambda: cards_pdf(election, areas)) for _ in range(options.repeat)
    )
    results = {}
    try:
        for count in map(int, options.workers.split(",")):
            processes = start_workers(count)
            try:
                print_ward(election, ward, user)  # warm-up: imports, connections
                runs = [print_ward(election, ward, user) for _ in range(options.repeat)]
                print(count, "workers:", ", ".join(f"{r:.2f} s" for r in runs))
            finally:
                stop_workers(processes)
            results[count] = statistics.median(runs)
    finally:
        django_rq.get_queue(QUEUE).delete(delete_jobs=True)
    report(options, len(areas), alone, results)


def report(options, areas: int, alone: float, results: dict) -> None:
    voters = options.voters
    cores = os.cpu_count()
    print(f"{voters} cards, {areas} areas of {options.per_area}, {cores} cores")
    print("| what | median | cards/s | ratio to 1 worker |")
    print("| --- | --- | --- | --- |")
    one = results.get(1)
    rate = f"{voters / alone:,.0f}"
    print(f"| whole ward in one process, no farm | {alone:.2f} s | {rate} | |")
    for count, elapsed in results.items():
        ratio = f"{one / elapsed:.2f}×" if one else ""
        print(
            f"| farm, {count} worker{'s' if count > 1 else ''} | {elapsed:.2f} s "
            f"| {voters / elapsed:,.0f} | {ratio} |"
        )


if __name__ == "__main__":
    main()
