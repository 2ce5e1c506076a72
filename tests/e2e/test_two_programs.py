"""A second «Наставник» on one database, as processes: the window is refused with the message
naming the first program and ends with 2 when the curator opens nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import open_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_a_second_window_on_a_database_in_use_is_refused(
        tmp_path: Path, lock_holder: Callable[[Path], subprocess.Popen[str]]) -> None:
    path = tmp_path / "школа.sqlite"
    open_database(path).close()
    lock_holder(path)
    before = path.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "main.py", "--db", str(path), "--quit-when-shown"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "уже открыта" in result.stderr and "Открыть другой файл" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
