"""A first import's rows parsed by two processes: a large CSV on the direct path.

Reading and checking a row in Python (voters_rows.RowParser, ~12 µs) is most of a
first import, and it ran on one core while PostgreSQL's COPY into the bare table
left the other one mostly idle. Here the file is cut in two at a row (`split_row`,
from the size of the rows read to prime the parser): the importer parses the rows
before it, and a helper process, forked once the parser is primed, reads the same
file on its own, skips to that row and parses the rest. Its parsed rows go, a chunk
of CHUNK_ROWS at a time, pickled into a spool file (a temporary file, so memory
stays flat however far ahead it runs), and once the importer has written its own
rows it writes the helper's, in order, through the same `DirectLoad.add`: list
numbers and households come out as one reading would give them. Writing a row the
helper parsed costs the importer ~4 µs (against ~14 for one it parses), so its
share (`PARENT_SHARE`) is the larger part. The helper checks the limits of the rows
it reads (`limits.SheetGuard`), the importer those before the cut.
The spool is an anonymous temporary file in the temporary directory (`TMPDIR`),
gone when the import ends: ~160 bytes a row of the helper's part, ~700 MB for a
city of 10 M voters.

The result must be exactly what one process gives, and one thing could differ:
`LegacyText`, which decides a legacy-encoded value by the evidence of the rows
before it. With no TCVN3 or VNI evidence and no conversion anywhere, every value's
reading is its Unicode one whatever was read before (voters_rows: a value that
Unicode and a legacy encoding both explain is taken as Unicode while the file has
shown no legacy text), so both processes decide as one would. Otherwise (the file
turns out to hold legacy text), or when the helper fails, `Sequential` is raised
and the file is imported again in one process. A row with an error abandons the
direct path as before (the staged path reports every problem).

Only for a CSV, alone or zipped (not a workbook, nor a file read as Latin-1), of
at least `VOTER_IMPORT_PARALLEL_MIN_MB`, on a machine of two cores or more, with
`VOTER_IMPORT_PROCESSES` at 2 (1 turns it off), and only where processes can be
forked (Linux, not inside a daemonic process).
"""

import multiprocessing
import os
import pickle
import queue
import tempfile
import traceback
from collections import deque
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings

from .legacy_vn import TCVN3, VNI
from .voters_read import CsvFile

CHUNK_ROWS = 5000
# The importer's share of the rows: it also writes every row (docs/BENCHMARKS.md).
PARENT_SHARE = 0.55
WAIT_SECONDS = 5  # how often a wait for the helper checks that it is alive
FIRST_ROW = 2  # the header is row 1


class Sequential(Exception):
    """Import the file again in one process (legacy text met, or the helper failed)."""


def applies(source, parser) -> bool:
    """Whether the file is one for two processes (the module's docstring)."""
    if not legacy_clean(parser.legacy):  # the first rows, read to prime it
        return False
    if settings.VOTER_IMPORT_PROCESSES < 2:
        return False
    if not isinstance(source, CsvFile) or source.reopen is None or source.note:
        return False
    minimum = settings.VOTER_IMPORT_PARALLEL_MIN_MB * 1024 * 1024
    if source.size < minimum or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return not multiprocessing.current_process().daemon


def split_row(source: CsvFile, primed: int) -> int:
    """The first row of the helper's part: PARENT_SHARE of the rows the file holds
    by the size of the first `primed` rows (an estimate: only the balance depends
    on it)."""
    done, total = source.position()
    rows = primed * total / max(done, 1)
    return FIRST_ROW + max(CHUNK_ROWS, int(rows * PARENT_SHARE))


def legacy_clean(legacy) -> bool:
    """No legacy encoding seen: every reading so far is the Unicode one."""
    evidence = legacy.evidence
    return not legacy.converted and not evidence[TCVN3] and not evidence[VNI]


@dataclass
class Chunk:
    """What the helper sends for one of its chunks."""

    first: int = 0  # row numbers read in the chunk
    last: int = 0
    staged: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    error: bool = False
    clean: bool = True
    new_areas: list = field(default_factory=list)
    position: tuple = (0, 0)  # how far the helper had read the file (progress)
    failure: str = ""  # the helper's own exception, if it stopped
    end: bool = False  # no more rows


class Collected:
    """The helper's problems: warnings kept in order, errors only noted (the importer
    abandons the direct path at the first one, as one process would)."""

    def __init__(self):
        self.warnings: list[tuple] = []
        self.error_seen = False

    def error(self, row, column, message) -> None:
        self.error_seen = True

    def warn(self, row, column, message) -> None:
        self.warnings.append((row, column, message))


class Helper:
    """The helper process, its spool file and its notices, in order."""

    def __init__(self, source: CsvFile, parser, split: int):
        context = multiprocessing.get_context("fork")
        # Deleted by the system as soon as both processes close it.
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115
        self.notices = context.Queue()  # (offset, length) in the spool: small
        self.process = context.Process(
            target=_helper,
            args=(source, parser, split, self.spool.fileno(), self.notices),
            daemon=True,
        )
        self.process.start()

    def chunks(self):
        """The helper's chunks, in order, until its rows end."""
        while True:
            try:
                offset, length = self.notices.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                if not self.process.is_alive():
                    raise Sequential("the helper process stopped") from None
                continue
            chunk = pickle.loads(os.pread(self.spool.fileno(), length, offset))
            if chunk.failure:
                raise Sequential(chunk.failure)
            if chunk.end:
                return
            yield chunk

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.notices.close()
        self.notices.cancel_join_thread()
        self.spool.close()


def _helper(source: CsvFile, parser, split: int, spool: int, notices) -> None:
    """In the forked process: read the file again, parse its rows from `split` on.

    It never uses the importer's database connection (inherited, open): the parser
    needs none, and the process ends by os._exit, which closes nothing.
    """
    offset, importer = 0, os.getppid()

    def send(chunk: Chunk) -> None:
        nonlocal offset
        if os.getppid() != importer:  # the importer is gone (a worker killed)
            os._exit(0)
        data = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
        os.pwrite(spool, data, offset)
        notices.put((offset, len(data)))
        offset += len(data)

    try:
        _parse_rest(source, parser, split, send)
        send(Chunk(end=True))
    except BaseException:  # everything is reported, the importer decides
        send(Chunk(failure=traceback.format_exc(limit=5)))


def _parse_rest(first: CsvFile, parser, split: int, send) -> None:
    """The rows from `split` on, parsed and sent a chunk at a time. The rows before
    are skipped by the csv module alone but for the last `blank_rows`, which the
    guard sees, so a run of blank rows across the cut counts as one."""
    collected = Collected()
    parser.problems = collected
    known = set(parser.areas_without_contests)
    with CsvFile(first.reopen(), first.size, first.name) as source:
        reader, guard = source.reader, source.guard
        warm = min(split - FIRST_ROW, source.limits.blank_rows)
        deque(islice(reader, split - warm - FIRST_ROW), maxlen=0)
        number = split - warm - 1  # the row last read (the header: 1)
        for cells in islice(reader, warm):
            number += 1
            guard(number, cells)
        while True:
            rows = list(islice(reader, CHUNK_ROWS))
            if not rows:
                return
            start = number + 1
            chunk = Chunk(first=start)
            staged = chunk.staged
            for number, cells in enumerate(rows, start=start):
                guard(number, cells)
                row = parser.parse(number, cells)
                if row is not None:
                    staged.append(row)
            chunk.last, chunk.position = number, source.position()
            send(_finished(chunk, parser, collected, known))


def _finished(chunk: Chunk, parser, collected: Collected, known: set) -> Chunk:
    chunk.warnings, collected.warnings = collected.warnings, []
    chunk.error = collected.error_seen
    chunk.clean = legacy_clean(parser.legacy)
    for area_id in parser.areas_without_contests:
        if area_id not in known:
            known.add(area_id)
            chunk.new_areas.append(area_id)
    return chunk
