"""The label that shortens its lines with «…» (the path in the status bar, wizard hints)."""

from __future__ import annotations

from typing import Any

from nastavnik_desktop.ui.widgets.elided_label import ElidedLabel, elided

PATH = "/home/curator/Документы/Наставничество/2026-2027/школа.sqlite"


def test_a_line_that_fits_is_kept_whole(qapp: Any) -> None:
    label = ElidedLabel(PATH)
    metrics = label.fontMetrics()
    assert elided(metrics, PATH, metrics.horizontalAdvance(PATH), "middle") == PATH


def test_a_long_line_is_shortened_in_the_middle_or_at_the_end_to_fit(qapp: Any) -> None:
    label = ElidedLabel(PATH)
    metrics = label.fontMetrics()
    width = metrics.horizontalAdvance(PATH) // 2
    middle = elided(metrics, PATH, width, "middle")
    end = elided(metrics, PATH, width, "end")
    for text in (middle, end):
        assert metrics.horizontalAdvance(text) <= width
        assert text.count("…") == 1
    head, tail = middle.split("…")
    assert PATH.startswith(head) and PATH.endswith(tail) and tail.endswith("школа.sqlite")
    assert end.endswith("…") and PATH.startswith(end[:-1])
    # as long as fits: one more character would not
    assert len(middle) >= len(elided(metrics, PATH, width - 10, "middle"))


def test_no_room_leaves_only_the_ellipsis_or_nothing(qapp: Any) -> None:
    metrics = ElidedLabel().fontMetrics()
    assert elided(metrics, PATH, metrics.horizontalAdvance("…"), "middle") == "…"
    assert elided(metrics, PATH, 0, "end") == ""


def test_the_label_shows_each_line_shortened_to_its_width(qtbot: Any) -> None:
    label = ElidedLabel(f"{PATH}\nкоротко", mode="end")
    qtbot.addWidget(label)
    label.show()
    label.resize(label.fontMetrics().horizontalAdvance(PATH) // 2, 40)
    first, second = label.text().split("\n")
    assert first.endswith("…") and second == "коротко"
    assert label.full_text() == f"{PATH}\nкоротко" and label.toolTip() == label.full_text()
