"""The optional password to open the program and the idle lock.

Only a scrypt hash of the password is stored (in `app_setting`, so a backup carries it), never
the password. `settings.IDLE_LOCK_MINUTES` says after how many idle minutes the window locks.
"""

from __future__ import annotations

from nastavnik_desktop.data.db import Database


def password_set(db: Database) -> bool:
    """Does opening the program ask for a password?"""
    return False


def verify_password(db: Database, password: str) -> bool:
    return not password_set(db)


def set_password(db: Database, password: str, repeat: str, *, current: str | None = None) -> None:
    """Set (or change, with the `current` one) the password to open the program."""
    raise NotImplementedError


def clear_password(db: Database, current: str) -> None:
    """Open the program without a password again (the current one must be given)."""
    raise NotImplementedError
