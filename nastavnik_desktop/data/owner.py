"""Who has a database open: a small note beside the file, for the «база занята» message.

SQLite cannot say which process holds its write lock. So every «Наставник» that opens a
database adds itself (user, computer, process, since when) to `.~<name>.owner.json` next to it
and takes itself out on close. The note is only information: a missing, stale or unreadable
note never stops anything, and entries of processes that have died on this computer are dropped
when it is read (a crashed program leaves its entry behind).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Owner:
    """One program that has the database open."""

    user: str
    host: str
    pid: int
    since: dt.datetime

    def describe(self) -> str:
        return (f"пользователь {self.user} на компьютере {self.host} "
                f"(база открыта {self.since:%d.%m.%Y в %H:%M})")

    def is_this_process(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()


def note_path(db_path: Path) -> Path:
    return db_path.with_name(f".~{db_path.name}.owner.json")


def this_process() -> Owner:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the passwd database
        user = "неизвестный"
    return Owner(user=user, host=socket.gethostname(), pid=os.getpid(),
                 since=dt.datetime.now().replace(microsecond=0))


def owners(db_path: Path) -> list[Owner]:
    """The programs that have `db_path` open, as far as the note knows (dead ones left out)."""
    return [owner for owner in _read(note_path(db_path)) if _alive(owner)]


def other_owners(db_path: Path) -> list[Owner]:
    return [owner for owner in owners(db_path) if not owner.is_this_process()]


def add_this_process(db_path: Path) -> None:
    me = this_process()
    _write(note_path(db_path), [*other_owners(db_path), me])


def remove_this_process(db_path: Path) -> None:
    note = note_path(db_path)
    if note.exists():
        _write(note, other_owners(db_path))


def _alive(owner: Owner) -> bool:
    """Whether the process of a note entry still runs; unknown (another computer) counts as yes.

    Only asked on POSIX: on Windows `os.kill` would end the process instead of probing it.
    """
    if owner.host != socket.gethostname() or os.name != "posix":
        return True
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another user
        return True
    return True


def _read(note: Path) -> list[Owner]:
    try:
        entries = json.loads(note.read_text(encoding="utf-8"))
        return [_owner(entry) for entry in entries]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def _owner(entry: dict[str, Any]) -> Owner:
    return Owner(user=str(entry["user"]), host=str(entry["host"]), pid=int(entry["pid"]),
                 since=dt.datetime.fromisoformat(entry["since"]))


def _write(note: Path, entries: list[Owner]) -> None:
    """Replace the note atomically, or remove it when nobody is left; failures are ignored."""
    with contextlib.suppress(OSError):
        if not entries:
            note.unlink(missing_ok=True)
            return
        tmp = note.with_name(f"{note.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(
            [{"user": e.user, "host": e.host, "pid": e.pid, "since": e.since.isoformat()}
             for e in entries], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, note)
