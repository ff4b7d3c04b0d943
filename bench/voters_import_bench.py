"""Voter import at city scale: synthetic voters, COPY baseline, fresh and re-import.

Usage (PostgreSQL, a database of its own; it is migrated and its voter table emptied):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_voters_bench DEBUG=False \\
        .venv/bin/python bench/voters_import_bench.py [--rows 1000000] [--repeat 3]

In one run, on the same file: (a) a raw COPY of the CSV into a table carrying the
voter table's indexes, the baseline; (b) `import_voters` into an empty list; (c) a
re-import with ~5 % of the rows changed; (d) a re-import of the same file. Each
measurement runs in a fresh process, which reports its time and peak memory.
Medians of --repeat runs are printed as seconds and as ratios to the baseline.

`--city` (HCMC 2026 scale, e.g. `--city --rows 10000000 --only-first`): the election
is CITY-2026 of bench/voters_city_bench.py (every ward of hcmc_admin_2025.csv, 168,
with 5,068 voting areas), the file's households spread over all of them; use a
database of its own, not that benchmark's (the voter table is emptied).
`--only-first` measures (a) and (b) alone. Past the first million rows the citizen
IDs take a province code of their million (`MILLIONS`), so 10 M stay unique.
"""

import argparse
import csv
import datetime
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG off needs one
DATA = ROOT / "demo" / "data"  # copies with their sources: demo/data/SOURCES.md
ELECTION = "BENCH-2026"
CITY = "CITY-2026"  # bench/voters_city_bench.py's
DAY = datetime.date(2026, 3, 15)
COMMUNES, AREAS_PER_COMMUNE = 40, 15
HEADER = [
    "citizen_id",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "residence",
    "commune_code",
    "area_number",
    "household",
    "note",
]
STREETS = [
    "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Trần Hưng Đạo", "Lý Thường Kiệt",
    "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Võ Văn Tần", "Pasteur", "Nguyễn Trãi",
    "Phan Đình Phùng", "Lê Văn Sỹ", "Hoàng Văn Thụ", "Phạm Văn Đồng",
]  # fmt: skip
JOBS = [
    "Công nhân", "Nội trợ", "Buôn bán", "Hưu trí", "Sinh viên", "Giáo viên", "Kỹ sư",
    "Nhân viên văn phòng", "Lái xe", "Kinh doanh", "Tự do", "Bác sĩ", "Nông dân",
]  # fmt: skip
RESIDENCES = ["permanent", "temporary_12m_plus", "temporary_under_12m", "other"]
ETHNICITIES = ["Kinh", "Hoa", "Khmer", "Chăm"]
PROVINCES = ["001", "038", "052", "089"]
# Provinces of the IDs of the 2nd…10th million (none of the first million's).
MILLIONS = ["074", "075", "077", "080", "083", "086", "087", "091", "092"]


# Synthetic voters.
def weighted(name: str, column: str) -> tuple[list[str], list[float]]:
    """(names, counts) from a frequency file, without its legacy-encoded spellings."""
    from importers.legacy_vn import readings

    names, weights = [], []
    with open(DATA / name, encoding="utf-8") as source:
        for row in csv.DictReader(source):
            value = row[column].strip()
            if value and readings(value).get("unicode") == value:
                names.append(value)
                weights.append(float(row["count"]))
    return names, weights


class People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.family = weighted("names_family_freq_uit.csv", "family_name")
        self.middle = weighted("names_middle_freq_uit.csv", "middle_name_token")
        self.given = weighted("names_given_freq_uit.csv", "given_name")

    def pick(self, table) -> str:
        return self.rng.choices(*table)[0]

    def name(self, gender: str) -> str:
        middle = "Thị" if gender == "F" else "Văn"
        if self.rng.random() < 0.5:
            middle = self.pick(self.middle)
        return f"{self.pick(self.family)} {middle} {self.pick(self.given)}"

    def born(self) -> tuple[int, str]:
        """A year, and the birth date as a clerk might write it."""
        year = self.rng.randint(1931, 2007)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        roll = self.rng.random()
        if roll < 0.03:
            return year, f"{year}"
        if roll < 0.04:
            return year, f"{month:02d}/{year}"
        if roll < 0.5:
            return year, f"{day:02d}/{month:02d}/{year}"
        return year, f"{year}-{month:02d}-{day:02d}"


def household_rows(rng, people, number, communes, start, areas=None):
    """The rows of one household: 1-6 people at one address, head first.
    `areas`: voting areas a commune (code -> count), AREAS_PER_COMMUNE if none."""
    commune = communes[number % len(communes)]
    count = areas[commune] if areas else AREAS_PER_COMMUNE
    area = 1 + (number // len(communes)) % count
    home = f"{rng.randint(1, 500)} {rng.choice(STREETS)}, khu phố {rng.randint(1, 12)}"
    residence = rng.choices(RESIDENCES, [80, 8, 10, 2])[0]
    size = rng.choices(range(1, 7), [15, 25, 25, 20, 10, 5])[0]
    for n in range(start, start + size):
        gender = rng.choice("MF")
        year, born = people.born()
        century = (year // 100 - 19) * 2 + (gender == "F")
        province = "079" if rng.random() < 0.7 else rng.choice(PROVINCES)
        if n >= 1_000_000:  # (the serial below is unique within a million)
            # (the modulo: a household cut short at 10 M computes rows past it)
            province = MILLIONS[(n // 1_000_000 - 1) % len(MILLIONS)]
        away = "" if residence == "permanent" else home
        yield [
            f"{province}{century}{year % 100:02d}{n % 1_000_000:06d}",
            people.name(gender),
            born,
            "Nam" if gender == "M" else "Nữ",
            rng.choices(ETHNICITIES, [93, 5, 1, 1])[0],
            rng.choice(JOBS),
            "" if away else home,
            away,
            residence,
            commune,
            area,
            f"HK{number}",
            "",
        ]


def generate(path: Path, rows: int, communes: list[str], areas=None) -> None:
    """Households in turn; citizen IDs follow the real 12-digit structure."""
    rng = random.Random(2026)
    people = People(rng)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        written, number = 0, 0
        while written < rows:
            number += 1
            rows_of = household_rows(rng, people, number, communes, written, areas)
            for row in rows_of:
                if written == rows:  # (a household cut short: no IDs past the end)
                    break
                writer.writerow(row)
                written += 1


def change_some(source: Path, target: Path, share: float = 0.05) -> int:
    """A copy of the file with `share` of the rows' occupation changed."""
    rng, changed = random.Random(5), 0
    with (
        open(source, encoding="utf-8") as inp,
        open(target, "w", newline="", encoding="utf-8") as out,
    ):
        reader, writer = csv.reader(inp), csv.writer(out)
        writer.writerow(next(reader))
        for row in reader:
            if rng.random() < share:
                row[5] += " (đã cập nhật)"
                changed += 1
            writer.writerow(row)
    return changed


# The database.
def setup_election(code: str = ELECTION) -> dict[str, int]:
    """Migrate; an election of 40 wards x 15 areas, QH + city + ward councils (or,
    code CITY, voters_city_bench's 168 wards and 5,068 areas). Its communes' codes
    and their number of areas."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    call_command("migrate", verbosity=0)
    from electionadmin.setup.models import Election

    empty_list()
    election = Election.objects.filter(code=code).first()
    if election is None and code == CITY:
        from voters_city_bench import create_election as create_city

        election = create_city()
    elif election is None:
        election = create_election()
    codes = election.voting_areas.values("commune__code").annotate(n=Count("pk"))
    return {row["commune__code"]: row["n"] for row in codes.order_by("commune__code")}


def create_election():
    from electionadmin.setup.models import (
        AdminUnit,
        AdminUnitSet,
        Contest,
        Cycle,
        Election,
    )
    from tests.factories import make_area, make_electoral_unit

    unit_set = AdminUnitSet.objects.in_force_on(DAY).get()
    city, _ = AdminUnit.objects.get_or_create(
        unit_set=unit_set, code="79", defaults={"name": "TP HCM", "level": "province"}
    )
    election = Election.objects.create(
        code=ELECTION,
        name="Bầu cử đo tải",
        election_date=DAY,
        cycle=Cycle.objects.get(code="2026"),
        unit_set=unit_set,
        province=city,
    )
    areas = []
    for code, name in read_wards()[:COMMUNES]:
        ward, _ = AdminUnit.objects.get_or_create(
            unit_set=unit_set,
            code=code,
            defaults={"name": name, "level": "commune", "parent": city},
        )
        mine = [make_area(election, ward, n + 1) for n in range(AREAS_PER_COMMUNE)]
        council = Contest.objects.create(
            election=election, kind="HDND_XA", council_unit=ward
        )
        make_electoral_unit(council, 1, 5, mine)
        areas += mine
    make_electoral_unit(
        Contest.objects.create(election=election, kind="QH"), 1, 3, areas
    )
    council = Contest.objects.create(
        election=election, kind="HDND_TINH", council_unit=city
    )
    make_electoral_unit(council, 1, 3, areas)
    return election


def read_wards() -> list[tuple[str, str]]:
    with open(DATA / "hcmc_admin_2025.csv", encoding="utf-8") as source:
        rows = csv.DictReader(source)
        return [(r["code"], r["name"]) for r in rows if r["level"] == "commune"]


def empty_list() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE voters_voterchange, voters_voterentry")
        # The elections' own partitions too, so the next import is a first one
        # (importers/voters_pg.DirectLoad makes and attaches the partition).
        cursor.execute(
            """SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'voters_voterentry'::regclass
            AND c.relname <> 'voters_voterentry_default'"""
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TABLE {name}")


# The baseline: the same indexes as the voter table, on the columns the file has
# (primary key, unique citizen, area order, commune list order with the id, trigram
# name and citizen ID; the partial index of struck-off entries is empty after a first
# import, so it has no counterpart here).
BASELINE = """
CREATE TABLE bench_raw_copy (
    id bigserial PRIMARY KEY,
    citizen_id varchar(12), full_name varchar(200), birth_date varchar(10),
    gender varchar(3), ethnicity varchar(50), occupation varchar(200),
    permanent_address varchar(300), temporary_address varchar(300),
    residence varchar(20), commune_code varchar(5), area_number integer,
    household varchar(50), note varchar(300)
);
CREATE UNIQUE INDEX bench_raw_citizen ON bench_raw_copy (citizen_id);
CREATE INDEX bench_raw_area ON bench_raw_copy (commune_code, area_number);
CREATE INDEX bench_raw_commune ON bench_raw_copy (commune_code, area_number, id);
CREATE INDEX bench_raw_name ON bench_raw_copy USING gin (full_name gin_trgm_ops);
CREATE INDEX bench_raw_id ON bench_raw_copy USING gin (citizen_id gin_trgm_ops);
"""


def raw_copy(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(BASELINE)
        sql = (
            f"COPY bench_raw_copy ({', '.join(HEADER)}) FROM STDIN (FORMAT csv, HEADER)"
        )
        start = time.perf_counter()
        with open(path, "rb") as source, cursor.cursor.copy(sql) as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_raw_copy")
    return elapsed


# Measuring, one process per measurement.
def in_child(what: str, path: Path, election: str = ELECTION) -> dict:
    """The child's figures, and `command`: the whole process, start to exit (the
    interpreter, Django's set-up, the import), as a command line would take."""
    command = [sys.executable, __file__, "--child", what, str(path), election]
    env = os.environ | {"DEBUG": "False"}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:  # (the import's own message, e.g. a limit)
        raise SystemExit(f"{what} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures | {"command": time.perf_counter() - start}


def peak_mb() -> dict:
    """ru_maxrss (Linux also counts the launcher's size at fork) and VmHWM (own)."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = Path("/proc/self/status").read_text().splitlines()
    hwm = next(line for line in status if line.startswith("VmHWM"))
    return {"maxrss_mb": maxrss, "hwm_mb": int(hwm.split()[1]) / 1024}


class Phases:
    """A progress callback noting when each phase of the import starts."""

    def __init__(self):
        self.start = time.perf_counter()
        self.marks: dict[str, float] = {}

    def __call__(self, done: int, total: int, label: str) -> None:
        elapsed = round(time.perf_counter() - self.start, 1)
        self.marks.setdefault(label.split(":")[0], elapsed)


def child(what: str, path: str, election: str) -> None:
    import django

    django.setup()
    if what == "copy":
        print(json.dumps({"seconds": raw_copy(Path(path))} | peak_mb()))
        return
    from importers.voters import import_voters

    phases = Phases()
    report = import_voters(path, election, progress=phases)
    elapsed = time.perf_counter() - phases.start
    if not report.ok:
        raise SystemExit("\n".join(str(p) for p in report.errors[:20]))
    figures = {"seconds": elapsed, "counts": report.counts["voters"]}
    print(json.dumps(figures | peak_mb() | {"phases": phases.marks}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/voters-bench")
    parser.add_argument("--city", action="store_true", help="HCMC 2026's shape")
    parser.add_argument("--only-first", action="store_true", help="(a) and (b)")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "PATH", "ELECTION"))
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    election = CITY if args.city else ELECTION
    areas = setup_election(election)
    name = f"voters-city-{args.rows}" if args.city else f"voters-{args.rows}"
    original = work / f"{name}.csv"
    changed = work / f"{name}-changed.csv"
    if not original.exists():
        start = time.perf_counter()
        generate(original, args.rows, list(areas), areas if args.city else None)
        print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)
    n_changed = 0 if args.only_first else change_some(original, changed)
    results: dict[str, list] = {"copy": [], "fresh": [], "changed": [], "same": []}
    steps = [("fresh", original), ("changed", changed), ("same", changed)]
    for run in range(args.repeat):
        now = time.strftime("%H:%M:%S UTC", time.gmtime())
        print(f"run {run + 1}, {now}: {uptime()}", flush=True)
        results["copy"].append(in_child("copy", original, election))
        empty_list()
        for key, path in steps[:1] if args.only_first else steps:
            results[key].append(in_child("import", path, election))
        latest = {key: values[-1] for key, values in results.items() if values}
        print(f"run {run + 1}: {json.dumps(latest)}", flush=True)
    report(results, args.rows, original, n_changed)


LABELS = {
    "fresh": "(b) import_voters, empty list",
    "changed": "(c) re-import, ~5 % changed",
    "same": "(d) re-import, same file",
}


def uptime() -> str:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    return f"load average {load}"


def report(results: dict, rows: int, original: Path, n_changed: int) -> None:
    runs = len(results["copy"])
    baseline = statistics.median(r["seconds"] for r in results["copy"])
    size = original.stat().st_size / 1e6
    print(f"\n{rows:,} voters, {size:.0f} MB CSV, {n_changed:,} rows changed in (c)")
    print(f"medians of {runs} runs; load average now {os.getloadavg()[0]:.1f}")
    print(f"(a) raw COPY with the voter table's indexes: {baseline:.1f} s (1.00)")
    for key, label in LABELS.items():
        if not results[key]:
            continue
        seconds = statistics.median(r["seconds"] for r in results[key])
        command = statistics.median(r["command"] for r in results[key])
        print(
            f"{label}, whole command (process start to exit): {command:.1f} s "
            f"({command / baseline:.2f}x)"
        )
        rss = max(r["maxrss_mb"] for r in results[key])
        hwm = max(r["hwm_mb"] for r in results[key])
        last = results[key][-1]
        print(
            f"{label}: {seconds:.1f} s ({seconds / baseline:.2f}x); peak memory "
            f"ru_maxrss {rss:.0f} MB, VmHWM {hwm:.0f} MB; {last['counts']}; "
            f"phases began at {last['phases']}"
        )


if __name__ == "__main__":
    main()
