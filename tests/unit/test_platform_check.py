"""The X-libraries check before Qt starts."""

from __future__ import annotations

import io

from nastavnik_desktop import platform_check


def test_a_missing_library_names_its_package_in_the_apt_line() -> None:
    out = io.StringIO()
    code = platform_check.check(platform="linux", environ={},
                                loads=lambda soname: soname != "libxcb-icccm.so.4", stream=out)
    assert code != 0
    assert "sudo apt install libxcb-icccm4\n" in out.getvalue()


def test_all_libraries_present_passes() -> None:
    out = io.StringIO()
    assert platform_check.check(platform="linux", environ={"QT_QPA_PLATFORM": "xcb"},
                                loads=lambda soname: True, stream=out) == 0
    assert out.getvalue() == ""


def test_offscreen_and_other_systems_skip_the_check() -> None:
    def fail(soname: str) -> bool:
        raise AssertionError("must not be loaded")

    assert platform_check.check(platform="linux", environ={"QT_QPA_PLATFORM": "offscreen"},
                                loads=fail) == 0
    assert platform_check.check(platform="win32", environ={}, loads=fail) == 0
