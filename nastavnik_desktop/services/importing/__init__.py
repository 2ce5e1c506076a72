"""Importing people from school spreadsheets (.xlsx, .xls, .ods, .csv) into the bases.

Two steps, as the curator sees them: `prepare_import` reads and checks the file and returns a
preview with problems by row (nothing saved); `commit_import` saves a preview without errors in
one transaction. The spreadsheet libraries are imported only when a file is read.
"""

from nastavnik_desktop.services.importing.commit import Duplicates, ImportResult, commit_import
from nastavnik_desktop.services.importing.mapping import Column, ColumnChoice, Field, Mapping
from nastavnik_desktop.services.importing.preview import ImportPreview, prepare_import
from nastavnik_desktop.services.importing.readers import Table, list_sheets, read_table
from nastavnik_desktop.services.importing.validate import (
    KIND_LABELS,
    Candidate,
    ImportKind,
    Problem,
    Severity,
)

__all__ = [
    "KIND_LABELS",
    "Candidate",
    "Column",
    "ColumnChoice",
    "Duplicates",
    "Field",
    "ImportKind",
    "ImportPreview",
    "ImportResult",
    "Mapping",
    "Problem",
    "Severity",
    "Table",
    "commit_import",
    "list_sheets",
    "prepare_import",
    "read_table",
]
