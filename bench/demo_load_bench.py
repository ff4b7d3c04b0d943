"""How long the demo takes to load (`load_demo`, what ./scripts/start runs), on SQLite
or PostgreSQL, and its election day through the bulk double entry against the
step-by-step workflow of the code before it (an older checkout, optional).

Usage:

    .venv/bin/python bench/demo_load_bench.py --sqlite [--old DIR]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_demo_bench \\
        .venv/bin/python bench/demo_load_bench.py [--old DIR]

`--old DIR`: a checkout whose election day goes through the workflow one minutes
at a time, e.g. `git worktree add /tmp/old-demo 6615933` (with `.venv` linked in).
Each step runs as its own `manage.py` process on a freshly migrated database (a copy
of one migrated once; PostgreSQL: `CREATE DATABASE … TEMPLATE`), in this order:

1. light: `load_demo --no-election-day` (set-up, Quận 1 voters, logins, rehearsal);
2. election day, bulk: `load_demo_results` on the database of 1;
3. the default: `load_demo` on a fresh database (what ./scripts/start runs);
4. with --old: its `load_demo` (light, the old default) on a fresh database, then
   its `load_demo_results` (the same election day, step by step).

Seconds and the ratio of the two election days (same run, same machine) are printed.
The databases are dropped at the end.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


class Databases:
    """Fresh migrated databases, copied from one migrated once."""

    def __init__(self, url: str | None, folder: Path):
        self.url, self.folder, self.made = url, folder, []
        self.base = self._name("migrated")
        self._create(self.base, template=None)
        self.manage(ROOT, self.base, "migrate", "--noinput")

    def _name(self, label: str) -> str:
        if self.url is None:
            return str(self.folder / f"{label}.sqlite3")
        return f"{urlparse(self.url).path.lstrip('/')}_{label}"

    def url_of(self, name: str) -> str:
        if self.url is None:
            return f"sqlite:///{name}"
        return self.url.rsplit("/", 1)[0] + "/" + name

    def _psql(self, sql: str) -> None:
        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-q", "-c", sql], check=True)

    def _create(self, name: str, template: str | None) -> None:
        self.made.append(name)
        if self.url is None:
            if template:
                shutil.copyfile(template, name)
            return
        self._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        self._psql(f'CREATE DATABASE "{name}"{copy}')

    def fresh(self, label: str) -> str:
        name = self._name(label)
        self._create(name, self.base)
        return name

    def manage(self, tree: Path, name: str, *args: str) -> float:
        env = os.environ | {"DATABASE_URL": self.url_of(name), "DEBUG": "true"}
        started = time.monotonic()
        subprocess.run(
            [str(tree / ".venv/bin/python"), str(tree / "manage.py"), *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.monotonic() - started

    def drop(self) -> None:
        if self.url is not None:
            for name in self.made:
                self._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite files")
    parser.add_argument("--old", type=Path, help="a checkout of the step-by-step code")
    args = parser.parse_args()
    url = None if args.sqlite else os.environ.get("DATABASE_URL")
    if not args.sqlite and not (url or "").startswith("postgres"):
        sys.exit("DATABASE_URL=postgres://… or --sqlite")
    rows = []
    with tempfile.TemporaryDirectory(prefix="demo-bench-") as folder:
        dbs = Databases(url, Path(folder))
        try:
            light = dbs.fresh("light")
            rows.append(
                (
                    "load_demo --no-election-day",
                    dbs.manage(ROOT, light, "load_demo", "--no-election-day"),
                )
            )
            rows.append(
                (
                    "load_demo_results (bulk)",
                    dbs.manage(ROOT, light, "load_demo_results"),
                )
            )
            full = dbs.fresh("full")
            rows.append(("load_demo (default)", dbs.manage(ROOT, full, "load_demo")))
            if args.old:
                old = dbs.fresh("old")
                rows.append(
                    ("old load_demo (light)", dbs.manage(args.old, old, "load_demo"))
                )
                rows.append(
                    (
                        "old load_demo_results (step by step)",
                        dbs.manage(args.old, old, "load_demo_results"),
                    )
                )
        finally:
            dbs.drop()
    vendor = "SQLite" if url is None else "PostgreSQL"
    print(f"| {vendor} | seconds |\n| --- | --- |")
    for label, seconds in rows:
        print(f"| `{label}` | {seconds:.1f} |")
    times = dict(rows)
    if args.old:
        ratio = (
            times["old load_demo_results (step by step)"]
            / times["load_demo_results (bulk)"]
        )
        print(f"\nelection day, step by step / bulk: {ratio:.1f}×")


if __name__ == "__main__":
    main()
