"""The password to open the program: only a scrypt hash is stored, the rules of setting,
changing and clearing it, the idle-lock minutes, and the audit entries without a secret."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop import settings
from nastavnik_desktop.data.core_models import AuditEntry
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import access

PASSWORD = "Секрет-школы-7"


def _stored_texts(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def _audit(db: Database) -> list[tuple[str, str, str]]:
    with db.reading() as session:
        return [tuple(row) for row in session.execute(  # type: ignore[misc]
            select(AuditEntry.action, AuditEntry.summary, AuditEntry.details_json)
            .order_by(AuditEntry.id))]


def test_no_password_at_first(db: Database) -> None:
    assert not access.password_set(db)
    assert access.verify_password(db, "")
    assert access.idle_lock_minutes(db) == 0, "no lock without a password"


def test_only_a_salted_scrypt_hash_is_stored(db: Database, db_path: Path) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    assert access.password_set(db)
    assert access.verify_password(db, PASSWORD)
    assert not access.verify_password(db, PASSWORD + "x")
    assert not access.verify_password(db, "")
    with db.reading() as session:
        stored = settings.load(session, settings.APP_PASSWORD)
    assert stored is not None
    assert (stored.n, stored.r, stored.p) == (access.SCRYPT_N, 8, 1)
    assert stored.n >= 2 ** 14 and len(bytes.fromhex(stored.salt)) == 16
    dump = _stored_texts(db_path)
    assert PASSWORD not in dump and PASSWORD.encode().hex() not in dump
    access.clear_password(db, PASSWORD)
    access.set_password(db, PASSWORD, PASSWORD)
    with db.reading() as session:
        again = settings.load(session, settings.APP_PASSWORD)
    assert again is not None and again.salt != stored.salt and again.digest != stored.digest, \
        "a fresh salt each time: the same password never gives the same hash"


def test_the_rules_of_a_new_password(db: Database) -> None:
    with pytest.raises(ValidationError, match="короткий"):
        access.set_password(db, "1234", "1234")
    with pytest.raises(ValidationError, match="не совпадают"):
        access.set_password(db, PASSWORD, PASSWORD + "!")
    assert not access.password_set(db)


def test_changing_or_clearing_needs_the_current_password(db: Database) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    with pytest.raises(ValidationError, match="Текущий пароль"):
        access.set_password(db, "новый-пароль", "новый-пароль")
    with pytest.raises(ValidationError, match="Текущий пароль"):
        access.set_password(db, "новый-пароль", "новый-пароль", current="не тот пароль")
    with pytest.raises(ValidationError, match="Текущий пароль"):
        access.clear_password(db, "не тот пароль")
    assert access.verify_password(db, PASSWORD), "a refusal changes nothing"
    access.set_password(db, "новый-пароль", "новый-пароль", current=PASSWORD)
    assert access.verify_password(db, "новый-пароль") and not access.verify_password(db, PASSWORD)
    access.clear_password(db, "новый-пароль")
    assert not access.password_set(db) and access.verify_password(db, "что угодно")


def test_the_audit_says_what_was_done_never_the_password(db: Database) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    access.set_password(db, "новый-пароль", "новый-пароль", current=PASSWORD)
    access.set_idle_lock_minutes(db, 5, current="новый-пароль")
    access.clear_password(db, "новый-пароль")
    entries = _audit(db)
    assert [action for action, _s, _d in entries] == [
        "app_password_set", "app_password_change", "idle_lock", "app_password_clear"]
    for _action, summary, details in entries:
        for secret in (PASSWORD, "новый-пароль"):
            assert secret not in summary and secret not in details
        assert "digest" not in json.loads(details) and "salt" not in json.loads(details)


def test_idle_lock_minutes(db: Database) -> None:
    assert access.stored_idle_minutes(db) == 10
    access.set_password(db, PASSWORD, PASSWORD)
    assert access.idle_lock_minutes(db) == 10
    with pytest.raises(ValidationError, match="Текущий пароль"):
        access.set_idle_lock_minutes(db, 0)
    assert access.idle_lock_minutes(db) == 10, "without the password the lock stays"
    access.set_idle_lock_minutes(db, 0, current=PASSWORD)
    assert access.idle_lock_minutes(db) == 0
    access.set_idle_lock_minutes(db, 3, current=PASSWORD)
    assert access.idle_lock_minutes(db) == 3
    for wrong in (-1, settings.MAX_IDLE_LOCK_MINUTES + 1):
        with pytest.raises(ValidationError, match="от 0 до"):
            access.set_idle_lock_minutes(db, wrong, current=PASSWORD)
    assert access.idle_lock_minutes(db) == 3


def test_an_unreadable_stored_hash_asks_for_no_password_it_cannot_check(
        db: Database) -> None:
    """A damaged setting falls back to its default (settings.load): no password, rather
    than a program that can never be opened."""
    with db.transaction() as session:
        session.execute(settings.app_setting.insert().values(
            key=settings.APP_PASSWORD.key, value_json='{"salt": "zz"}'))
    assert not access.password_set(db)
