"""The SQLite side of manage.py backup/restore (the demo's database): a consistent
copy through SQLite's backup API, restored in one step (issue #11, 10). The project's
own database here is PostgreSQL, so the archive is made of a SQLite file of the
test's own, pointed at in place of the default database's settings."""

import sqlite3
from unittest import mock

import pytest

from electionadmin import backup


@pytest.fixture
def site(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    (tmp_path / "private" / "in").mkdir(parents=True)
    (tmp_path / "private" / "in" / "danh-sach.csv").write_text("Nguyễn Văn Thử\n")
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE khu_vuc (ma TEXT, cu_tri INTEGER)")
        db.executemany("INSERT INTO khu_vuc VALUES (?, ?)", [("26734/1", 1200)])
    with (
        mock.patch.object(backup, "_vendor", lambda: "sqlite"),
        mock.patch.object(backup, "_database", lambda: {"NAME": str(path)}),
    ):
        yield tmp_path, path


def rows(path) -> list:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM khu_vuc ORDER BY ma").fetchall()


def test_a_sqlite_round_trip_while_a_writer_holds_the_file_open(site):
    root, path = site
    writer = sqlite3.connect(path)  # the server, with a connection open
    archive = root / "sao-luu.tar.gz"
    made = backup.make_backup(archive)
    assert set(made.members) == {"database.sqlite3", "private/in/danh-sach.csv"}

    writer.execute("INSERT INTO khu_vuc VALUES ('26734/2', 900)")
    writer.commit()
    writer.close()
    (root / "private" / "in" / "danh-sach.csv").write_text("đã sửa\n")
    assert len(rows(path)) == 2

    backup.restore_backup(archive)
    assert rows(path) == [("26734/1", 1200)]
    assert (root / "private" / "in" / "danh-sach.csv").read_text() == "Nguyễn Văn Thử\n"


def test_a_postgresql_archive_is_not_restored_into_sqlite(site, tmp_path):
    root, path = site
    archive = root / "sao-luu.tar.gz"
    backup.make_backup(archive)
    with (
        mock.patch.object(backup, "_vendor", lambda: "postgresql"),
        pytest.raises(backup.BackupError, match="không khôi phục, không thay đổi gì"),
    ):
        backup.restore_backup(archive)
    assert rows(path) == [("26734/1", 1200)]
