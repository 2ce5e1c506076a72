"""Laying out a large PDF in a separate process, so that the window keeps painting.

reportlab lays a document out in pure Python and holds the GIL while it does: forming the bases
of 5,000 people in a worker thread still froze the window for about a second. A batch document
is therefore laid out in a child process (the spawn context: the same on every system, and
safe with Qt's threads in the parent), and only the finished bytes come back.

- The caller (a service, in the UI's worker thread) reads the database and describes the
  document as a `PdfRecipe`: a module-level builder function of `reports` and its plain,
  picklable arguments (the frozen DTOs of `reports`). Nothing in the child touches the database.
- `write_pdf(recipe, path, separate_process=True)` lays it out in the child and writes the bytes
  with `files.atomic_write` in the calling thread: the file appears whole or not at all.
- Progress comes back from the child as reportlab reports it; the caller's progress callback
  answering False («Отмена») terminates the child, and nothing has been written.
- A `NastavnikError` raised in the child is raised again here as it was; anything else, or a
  child that died, becomes a `NastavnikError` with a Russian message (what went wrong is
  logged, without data).

`run_in_process(function, *args, progress=…)` is the mechanism itself: `function` must be a
module-level function of `nastavnik_desktop` (the child imports it by name, which works from an
installed wheel as from the source tree) taking `progress=` and returning a picklable result.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nastavnik_desktop.errors import NastavnikError, OperationCancelled
from nastavnik_desktop.progress import ProgressCallback

if TYPE_CHECKING:
    from nastavnik_desktop.reports.document import DocumentBuilder

log = logging.getLogger(__name__)

_T = TypeVar("_T")

_CONTEXT = multiprocessing.get_context("spawn")
_POLL_S = 0.05
"""How often the parent looks at the child and asks its caller whether to go on."""
_PROGRESS_INTERVAL_S = 0.1
"""The child sends its progress at most this often."""
_STOP_WAIT_S = 5.0

FAILED_MESSAGE = ("Документ не сформирован: при вёрстке произошла внутренняя ошибка. "
                  "Попробуйте ещё раз; если ошибка повторится, сообщите разработчику — "
                  "подробности записаны в журнал программы.")
DIED_MESSAGE = ("Документ не сформирован: процесс вёрстки неожиданно завершился{code}. "
                "Закройте лишние программы и попробуйте ещё раз.")


@dataclass(frozen=True)
class PdfRecipe:
    """A document as plain data: `make(*args, **kwargs)` returns its `DocumentBuilder`.
    `make` is a module-level function of `nastavnik_desktop.reports`; the arguments are
    picklable (frozen DTOs, dates, strings). `rows` says how large it is (table rows)."""

    make: Callable[..., DocumentBuilder]
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    rows: int = 0

    def builder(self) -> DocumentBuilder:
        return self.make(*self.args, **dict(self.kwargs))


def layout_pdf(recipe: PdfRecipe, *, progress: ProgressCallback | None = None) -> bytes:
    """The PDF of `recipe` in memory (run in the child by `write_pdf`)."""
    return recipe.builder().build_to_bytes(progress=progress)


def write_pdf(recipe: PdfRecipe, path: Path, *, separate_process: bool = False,
              progress: ProgressCallback | None = None) -> Path:
    """Lay `recipe` out and write it to `path` atomically; in a child process when
    `separate_process` (see the module's docstring), else in this thread. Raises
    OperationCancelled, having written nothing, once `progress` answers False."""
    if not separate_process:
        return recipe.builder().build(path, progress=progress)
    from nastavnik_desktop.files import atomic_write

    data = run_in_process(layout_pdf, recipe, progress=progress)
    if progress is not None and not progress(1, 1):
        raise OperationCancelled()
    with atomic_write(path) as handle:
        handle.write(data)
    return path


def run_in_process(function: Callable[..., _T], *args: Any,
                   progress: ProgressCallback | None = None) -> _T:
    """`function(*args, progress=…)` run in a spawned child process; its result.

    The child's progress is passed on to `progress`; `progress` answering False terminates
    the child and raises OperationCancelled. Errors: see the module's docstring."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child_main, args=(sender, function, args), daemon=True,
                             name="nastavnik-layout")
    child.start()
    sender.close()  # the child holds the only writing end: EOF once it is gone
    try:
        return _receive(child, receiver, progress)
    finally:
        receiver.close()
        _stop(child)


def _receive(child: Any, receiver: Connection, progress: ProgressCallback | None) -> Any:
    done, total = 0, 0
    while True:
        if progress is not None and not progress(done, total):
            raise OperationCancelled()
        if not receiver.poll(_POLL_S):
            continue
        try:
            message = receiver.recv()
        except EOFError:  # the child ended without an answer: killed, or out of memory
            child.join(_STOP_WAIT_S)
            code = child.exitcode
            raise NastavnikError(DIED_MESSAGE.format(code=f" (код {code})" if code else ""),
                                 details=f"exit code {code}") from None
        tag = message[0]
        if tag == "progress":
            done, total = message[1], message[2]
        elif tag == "done":
            return message[1]
        elif tag == "known":
            _tag, cls, text, details = message
            error = NastavnikError.__new__(cls)
            NastavnikError.__init__(error, text, details=details)
            raise error
        else:  # "bug": already described without data in the child
            log.error("Вёрстка документа в отдельном процессе не удалась:\n%s", message[1])
            raise NastavnikError(FAILED_MESSAGE, details=message[1])


def _stop(child: Any) -> None:
    """The child is ended and reaped, whatever happened: no process is left behind."""
    if child.is_alive():
        child.terminate()
        child.join(_STOP_WAIT_S)
        if child.is_alive():
            child.kill()
    child.join()
    child.close()


def _child_main(sender: Connection, function: Callable[..., Any],
                args: tuple[Any, ...]) -> None:
    """The child's whole life: run, send the result or the error, end."""
    last = 0.0

    def report(done: int, total: int) -> bool:
        nonlocal last
        now = time.monotonic()
        if now - last >= _PROGRESS_INTERVAL_S or (total > 0 and done >= total):
            last = now
            sender.send(("progress", done, total))
        return True

    try:
        result = function(*args, progress=report)
    except NastavnikError as exc:
        sender.send(("known", type(exc), exc.message, exc.details))
    except BaseException as exc:  # handed to the parent, described without data
        from nastavnik_desktop.logs import describe_exception

        sender.send(("bug", describe_exception(type(exc), exc, exc.__traceback__)))
    else:
        sender.send(("done", result))
    finally:
        sender.close()
