"""Where the program keeps its files: the platform's user folders, never hard-coded paths."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from platformdirs import PlatformDirs

from nastavnik_desktop import APP_ID
from nastavnik_desktop.files import private_folder

_DIRS = PlatformDirs(appname=APP_ID, appauthor=False, roaming=False)


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
