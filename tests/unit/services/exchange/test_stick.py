"""The verified write to a USB stick: a failure at every step leaves no file under the final
name (or the old one byte for byte), no temporary file, and a Russian message."""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop import __version__
from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.files import FileWriteError
from nastavnik_desktop.services.exchange import stick
from nastavnik_desktop.services.exchange.history import BACKUP, MUNICIPALITY, export_history

NOW = dt.datetime(2026, 12, 1, 10, 30)
NAME = "Отчёт для муниципалитета.xlsx"
OLD = b"old report " * 100
NEW = bytes(range(256)) * 5000  # 1.2 MB: more than one chunk


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _assert_russian(message: str, folder: Path) -> None:
    words = re.sub(r"«[^»]*»", "", message.replace(str(folder), ""))
    assert re.search("[а-яА-Я]", words)
    assert not re.search("[A-Za-z]{2,}", words), message


@pytest.fixture(params=["no old file", "old file"])
def stick_folder(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, bytes | None]:
    folder = tmp_path / "STICK"
    folder.mkdir()
    if request.param == "old file":
        stick.write_verified(folder, NAME, OLD, now=NOW)
        return folder, OLD
    return folder, None


def _assert_as_before(folder: Path, old: bytes | None, manifest_before: bytes | None) -> None:
    target = folder / NAME
    if old is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == old
    assert _leftovers(folder) == []
    manifest = folder / stick.MANIFEST_NAME
    assert (manifest.read_bytes() if manifest.exists() else None) == manifest_before


def _manifest(folder: Path) -> bytes | None:
    path = folder / stick.MANIFEST_NAME
    return path.read_bytes() if path.exists() else None


# --- success ----------------------------------------------------------------------------------


def test_written_file_is_verified_and_listed_in_the_manifest(tmp_path: Path) -> None:
    written = stick.write_verified(tmp_path, NAME, NEW, now=NOW)
    assert written.path == tmp_path / NAME
    assert written.path.read_bytes() == NEW
    assert written.sha256 == hashlib.sha256(NEW).hexdigest()
    assert written.size == len(NEW)
    assert written.manifest == tmp_path / stick.MANIFEST_NAME
    document = json.loads(written.manifest.read_text(encoding="utf-8"))
    assert document["program"] == "Наставник"
    assert document["files"] == [{"file": NAME, "size": len(NEW), "sha256": written.sha256,
                                   "written": "2026-12-01T10:30:00", "version": __version__}]
    assert _leftovers(tmp_path) == []


def test_manifest_keeps_other_files_and_replaces_the_rewritten_one(tmp_path: Path) -> None:
    stick.write_verified(tmp_path, "a.csv", b"a", now=NOW)
    stick.write_verified(tmp_path, "b.csv", b"b", now=NOW)
    stick.write_verified(tmp_path, "a.csv", b"aa", now=NOW + dt.timedelta(hours=1))
    (tmp_path / "b.csv").unlink()  # the curator deleted it: its entry goes at the next write
    stick.write_verified(tmp_path, "c.csv", b"c", now=NOW)
    files = json.loads((tmp_path / stick.MANIFEST_NAME).read_text("utf-8"))["files"]
    assert [(f["file"], f["size"]) for f in files] == [("a.csv", 2), ("c.csv", 1)]


def test_damaged_manifest_is_started_anew(tmp_path: Path) -> None:
    (tmp_path / stick.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    stick.write_verified(tmp_path, NAME, b"x", now=NOW)
    files = json.loads((tmp_path / stick.MANIFEST_NAME).read_text("utf-8"))["files"]
    assert [f["file"] for f in files] == [NAME]


def test_without_manifest(tmp_path: Path) -> None:
    written = stick.write_verified(tmp_path, NAME, b"x", manifest=False, now=NOW)
    assert written.manifest is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def test_a_local_file_is_copied_in_chunks_with_progress(tmp_path: Path) -> None:
    source = tmp_path / "archive.zip"
    source.write_bytes(NEW * 3)
    out = tmp_path / "out"
    out.mkdir()
    seen: list[tuple[int, int]] = []
    written = stick.write_verified(out, "copy.zip", source, now=NOW,
                                   progress=lambda done, total: seen.append((done, total)) or True)
    assert (out / "copy.zip").read_bytes() == source.read_bytes()
    assert written.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    size = len(NEW) * 3  # 4 chunks written, then 4 read back
    assert len(seen) == 8 and seen[3] == (size, 2 * size) and seen[-1] == (2 * size, 2 * size)


def test_leftovers_of_an_interrupted_write_are_removed(tmp_path: Path) -> None:
    (tmp_path / f".{NAME}.dead.tmp").write_bytes(b"half")
    (tmp_path / ".other.dead.tmp").write_bytes(b"not ours to judge")
    stick.write_verified(tmp_path, NAME, b"x", now=NOW)
    assert _leftovers(tmp_path) == [".other.dead.tmp"]


def test_deliver_puts_the_file_on_the_history(db: Any, tmp_path: Path) -> None:
    written = stick.deliver(db, tmp_path, NAME, NEW, kind=MUNICIPALITY, now=NOW, notes="на 01.12")
    [line] = export_history(db)
    assert (line.path, line.size, line.sha256, line.at, line.kind, line.notes) == (
        written.path, len(NEW), written.sha256, NOW, MUNICIPALITY, "на 01.12")


def test_deliver_records_nothing_when_the_write_fails(db: Any, tmp_path: Path) -> None:
    with pytest.raises(FileWriteError):
        stick.deliver(db, tmp_path / "pulled out", NAME, NEW, kind=BACKUP, now=NOW)
    assert export_history(db) == []


# --- failures at every step -------------------------------------------------------------------


class _FailingFile:
    """A file object that fails once `limit` bytes have been written to it."""

    def __init__(self, handle: Any, limit: int, code: int) -> None:
        self._handle, self._limit, self._code, self._written = handle, limit, code, 0

    def write(self, data: bytes) -> int:
        if self._written + len(data) > self._limit:
            raise OSError(self._code, os.strerror(self._code))
        self._written += len(data)
        return int(self._handle.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def _fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, *, nth_file: int = 1,
                 limit: int = 100_000) -> None:
    real = os.fdopen
    opened: list[int] = []

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        opened.append(fd)
        handle = real(fd, *args, **kwargs)
        return _FailingFile(handle, limit, code) if len(opened) == nth_file else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


def _expect_failure(folder: Path, reason: str | None = None) -> FileWriteError:
    with pytest.raises(FileWriteError) as caught:
        stick.write_verified(folder, NAME, NEW, now=NOW)
    if reason is not None:
        assert caught.value.reason == reason
    _assert_russian(caught.value.message, folder)
    return caught.value


def test_stick_full_while_writing(stick_folder: tuple[Path, bytes | None],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder, old = stick_folder
    before = _manifest(folder)
    _fail_writes(monkeypatch, errno.ENOSPC)
    error = _expect_failure(folder, "disk_full")
    assert "Флешка" in error.message and "заполнена" in error.message
    assert "Освободите не меньше" in error.message and "МБ" in error.message
    _assert_as_before(folder, old, before)


def test_stick_too_small_is_refused_before_writing(stick_folder: tuple[Path, bytes | None],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder, old = stick_folder
    before = _manifest(folder)
    usage = shutil.disk_usage(folder)
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda _p: usage._replace(free=200 * 1024))
    error = _expect_failure(folder, "disk_full")
    assert "не хватает 1,1 МБ" in error.message
    if old is not None:
        assert "место нужно на оба" in error.message
    _assert_as_before(folder, old, before)


def test_stick_pulled_out_while_writing(tmp_path: Path) -> None:
    folder = tmp_path / "STICK"
    folder.mkdir()
    (folder / NAME).write_bytes(OLD)

    def pull_out(done: int, total: int) -> bool:
        shutil.rmtree(folder, ignore_errors=True)
        return True

    with pytest.raises(FileWriteError) as caught:
        stick.write_verified(folder, NAME, NEW, now=NOW, progress=pull_out)
    assert caught.value.reason == "media_gone"
    assert "Флешку вынули во время записи" in caught.value.message
    assert "прежний файл" in caught.value.message
    assert not folder.exists()


def test_folder_gone_before_writing(tmp_path: Path) -> None:
    error = _expect_failure(tmp_path / "E:", "media_gone")
    assert "Вставьте флешку и повторите" in error.message


def test_read_only_stick(stick_folder: tuple[Path, bytes | None],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder, old = stick_folder
    before = _manifest(folder)
    real = os.open

    def read_only(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name.endswith(".tmp"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    error = _expect_failure(folder, "read_only")
    assert "только для чтения" in error.message
    _assert_as_before(folder, old, before)


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC])
def test_fsync_fails(stick_folder: tuple[Path, bytes | None], monkeypatch: pytest.MonkeyPatch,
                     code: int) -> None:
    folder, old = stick_folder
    before = _manifest(folder)

    def fsync(_fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fsync)
    _expect_failure(folder, "media_gone" if code == errno.EIO else "disk_full")
    _assert_as_before(folder, old, before)


def test_read_back_differs(stick_folder: tuple[Path, bytes | None],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A stick that garbles what it stores: the temporary file read back is not what was
    written, so it never takes the final name."""
    folder, old = stick_folder
    before = _manifest(folder)
    real = stick._verify

    def garbled(tmp: Path, *args: Any) -> None:
        data = bytearray(tmp.read_bytes())
        data[len(data) // 2] ^= 0xFF
        tmp.write_bytes(bytes(data))
        real(tmp, *args)

    monkeypatch.setattr(stick, "_verify", garbled)
    error = _expect_failure(folder, "verify_failed")
    assert "записался с ошибками" in error.message and "попробуйте другую" in error.message
    _assert_as_before(folder, old, before)


def test_read_back_fails(stick_folder: tuple[Path, bytes | None],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder, old = stick_folder
    before = _manifest(folder)
    real: Callable[..., Any] = builtins.open

    def unreadable(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "rb" and Path(path).name.endswith(".tmp"):
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", unreadable)
    _expect_failure(folder, "media_gone")
    _assert_as_before(folder, old, before)


def test_rename_fails(stick_folder: tuple[Path, bytes | None],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder, old = stick_folder
    before = _manifest(folder)

    def replace(src: Any, dst: Any) -> None:
        raise OSError(errno.EIO, "Input/output error", str(src))

    monkeypatch.setattr(os, "replace", replace)
    _expect_failure(folder, "media_gone")
    _assert_as_before(folder, old, before)


def test_manifest_write_fails_before_the_data_is_committed(
        stick_folder: tuple[Path, bytes | None], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, old = stick_folder
    before = _manifest(folder)
    _fail_writes(monkeypatch, errno.ENOSPC, nth_file=2, limit=10)
    _expect_failure(folder, "disk_full")
    _assert_as_before(folder, old, before)


def test_manifest_rename_fails_after_the_data_is_in_place(
        stick_folder: tuple[Path, bytes | None], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the data's rename the new file is complete and verified: the message says so."""
    folder, _old = stick_folder
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).name == stick.MANIFEST_NAME:
            raise OSError(errno.EIO, "Input/output error", str(src))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    error = _expect_failure(folder, "unconfirmed")
    assert "записан и проверен" in error.message
    assert (folder / NAME).read_bytes() == NEW
    assert _leftovers(folder) == []


@pytest.mark.parametrize("stop_at", [0.1, 0.9], ids=["writing", "reading back"])
def test_cancel_leaves_nothing(stick_folder: tuple[Path, bytes | None], stop_at: float) -> None:
    folder, old = stick_folder
    before = _manifest(folder)
    with pytest.raises(OperationCancelled):
        stick.write_verified(folder, NAME, NEW, now=NOW,
                             progress=lambda done, total: done < total * stop_at)
    _assert_as_before(folder, old, before)


def test_unreadable_source_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "archive.zip"
    source.write_bytes(NEW)
    out = tmp_path / "out"
    out.mkdir()
    real: Callable[..., Any] = builtins.open

    class Broken:
        def __init__(self, handle: Any) -> None:
            self._handle = handle

        def read(self, _n: int) -> bytes:
            raise OSError(errno.EIO, "Input/output error")

        def __enter__(self) -> Broken:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()

    def opener(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real(path, mode, *args, **kwargs)
        return Broken(handle) if Path(path) == source else handle

    monkeypatch.setattr(builtins, "open", opener)
    with pytest.raises(FileWriteError) as caught:
        stick.write_verified(out, "copy.zip", source, now=NOW)
    assert caught.value.reason == "source"
    assert list(out.iterdir()) == []


@pytest.fixture
def tiny_stick(tmp_path: Path) -> Any:
    """A real 256 KB file system (tmpfs) — only where the test runs as root and may mount."""
    import subprocess

    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a tiny file system needs root and mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mount refused here")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("checked_first", [True, False])
def test_a_really_full_stick(tiny_stick: Path, monkeypatch: pytest.MonkeyPatch,
                             checked_first: bool) -> None:
    """The old file fills 100 KB of 256; the new one (200 KB) cannot fit beside it: refused by
    the free-space check, or — with that check out of the way — by the file system mid-write."""
    old = os.urandom(100 * 1024)
    stick.write_verified(tiny_stick, NAME, old, now=NOW)
    before = _manifest(tiny_stick)
    if not checked_first:
        monkeypatch.setattr(stick, "_check_room", lambda *_args: None)
    with pytest.raises(FileWriteError) as caught:
        stick.write_verified(tiny_stick, NAME, os.urandom(200 * 1024), now=NOW)
    assert caught.value.reason == "disk_full"
    _assert_russian(caught.value.message, tiny_stick)
    assert (tiny_stick / NAME).read_bytes() == old
    assert _leftovers(tiny_stick) == []
    assert _manifest(tiny_stick) == before


def test_check_written(tmp_path: Path) -> None:
    written = stick.write_verified(tmp_path, NAME, NEW, now=NOW)
    assert stick.check_written(written.path, written.sha256) == stick.FILE_MATCHES
    written.path.write_bytes(NEW[:-1] + b"!")
    assert stick.check_written(written.path, written.sha256) == stick.FILE_CHANGED
    written.path.unlink()
    assert stick.check_written(written.path, written.sha256) == stick.FILE_MISSING
    assert stick.check_written(tmp_path / "E:" / NAME, written.sha256) == stick.FILE_MISSING
