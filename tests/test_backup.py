"""manage.py backup and restore (issue #11, 10): a round trip on PostgreSQL into a
second database gives byte-identical election_results and turnout_report; a damaged
archive is refused and nothing changes."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from electionadmin.backup import MANIFEST, verify
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import TurnoutFigure
from electionadmin.setup.models import Election

from .factories import SmallElectionMixin
from .test_polling_data import add_voters
from .test_results_base import counted

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    # pg_dump reads through its own connection: the data must be committed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="pg_dump/pg_restore: PostgreSQL only",
    ),
]


class Data(SmallElectionMixin):
    pass


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def manage(*args: str, database: str, folder: Path) -> subprocess.CompletedProcess:
    """manage.py in a fresh process on `database`, with `folder`'s files."""
    env = os.environ | {
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "TESTING": "1",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture
def election(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "site" / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "site" / "private")
    Data.setUpTestData()
    for area, votes in ((Data.a1, 600), (Data.a2, 500), (Data.b1, 700)):
        counted(Data.qh_unit, area, {1: votes, 2: 880 - votes, 3: 0})
    counted(Data.hdnd_a_unit, Data.a1, {1: 500, 2: 380})
    add_voters(Data.a1, 40)
    add_voters(Data.b2, 30)
    entries = [
        Entry("a1 9h", Data.a1, "09:00", 12, None),
        Entry("b2 9h", Data.b2, "09:00", 7, None),
    ]
    save_figures(Data.election, entries, Data.city_user, TurnoutFigure.Source.API)
    files = {
        "private/imports/danh-sach.csv": "Họ và tên\nNguyễn Văn Thử\n".encode(),
        "private/printing/the-cu-tri.pdf": b"%PDF-1.4 fake\n" + bytes(range(256)),
        "media/images/anh.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    }
    for name, data in files.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def test_a_round_trip_into_a_second_database_gives_identical_reports(
    election, tmp_path
):
    archive = tmp_path / "sao-luu.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Đã sao lưu vào" in out.getvalue()
    manifest = verify(archive)
    assert manifest["database"] == {"vendor": "postgresql", "member": "database.dump"}
    assert set(manifest["sha256"]) == {"database.dump", *election}

    source = settings.DATABASES["default"]["NAME"]
    second = f"{source}_khoiphuc"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{second}"')
        cursor.execute(f'CREATE DATABASE "{second}"')
    try:
        restored = manage(
            "restore", str(archive), "--yes", database=second, folder=tmp_path / "new"
        )
        assert restored.returncode == 0, restored.stderr.decode()
        assert "Đã khôi phục" in restored.stdout.decode()
        for report in (
            ["election_results", "TEST-2026", "--format", "json"],
            ["turnout_report", "TEST-2026", "--format", "json"],
        ):
            before = manage(*report, database=source, folder=tmp_path / "site")
            after = manage(*report, database=second, folder=tmp_path / "new")
            assert before.returncode == 0, before.stderr.decode()
            assert after.stdout == before.stdout, report[0]
            assert json.loads(before.stdout)  # a real report, not empty
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{second}" WITH (FORCE)')
    for name, data in election.items():
        assert (tmp_path / "new" / name).read_bytes() == data, name


def rewrite(archive: Path, target: Path, change) -> None:
    """A copy of the archive whose members go through `change(name, data)`."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read()
            name, data = change(member.name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def assert_refused(archive: Path, why: str, files: dict, root: Path) -> None:
    before = Election.objects.count(), TurnoutFigure.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    message = str(refused.value)
    assert message.startswith("Tệp sao lưu không dùng được"), message
    assert "Không khôi phục, không thay đổi gì." in message
    assert why in message, message
    assert (Election.objects.count(), TurnoutFigure.objects.count()) == before
    for name, data in files.items():
        assert (root / name).read_bytes() == data


def test_a_damaged_archive_is_refused_and_nothing_changes(election, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    site = tmp_path / "site"

    broken = tmp_path / "hong.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken.write_bytes(bytes(data))
    assert_refused(broken, "", election, site)

    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert_refused(cut, "không đọc được", election, site)

    tampered = tmp_path / "sua.tar.gz"
    rewrite(
        archive,
        tampered,
        lambda n, d: (n, d.replace(b"Th", b"Xx") if n.endswith(".csv") else d),
    )
    assert_refused(
        tampered,
        "mã kiểm tra SHA-256 của private/imports/danh-sach.csv không khớp",
        election,
        site,
    )

    escaping = tmp_path / "thoat.tar.gz"
    rewrite(
        archive,
        escaping,
        lambda n, d: (n.replace("private/imports/", "private/../../"), d),
    )
    assert_refused(escaping, "phần lạ trong tệp", election, site)

    unlisted = tmp_path / "thieu.tar.gz"
    rewrite(
        archive,
        unlisted,
        lambda n, d: (n, d if n != MANIFEST else _drop(d, "media/images/anh.png")),
    )
    assert_refused(unlisted, "không có trong danh mục kiểm tra", election, site)


def _drop(manifest: bytes, member: str) -> bytes:
    data = json.loads(manifest)
    del data["sha256"][member]
    return json.dumps(data).encode()


def test_check_only_and_keep(election, tmp_path):
    folder = tmp_path / "backups"
    for number in (1, 2, 3):
        path = folder / f"baucu-{number}.tar.gz"
        call_command("backup", str(path), keep=2, stdout=io.StringIO())
    kept = sorted(folder.glob("baucu-*.tar.gz"))
    assert [p.name for p in kept] == ["baucu-2.tar.gz", "baucu-3.tar.gz"]
    out = io.StringIO()
    call_command("restore", str(kept[-1]), check_only=True, stdout=out)
    assert "nguyên vẹn" in out.getvalue()
