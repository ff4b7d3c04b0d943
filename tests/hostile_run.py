"""Run import commands on hostile files in one process: tests/test_hostile_files.py
starts it through `hostile.run_limited` (a memory limit and a timeout) so Django
starts once, and each command gets its own alarm (PER_FILE seconds).

    python tests/hostile_run.py JOBS_JSON   # [[command, path, [args…]], …]

Prints one JSON line per job: command, file, exit status (0, 1 for CommandError,
2 for any other exception, 3 when the alarm rang), stderr, seconds.
"""

import io
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

PER_FILE = 60


class Alarm(Exception):
    pass


def _ring(signum, frame):
    raise Alarm


def main(jobs_json: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    signal.signal(signal.SIGALRM, _ring)
    for command, path, args in json.loads(jobs_json):
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        signal.alarm(PER_FILE)
        try:
            call_command(command, path, *args, stdout=out, stderr=err)
            status = 0
        except CommandError as exc:
            err.write(str(exc))
            status = 1
        except Alarm:
            status = 3
        except Exception:
            err.write(traceback.format_exc())
            status = 2
        finally:
            signal.alarm(0)
        done = {"command": command, "file": Path(path).name, "status": status}
        done |= {"stderr": err.getvalue(), "seconds": time.monotonic() - started}
        print(json.dumps(done, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
