"""The log holds where a bug happened, not whose data it was working on; only its owner reads it."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nastavnik_desktop import logs
from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory

SECRETS = ("Конфиденциальнова", "Тестина", "Секретовна", "2013-05-17", "17.05.2013", "7Б",
           "912", "tajna@example.ru", "Секретная")
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")


@pytest.fixture
def log_path(tmp_path: Path, restored_logging: None) -> Path:
    """The log set up in a fresh folder; the root logger is put back afterwards."""
    path = tmp_path / "журнал" / "nastavnik.log"
    logs.setup_logging(path)
    return path


def failed_insert(db: Database) -> IntegrityError:
    """A bug the way it reaches the log: a CHECK constraint refuses a person's row, and
    SQLAlchemy's message carries every value of the INSERT (a plain engine: the program's own
    hide the parameters, `hide_parameters`; the log must not depend on that alone)."""
    engine = create_engine(f"sqlite:///{db.path.as_posix()}")
    with pytest.raises(IntegrityError) as caught, Session(engine) as session, session.begin():
        session.add(Person(last_name="Конфиденциальнова", first_name="Тестина",
                           middle_name="Секретовна", birth_date=dt.date(2013, 5, 17),
                           class_name="7Б", category=PersonCategory.PUPIL, experience_years=-3,
                           parent_phone="+7 912 345-67-89", email="tajna@example.ru",
                           parent_name="Конфиденциальнова Секретная"))
    engine.dispose()
    assert "Конфиденциальнова" in str(caught.value)  # the parameters are in the message
    return caught.value


def test_a_failed_insert_leaves_no_personal_data_in_the_log(db: Database,
                                                            log_path: Path) -> None:
    error = failed_insert(db)
    try:
        raise RuntimeError("обёртка") from error
    except RuntimeError:
        logging.getLogger("nastavnik").exception("Необработанная ошибка")
    text = log_path.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    assert "Необработанная ошибка" in text  # the program's own words stay
    assert "sqlalchemy.exc.IntegrityError" in text and "CHECK constraint failed" in text
    assert "[SQL: INSERT INTO person" in text and "test_logs.py" in text
    assert "[SQL parameters hidden due to hide_parameters=True]" in text
    assert "RuntimeError: …" in text  # the message of the exception is cleaned too


def test_parameters_are_cut_from_any_line_of_the_log(log_path: Path) -> None:
    logging.getLogger("nastavnik").warning(
        "Ошибка базы: %s", "(sqlite3.IntegrityError) x\n[SQL: INSERT INTO person VALUES (?)]\n"
                            "[parameters: ('Конфиденциальнова',)]\n(Background on this error)")
    text = log_path.read_text(encoding="utf-8")
    assert "Конфиденциальнова" not in text
    assert "[SQL: INSERT INTO person VALUES (?)]" in text and logs.HIDDEN_PARAMETERS in text


@pytest.mark.parametrize(("error", "kept", "hidden"), [
    (KeyError("Конфиденциальнова Тестина"), "KeyError: '…'", "Тестина"),
    (ValueError("no mentor for pupil 7Б born 17.05.2013"), "ValueError: no mentor for pupil",
     "17.05"),
    (ValueError("bad date datetime.date(2013, 5, 17) of tajna@example.ru"), "bad date",
     "tajna"),
    (LookupError("phone +7 912 345-67-89 not found"), "not found", "345-67"),
    (ZeroDivisionError("division by zero"), "ZeroDivisionError: division by zero", "—"),
])
def test_exception_messages_lose_the_values_they_quote(error: Exception, kept: str,
                                                       hidden: str) -> None:
    try:
        raise error
    except Exception:
        text = logs.describe_exception(*sys.exc_info())  # type: ignore[arg-type]
    assert kept in text and hidden not in text
    assert "test_exception_messages_lose_the_values_they_quote" in text  # where it happened


def test_notes_and_chained_exceptions_are_cleaned_too() -> None:
    try:
        try:
            raise KeyError(SECRETS[0])  # a value, not a literal the traceback's code line shows
        except KeyError as inner:
            inner.add_note(f"при разборе строки {SECRETS[1]}")
            raise TypeError("wrapper") from inner
    except TypeError:
        text = logs.describe_exception(*sys.exc_info())  # type: ignore[arg-type]
    assert "Конфиденциальнова" not in text and "Тестина" not in text
    assert "KeyError" in text and "TypeError: wrapper" in text


@posix_only
def test_the_log_folder_and_files_are_the_owners_alone(log_path: Path) -> None:
    logging.getLogger("nastavnik").warning("первая запись")
    assert log_path.parent.stat().st_mode & 0o777 == 0o700
    assert log_path.stat().st_mode & 0o777 == 0o600
    [handler] = [h for h in logging.getLogger().handlers
                 if isinstance(h, logs.PrivateRotatingFileHandler)]
    old_umask = os.umask(0o022)
    try:
        handler.doRollover()  # the new file after a rotation is made 0600 too
        logging.getLogger("nastavnik").warning("после ротации")
    finally:
        os.umask(old_umask)
    for path in (log_path, log_path.with_name("nastavnik.log.1")):
        assert path.stat().st_mode & 0o777 == 0o600, path


@posix_only
def test_a_log_an_older_version_left_open_is_narrowed(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    folder.mkdir()
    folder.chmod(0o755)
    for name in ("nastavnik.log", "nastavnik.log.2"):
        (folder / name).write_text("старое\n", encoding="utf-8")
        (folder / name).chmod(0o644)
    root = logging.getLogger()
    handler = logs.setup_logging(folder / "nastavnik.log")
    try:
        assert folder.stat().st_mode & 0o777 == 0o700
        assert {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()} == {
            "nastavnik.log": 0o600, "nastavnik.log.2": 0o600}
    finally:
        root.removeHandler(handler)
        handler.close()


def test_a_traceback_another_handler_formatted_first_is_not_reused(db: Database,
                                                                   log_path: Path) -> None:
    """logging caches the first handler's traceback text in the record; ours makes its own."""
    import io

    console = logging.StreamHandler(io.StringIO())
    console.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    root.handlers.insert(0, console)  # formats the record before the log file does
    try:
        error = failed_insert(db)
        logging.getLogger("nastavnik").error("Ошибка", exc_info=error)
    finally:
        root.removeHandler(console)
    text = log_path.read_text(encoding="utf-8")
    assert "IntegrityError" in text
    for secret in SECRETS:
        assert secret not in text


def test_a_huge_message_is_cut_not_scanned_for_minutes() -> None:
    """A 10,000-character cell echoed in a message, or worse: the log keeps its beginning."""
    try:
        raise ValueError("x" * 300_000 + " " + SECRETS[0])
    except ValueError:
        text = logs.describe_exception(*sys.exc_info())  # type: ignore[arg-type]
    assert logs.CUT in text and SECRETS[0] not in text
    assert len(text) < 10_000


def test_the_programs_engines_keep_values_out_of_error_texts(db: Database) -> None:
    """`make_engine` hides SQL parameters: an error's text, wherever it is shown, holds no name."""
    with pytest.raises(IntegrityError) as caught, db.transaction() as session:
        session.add(Person(last_name="Конфиденциальнова", first_name="Тестина",
                           category=PersonCategory.PUPIL, experience_years=-3))
    assert "CHECK constraint failed" in str(caught.value)
    assert "Конфиденциальнова" not in str(caught.value)
