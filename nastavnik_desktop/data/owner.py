"""Who has a database open: user, computer, process and since when — the note in its lock file.

SQLite cannot say which process holds its write lock, and the OS lock of `data/lock.py` cannot
say who holds it either. So the program that takes the lock writes this note into the lock file
(`lock.lock_path`), and a refused program or a «база занята» message reads it. The note is only
information: a missing, stale or unreadable note never stops anything, and the note of a process
that has died on this computer is ignored (a killed program leaves its lock file behind).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Owner:
    """One program that has the database open."""

    user: str
    host: str
    pid: int
    since: dt.datetime

    def describe(self) -> str:
        return (f"пользователь {self.user} на компьютере {self.host}, "
                f"база открыта {self.since:%d.%m.%Y в %H:%M}")

    def is_this_process(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()

    def to_json(self) -> str:
        return json.dumps({"user": self.user, "host": self.host, "pid": self.pid,
                           "since": self.since.isoformat(), "program": "Наставник"},
                          ensure_ascii=False)


def this_process() -> Owner:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the passwd database
        user = "неизвестный"
    return Owner(user=user, host=socket.gethostname(), pid=os.getpid(),
                 since=dt.datetime.now().replace(microsecond=0))


def read(note: Path) -> Owner | None:
    """The owner written in `note`, or None when there is none or it cannot be read."""
    try:
        entry = json.loads(note.read_text(encoding="utf-8"))
        return Owner(user=str(entry["user"]), host=str(entry["host"]), pid=int(entry["pid"]),
                     since=dt.datetime.fromisoformat(entry["since"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def alive(owner: Owner) -> bool:
    """Whether the process of a note still runs; unknown (another computer) counts as yes.

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
