"""Expected errors: each carries a Russian message for the curator (what happened, what to do)."""

from __future__ import annotations


class NastavnikError(Exception):
    """An environment or input error the curator can act on. `message` is shown as is."""

    def __init__(self, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class DatabaseOpenError(NastavnikError):
    """The database file cannot be used; it has not been modified."""


class ForeignDatabaseError(DatabaseOpenError):
    pass


class CorruptDatabaseError(DatabaseOpenError):
    pass


class NewerDatabaseError(DatabaseOpenError):
    pass


class MigrationError(DatabaseOpenError):
    pass


class DatabaseInUseError(DatabaseOpenError):
    """Another «Наставник» (a window or a command) has the database open; `holder` says who,
    as far as its lock file tells. Nothing has been read or changed."""

    def __init__(self, message: str, *, holder: str = "", details: str = "") -> None:
        super().__init__(message, details=details)
        self.holder = holder


class DatabaseAccessError(NastavnikError):
    """SQLite refused to read or write the database file (busy, disk full, read-only, …).

    Raised in place of the driver's error by `data/db.py`; the transaction was rolled back, so
    nothing has been changed.
    """


class DatabaseBusyError(DatabaseAccessError):
    """Another connection holds the write lock; `holders` says who, as far as is known."""

    def __init__(self, message: str, *, holders: tuple[str, ...] = (), details: str = "") -> None:
        super().__init__(message, details=details)
        self.holders = holders


class DiskFullError(DatabaseAccessError):
    pass


class ReadOnlyDatabaseError(DatabaseAccessError):
    """The database file itself cannot be written."""


class ReadOnlyFolderError(ReadOnlyDatabaseError):
    """The folder of the database cannot be written (SQLite keeps its journal files there).

    A permissions problem, never a sign of a damaged file.
    """


class ValidationError(NastavnikError):
    """Input that breaks a rule of the domain (a date in the future, an empty name, …)."""


class ArchiveReadOnlyError(ValidationError):
    """A write asked of a past year opened for viewing (`Database.read_only_view`)."""

    def __init__(self) -> None:
        super().__init__(
            "Открыт архив прошлого учебного года: он только для просмотра, изменения в нём не "
            "сохраняются. Чтобы работать с программой, вернитесь к текущему учебному году "
            "(«Файл → Учебный год» или год в строке состояния).")


class OperationCancelled(NastavnikError):
    """The curator cancelled a long operation; nothing was changed."""

    def __init__(self, message: str = "Операция отменена, изменения не сохранены.") -> None:
        super().__init__(message)


class ImportFileError(NastavnikError):
    """A file offered for import cannot be read (foreign, damaged, protected, too large).

    Nothing has been changed in the database.
    """


class ImportRejectedError(ValidationError):
    """An import whose file has errors was asked to commit; nothing has been changed."""
