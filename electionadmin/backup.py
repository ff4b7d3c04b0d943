"""Backup and restore: the database and the files, in one archive with a checksum of
every part (manage.py backup / manage.py restore).

An archive is a gzipped tar holding
- `MANIFEST.json`: the format, when and from what it was made, and the SHA-256 of
  every other member;
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (a
  consistent copy made with SQLite's backup API, safe while the server writes);
- `private/…`: the files under PRIVATE_MEDIA_ROOT (voter lists, printed documents);
- `media/…`: the files under MEDIA_ROOT (Wagtail's images and documents).

`restore` checks every checksum (and that nothing is missing, added or outside its
folder) before it changes anything; a damaged archive is refused with a Vietnamese
message and nothing changed. It then unpacks the files beside their folders, restores
the database (PostgreSQL: `pg_restore --clean --single-transaction`, all or nothing;
SQLite: the backup API, one step), and only then puts the new folders in place of the
old ones.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

from .storage import private_storage

FORMAT = 1
MANIFEST = "MANIFEST.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FOLDERS = ("private", "media")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal, in Vietnamese, for the operator."""


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def folders() -> dict[str, Path]:
    """The file folders an archive holds, by their name in it."""
    return {
        "private": Path(private_storage.location),
        "media": Path(settings.MEDIA_ROOT).resolve(),
    }


def _files_under(root: Path, skip: list[Path]) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if any(path == s or s in path.parents for s in skip):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def _database() -> dict:
    return connections["default"].settings_dict


def _vendor() -> str:
    return connections["default"].vendor


def _pg_env(db: dict) -> dict:
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_target(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return [*args, "--dbname", str(db["NAME"])]


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client)."
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{what} không thành công: {done.stderr.strip()[:2000]}")


def _dump_database(into: Path) -> str:
    """The database into `into` (a folder); -> its name in the archive."""
    db = _database()
    if _vendor() == "postgresql":
        target = into / POSTGRES_DUMP
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *_pg_target(db),
            ],
            _pg_env(db),
            "Sao lưu cơ sở dữ liệu (pg_dump)",
        )
        return POSTGRES_DUMP
    if _vendor() == "sqlite":
        target = into / SQLITE_COPY
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return SQLITE_COPY
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {_vendor()}.")


@dataclass
class Made:
    path: Path
    members: dict[str, str] = field(default_factory=dict)  # name -> sha256
    size: int = 0


def make_backup(target: Path) -> Made:
    """Write the archive to `target` (written beside it, then renamed into place)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    made = Made(target)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=target.parent) as work:
        work = Path(work)
        database = _dump_database(work)
        with open(work / database, "rb") as f:
            made.members[database] = sha256_of(f)
        roots = folders()
        files = []
        for name, root in roots.items():
            skip = [other for other in roots.values() if root in other.parents]
            for path in _files_under(root, skip):
                member = str(PurePosixPath(name, *path.relative_to(root).parts))
                with open(path, "rb") as f:
                    made.members[member] = sha256_of(f)
                files.append((member, path))
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": _vendor(), "member": database},
            "sha256": made.members,
        }
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / database, arcname=database)
            for member, path in files:
                tar.add(path, arcname=member)
        os.replace(partial, target)
    made.size = target.stat().st_size
    return made


# Restore -------------------------------------------------------------------------


def _refuse(why: str) -> BackupError:
    return BackupError(
        f"Tệp sao lưu không dùng được ({why}). Không khôi phục, không thay đổi gì."
    )


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (
            name in (MANIFEST, POSTGRES_DUMP, SQLITE_COPY)
            or (len(path.parts) > 1 and path.parts[0] in FOLDERS)
        )
    )


def verify(archive: Path) -> dict:
    """The manifest, once every member's checksum matches; else BackupError."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = _manifest(tar)
            expected = manifest["sha256"]
            seen = set()
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe(member.name):
                    raise _refuse(f"phần lạ trong tệp: {member.name}")
                if member.name not in expected:
                    raise _refuse(f"{member.name} không có trong danh mục kiểm tra")
                if member.name in seen:
                    raise _refuse(f"{member.name} có hai lần")
                seen.add(member.name)
                if sha256_of(tar.extractfile(member)) != expected[member.name]:
                    raise _refuse(f"mã kiểm tra SHA-256 của {member.name} không khớp")
            missing = sorted(set(expected) - seen)
            if missing:
                raise _refuse(f"thiếu {', '.join(missing[:5])}")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _refuse(f"không đọc được: {error}") from None
    return manifest


def _manifest(tar) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, ValueError, AttributeError):
        raise _refuse("không có danh mục kiểm tra MANIFEST.json") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("không đúng định dạng sao lưu của phần mềm này")
    database = manifest.get("database", {}).get("member")
    if database not in manifest.get("sha256", {}):
        raise _refuse("không có bản sao cơ sở dữ liệu")
    if database not in (POSTGRES_DUMP, SQLITE_COPY):
        raise _refuse(f"bản sao cơ sở dữ liệu lạ: {database}")
    return manifest


def restore_backup(archive: Path) -> dict:
    """Replace the database and the file folders with the archive's; -> manifest."""
    archive = Path(archive)
    manifest = verify(archive)
    database = manifest["database"]["member"]
    wanted = POSTGRES_DUMP if _vendor() == "postgresql" else SQLITE_COPY
    if database != wanted:
        raise BackupError(
            f"Tệp sao lưu chứa cơ sở dữ liệu {manifest['database']['vendor']}, "
            f"máy này dùng {_vendor()}: không khôi phục, không thay đổi gì."
        )
    roots = folders()
    staged: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        work = Path(work)
        try:
            for name, root in roots.items():
                root.parent.mkdir(parents=True, exist_ok=True)
                staged[name] = Path(
                    tempfile.mkdtemp(prefix=f".restore-{name}-", dir=root.parent)
                )
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    if member.name == MANIFEST:
                        continue
                    path = PurePosixPath(member.name)
                    if member.name == database:
                        dest = work / database
                    else:
                        dest = staged[path.parts[0]].joinpath(*path.parts[1:])
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, open(dest, "wb") as out:
                        shutil.copyfileobj(src, out, CHUNK)
            _load_database(work / database)
        except BaseException:
            for path in staged.values():
                shutil.rmtree(path, ignore_errors=True)
            raise
    _swap(roots, staged)
    return manifest


def _load_database(copy: Path) -> None:
    connections.close_all()
    db = _database()
    if _vendor() == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *_pg_target(db),
                str(copy),
            ],
            _pg_env(db),
            "Khôi phục cơ sở dữ liệu (pg_restore)",
        )
        return
    source = sqlite3.connect(str(copy))
    target = sqlite3.connect(str(db["NAME"]))
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _swap(roots: dict[str, Path], staged: dict[str, Path]) -> None:
    """Each restored folder in place of the current one (the current one, and a
    private folder inside media, are kept: the restored media holds none)."""
    for name, root in roots.items():
        new = staged[name]
        inner = [
            (other, new / other.relative_to(root))
            for other in roots.values()
            if root in other.parents
        ]
        for other, place in inner:  # a private folder inside media: keep it there
            place.parent.mkdir(parents=True, exist_ok=True)
            if other.exists():
                os.replace(other, place)
        old = root.with_name(f".old-{root.name}")
        shutil.rmtree(old, ignore_errors=True)
        if root.exists():
            os.replace(root, old)
        os.replace(new, root)
        shutil.rmtree(old, ignore_errors=True)
