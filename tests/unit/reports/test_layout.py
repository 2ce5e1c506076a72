"""Page geometry, styles, column widths and typography of the document engine."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from nastavnik_desktop.reports import fonts
from nastavnik_desktop.reports.layout import MIN_MARGIN_MM, PageLayout, styles
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from nastavnik_desktop.reports.tables import (
    GroupRow,
    Row,
    fit_widths,
    guess_alignment,
    guess_widths,
)
from nastavnik_desktop.reports.typography import NBSP, no_break, paragraph_text

LIBERATION = set(fonts.FAMILIES[fonts.SERIF]) | set(fonts.FAMILIES[fonts.SANS])


def test_defaults_follow_gost() -> None:
    layout = PageLayout()
    assert layout.page_size == A4
    assert (layout.margin_left_mm, layout.margin_right_mm, layout.margin_top_mm,
            layout.margin_bottom_mm) == (30, 20, 20, 20)
    assert layout.font_size == 14
    assert layout.table_font_size == 12
    assert layout.first_line_indent == pytest.approx(12.5 * mm)
    assert layout.frame_width == pytest.approx((210 - 50) * mm)
    assert layout.frame_height == pytest.approx((297 - 40) * mm)


@pytest.mark.parametrize("change", [
    {"font_size": 11}, {"font_size": 16}, {"table_font_size": 8},
    {"table_font_size": 15}, {"line_spacing": 1.0}, {"line_spacing": 2.0},
    {"margin_left_mm": -1},
])
def test_layout_rejects_values_outside_the_standard(change: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        PageLayout(**change)  # type: ignore[arg-type]


def test_landscape_variants() -> None:
    layout = PageLayout()
    wide = layout.as_landscape()
    assert wide.page_size == (A4[1], A4[0])
    assert wide.margin_left_mm == 30
    bound = layout.rotated_for_binding()
    assert bound.page_size == (A4[1], A4[0])
    # the bound edge of the portrait sheet (left, 30 mm) is on top of a turned page
    assert (bound.margin_top_mm, bound.margin_right_mm, bound.margin_bottom_mm,
            bound.margin_left_mm) == (30, 20, 20, 20)
    assert bound.bound_edge == "top" and wide.bound_edge == "left"
    assert wide.rotated_for_binding() is wide
    # a portrait right margin of 10 mm (ГОСТ allows it) is no 10 mm foot of a turned page
    narrow = PageLayout(margin_right_mm=10.0).rotated_for_binding()
    assert narrow.margin_bottom_mm == MIN_MARGIN_MM


def test_every_document_layout_keeps_20_mm_margins() -> None:
    """ГОСТ Р 7.0.97 and the archivist: at least 20 mm on every side of a filed page (the
    bound side, at the left or on top of a turned page, at least as much). The questionnaire
    blanks are forms a pupil fills in, not filed documents: they keep their narrow margins."""
    from nastavnik_desktop.reports import (
        bases,
        control,
        journal,
        lists,
        monitoring,
        plan,
        questionnaire_blank,
        reminders,
    )

    layouts = {"order": PageLayout(), "list": lists.DEFAULT_LIST_LAYOUT,
               "bases": bases.BASES_LAYOUT, "control": control.CONTROL_LAYOUT,
               "journal": journal.LANDSCAPE_LAYOUT, "plan": plan.PORTRAIT_LAYOUT,
               "monitoring": monitoring.REPORT_LAYOUT, "reminders": reminders.REMINDER_LAYOUT}
    layouts["appendix"] = PageLayout().rotated_for_binding()
    for name, layout in layouts.items():
        margins = (layout.margin_left_mm, layout.margin_right_mm, layout.margin_top_mm,
                   layout.margin_bottom_mm)
        assert min(margins) >= MIN_MARGIN_MM, (name, margins)
        bound = layout.margin_top_mm if layout.bound_edge == "top" else layout.margin_left_mm
        assert bound == max(margins), name
    assert questionnaire_blank.BLANK_LAYOUT.margin_top_mm < MIN_MARGIN_MM  # a form, see above


def test_every_style_uses_a_bundled_font_and_body_is_indented() -> None:
    st = styles(PageLayout(font_size=12, line_spacing=1.5))
    for field in dataclasses.fields(st):
        style = getattr(st, field.name)
        assert style.fontName in LIBERATION, field.name
    assert st.body.firstLineIndent == pytest.approx(12.5 * mm)
    assert st.body.leading == pytest.approx(18)
    assert st.body_no_indent.firstLineIndent == 0
    assert st.title.fontName == fonts.SERIF_BOLD
    assert st.table_cell.fontSize == 12


def test_guessed_widths_fill_the_frame_and_keep_words_whole() -> None:
    st = styles(PageLayout())
    width = PageLayout().frame_width
    rows = [(i, "Наставникова Анна-Мария Сергеевна", dt.date(2025, 10, 1),
             "неудовлетворительная успеваемость; выбор образовательной траектории " * 3)
            for i in range(1, 120)]
    widths = guess_widths(["№", "Наставник", "Дата", "Запросы"], [GroupRow("Этап"), *rows],
                          width, st)
    assert sum(widths) == pytest.approx(width)
    number, _, date, requests = widths
    assert number < 15 * mm                     # «№» stays narrow …
    assert number > 6 * mm                      # … but «119» fits on one line
    assert date > 18 * mm                       # «01.10.2025» does not break
    assert requests <= width * 0.45             # the long column does not eat the table


def test_numbers_and_dates_are_centred_by_default() -> None:
    rows: list[Row] = [GroupRow("Этап 1"), (1, "Иванов", dt.date(2025, 9, 1), None),
                       (2, "Петров", None, "")]
    assert guess_alignment(rows, 4) == ["center", "left", "center", "left"]


def test_fit_widths_shrinks_to_the_frame_and_keeps_words_whole() -> None:
    assert fit_widths([50, 50], 200) == [50, 50]
    assert fit_widths([150, 50], 100) == [75, 25]
    # the third column would cut its longest word: it takes room from the others
    assert fit_widths([50, 50, 20], 120, least=[10, 10, 40]) == [40, 40, 40]
    # no room to take: proportional shrinking is all that can be done
    assert fit_widths([150, 50], 100, least=[80, 60]) == [75, 25]


def test_no_break_spaces() -> None:
    assert no_break("приказ № 45") == f"приказ №{NBSP}45"
    assert no_break("И. И. Иванов") == f"И.{NBSP}И.{NBSP}Иванов"
    assert no_break("Назначить Петрову А. С. куратором") == \
        f"Назначить Петрову{NBSP}А.{NBSP}С. куратором"
    assert no_break("А.-М. Петрова") == f"А.-М.{NBSP}Петрова"
    assert no_break("до 31 мая 2026 г.") == f"до 31 мая 2026{NBSP}г."
    assert no_break("ученик – ученик") == f"ученик{NBSP}– ученик"


def test_paragraph_text_escapes_markup() -> None:
    assert paragraph_text("ООО «Рога & копыта» <b>\nвторая") == \
        "ООО «Рога &amp; копыта» &lt;b&gt;<br/>вторая"


def test_requisites_texts() -> None:
    req = Requisites(
        organisation=Organisation("Муниципальное бюджетное общеобразовательное учреждение",
                                  "МБОУ «СОШ № 7»"),
        date=dt.date(2025, 9, 5), number="45-о", title="О наставничестве",
        signer=Signer.from_full_name("Директор", "Петрова Анна Сергеевна"))
    assert req.signer.signature_name == "А. С. Петрова"
    assert req.reference == "от 05.09.2025 № 45-о"
    assert req.pdf_title == "Приказ от 05.09.2025 № 45-о «О наставничестве»"
    assert req.appendix_mark(None) == ["Приложение", "к приказу МБОУ «СОШ № 7»",
                                       "от 05.09.2025 № 45-о"]
    assert req.appendix_mark(2)[0] == "Приложение № 2"


def test_a_row_of_the_wrong_length_is_refused_when_added() -> None:
    from nastavnik_desktop.reports.lists import ListDocument

    doc = ListDocument("Список", "Школа")
    with pytest.raises(ValueError, match="Row 2 has 1 cells"):
        doc.add_table(["№", "ФИО"], [(1, "Иванов"), ("Петров",)])
    with pytest.raises(ValueError, match="col_widths_mm"):
        doc.add_table(["№", "ФИО"], [], col_widths_mm=[10])
