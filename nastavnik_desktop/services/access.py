"""The optional password to open the program and the idle lock.

Only a scrypt hash of the password is stored (`settings.APP_PASSWORD` in `app_setting`, so a
backup carries it), never the password: a random 16-byte salt, n = 2**15, r = 8, p = 1, a
32-byte digest (about 0.1 s on the development machine — slow for guessing, unnoticed by the
curator), compared in constant time. The parameters are stored with the hash, so stronger ones
later still verify the old hashes. The rule of a new password (length, typed twice) is the one of
the files that leave the school: `exchange.crypto.password_problem`.

`settings.IDLE_LOCK_MINUTES` says after how many idle minutes the window locks (0: never);
every change is one transaction with its audit entry, which never holds a password. The reads
run on a Core connection: the window asks them before its first paint, without the ORM.

This protects the screen of a PC left unattended; it does not encrypt the database file (the
file is guarded by the account's rights, see files.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.exchange.crypto import password_problem
from nastavnik_desktop.settings import PasswordHash

SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
DIGEST_BYTES = 32

WRONG_CURRENT = "Текущий пароль введён неверно. Введите пароль, с которым открывается программа."


def _digest(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * r * n + 2 ** 20, dklen=DIGEST_BYTES)


def hash_password(password: str) -> PasswordHash:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _digest(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return PasswordHash(salt=salt.hex(), digest=digest.hex(), n=SCRYPT_N, r=SCRYPT_R,
                        p=SCRYPT_P)


def _matches(stored: PasswordHash, password: str) -> bool:
    try:
        digest = _digest(password, bytes.fromhex(stored.salt), stored.n, stored.r, stored.p)
    except (ValueError, MemoryError):  # parameters no machine can afford: refuse
        return False
    return hmac.compare_digest(digest, bytes.fromhex(stored.digest))


def _stored(db: Database) -> PasswordHash | None:
    with db.engine.connect() as conn:
        return settings.load(conn, settings.APP_PASSWORD)


def password_set(db: Database) -> bool:
    """Does opening the program ask for a password?"""
    return _stored(db) is not None


def verify_password(db: Database, password: str) -> bool:
    """Is `password` the one to open the program? True when none is set."""
    stored = _stored(db)
    return stored is None or _matches(stored, password)


def set_password(db: Database, password: str, repeat: str, *, current: str | None = None) -> None:
    """Set (or change, with the `current` one) the password to open the program."""
    problem = password_problem(password, repeat)
    if problem:
        raise ValidationError(problem)
    made = hash_password(password)  # the slow part, before the write lock is taken
    from nastavnik_desktop.services import audit

    with db.transaction() as session:
        stored = settings.load(session, settings.APP_PASSWORD)
        if stored is not None and (current is None or not _matches(stored, current)):
            raise ValidationError(WRONG_CURRENT)
        settings.save(session, settings.APP_PASSWORD, made)
        changed = stored is not None
        audit.record(session, "app_password_change" if changed else "app_password_set",
                     "app_setting", None,
                     "Изменён пароль на вход в программу" if changed
                     else "Установлен пароль на вход в программу")


def clear_password(db: Database, current: str) -> None:
    """Open the program without a password again (the current one must be given)."""
    from nastavnik_desktop.services import audit

    with db.transaction() as session:
        stored = settings.load(session, settings.APP_PASSWORD)
        if stored is None:
            return
        if not _matches(stored, current):
            raise ValidationError(WRONG_CURRENT)
        settings.save(session, settings.APP_PASSWORD, None)
        audit.record(session, "app_password_clear", "app_setting", None,
                     "Пароль на вход в программу снят")


def idle_lock_minutes(db: Database) -> int:
    """After how many idle minutes the window locks; 0 when never (or no password is set)."""
    return lock_settings(db)[1]


def lock_settings(db: Database) -> tuple[bool, int]:
    """Whether a password is set and `idle_lock_minutes`, read at once (the window asks both
    when a base is opened, before its first paint)."""
    with db.engine.connect() as conn:
        if settings.load(conn, settings.APP_PASSWORD) is None:
            return False, 0
        return True, settings.load(conn, settings.IDLE_LOCK_MINUTES)


def stored_idle_minutes(db: Database) -> int:
    """The setting itself, whether a password is set or not (for the dialog)."""
    with db.engine.connect() as conn:
        return settings.load(conn, settings.IDLE_LOCK_MINUTES)


def set_idle_lock_minutes(db: Database, minutes: int, *, current: str | None = None) -> None:
    """Lock the window after `minutes` idle minutes (0: never). With a password set, only who
    knows it (`current`) may change this: a passer-by must not turn the lock off."""
    if not 0 <= minutes <= settings.MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            f"Время до блокировки — от 0 до {settings.MAX_IDLE_LOCK_MINUTES} минут "
            "(0 — не блокировать).")
    from nastavnik_desktop.services import audit

    with db.transaction() as session:
        if settings.load(session, settings.IDLE_LOCK_MINUTES) == minutes \
                and settings.is_stored(session, settings.IDLE_LOCK_MINUTES):
            return
        stored = settings.load(session, settings.APP_PASSWORD)
        if stored is not None and (current is None or not _matches(stored, current)):
            raise ValidationError(WRONG_CURRENT)
        settings.save(session, settings.IDLE_LOCK_MINUTES, minutes)
        audit.record(session, "idle_lock", "app_setting", None,
                     f"Блокировка при бездействии: через {minutes} мин." if minutes
                     else "Блокировка при бездействии выключена", minutes=minutes)
