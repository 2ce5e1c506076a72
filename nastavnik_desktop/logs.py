"""The program's log: a rotating file only its owner can read, with no personal data in it.

The log exists to find bugs, so it records where a failure happened (the traceback: files, lines,
the program's code) and the kind of failure — never the data the program was working on:

- SQL parameters are hidden: SQLAlchemy puts them into the message of a `StatementError`
  («[parameters: ('Иванов', 'Иван', '2013-09-01', '7А', …)]»); every such exception in the chain
  is switched to `hide_parameters` before it is formatted, and any «[parameters: …]» left in a
  line of the log is cut out.
- The messages of exceptions (which may quote a value: «KeyError: 'Иванова'») keep their words in
  Latin letters and their numbers, but not words in Cyrillic, dates, e-mail addresses or phone
  numbers: the data of a Russian school is written in those.
- The log folder is 0700 and the files 0600 (POSIX), including those an older version left.

`describe_exception` gives the same cleaned traceback for the crash dialog, so what the curator
may copy and send is what the log holds. Qt-free: `app.py` installs it for the window.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from nastavnik_desktop.files import PRIVATE_FILE_MODE, make_private, private_folder

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
HIDDEN = "…"
HIDDEN_PARAMETERS = "[parameters: скрыты]"

_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")  # SQLAlchemy writes them on one line
# Each pattern starts only at the beginning of a token (the look-behinds), so a long message
# costs linear time, not a regex restarted at every character.
_WORDS = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_HIDDEN_RUN = re.compile(r"…(?:[\s.,'’\"-]+…)+")  # «Иванов Иван Иванович» → one «…»
_DATES = re.compile(r"(?<![\w.])(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
                    r"|\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+)?"
                    r"|date(?:time)?\(\d{4}, \d{1,2}, \d{1,2}[\d, ]*\))")
_EMAILS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONES = re.compile(r"(?<![\d+])\+?\d[\d ()-]{8,}\d")
MESSAGE_LIMIT = 2_000  # characters of an exception's message kept (a 10,000-character cell …)
CUT = " … [сообщение обрезано]"



def hide_sql_parameters(text: str) -> str:
    return _SQL_PARAMETERS.sub(HIDDEN_PARAMETERS, text)


def redact_message(text: str) -> str:
    """An exception's message without the values it may quote (see the module's note)."""
    text = hide_sql_parameters(text)
    cut = len(text) > MESSAGE_LIMIT
    text = text[:MESSAGE_LIMIT]
    for pattern in (_EMAILS, _DATES, _PHONES):
        text = pattern.sub(HIDDEN, text)
    text = _WORDS.sub(lambda word: HIDDEN if _CYRILLIC.search(word[0]) else word[0], text)
    text = _HIDDEN_RUN.sub(HIDDEN, text)
    return text + CUT if cut else text


def _exception_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    queue = [exc]
    while queue:
        current = queue.pop()
        if any(current is known for known in seen):
            continue
        seen.append(current)
        queue += [e for e in (current.__cause__, current.__context__) if e is not None]
        queue += list(getattr(current, "exceptions", ()))  # an ExceptionGroup's members
    return seen


def _hide_parameters_in(exc: BaseException) -> None:
    from sqlalchemy.exc import StatementError

    for current in _exception_chain(exc):
        if isinstance(current, StatementError):
            current.hide_parameters = True


def _redact_traceback(te: traceback.TracebackException) -> None:
    seen: set[int] = set()
    queue = [te]
    while queue:
        current = queue.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(getattr(current, "_str", None), str):
            current._str = redact_message(current._str)  # type: ignore[attr-defined]
        notes = getattr(current, "__notes__", None)
        if notes:
            current.__notes__ = [redact_message(str(note)) for note in notes]
        queue += [e for e in (current.__cause__, current.__context__) if e is not None]
        queue += list(getattr(current, "exceptions", None) or ())


def describe_exception(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> str:
    """The traceback of `exc` as the log and the crash dialog show it: where it happened and
    what kind of failure, without SQL parameters and without the values messages quote."""
    if "sqlalchemy" in sys.modules:  # not loaded: no StatementError to meet
        _hide_parameters_in(exc)
    te = traceback.TracebackException(exc_type, exc, tb)
    _redact_traceback(te)
    return hide_sql_parameters("".join(te.format()))


class PrivateFormatter(logging.Formatter):
    """Formats records with `describe_exception` tracebacks and no SQL parameters anywhere."""

    def formatException(self, ei: Any) -> str:
        exc_type, exc, tb = ei
        if exc is None:
            return super().formatException(ei)
        return describe_exception(exc_type, exc, tb).rstrip("\n")

    def format(self, record: logging.LogRecord) -> str:
        # Another handler (a console, pytest's) may have cached its own traceback text in the
        # record: make ours, and leave the record as it came.
        cached, record.exc_text = record.exc_text, None
        try:
            text = super().format(record)
        finally:
            record.exc_text = cached
        return hide_sql_parameters(text)  # whatever the message itself quoted


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file is created 0600 (the rotated ones are renamed, so they
    keep that mode)."""

    def _open(self) -> io.TextIOWrapper:
        def opener(path: str, flags: int) -> int:
            return os.open(path, flags, PRIVATE_FILE_MODE)

        return cast(io.TextIOWrapper, open(self.baseFilename, self.mode, encoding=self.encoding,
                                           errors=self.errors, opener=opener))


def log_files(log_path: Path) -> list[Path]:
    """The log and its rotated copies."""
    return [log_path, *(log_path.with_name(f"{log_path.name}.{n}")
                        for n in range(1, BACKUP_COUNT + 1))]


def setup_logging(log_path: Path) -> logging.Handler:
    """Log INFO and above of every logger to `log_path` (rotating), owner-only, through the
    `PrivateFormatter`. Raises OSError when the folder or the file cannot be made."""
    private_folder(log_path.parent)
    for path in log_files(log_path):
        make_private(path)  # a log an older version wrote 0644
    handler = PrivateRotatingFileHandler(log_path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                         encoding="utf-8")
    handler.setFormatter(PrivateFormatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler
