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


class ValidationError(NastavnikError):
    """Input that breaks a rule of the domain (a date in the future, an empty name, …)."""


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
