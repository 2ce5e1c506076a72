"""Where the program keeps its files: the platform's user folders, never hard-coded paths."""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path

from platformdirs import PlatformDirs

from nastavnik_desktop import APP_ID

_DIRS = PlatformDirs(appname=APP_ID, appauthor=False, roaming=False)


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private(path: Path) -> None:
    """Owner-only access to a file (0600) or folder (0700) on POSIX, whatever the umask.

    The database and its backups hold children's data. Failures are ignored: a file of another
    user (a shared network folder) keeps its mode. Windows has no such modes (its folders under
    the user profile are private already).
    """
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode & 0o777
        wanted = PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE
        if mode != wanted:
            os.chmod(path, wanted)


def private_folder(path: Path) -> Path:
    """Create `path` (and its parents) if needed and make it owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    make_private(path)
    return path


def data_dir() -> Path:
    """The user data folder (created on demand, owner-only)."""
    return private_folder(Path(_DIRS.user_data_dir))


def log_dir() -> Path:
    """The log folder (created on demand, owner-only)."""
    return private_folder(Path(_DIRS.user_log_dir))


def default_db_path() -> Path:
    return data_dir() / "nastavnik.sqlite"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite"


BACKUPS_FOLDER = "backups"


def backup_dir_for(db_path: Path) -> Path:
    """Backups live next to the database, in a `backups` folder named after it."""
    return Path(db_path).resolve().parent / BACKUPS_FOLDER / Path(db_path).stem


def log_file() -> Path:
    return log_dir() / "nastavnik.log"


@cache
def resources_dir() -> Path:
    """The folder of fonts and word lists, wherever the program runs from.

    The top-level `resources/` of the source tree is their one source: the wheel carries it as
    `nastavnik_desktop/resources/` (see setup.py), while a source checkout and an editable
    install read it where it lies, next to the package.
    """
    from importlib import resources  # not at start: ~5 ms (benchmarks/startup.py)

    installed = resources.files("nastavnik_desktop") / "resources"
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A file among the program's resources, e.g. `resource("fonts", "LiberationSerif.ttf")`."""
    return resources_dir().joinpath(*parts)
