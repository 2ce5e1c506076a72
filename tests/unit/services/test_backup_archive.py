"""The backup archive (issue 15, point 4): one .zip of the database, its attached files and a
manifest; checked before a restore; the current state backed up first; the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pyzipper
from sqlalchemy import text

from nastavnik_desktop.data.backup import BEFORE_IMPORT, BEFORE_RESTORE, backups_in
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.schema_version import HEAD_REVISION
from nastavnik_desktop.errors import DatabaseBusyError, DatabaseOpenError, OperationCancelled
from nastavnik_desktop.paths import backup_dir_for
from nastavnik_desktop.services import backup_archive, materials
from nastavnik_desktop.services.awards import paper as awards_paper
from nastavnik_desktop.services.backup_archive import (
    ArchivePasswordError,
    automatic_backups,
    create_archive,
    inspect_archive,
    restore_archive,
)
from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.programme import current_programme
from tests.helpers.cli import cli

NOW = dt.datetime(2026, 11, 23, 15, 30)
LATER = dt.datetime(2026, 11, 24, 9, 0)
PASSWORD = "пароль-для-флешки"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory,
              build_demo: Callable[..., Path]) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite")


@pytest.fixture
def school(tmp_path: Path, demo_file: Path, demo_day: dt.date) -> Path:
    """A copy of the demo school with a methodical material file and an award background."""
    path = tmp_path / "data" / "school.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_file, path)
    source = tmp_path / "Памятка наставнику.pdf"
    source.write_bytes(b"%PDF-1.4 memo " * 100)
    picture = tmp_path / "фон.png"
    from PIL import Image

    Image.new("RGB", (60, 40), (200, 220, 240)).save(picture)
    db = open_database(path, backup_dir=backup_dir_for(path))
    try:
        programme = current_programme(db)
        assert programme is not None
        materials.add_files(db, programme.id, [source], today=demo_day)
        awards_paper.set_award_design(db, "diploma", background=picture, landscape=False)
    finally:
        db.close()
    return path


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (`SELECT *`), in a stable order."""
    conn = sqlite3.connect(path)
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in names}
    finally:
        conn.close()


def attached(base: Path) -> dict[str, bytes]:
    return {p.relative_to(base).as_posix(): p.read_bytes()
            for folder in backup_archive.ATTACHED_FOLDERS if (base / folder).is_dir()
            for p in sorted((base / folder).rglob("*")) if p.is_file()}


def change(path: Path) -> None:
    """A change to every kind of thing a restore must undo: rows changed, deleted, added; an
    attached file rewritten."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE person SET last_name = 'Изменено' WHERE id IN "
                     "(SELECT id FROM person ORDER BY id LIMIT 5)")
        conn.execute("DELETE FROM audit_log")
        conn.execute("INSERT INTO app_setting (key, value_json) VALUES ('after', '1')")
        conn.commit()
    finally:
        conn.close()
    for name in attached(path.parent):
        (path.parent / name).write_bytes(b"changed")


def test_constants_name_the_folders_of_their_homes() -> None:
    assert backup_archive.MATERIALS_FOLDER == materials.MATERIALS_FOLDER
    assert backup_archive.CASES_FOLDER == collection.CASES_FOLDER
    assert backup_archive.BACKGROUNDS_FOLDER == awards_paper.BACKGROUNDS_FOLDER


@pytest.mark.parametrize("password", [None, PASSWORD])
def test_backup_and_restore_round_trip_every_table_and_the_files(
        school: Path, tmp_path: Path, password: str | None) -> None:
    before, files = tables(school), attached(school.parent)
    assert len(files) == 2 and before["person"] and before["material"]
    out = tmp_path / "stick" / "копия.zip"
    out.parent.mkdir()
    info = create_archive(school, out, password=password, now=NOW)
    assert info.path == out and info.size == out.stat().st_size
    assert info.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert info.schema_revision == HEAD_REVISION and info.files == 2
    assert info.encrypted is bool(password) and info.school
    change(school)
    assert tables(school) != before and attached(school.parent) != files

    restored = restore_archive(school, out, password=password, now=LATER)

    assert tables(school) == before
    assert attached(school.parent) == files
    assert restored.backup == out and restored.set_aside is not None
    # the state it replaced was kept first, as a before-restore backup
    assert restored.set_aside.name.endswith(f"-{BEFORE_RESTORE}.sqlite")
    assert ("after", "1") in tables(restored.set_aside)["app_setting"]
    db = open_database(school, backup_dir=backup_dir_for(school))  # the window opens it
    db.close()


def test_the_manifest_describes_every_member(school: Path, tmp_path: Path) -> None:
    out = create_archive(school, tmp_path / "a.zip", now=NOW).path
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for member in manifest["members"]:
            data = archive.read(member["name"])
            assert (len(data), hashlib.sha256(data).hexdigest()) == (member["size"],
                                                                     member["sha256"])
    assert manifest["format"] == backup_archive.FORMAT
    assert manifest["schema_revision"] == HEAD_REVISION
    assert manifest["created_at"] == "2026-11-23T15:30:00"
    assert manifest["members"][0]["name"] == "database.sqlite"
    assert {m["name"].split("/")[0] for m in manifest["members"][1:]} == {
        "materials", "award_designs"}


def test_an_encrypted_archive_cannot_be_read_without_the_password(school: Path,
                                                                  tmp_path: Path) -> None:
    out = create_archive(school, tmp_path / "a.zip", password=PASSWORD, now=NOW).path
    with zipfile.ZipFile(out) as archive:
        with pytest.raises(RuntimeError):
            archive.read("database.sqlite")
        # a file's name may name a person: nothing but numbers in the clear
        assert sorted(archive.namelist()) == ["database.sqlite", "files/00001", "files/00002",
                                              "manifest.json"]
    assert "Памятка".encode() not in out.read_bytes()
    assert inspect_archive(out, password=PASSWORD).encrypted


def test_a_copy_is_taken_while_the_window_has_the_base_open(school: Path,
                                                            tmp_path: Path) -> None:
    db = open_database(school, backup_dir=backup_dir_for(school))
    try:
        with db.transaction() as session:
            session.execute(text(
                "INSERT INTO app_setting (key, value_json) VALUES ('open', '1')"))
        info = create_archive(school, tmp_path / "a.zip", now=NOW)
    finally:
        db.close()
    with zipfile.ZipFile(info.path) as archive:
        copy = tmp_path / "copy.sqlite"
        copy.write_bytes(archive.read("database.sqlite"))
    assert ("open", "1") in tables(copy)["app_setting"]


def test_cancelled_leaves_the_previous_archive(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.zip"
    out.write_bytes(b"previous")
    with pytest.raises(OperationCancelled):
        create_archive(school, out, now=NOW, progress=lambda done, total: False)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def rebuild(source: Path, target: Path, *, edit: Callable[[dict[str, bytes]], None],
            rehash: bool = True) -> Path:
    """The archive at `source` with its members edited (and the manifest's hashes made to
    match again unless `rehash` is False)."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    edit(members)
    if rehash:
        manifest = json.loads(members["manifest.json"])
        for member in manifest["members"]:
            data = members[member["name"]]
            member.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _database_edited(members: dict[str, bytes], sql: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite"
        path.write_bytes(members["database.sqlite"])
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
        members["database.sqlite"] = path.read_bytes()


def _corrupted(members: dict[str, bytes]) -> None:
    data = bytearray(members["database.sqlite"])
    page = 4096
    data[3 * page:4 * page] = b"\xa5" * page  # a b-tree page of garbage
    members["database.sqlite"] = bytes(data)


def _flip_byte_in_database(archive: Path) -> None:
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("database.sqlite")
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


DAMAGES: dict[str, tuple[Callable[[Path, Path], Path], str | None, str]] = {
    "truncated": (lambda good, tmp: (tmp / "t.zip").write_bytes(
        good.read_bytes()[: good.stat().st_size // 2]) and tmp / "t.zip", None,
        "не архив ZIP или он повреждён"),
    "not a zip": (lambda good, tmp: (tmp / "n.zip").write_bytes(b"hello") and tmp / "n.zip",
                  None, "не архив ZIP"),
    "flipped byte": (lambda good, tmp: (shutil.copyfile(good, tmp / "f.zip"),
                                        _flip_byte_in_database(tmp / "f.zip"))
                     and tmp / "f.zip", None, "повреждён"),
    "manifest hash mismatch": (lambda good, tmp: rebuild(
        good, tmp / "m.zip", rehash=False, edit=lambda m: m.__setitem__(
            "materials/" + next(n.split("/", 1)[1] for n in m if n.startswith("materials/")),
            b"other")), None, "контрольная сумма другая"),
    "no manifest": (lambda good, tmp: rebuild(
        good, tmp / "x.zip", rehash=False, edit=lambda m: m.pop("manifest.json")), None,
        "не резервная копия «Наставника»"),
    "integrity check fails": (lambda good, tmp: rebuild(good, tmp / "c.zip", edit=_corrupted),
                              None, "повреждён"),
    "newer revision": (lambda good, tmp: rebuild(good, tmp / "r.zip", edit=lambda m: (
        _database_edited(m, "UPDATE alembic_version SET version_num = '0099_future'"),
        m.__setitem__("manifest.json", m["manifest.json"].replace(
            HEAD_REVISION.encode(), b"0099_future")))), None, "более новой версией"),
    "wrong password": (lambda good, tmp: _encrypted(good, tmp), "не тот пароль",
                       "не подходит"),
    "missing password": (lambda good, tmp: _encrypted(good, tmp), None,
                         "защищён паролем"),
}


def _encrypted(good: Path, tmp: Path) -> Path:
    with zipfile.ZipFile(good) as plain, pyzipper.AESZipFile(
            tmp / "e.zip", "w", compression=pyzipper.ZIP_DEFLATED,
            encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(PASSWORD.encode())
        for name in plain.namelist():
            archive.writestr(name, plain.read(name))
    return tmp / "e.zip"


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_archive_is_refused_and_nothing_changes(school: Path, tmp_path: Path,
                                                          damage: str) -> None:
    good = create_archive(school, tmp_path / "good.zip", now=NOW).path
    make, password, words = DAMAGES[damage]
    bad = make(good, tmp_path)
    change(school)
    before, files = school.read_bytes(), attached(school.parent)
    backups_before = backups_in(backup_dir_for(school))

    for attempt in (lambda: inspect_archive(bad, password=password),
                    lambda: restore_archive(school, bad, password=password, now=LATER)):
        with pytest.raises(DatabaseOpenError) as raised:
            attempt()
        assert words in raised.value.message
        assert "Traceback" not in raised.value.message

    assert school.read_bytes() == before
    assert attached(school.parent) == files
    assert backups_in(backup_dir_for(school)) == backups_before
    assert [p.name for p in school.parent.iterdir() if p.name.startswith(".nastavnik")] == []


def test_the_password_errors_say_which(school: Path, tmp_path: Path) -> None:
    out = create_archive(school, tmp_path / "a.zip", password=PASSWORD, now=NOW).path
    with pytest.raises(ArchivePasswordError) as missing:
        inspect_archive(out)
    with pytest.raises(ArchivePasswordError) as wrong:
        inspect_archive(out, password="другой-пароль")
    assert missing.value.missing and not wrong.value.missing


def test_an_older_revision_is_accepted(school: Path, tmp_path: Path) -> None:
    good = create_archive(school, tmp_path / "good.zip", now=NOW).path
    older = rebuild(good, tmp_path / "old.zip", edit=lambda m: m.__setitem__(
        "manifest.json", m["manifest.json"].replace(HEAD_REVISION.encode(),
                                                    b"0006_awards")))
    assert inspect_archive(older).schema_revision == "0006_awards"


def test_refused_while_the_base_is_open_here(school: Path, tmp_path: Path) -> None:
    out = create_archive(school, tmp_path / "a.zip", now=NOW).path
    db = open_database(school, backup_dir=backup_dir_for(school))
    try:
        before = tables(school)
        with pytest.raises(DatabaseBusyError):
            restore_archive(school, out)
        assert tables(school) == before
    finally:
        db.close()


def test_files_of_another_base_beside_it_are_left_alone(school: Path, tmp_path: Path) -> None:
    out = create_archive(school, tmp_path / "a.zip", now=NOW).path
    other = school.parent / "materials" / "демо-материал.pdf"
    other.write_bytes(b"the demo school's file")
    restore_archive(school, out, now=LATER)
    assert other.read_bytes() == b"the demo school's file"
    with zipfile.ZipFile(out) as archive:
        assert "materials/демо-материал.pdf" not in archive.namelist()


def test_automatic_backups_with_size_and_reason_before_an_import(db: Database, programme: Any,
                                                                tmp_path: Path) -> None:
    from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
    from tests.helpers.spreadsheets import write_xlsx

    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО ученика", "Класс"],
                                            ["Иванов Иван Иванович", "5а"]])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=dt.date(2025, 10, 1))
    commit_import(db, preview, today=dt.date(2025, 10, 1))
    found = automatic_backups(db.path)
    assert [b.reason for b in found] == [BEFORE_IMPORT]
    assert found[0].reason_label == "перед загрузкой из файла"
    assert found[0].size == found[0].path.stat().st_size > 0
    copy = tables(found[0].path)  # taken before the import: without the pupil
    assert not any("Иванов" in repr(row) for row in copy["person"])


def test_cli_backup_and_restore(school: Path, tmp_path: Path) -> None:
    password_file = tmp_path / "pw.txt"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    out = tmp_path / "копия.zip"
    before = tables(school)
    code, stdout, stderr = cli("backup", "--db", school, "--out", out,
                               "--password-file", password_file)
    assert (code, stderr) == (0, "") and "зашифрована" in stdout and out.is_file()
    change(school)

    code, _stdout, stderr = cli("restore", out, "--db", school)
    assert code == 1 and "защищён паролем" in stderr and "Traceback" not in stderr
    assert tables(school) != before

    code, stdout, stderr = cli("restore", out, "--db", school, "--password-file", password_file)
    assert (code, stderr) == (0, "") and "восстановлена" in stdout
    assert tables(school) == before

    code, stdout, _stderr = cli("restore", "--list", "--db", school)
    assert code == 0 and "перед восстановлением из копии" in stdout


def test_restored_on_a_new_computer_into_an_empty_folder(school: Path, tmp_path: Path) -> None:
    out = create_archive(school, tmp_path / "a.zip", password=PASSWORD, now=NOW).path
    target = tmp_path / "new computer" / "nastavnik.sqlite"
    restored = restore_archive(target, out, password=PASSWORD, now=LATER)
    assert restored.set_aside is None
    assert tables(target) == tables(school)
    assert attached(target.parent) == attached(school.parent)


def test_a_failure_while_putting_the_base_in_place_puts_the_files_back(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = create_archive(school, tmp_path / "a.zip", now=NOW).path
    change(school)
    before, files = tables(school), attached(school.parent)

    def full_disk(backup: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_archive, "restore_database", full_disk)
    with pytest.raises(DatabaseOpenError) as raised:
        restore_archive(school, out, now=LATER)
    assert "Прежняя база сохранена" in raised.value.message
    assert tables(school) == before and attached(school.parent) == files
