"""Before Qt starts on Linux: are the X libraries Qt's xcb plugin needs installed?

Without them Qt only says «could not load the Qt platform plugin "xcb"» and aborts; this check
names the missing libraries and the exact `sudo apt install` line (Debian/Astra package names).
Qt-free on purpose: it runs before the QApplication exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

#: soname → Debian package, from `ldd` of libqxcb.so and libQt6XcbQpa.so.6 (PySide6 6.x)
XCB_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loads(soname: str) -> bool:
    import ctypes  # only where the check applies (Linux with X): ~1 ms of the start elsewhere

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The Debian packages whose library does not load, in a stable order."""
    return sorted({package for soname, package in XCB_LIBRARIES.items() if not loads(soname)})


def check(*, platform: str | None = None, environ: Mapping[str, str] | None = None,
          loads: Callable[[str], bool] = _loads, stream: TextIO | None = None) -> int:
    """0 when Qt can start (or the check does not apply); otherwise say what to install, 3."""
    environ = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return 0
    if environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0] not in ("", "xcb"):
        return 0  # offscreen, wayland, minimal…: the xcb plugin is not used
    missing = missing_packages(loads)
    if not missing:
        return 0
    stream = sys.stderr if stream is None else stream
    print("«Наставник» не может открыть окно: в системе не хватает библиотек X11 "
          "для Qt. Установите их командой:", file=stream)
    print(f"sudo apt install {' '.join(missing)}", file=stream, flush=True)
    return 3
