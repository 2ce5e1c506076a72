"""The progress callback that long work takes, whoever runs it (the UI's background task, the CLI).

Here, below every layer, so that services can report progress without importing each other
(it lived in services/workspace.py, which made workspace and the demo import each other).
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int], bool]
"""Called with (done, total); returning False asks the work to stop (OperationCancelled)."""
