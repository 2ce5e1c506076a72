"""Every setting of the program, declared once: its key, its type and its default.

Two stores:
- the curator's own window preferences (`UserPref`) live with the user account in Qt's
  QSettings; ui/prefs.py reads and writes them (this module must not import Qt);
- settings that belong to the school's data (`StoredSetting`) live in the database, one
  `app_setting` row each with a JSON value, read and written by `load` and `save` below.

A stored value that is missing, or that cannot be read back (not JSON, the wrong type, a page
layout outside ГОСТ), gives the default: a setting never stops the program from working.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from nastavnik_desktop.data.core_tables import app_setting

if TYPE_CHECKING:  # reportlab is imported only when a document is made, the ORM after start
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from nastavnik_desktop.reports.layout import PageLayout

T = TypeVar("T")

Store: TypeAlias = "Session | Connection"
"""Where `load` and `save` run: a session of a transaction, or a plain Core connection (the
start-up path reads settings before the ORM is loaded: see data/core_tables.py)."""


# --- the curator's preferences (QSettings) --------------------------------------------------

@dataclass(frozen=True)
class UserPref(Generic[T]):
    """A preference kept per user by QSettings; `kind` is the Python type of its value."""

    key: str
    kind: type
    default: T


WINDOW_GEOMETRY: UserPref[bytes] = UserPref("main_window/geometry", bytes, b"")
"""The main window's size and place (`QWidget.saveGeometry`); empty: the default size."""

WINDOW_STATE: UserPref[bytes] = UserPref("main_window/state", bytes, b"")
"""The main window's bars and docks (`QMainWindow.saveState`)."""

PDF_SAVE_FOLDER: UserPref[str] = UserPref("print_preview/save_folder", str, "")
"""The folder of the last «Сохранить PDF…»; empty: the user's Documents."""

IMPORT_FOLDER: UserPref[str] = UserPref("import/folder", str, "")
"""The folder of the last table chosen for import."""

EXPORT_TARGET: UserPref[str] = UserPref("exchange/export_target", str, "")
"""The folder (a stick's root or any folder) of the last file written for outside; the export
dialog selects it again."""


def people_hidden_columns(kind: str) -> UserPref[str | None]:
    """The columns hidden in one people base («mentees», «mentors»): column numbers joined by
    commas; None when the curator never changed them (the page then hides its defaults)."""
    return UserPref(f"people/{kind}/hidden_columns", str, None)


# --- settings stored in the database (app_setting) ------------------------------------------

@dataclass(frozen=True)
class StoredSetting(Generic[T]):
    """One `app_setting` row: `decode` turns its JSON value back into `T` (raising ValueError,
    TypeError or KeyError when it cannot), `encode` makes the JSON value of a `T`."""

    key: str
    default: Callable[[], T]
    decode: Callable[[Any], T]
    encode: Callable[[T], Any]


def _json_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _positive_integer(value: Any) -> int:
    if _integer(value) < 1:
        raise ValueError(f"expected a positive integer, got {value!r}")
    return value


def _decode_page_layout(value: Any) -> PageLayout:
    """A PageLayout from its saved fields; missing fields keep their defaults, unknown ones are
    ignored, and a value of the wrong type or outside ГОСТ raises (PageLayout validates)."""
    from nastavnik_desktop.reports.layout import PageLayout

    saved = _json_object(value)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(PageLayout):
        if field.name not in saved:
            continue
        item, default = saved[field.name], getattr(PageLayout, field.name)
        if isinstance(default, bool | str):
            if type(item) is not type(default):
                raise TypeError(f"{field.name}: {item!r}")
        elif isinstance(item, bool) or not isinstance(item, int | float):
            raise TypeError(f"{field.name}: {item!r}")
        fields[field.name] = float(item) if isinstance(default, float) else item
    if fields.get("title_alignment", "left") not in ("left", "center"):
        raise ValueError(f"title_alignment: {fields['title_alignment']!r}")
    return PageLayout(**fields)


def _default_page_layout() -> PageLayout:
    from nastavnik_desktop.reports.layout import PageLayout

    return PageLayout()


MATCHING: StoredSetting[dict[str, Any]] = StoredSetting(
    "matching_settings", dict, _json_object, lambda value: value)
"""The curator's weights and must-haves of stage 5 (`MatchSettings.to_dict`); {}: defaults."""

DEMO_SEED: StoredSetting[int | None] = StoredSetting(
    "demo_seed", lambda: None, _integer, lambda value: value)
"""The seed the demo school was generated with; present only in a demo database."""

PAGE_LAYOUT: StoredSetting[PageLayout] = StoredSetting(
    "page_layout", _default_page_layout, _decode_page_layout, dataclasses.asdict)
"""Page geometry and type sizes of official documents (orders), per ГОСТ Р 7.0.97-2025."""


SILENT_PAIR_WEEKS: StoredSetting[int] = StoredSetting(
    "silent_pair_weeks", lambda: 4, _positive_integer, lambda value: value)
"""A pair with no meeting for this many weeks is flagged «молчит» (board, «Обзор»)."""


# --- stage 5: the hard rule «не из одного класса» (issue 12) ---

def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


MATCHING_SEPARATE_CLASSES: StoredSetting[bool] = StoredSetting(
    "matching_separate_classes", lambda: False, _boolean, lambda value: value)
"""A hard rule of matching: two pupils of one class are never paired (off by default; the
soft criterion «не из одного класса» of the weights stays as it is)."""

# --- end of the hard rule ---


# --- stage 4: the admission rule (issue 10) ---

def _default_admission_rule() -> str:
    from nastavnik_desktop.services.people.admission import DEFAULT_RULE

    return DEFAULT_RULE.value


def _decode_admission_rule(value: Any) -> str:
    from nastavnik_desktop.services.people.admission import decode_rule

    return decode_rule(value).value


ADMISSION_RULE: StoredSetting[str] = StoredSetting(
    "admission_rule", _default_admission_rule, _decode_admission_rule, lambda value: value)
"""What «допущен» requires (services/people/admission.AdmissionRule value); by default an
interview or the training."""

# --- end of the admission rule ---


# --- stage 7: the design of the awards on paper (issue 14) ---

AWARD_PAPER_KINDS = ("certificate", "diploma", "thanks")
"""The kinds of award paper (`CertificateKind` values): each has its own design."""


@dataclass(frozen=True)
class AwardDesign:
    """How one kind of award is printed: `background` is the path of the designer's picture
    (PNG or JPEG) relative to the data folder, copied there by `services/awards/paper`
    ("" — the built-in design: a double frame); `landscape` turns the A4 sheet."""

    background: str = ""
    landscape: bool = False


_DEFAULT_AWARD_DESIGNS = {"certificate": AwardDesign(landscape=True),
                          "diploma": AwardDesign(), "thanks": AwardDesign()}


def _inside_data_folder(relative: str) -> bool:
    """A relative path that stays inside the data folder (no «..», not absolute anywhere)."""
    parts = relative.replace("\\", "/").split("/")
    return ".." not in parts and not PurePosixPath(relative).is_absolute() \
        and not PureWindowsPath(relative).is_absolute() and not PureWindowsPath(relative).drive


def _decode_award_designs(value: Any) -> dict[str, AwardDesign]:
    saved = _json_object(value)
    designs = dict(_DEFAULT_AWARD_DESIGNS)
    for kind in AWARD_PAPER_KINDS:
        if kind not in saved:
            continue
        item = _json_object(saved[kind])
        background, landscape = item.get("background", ""), item.get("landscape", False)
        if not isinstance(background, str) or not _inside_data_folder(background):
            raise ValueError(f"{kind}.background: {background!r}")
        designs[kind] = AwardDesign(background=background, landscape=_boolean(landscape))
    return designs


AWARD_DESIGNS: StoredSetting[dict[str, AwardDesign]] = StoredSetting(
    "award_designs", lambda: dict(_DEFAULT_AWARD_DESIGNS), _decode_award_designs,
    lambda value: {kind: dataclasses.asdict(design) for kind, design in value.items()})
"""The design of each kind of award paper (`AWARD_PAPER_KINDS` → `AwardDesign`); by default
the built-in frame, the certificate landscape, the грамота and the letter portrait."""

# --- end of the award design ---


# --- issue 15: the password to open the program and the idle lock ---

@dataclass(frozen=True)
class PasswordHash:
    """The scrypt hash of the password to open the program (services/access.py); the password
    itself is never stored. `salt` and `digest` are hex; `n`, `r`, `p` scrypt's parameters."""

    salt: str
    digest: str
    n: int
    r: int
    p: int


def _hex(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"expected hex digits, got {value!r}")
    bytes.fromhex(value)
    return value


def _decode_password_hash(value: Any) -> PasswordHash | None:
    if value is None:
        return None
    saved = _json_object(value)
    return PasswordHash(salt=_hex(saved["salt"]), digest=_hex(saved["digest"]),
                        n=_positive_integer(saved["n"]), r=_positive_integer(saved["r"]),
                        p=_positive_integer(saved["p"]))


APP_PASSWORD: StoredSetting[PasswordHash | None] = StoredSetting(
    "app_password", lambda: None, _decode_password_hash,
    lambda value: None if value is None else dataclasses.asdict(value))
"""The hash of the password asked when the program opens; None: no password."""

MAX_IDLE_LOCK_MINUTES = 240


def _idle_minutes(value: Any) -> int:
    if not 0 <= _integer(value) <= MAX_IDLE_LOCK_MINUTES:
        raise ValueError(f"expected 0…{MAX_IDLE_LOCK_MINUTES} minutes, got {value!r}")
    return value


IDLE_LOCK_MINUTES: StoredSetting[int] = StoredSetting(
    "idle_lock_minutes", lambda: 10, _idle_minutes, lambda value: value)
"""With a password set, the window locks after this many minutes without the mouse or the
keyboard; 0: never."""

# --- end of the password ---


# --- issue 16: the school's logo, the documents' numbering, the reporting date ---

def _decode_logo(value: Any) -> str:
    if not isinstance(value, str) or (value and not _inside_data_folder(value)):
        raise ValueError(f"logo: {value!r}")
    return value


SCHOOL_LOGO: StoredSetting[str] = StoredSetting("school_logo", str, _decode_logo,
                                                lambda value: value)
"""The school's logo (PNG or JPEG) for certificates, relative to the data folder where it was
copied; "": none."""


def _decode_order_series(value: Any) -> dict[str, dict[str, Any]]:
    saved = _json_object(value)
    series: dict[str, dict[str, Any]] = {}
    for kind, item in saved.items():
        fields = _json_object(item)
        prefix, suffix = fields.get("prefix", ""), fields.get("suffix", "")
        width = _integer(fields.get("width", 0))
        if not isinstance(prefix, str) or not isinstance(suffix, str) or not 0 <= width <= 6:
            raise ValueError(f"order_series.{kind}: {item!r}")
        series[str(kind)] = {"prefix": prefix, "suffix": suffix, "width": width}
    return series


ORDER_SERIES: StoredSetting[dict[str, dict[str, Any]]] = StoredSetting(
    "order_series", dict, _decode_order_series, lambda value: value)
"""The numbering series the curator set per kind of order (`numbering.ORDER_KINDS` →
{prefix, suffix, width}); a kind not named follows the school's last numbered order
(`numbering.series_for`)."""


def _decode_month_day(value: Any) -> tuple[int, int]:
    import datetime as dt

    if not isinstance(value, list) or len(value) != 2:
        raise TypeError(f"expected [month, day], got {value!r}")
    month, day = _integer(value[0]), _integer(value[1])
    dt.date(2024, month, day)  # raises ValueError for a day that never is (29 Feb is)
    return month, day


KPI_REPORTING_DAY: StoredSetting[tuple[int, int]] = StoredSetting(
    "kpi_reporting_day", lambda: (5, 31), _decode_month_day, list)
"""(month, day) of the school year when the KPI is reported to the municipality; a reminder
on «Обзор» counts down to it."""

# --- end of issue 16's settings ---


# --- issue 16: undoing the start of a new school year ---

NEW_YEAR_UNDO: StoredSetting[dict[str, Any] | None] = StoredSetting(
    "new_year_undo", lambda: None,
    lambda value: None if value is None else _json_object(value), lambda value: value)
"""What «Отменить начало учебного года» needs (services/new_year.py): the backup taken before,
the years and how to tell that nothing new was recorded since; None: nothing to undo."""

# --- end of the new year's undo ---


def load(store: Store, setting: StoredSetting[T]) -> T:
    """The stored value of `setting`, or its default when absent or unreadable."""
    column = app_setting.c  # Core, not ORM: see `Store`
    raw = store.scalar(select(column.value_json).where(column.key == setting.key))
    if raw is None:
        return setting.default()
    try:
        return setting.decode(json.loads(raw))
    except (ValueError, TypeError, KeyError):
        return setting.default()


def is_stored(store: Store, setting: StoredSetting[Any]) -> bool:
    column = app_setting.c
    return store.scalar(select(column.key).where(column.key == setting.key)) is not None


def save(store: Store, setting: StoredSetting[T], value: T) -> None:
    """Store `value` (checked by decoding it back, so nothing unreadable is ever written)."""
    encoded = setting.encode(value)
    setting.decode(encoded)
    text = json.dumps(encoded, ensure_ascii=False)
    statement = insert(app_setting).values(key=setting.key, value_json=text)
    store.execute(statement.on_conflict_do_update(index_elements=["key"],
                                                  set_={"value_json": text}))
