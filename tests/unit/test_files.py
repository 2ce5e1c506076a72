"""atomic_write: the target is replaced whole or not at all, with a Russian message on failure."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

import pytest

from nastavnik_desktop import files
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.files import FileWriteError, atomic_write, safe_file_name


def leftovers(folder: Path, keep: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p != keep]


def test_writes_new_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "приказ.pdf"
    with atomic_write(target) as handle:
        handle.write(b"%PDF-1.4 new")
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert leftovers(tmp_path, target) == []


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "list.pdf"
    target.write_bytes(b"old")
    with atomic_write(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"new"


posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix_only
def test_a_file_saved_where_others_can_read_gets_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    folder = tmp_path / "Документы"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    target = folder / "a.pdf"
    with atomic_write(target) as handle:
        handle.write(b"x")
    assert mode(target) == 0o666 & ~umask


@posix_only
def test_a_file_written_into_a_private_folder_is_the_owners_alone(tmp_path: Path) -> None:
    folder = files.private_folder(tmp_path / "данные" / "Документы")
    assert mode(folder) == 0o700
    target = folder / "Базы.xlsx"
    with atomic_write(target) as handle:
        handle.write(b"x")
    assert mode(target) == 0o600


@posix_only
def test_replacing_an_owner_only_file_keeps_it_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o755)
    target = folder / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o600)
    with atomic_write(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600


@posix_only
def test_private_folder_narrows_a_folder_an_older_version_made(tmp_path: Path) -> None:
    folder = tmp_path / "Документы"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / "old.pdf").write_bytes(b"x")
    assert files.private_folder(folder) == folder
    assert mode(folder) == 0o700
    assert (folder / "old.pdf").read_bytes() == b"x"


@posix_only
def test_make_private_narrows_a_file(tmp_path: Path) -> None:
    path = tmp_path / "nastavnik.log"
    path.write_text("x")
    path.chmod(0o644)
    files.make_private(path)
    assert mode(path) == 0o600
    files.make_private(tmp_path / "absent.log")  # nothing to narrow, no error


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_make_private_leaves_a_read_only_file_read_only(tmp_path: Path) -> None:
    """Only the group's and others' rights go: a base the curator made read-only (0444) must
    not become writable (0600) by being opened."""
    target = tmp_path / "школа.sqlite"
    target.write_bytes(b"x")
    target.chmod(0o444)
    files.make_private(target)
    assert target.stat().st_mode & 0o777 == 0o400


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_opening_a_read_only_base_does_not_make_it_writable(tmp_path: Path) -> None:
    from nastavnik_desktop.data.db import open_database

    base = tmp_path / "школа.sqlite"
    open_database(base).close()
    base.chmod(0o444)
    with contextlib.suppress(NastavnikError):  # refused as read-only unless run as root
        open_database(base).close()
    assert base.stat().st_mode & 0o777 == 0o400


def test_exception_inside_keeps_old_content_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "list.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"), atomic_write(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path, target) == []


def test_exception_inside_creates_nothing_when_target_was_absent(tmp_path: Path) -> None:
    target = tmp_path / "new.pdf"
    with pytest.raises(ValueError), atomic_write(target) as handle:
        handle.write(b"x")
        raise ValueError
    assert list(tmp_path.iterdir()) == []


def test_disk_full_on_write_gives_russian_message(tmp_path: Path) -> None:
    target = tmp_path / "отчёт.pdf"
    target.write_bytes(b"old")
    with pytest.raises(FileWriteError) as caught, atomic_write(target) as handle:
        handle.write(b"x")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    error = caught.value
    assert isinstance(error, NastavnikError)
    assert error.reason == "disk_full"
    assert error.message.startswith("На диске не хватает места")
    assert "отчёт.pdf" in error.message
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path, target) == []


def test_disk_full_on_rename_gives_russian_message(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(src))

    monkeypatch.setattr(files.os, "replace", no_space)
    with pytest.raises(FileWriteError, match="На диске не хватает места"), \
            atomic_write(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path, target) == []


def test_missing_folder_means_media_gone(tmp_path: Path) -> None:
    target = tmp_path / "usb" / "a.pdf"
    with pytest.raises(FileWriteError) as caught, atomic_write(target) as handle:
        handle.write(b"x")
    assert caught.value.reason == "media_gone"
    assert caught.value.message.startswith("Носитель отключён или папка не найдена")


def refuse_replace(src: object, dst: object) -> None:
    raise PermissionError(errno.EACCES, "Access is denied", str(dst))


def test_windows_refusing_to_replace_means_the_file_is_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(files, "_WINDOWS", True)
    monkeypatch.setattr(files.os, "replace", refuse_replace)
    with pytest.raises(FileWriteError, match="открыт в другой программе"), \
            atomic_write(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path, target) == []


def test_posix_refusing_to_replace_means_no_access(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(files, "_WINDOWS", False)
    monkeypatch.setattr(files.os, "replace", refuse_replace)
    with pytest.raises(FileWriteError, match="Нет доступа к папке"), \
            atomic_write(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"old"


def test_read_only_folder_gives_no_access(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("needs POSIX permissions that apply to this user (not root)")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FileWriteError, match="Нет доступа к папке"), \
                atomic_write(folder / "a.pdf") as handle:
            handle.write(b"x")
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(("code", "reason", "start"), [
    (errno.EACCES, "no_access", "Нет доступа к папке"),
    (errno.EPERM, "no_access", "Нет доступа к папке"),
    (errno.ENOENT, "media_gone", "Носитель отключён"),
    (errno.EIO, "media_gone", "Носитель отключён"),
    (errno.EROFS, "read_only", "Диск или флешка"),
    (errno.EBUSY, "in_use", "Файл «a.pdf» открыт в другой программе"),
    (errno.EINVAL, "other", "Не удалось сохранить файл «a.pdf»"),
])
def test_errno_mapping(tmp_path: Path, code: int, reason: str, start: str) -> None:
    error = files.file_write_error(OSError(code, os.strerror(code)), tmp_path / "a.pdf")
    assert error.reason == reason
    assert error.message.startswith(start)
    assert error.path == tmp_path / "a.pdf"


def test_oserror_about_another_file_passes_through(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    with pytest.raises(FileNotFoundError), atomic_write(target):
        (tmp_path / "missing-logo.png").read_bytes()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("title", "expected"), [
    ("Дорожная карта внедрения в МБОУ «СОШ № 7» на 2025/2026 учебный год",
     "Дорожная карта внедрения в МБОУ «СОШ № 7» на 2025-2026 учебный год.pdf"),
    ('Приказ: "о внедрении"?*  <и> | назначении.', "Приказ о внедрении и назначении.pdf"),
    ("  ...  ", "Документ.pdf"),
    ("Приказ «О закреплении наставнических пар/групп» от 02.12.2026",
     "Приказ «О закреплении наставнических пар-групп» от 02.12.2026.pdf"),
])
def test_safe_file_name(title: str, expected: str) -> None:
    assert safe_file_name(title, ".pdf") == expected


def test_safe_file_name_cuts_long_titles_at_a_word() -> None:
    name = safe_file_name("слово " * 50, limit=40)
    assert len(name) <= 40 and name.endswith("слово")


@pytest.mark.parametrize(("code", "reason"), [
    (errno.EACCES, "нет прав доступа"), (errno.ELOOP, "ссылка на файл ведёт сама на себя"),
    (errno.ENOSPC, "на диске нет места"), (errno.EROFS, "диск доступен только для чтения"),
    (errno.EINVAL, "ошибка ввода-вывода")])
def test_system_errors_get_a_russian_reason(code: int, reason: str) -> None:
    assert files.os_reason(OSError(code, os.strerror(code))) == reason


def test_an_unexpected_write_error_names_no_english_reason(tmp_path: Path) -> None:
    error = files.file_write_error(OSError(errno.EINVAL, "Invalid argument"), tmp_path / "x.pdf")
    assert "Invalid" not in error.message and "ошибка ввода-вывода" in error.message
