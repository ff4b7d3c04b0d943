"""A first import's rows parsed by two processes: a large CSV on the direct path.

Reading and checking a row in Python (voters_rows.RowParser, ~14 µs) is most of a
first import, and it ran on one core while PostgreSQL's COPY into the bare table
left the other one mostly idle. Here a helper process, forked once the parser is
primed, reads the same file on its own and parses every chunk of CHUNK_ROWS rows
that is not the importer's (`helpers_chunk`); the importer parses its own chunks
and, in the file's order, takes the helper's parsed rows and writes both through
the same `DirectLoad.add`, so list numbers and households come out as one reading
would give them. The helper's rows come back pickled (~4 µs a row both sides), so
the importer keeps a share (`PARENT_SHARE`) of the parsing.

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
import queue
import traceback
from collections import deque
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings

from .legacy_vn import TCVN3, VNI
from .voters_read import CsvFile

CHUNK_ROWS = 5000
# The importer's share of the parsing: it also writes every row and unpickles the
# helper's, while the helper reads every row of the file to find its chunks. At 1 M
# rows on 2 cores the reading took 12.6-13.0 s with 0.65, 12.8-17 with 0.6, 13.0-13.5
# with 0.55, 13.8-15.1 with 0.43 (one process: 15.1-15.2; docs/BENCHMARKS.md).
PARENT_SHARE = 0.6
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


def chunk_of(number: int) -> int:
    return (number - FIRST_ROW) // CHUNK_ROWS


def helpers_chunk(chunk: int) -> bool:
    """Whether the helper parses this chunk: about 1 - PARENT_SHARE of them, spread
    evenly; the first (where the parser was primed) is the importer's."""
    if chunk == 0:
        return False
    return int(chunk * PARENT_SHARE) == int((chunk - 1) * PARENT_SHARE)


def legacy_clean(legacy) -> bool:
    """No legacy encoding seen: every reading so far is the Unicode one."""
    evidence = legacy.evidence
    return not legacy.converted and not evidence[TCVN3] and not evidence[VNI]


@dataclass
class Chunk:
    """What the helper sends for one of its chunks."""

    index: int
    first: int = 0  # row numbers read in the chunk
    last: int = 0
    staged: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    error: bool = False
    clean: bool = True
    new_areas: list = field(default_factory=list)
    failure: str = ""  # the helper's own exception, if it stopped


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
    """The helper process and the chunks it sends back, in order."""

    def __init__(self, source: CsvFile, parser):
        context = multiprocessing.get_context("fork")
        # Bounded: the helper waits when it is more than a few chunks ahead.
        self.results = context.Queue(maxsize=4)
        self.process = context.Process(
            target=_helper, args=(source, parser, self.results), daemon=True
        )
        self.process.start()

    def chunk(self, index: int) -> Chunk:
        while True:
            try:
                found = self.results.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                if not self.process.is_alive():
                    raise Sequential("the helper process stopped") from None
                continue
            if found.failure:
                raise Sequential(found.failure)
            if found.index != index:
                raise Sequential(f"chunk {found.index} came for {index}")
            return found

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.results.close()
        self.results.cancel_join_thread()


def _helper(source: CsvFile, parser, results) -> None:
    """In the forked process: read the file again, parse the helper's chunks.

    It never uses the importer's database connection (inherited, open): the parser
    needs none, and the process ends by os._exit, which closes nothing.
    """
    send = _sender(results, os.getppid())
    try:
        _parse_chunks(source, parser, send)
    except BaseException:  # everything is reported, the importer decides
        send(Chunk(index=-1, failure=traceback.format_exc(limit=5)))


def _sender(results, importer: int):
    """Put a chunk, waiting while the queue is full; if the importer is gone (a
    worker killed), end here rather than wait for ever."""

    def send(chunk: Chunk) -> None:
        while True:
            try:
                results.put(chunk, timeout=WAIT_SECONDS)
                return
            except queue.Full:
                if os.getppid() != importer:
                    os._exit(0)

    return send


def _parse_chunks(first: CsvFile, parser, send) -> None:
    """The helper's chunks parsed and sent in order; the others' rows skipped by
    the csv module alone (the importer checks every row's limits as it reads)."""
    collected = Collected()
    parser.problems = collected
    known = set(parser.areas_without_contests)
    with CsvFile(first.reopen(), first.size, first.name) as source:
        reader, index = source.reader, 0  # the header read: rows from FIRST_ROW
        while True:
            if not helpers_chunk(index):
                deque(islice(reader, CHUNK_ROWS), maxlen=0)
                index += 1
                continue
            rows = list(islice(reader, CHUNK_ROWS))
            if not rows:
                return  # the file ended (in this chunk or the one before)
            start = FIRST_ROW + index * CHUNK_ROWS
            chunk = Chunk(index=index, first=start, last=start + len(rows) - 1)
            staged = chunk.staged
            for number, cells in enumerate(rows, start=start):
                row = parser.parse(number, cells)
                if row is not None:
                    staged.append(row)
            send(_finished(chunk, parser, collected, known))
            index += 1


def _finished(chunk: Chunk, parser, collected: Collected, known: set) -> Chunk:
    chunk.warnings, collected.warnings = collected.warnings, []
    chunk.error = collected.error_seen
    chunk.clean = legacy_clean(parser.legacy)
    for area_id in parser.areas_without_contests:
        if area_id not in known:
            known.add(area_id)
            chunk.new_areas.append(area_id)
    return chunk
