"""Keeping the database file quick to read: the planner's statistics.

SQLite picks the order of a join from `sqlite_stat1`; a file that has never been analysed gives
it no sizes at all, and a plan may then loop over a whole table for every row of another
(issue 18). The checklist queries are written to stay linear without statistics
(tests/unit/services/stages/test_query_plans.py), but other reads are not, so refresh them after
anything that writes many rows: a large import, the demo school — and when the database is
closed.
"""

from __future__ import annotations

from nastavnik_desktop.data.db import Database

ANALYSIS_LIMIT = 1000
"""Rows sampled per index: the statistics of a 10,000-pupil school in about 30 ms."""


def refresh_statistics(db: Database) -> None:
    """Analyse every table and index (sampled, `ANALYSIS_LIMIT` rows each) and store the
    results in the file. `PRAGMA optimize` alone skips tables never analysed on the SQLite
    that ships with Python 3.11 (3.40)."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
