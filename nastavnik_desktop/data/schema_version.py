"""The schema revisions this program knows, readable without importing Alembic.

A test checks that HEAD_REVISION is the head of `data/migrations`.
"""

HEAD_REVISION = "0002_name_accusative"
KNOWN_REVISIONS = frozenset({"0001_initial", "0002_name_accusative"})
