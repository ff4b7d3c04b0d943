"""The printing benches set up their own settings like every bench script: run as
documented (DATABASE_URL and DEBUG=False, no SECRET_KEY), Django starts with a
random key for the run (config/settings.py refuses DEBUG off without one)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The script's top (its environment), run as `python bench/x.py` runs it (its folder
# first on the path), then Django set up as its main() does.
PROBE = """
import os, runpy, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
runpy.run_path(sys.argv[1], run_name="bench_probe")
import django
django.setup()
from django.conf import settings
print("debug", settings.DEBUG, len(settings.SECRET_KEY) >= 50)
"""


@pytest.mark.parametrize(
    "script", ["voter_list_bench.py", "voter_cards_bench.py", "print_farm_bench.py"]
)
def test_a_printing_bench_starts_without_a_secret_key(script, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG", "TESTING", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path}/bench.sqlite3", "DEBUG": "False"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "bench" / script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "debug False True"
