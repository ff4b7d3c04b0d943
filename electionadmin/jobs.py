"""The life cycle every background job shares: queued, running with progress, done
with a report, or failed with a message for the user.

`importers.ImportJob` (spreadsheet imports) and `printing.PrintJob` (batch printing)
are its concrete models; their pages poll `status_dict()` through the shared partial
`templates/includes/job_progress.html`.

Every task runs its job through `run_job()`, whatever the task backend (the
database queue's `db_worker`, or RQ's work horse with `TASKS_BACKEND=rq`):

- **A hard time limit per kind** (`JOB_TIME_LIMITS`, minutes, from the environment):
  past it the work is stopped where it is (`TimeLimit`: SIGALRM in a worker's main
  thread, which interrupts a sleep or a wait too; elsewhere a timer thread raising in
  the task's thread), a query the task's connections are running is cancelled, the
  transaction rolls back, a partial output file is removed, and the job ends failed
  with "Quá thời gian cho phép (N phút)…". RQ's own timeout (its queue's
  `DEFAULT_TIMEOUT`, set above the longest limit in settings) stays a last resort:
  its alarm is put back after ours.
- **A heartbeat** (`heartbeat_at`): touched when the job starts, with each progress
  update and once a minute by a thread of the worker while the work runs. A running
  job whose heartbeat is older than `JOB_STALE_MINUTES` (default 5) is marked failed
  the next time its page or status is read (`fail_if_stale()`): its worker died
  (killed, out of memory, the machine restarted), and its transaction died with it,
  so nothing was written. A long job whose worker lives keeps beating and is never
  taken for dead. On SQLite (one writer at a time) the beat and the marking give
  up at once when the file is being written (`SQLITE_WAIT_MS`) rather than queue
  behind the writer: a job whose task holds a long writing transaction cannot beat
  (its progress, written on the task's connection, is seen only at the commit),
  but the database is then locked by a living writer, so it is not marked failed
  either; the next beat follows the commit within a minute.
- **The client address** of the request that created the job (`client_address`)
  goes on every audit entry the task writes (audit.log.acting_from).
"""

import ctypes
import datetime
import logging
import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, OperationalError, connections, models
from django.utils import timezone

from electionadmin.audit.log import acting_from, current_address

logger = logging.getLogger(__name__)
STALE = (
    "Không còn nhận được tín hiệu từ tiến trình xử lý trong {minutes} phút: tiến "
    "trình có thể đã dừng giữa chừng nên chưa ghi gì. Hãy chạy lại hoặc báo quản "
    "trị hệ thống."
)
TIME_LIMIT = (
    "Quá thời gian cho phép ({minutes} phút): tác vụ đã bị dừng và không ghi gì. "
    "Hãy chia nhỏ tệp hoặc công việc, hoặc báo quản trị hệ thống nếu cần thêm "
    "thời gian."
)
HEARTBEAT_SECONDS = 60
# On SQLite, how long the heartbeat and the stale check wait for the write lock.
SQLITE_WAIT_MS = 200
RETRY_SECONDS = 2  # after a beat that found SQLite being written
DEFAULT_LIMIT_MINUTES = 60


def stale_minutes() -> float:
    return float(getattr(settings, "JOB_STALE_MINUTES", 5))


def limit_minutes(kind: str) -> float:
    limits = getattr(settings, "JOB_TIME_LIMITS", {})
    return float(limits.get(kind, DEFAULT_LIMIT_MINUTES))


def minutes_text(minutes: float) -> str:
    """120 -> "120"; 0.5 -> "0,5" (as Vietnamese writes a decimal)."""
    return f"{minutes:g}".replace(".", ",")


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Bị lỗi"

    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField("đã xử lý", default=0)
    progress_total = models.PositiveIntegerField("tổng số", default=0)
    progress_label = models.CharField("đang xử lý", max_length=200, blank=True)
    report = models.JSONField("kết quả", default=dict, blank=True)
    failure = models.TextField("lỗi hệ thống", blank=True)
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    heartbeat_at = models.DateTimeField("tín hiệu gần nhất", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    client_address = models.GenericIPAddressField(
        "địa chỉ máy yêu cầu", null=True, blank=True
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    # The kind whose time limit applies (JOB_TIME_LIMITS); subclasses say.
    limit_kind = ""

    def save(self, *args, **kwargs):
        if self._state.adding and self.client_address is None:
            # The request that creates the job; its task's audit entries carry it.
            self.client_address = current_address()
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def time_limit(self) -> float:
        """Minutes this job may run."""
        return limit_minutes(self.limit_kind)

    def begin(self, total: int = 0) -> None:
        now = timezone.now()
        self.status, self.started_at, self.heartbeat_at = self.Status.RUNNING, now, now
        self.progress_done, self.progress_total = 0, total
        fields = ["status", "started_at", "heartbeat_at", "progress_done"]
        self.save(update_fields=fields + ["progress_total", "progress_label"])

    def finish(self, report: dict, *also: str) -> None:
        """Done: the report kept, the bar full; `also` names other fields to save."""
        self.status, self.report = self.Status.DONE, report
        self.finished_at = timezone.now()
        self.progress_done = self.progress_total
        fields = ["status", "report", "finished_at", "progress_done"]
        self.save(update_fields=fields + list(also))

    def fail(self, message: str) -> None:
        self.status, self.failure = self.Status.FAILED, message
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "failure", "finished_at"])

    def discard_output(self) -> None:
        """Remove what a failed run may have written half (subclasses' files)."""

    @classmethod
    def beat(cls, pk: int, **progress) -> None:
        """The heartbeat, with the progress fields given (`progress_done`, …)."""
        cls.objects.filter(pk=pk).update(heartbeat_at=timezone.now(), **progress)

    @property
    def is_stale(self) -> bool:
        """Running, and no heartbeat for longer than a living worker leaves one."""
        limit = timezone.now() - datetime.timedelta(minutes=stale_minutes())
        last = self.heartbeat_at or self.started_at
        return self.status == self.Status.RUNNING and last is not None and last < limit

    def fail_if_stale(self) -> bool:
        """Mark a stale job failed (once, whoever reads it first); whether it was."""
        if not self.is_stale:
            return False
        limit = timezone.now() - datetime.timedelta(minutes=stale_minutes())
        message = STALE.format(minutes=minutes_text(stale_minutes()))
        beat_lately = models.Q(heartbeat_at__gte=limit)
        try:
            with briefly_waiting():
                failed = (
                    type(self)
                    .objects.filter(pk=self.pk, status=self.Status.RUNNING)
                    .exclude(beat_lately)  # it beat since this copy was read
                    .update(
                        status=self.Status.FAILED,
                        failure=message,
                        finished_at=timezone.now(),
                    )
                )
        except OperationalError as error:
            if not _sqlite_locked(error):
                raise
            failed = 0  # SQLite being written: a writer, the job's own task, lives
        self.refresh_from_db()
        return bool(failed)

    def status_dict(self) -> dict:
        self.fail_if_stale()
        return {
            "status": self.status,
            "status_label": self.get_status_display(),
            "done": self.progress_done,
            "total": self.progress_total,
            "label": self.progress_label,
            "percent": self.percent,
            "finished": self.is_finished,
        }


class TimeLimitExceeded(Exception):
    """Raised in a task that ran past its kind's time limit."""


class TimeLimit:
    """Stops the code run inside it after `seconds` with TimeLimitExceeded.

    In a process's main thread (`db_worker`, RQ's work horse) by SIGALRM, which
    interrupts a sleep or a wait as well; an alarm set before (RQ's own timeout) is
    put back on the way out, less the time spent. In another thread (`db_worker
    --reload`, a task run inside a web request) a timer thread raises the exception
    in the task's thread at its next Python instruction. Either way a query running
    on the task's database connections is cancelled, so the database stops too and
    the transaction rolls back (`expired` tells it happened)."""

    def __init__(self, seconds: float):
        self.seconds = max(seconds, 0.001)
        self.expired = False
        self._over = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> "TimeLimit":
        self._connections = [connections[alias] for alias in connections]
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self._previous_delay = signal.setitimer(signal.ITIMER_REAL, self.seconds)[0]
            self._began = time.monotonic()
        else:
            self._thread = threading.get_ident()
            self._timer = threading.Timer(self.seconds, self._on_timer)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc) -> bool:
        self._over = True
        if self._timer is not None:
            with self._lock:
                self._timer.cancel()
            return False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)
        if self._previous_delay:
            left = self._previous_delay - (time.monotonic() - self._began)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
        return False

    def _on_alarm(self, signum, frame) -> None:
        if self._over:
            return
        self.expired = True
        self._cancel_queries()
        raise TimeLimitExceeded

    def _on_timer(self) -> None:
        with self._lock:
            if self._over:
                return
            self.expired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self._thread), ctypes.py_object(TimeLimitExceeded)
            )
        self._cancel_queries()

    def _cancel_queries(self) -> None:
        for wrapper in self._connections:
            raw = wrapper.connection
            try:
                if raw is not None and wrapper.vendor == "postgresql":
                    raw.cancel_safe(timeout=5)
                elif raw is not None and wrapper.vendor == "sqlite":
                    raw.interrupt()
            except Exception:
                logger.warning("Query of a stopped task not cancelled", exc_info=True)

    def usable_again(self) -> None:
        """Close a connection the stop left in the middle of a query (outside a
        transaction; Django opens a new one at the next query)."""
        for wrapper in self._connections:
            if wrapper.connection is None or wrapper.in_atomic_block:
                continue
            if not wrapper.is_usable():
                wrapper.close()


class Heartbeat:
    """Touches the job's heartbeat every HEARTBEAT_SECONDS while the work runs.

    From a thread of its own, on its own connection: the task's may be busy with one
    long statement. On SQLite a beat that finds the file being written gives up at
    once (`briefly_waiting`) and the next one tries again: it never queues behind
    the task's writing transaction nor holds the lock longer than its one-row
    UPDATE."""

    def __init__(self, job: "BackgroundJob"):
        self.model, self.pk = type(job), job.pk
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Heartbeat":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> bool:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=HEARTBEAT_SECONDS)
        return False

    def _run(self) -> None:
        wait = HEARTBEAT_SECONDS
        try:
            while not self._stop.wait(wait):
                wait = HEARTBEAT_SECONDS
                try:
                    with briefly_waiting():
                        self.model.beat(self.pk)
                except OperationalError as error:
                    if not _sqlite_locked(error):
                        logger.warning("Heartbeat of job %s not written", self.pk)
                    wait = RETRY_SECONDS  # beat soon after the writer commits
                except DatabaseError:
                    logger.warning("Heartbeat of job %s not written", self.pk)
        finally:
            connections.close_all()  # this thread's own


@contextmanager
def briefly_waiting():
    """On SQLite, statements inside wait at most SQLITE_WAIT_MS for the write lock
    (the settings' 30 s otherwise); elsewhere nothing changes."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_MS}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(before)}")


def _sqlite_locked(error: OperationalError) -> bool:
    return connections["default"].vendor == "sqlite" and "locked" in str(error)


def run_job(
    job: "BackgroundJob", work: Callable[[], dict], failure: str, total: int = 0
) -> dict | None:
    """Run `work()` as `job`: begun, beating, within its kind's time limit, the
    audit entries it writes carrying the address the job was asked from. Finished
    with the report `work` returns; or failed (None): past the limit with
    TIME_LIMIT, on another error with `failure` (its `{name}`: the error's class)."""
    job.begin(total)
    limit = TimeLimit(job.time_limit() * 60)
    with acting_from(job.client_address), Heartbeat(job):
        try:
            with limit:
                report = work()
        except Exception as error:
            _failed(job, limit, error, failure)
            return None
    job.finish(report)
    return report


def _failed(job, limit: TimeLimit, error: Exception, failure: str) -> None:
    limit.usable_again()
    try:
        job.discard_output()
    except Exception:
        logger.warning("Output of job %s not removed", job.pk, exc_info=True)
    if limit.expired or isinstance(error, TimeLimitExceeded):
        logger.warning("Job %s stopped at its time limit", job.pk)
        job.fail(TIME_LIMIT.format(minutes=minutes_text(job.time_limit())))
    else:
        logger.exception("Job %s failed", job.pk)
        job.fail(failure.format(name=type(error).__name__))
