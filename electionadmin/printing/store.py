"""The shared store of the print farm: files under the private folder
(`PRIVATE_MEDIA_ROOT`, electionadmin/storage.py), which every machine running web
servers or print workers mounts at the same path (NFS or any shared file system
with an atomic rename in one folder).

Every file is written under a temporary name beside its real one and renamed in
one step (`os.replace`): a reader, or a worker retrying after another was killed,
sees the whole file or none.
"""

import os
import shutil
import uuid
from contextlib import contextmanager

from electionadmin.storage import private_storage


def path(name: str) -> str:
    return private_storage.path(name)


@contextmanager
def writing(name: str):
    """Open `name` for writing; it appears, whole, only when the block ends."""
    final = path(name)
    os.makedirs(os.path.dirname(final), exist_ok=True)
    temporary = f"{final}.{uuid.uuid4().hex}.tmp"
    try:
        with open(temporary, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def write(name: str, content: bytes) -> None:
    with writing(name) as out:
        out.write(content)


def remove_tree(name: str) -> None:
    shutil.rmtree(path(name), ignore_errors=True)
