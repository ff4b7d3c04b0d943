"""The voter import's Python side alone: read, check and normalise N synthetic rows.

Usage (no database is touched; Django is only set up for the models' metadata):

    .venv/bin/python bench/voters_parse_bench.py [--rows 200000] [--repeat 5]
        [--profile] [--digest] [--code DIR]

The CSV comes from bench/voters_import_bench.py's generator (same names, households,
citizen IDs, birth-date spellings), written once to --workdir. Each run streams it
through what `import_voters` runs per row (importers/voters.py `VoterImport.load`):
`open_voters`, `header_positions`, `RowParser.prime` on the first rows, then
`RowParser.parse` on every row, with the real `Problems`; only the stage (COPY) is
left out. The voting areas are built in memory (40 wards x 15 areas, QH + city +
ward councils, as the import benchmark's election) instead of read from a database.

--digest prints a SHA-256 of every staged tuple and every message, to check that two
versions of the code parse a file identically; --code DIR times the code of another
checkout (e.g. a `git worktree` of the previous commit) with this same script.
--profile runs one pass under cProfile and prints the top functions. The µs a row
are of CPU time (`time.process_time`, less sensitive to a shared machine than the
wall clock, which is printed too); the file is read from the page cache.
"""

import argparse
import cProfile
import hashlib
import os
import pstats
import resource
import statistics
import sys
import time
from itertools import chain, islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import voters_import_bench as import_bench  # noqa: E402  (the generator)


def setup(code: Path) -> None:
    """Django from the code under test (first on sys.path), no database access."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != code]
    sys.path.insert(0, str(code))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def area_book():
    """`voters_rows.AreaBook` of the import benchmark's election, without queries."""
    from electionadmin.setup.cycle_defaults import CYCLES
    from electionadmin.setup.models import AdminUnit, Cycle, Election, VotingArea
    from importers.voters_rows import AreaBook

    rules = next(c for c in CYCLES if c["code"] == "2026")
    cycle = Cycle(code="2026", entitlements=rules["entitlements"])
    election = Election(
        code=import_bench.ELECTION, election_date=import_bench.DAY, cycle=cycle
    )
    wards = import_bench.read_wards()[: import_bench.COMMUNES]
    book = AreaBook.__new__(AreaBook)
    book.election, book.cycle = election, cycle
    book.by_key, book.kinds = {}, {}
    for index, (code, name) in enumerate(wards):
        ward = AdminUnit(pk=index + 1, code=code, name=name, level="commune")
        for number in range(1, import_bench.AREAS_PER_COMMUNE + 1):
            pk = len(book.by_key) + 1
            area = VotingArea(pk=pk, election=election, commune=ward, number=number)
            book.by_key[(code, number)] = area
            book.kinds[pk] = ["HDND_XA", "QH", "HDND_TINH"]
    book.by_id = {a.pk: a for a in book.by_key.values()}
    book.communes = {code for code, _ in book.by_key}
    book.allowed, book.allowed_communes = None, set()
    book._masks = {}
    return book, [code for code, _ in wards]


def parse_file(path: Path, areas, keep: list | None = None):
    """What VoterImport.load does per row, minus the stage: (rows, report)."""
    from importers.base import ImportReport
    from importers.voters import PRIME_ROWS, Problems
    from importers.voters_read import header_positions, open_voters
    from importers.voters_rows import RowParser

    report = ImportReport()
    problems = Problems(report)
    count = 0
    with open_voters(path) as source:
        positions, unknown, repeated = header_positions(source.header)
        if source.note:
            problems.warn(None, None, source.note)
        parser = RowParser(areas, positions, problems)
        rows = source.rows()
        ahead = list(islice(rows, PRIME_ROWS))
        for _, cells in ahead:
            parser.prime(cells)
        for count, (number, cells) in enumerate(chain(ahead, rows), start=1):  # noqa: B007
            staged = parser.parse(number, cells)
            if keep is not None and staged is not None:
                keep.append(staged)
        source.position()
        for line in parser.legacy.summary():
            problems.warn(None, None, line)
    problems.finish()
    return count, report


def digest(path: Path, areas) -> str:
    staged: list = []
    _, report = parse_file(path, areas, staged)
    sha = hashlib.sha256()
    for row in staged:
        sha.update(repr(row).encode())
    for problem in chain(report.errors, report.warnings):
        sha.update(repr(problem).encode())
    return (
        f"{sha.hexdigest()} ({len(staged)} rows staged, {len(report.errors)} errors, "
        f"{len(report.warnings)} warnings)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", default="/tmp/voters-parse-bench")
    parser.add_argument("--file", help="parse this file instead of a generated one")
    parser.add_argument("--code", default=str(HERE.parent), help="checkout to time")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--digest", action="store_true")
    args = parser.parse_args()
    code = Path(args.code).resolve()
    setup(code)
    areas, communes = area_book()
    if args.file:
        path = Path(args.file)
    else:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
        path = work / f"voters-{args.rows}.csv"
        if not path.exists():
            import_bench.generate(path, args.rows, communes)
    if args.digest:
        print(digest(path, areas))
        return
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(parse_file, path, areas)
        stats = pstats.Stats(profile).strip_dirs().sort_stats("tottime")
        stats.print_stats(30)
        return
    cpu, wall = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows, report = parse_file(path, areas)
        cpu.append((time.process_time() - start_cpu) / rows * 1e6)
        wall.append((time.perf_counter() - start) / rows * 1e6)
    print(
        f"{code.name}: {rows:,} rows; µs a row of CPU: median "
        f"{statistics.median(cpu):.2f}, best {min(cpu):.2f} (runs "
        f"{', '.join(f'{t:.2f}' for t in cpu)}); wall clock: median "
        f"{statistics.median(wall):.2f}, best {min(wall):.2f}; "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings; peak memory "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
