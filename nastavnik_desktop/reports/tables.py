"""Tables of documents: data tables with a grid, and the borderless ones that align requisites.

Every cell is a Paragraph, so text wraps inside its column instead of running over the next one
or past the margin, and every cell uses the bundled fonts.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, Table, TableStyle

from nastavnik_desktop.reports.layout import DocumentStyles
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.typography import no_break, paragraph_text

Cell = str | int | float | dt.date | None
Align = Literal["left", "center", "right"]

GRID_WIDTH = 0.5
CELL_PADDING_H = 3.0
CELL_PADDING_V = 2.0
SIGNATURE_LINE_MM = 40.0
# A column of long texts (requests, results) asks for at most this share of the width when
# widths are guessed, so it wraps instead of squeezing the others.
_MAX_SHARE = 0.4
_BREAKABLE_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class GroupRow:
    """A row across all columns that opens a group, e.g. a roadmap stage."""

    text: str


Row = Sequence[Cell] | GroupRow


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def data_table(headers: Sequence[str], rows: Sequence[Row], *, styles: DocumentStyles,
               width: float, col_widths_mm: Sequence[float] | None = None,
               align: Sequence[Align] | None = None, repeat_header: bool = True,
               compact: bool = False, hyphenate: Sequence[bool] = ()) -> Table:
    """A gridded table that splits across pages, repeating the header row on each.

    Without `align`, columns of numbers and dates are centred.
    `col_widths_mm` are kept when they fit within `width` and leave every word whole, adjusted
    otherwise (see `fit_widths`); without them the widths follow the content — `compact=True`
    chooses them so that the table is as short as it can be (`compact_widths`: a list of
    hundreds of people). The columns flagged in `hyphenate` (long texts, never names) break
    their words by syllables with a hyphen, when the hyphenation dictionary is installed.
    """
    check_shape(headers, rows, col_widths_mm=col_widths_mm, align=align)
    columns = len(headers)
    if compact:
        widths = compact_widths(headers, rows, width, styles, hyphenate=hyphenate)
    elif col_widths_mm is None:
        widths = guess_widths(headers, rows, width, styles)
    else:
        least, _ = content_widths(headers, rows, width, styles)
        widths = fit_widths([w * mm for w in col_widths_mm], width, least)
    cell_styles = [_cell_style(styles, a) for a in (align or guess_alignment(rows, columns))]
    if hyphenate and syllables() is not None:
        # embeddedHyphenation=2: a word that fits neither the rest of a line nor a whole
        # one is hyphenated at the start of the next line, never cut letter by letter
        cell_styles = [style.clone(f"{style.name}_hyphenated", hyphenationLang=HYPHENATION_LANG,
                                   embeddedHyphenation=2) if flag else style
                       for style, flag in zip(cell_styles, hyphenate, strict=True)]
    data: list[list[Paragraph | str]] = [
        [Paragraph(paragraph_text(h), styles.table_header) for h in headers]]
    commands: list[tuple[object, ...]] = [
        *_font(styles.table_cell),
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_H),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_H),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_V),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_V + 1),
    ]
    for index, row in enumerate(rows, start=1):
        if isinstance(row, GroupRow):
            bold = f"<b>{paragraph_text(row.text)}</b>"
            data.append([Paragraph(bold, styles.table_cell)] + [""] * (columns - 1))
            commands.append(("SPAN", (0, index), (-1, index)))
            following = _first_data_row(rows, index)
            if following is not None:  # the group's header never ends a page alone
                commands.append(("NOSPLIT", (0, index), (-1, following)))
        else:
            data.append([Paragraph(paragraph_text(cell_text(value)), style)
                         for value, style in zip(row, cell_styles, strict=True)])
    table = LongTable(data, colWidths=widths, repeatRows=1 if repeat_header else 0,
                      hAlign="LEFT", splitByRow=1)
    table.setStyle(TableStyle(commands))
    return table


def _first_data_row(rows: Sequence[Row], index: int) -> int | None:
    """The table row (1-based, after the header) of the first data row after the group row
    at `index`, past any group rows nested under it; None when none follows."""
    for number in range(index + 1, len(rows) + 1):
        if not isinstance(rows[number - 1], GroupRow):
            return number
    return None


def check_shape(headers: Sequence[str], rows: Sequence[Row], *,
                col_widths_mm: Sequence[float] | None = None,
                align: Sequence[Align] | None = None) -> None:
    """Every row, width and alignment matches the header (a programming error otherwise)."""
    columns = len(headers)
    if not columns:
        raise ValueError("A table needs at least one column")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, GroupRow) and len(row) != columns:
            raise ValueError(f"Row {number} has {len(row)} cells, the header {columns}")
    for name, values in (("col_widths_mm", col_widths_mm), ("align", align)):
        if values is not None and len(values) != columns:
            raise ValueError(f"{name} has {len(values)} items for {columns} columns")


def guess_alignment(rows: Sequence[Row], columns: int) -> list[Align]:
    """Columns of numbers and dates are centred, text is at the left."""
    result: list[Align] = []
    for column in range(columns):
        values = [row[column] for row in rows
                  if not isinstance(row, GroupRow) and row[column] not in (None, "")]
        short = values and all(isinstance(v, int | float | dt.date) for v in values)
        result.append("center" if short else "left")
    return result


def guess_widths(headers: Sequence[str], rows: Sequence[Row], width: float,
                 styles: DocumentStyles) -> list[float]:
    """Column widths from the content, as browsers lay out tables: each column gets at least
    its longest word (so «10» or «01.10.2025» never breaks), and the rest of the width goes
    to the columns in proportion to how much more their longest text needs."""
    least, most = content_widths(headers, rows, width, styles)
    if sum(least) >= width:
        return [width * w / sum(least) for w in least]
    if sum(most) <= width:
        spare = width - sum(most)
        return [w + spare * w / sum(most) for w in most]
    spare, wants = width - sum(least), [m - lo for m, lo in zip(most, least, strict=True)]
    return [lo + spare * want / sum(wants) for lo, want in zip(least, wants, strict=True)]


_COMPACT_STEPS = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0)  # mm a column may grow by at once
_HEADER_WEIGHT = 3  # the header row is printed on every page
_TIE_BREAK = 0.05


HYPHENATION_LANG = "ru_RU"


@functools.cache
def syllables() -> Callable[[str], list[str]] | None:
    """The pieces a word may be hyphenated into (pyphen's Russian dictionary, as reportlab
    uses it), or None when pyphen is not installed: words then break only between them."""
    try:
        import pyphen
    except ImportError:
        return None
    dictionary = pyphen.Pyphen(lang=HYPHENATION_LANG)

    def pieces(word: str) -> list[str]:
        cuts = [0, *dictionary.positions(word), len(word)]
        return [word[a:b] for a, b in itertools.pairwise(cuts)]

    return pieces


# The letters reportlab hyphenates (its paragraph.py): Cyrillic А–я without «ё».
_HYPHENATABLE = re.compile(r"[A-Za-zА-Яа-я]+(?:-[A-Za-zА-Яа-я]+)*")
_OPENING = "'\"([{\u2018\u201a\u201c\u201e"
_CLOSING = "]'\")}?!.,;:\u2019\u201b\u201d\u201f"


def _narrowest(word: str, style: ParagraphStyle, hyphenated: bool) -> float:
    """The least width `word` needs: whole, or — hyphenated — its wider half at the best
    break: after a hyphen of its own («инженер-|конструктор») or between syllables with a
    hyphen added. A word reportlab does not hyphenate (in «quotes», with «ё», digits or a
    no-break space) stays whole."""
    whole = _text_width(word, style)
    pieces = syllables() if hyphenated else None
    core = word.lstrip(_OPENING).rstrip(_CLOSING)
    if pieces is None or not _HYPHENATABLE.fullmatch(core):
        return whole
    start = word.index(core)
    opening, closing = word[:start], word[start + len(core):]
    breaks, offset = [], 0
    for part in core.split("-"):
        cuts = itertools.accumulate(len(p) for p in pieces(part)[:-1]) if part else []
        breaks += [offset + cut for cut in cuts]
        offset += len(part) + 1
        breaks.append(offset)
    widths = [whole]
    for at in breaks[:-1]:
        left = core[:at] if core[at - 1] == "-" else core[:at] + "-"
        widths.append(max(_text_width(opening + left, style),
                          _text_width(core[at:] + closing, style)))
    return min(widths)


def compact_widths(headers: Sequence[str], rows: Sequence[Row], width: float,
                   styles: DocumentStyles, *, hyphenate: Sequence[bool] = ()) -> list[float]:
    """Column widths that make the table as short as they can: every column starts at its
    longest word (its widest syllable in the columns flagged in `hyphenate`), then the width
    left goes, a few millimetres at a time, to the column whose growth saves the most lines
    of the rows (a row is as tall as its tallest cell) per millimetre; what no column can use
    any more is shared as `guess_widths` shares it."""
    least, most = content_widths(headers, rows, float("inf"), styles)
    padding = 2 * CELL_PADDING_H + 1
    cell, header = styles.table_cell, styles.table_header
    data = [row for row in rows if not isinstance(row, GroupRow)]
    for column, flag in enumerate(hyphenate):
        if flag:
            words = [_text_width(w, header) for w in _words(headers[column])]
            words += [_narrowest(w, cell, True) for row in data
                      for w in _words(cell_text(row[column]))]
            least[column] = max(words, default=0) + padding
    if sum(least) >= width:
        return [width * w / sum(least) for w in least]
    space = _text_width(" ", cell)
    # per column, per row (the header first): the widths of the words of each line
    texts = [[[[_text_width(w, header) for w in _words(line)] for line in title.split("\n")]]
             + [[[_text_width(w, cell) for w in _words(line)]
                 for line in cell_text(row[column]).split("\n")] for row in data]
             for column, title in enumerate(headers)]
    weights = [_HEADER_WEIGHT] + [1] * len(data)

    @functools.cache
    def lines(column: int, column_width: float) -> list[int]:
        inner = column_width - padding + 0.01
        return [sum(_wrapped_lines(words, inner, space) for words in paragraphs)
                for paragraphs in texts[column]]

    widths = list(least)
    counts = [lines(c, widths[c]) for c in range(len(headers))]
    while (best := _best_growth(widths, most, counts, weights, width, lines)) is not None:
        column, step, grown = best
        widths[column] += step
        counts[column] = grown
    spare = width - sum(widths)
    wants = [max(m - w, 0.0) for w, m in zip(widths, most, strict=True)]
    if sum(wants) > 0:
        return [w + spare * want / sum(wants) for w, want in zip(widths, wants, strict=True)]
    return [w + spare / len(widths) for w in widths]


def _best_growth(widths: Sequence[float], most: Sequence[float], counts: Sequence[list[int]],
                 weights: Sequence[int], width: float,
                 lines: Callable[[int, float], list[int]]) -> tuple[int, float, list[int]] | None:
    """(column, how much wider, its lines then) that saves the most lines per millimetre of
    the width left, or None when no growth saves any. `counts[c][r]`: lines of the cell of
    column c in row r now; a row is as tall as its tallest cell."""
    spare = width - sum(widths)
    tallest = [sorted(((column[r], c) for c, column in enumerate(counts)), reverse=True)[:2]
               for r in range(len(weights))]
    best: tuple[float, int, float, list[int]] | None = None
    for column in range(len(widths)):
        for step_mm in _COMPACT_STEPS:
            step = step_mm * mm
            if step > spare + 0.01 or widths[column] >= most[column]:
                break
            grown = lines(column, widths[column] + step)
            saved = 0.0
            for r, (top, *second) in enumerate(tallest):
                others = (second[0][0] if second else 0) if top[1] == column else top[0]
                was, now = counts[column][r], grown[r]
                # the rows made shorter; then, to break ties among cells as tall as each
                # other, the tall cells made shorter
                saved += weights[r] * (max(others, was) - max(others, now)
                                       + _TIE_BREAK * (was * was - now * now))
            if saved > 0 and (best is None or saved / step > best[0]):
                best = (saved / step, column, step, grown)
    return None if best is None else best[1:]


def _wrapped_lines(words: Sequence[float], width: float, space: float) -> int:
    """Lines a paragraph of words of these widths takes in `width`, filled greedily; a word
    wider than the line (hyphenated) takes as many lines as its width asks."""
    count, used = 1, 0.0
    for word in words:
        if used and used + space + word > width:
            count, used = count + 1, 0.0
        if word > width:
            count += math.ceil(word / width) - 1
            used = word % width
        else:
            used += (space if used else 0.0) + word
    return count


def content_widths(headers: Sequence[str], rows: Sequence[Row], width: float,
                   styles: DocumentStyles) -> tuple[list[float], list[float]]:
    """Per column: the width of its longest word, and of its longest text (capped), padded."""
    cell, header = styles.table_cell, styles.table_header
    padding = 2 * CELL_PADDING_H + 1
    least, most = [], []
    for column, title in enumerate(headers):
        texts = [cell_text(row[column]) for row in rows if not isinstance(row, GroupRow)]
        words = [_text_width(w, header) for w in _words(title)]
        words += [_text_width(w, cell) for text in texts for w in _words(text)]
        lines = [_text_width(title, header)] + [_text_width(t, cell) for t in texts]
        least.append(max(words, default=0) + padding)
        most.append(min(max(lines), width * _MAX_SHARE) + padding)
    return least, most


def _words(text: str) -> list[str]:
    """The pieces a line may break between: «№ п/п» is one, its space being a no-break one."""
    return _BREAKABLE_SPACE.split(no_break(text))


def _text_width(text: str, style: ParagraphStyle) -> float:
    return float(stringWidth(text, style.fontName, style.fontSize))


def fit_widths(widths: Sequence[float], width: float,
               least: Sequence[float] | None = None) -> list[float]:
    """Keep the table within the margins: shrink the widths proportionally if they are too
    wide, then widen any column narrower than its longest word (`least`) at the expense of the
    columns with room to spare, so that no word is cut in two while others have space."""
    total = sum(widths)
    fitted = list(widths) if total <= width else [w * width / total for w in widths]
    if least is None:
        return fitted
    deficit = sum(max(lo - w, 0) for w, lo in zip(fitted, least, strict=True))
    slack = [max(w - lo, 0) for w, lo in zip(fitted, least, strict=True)]
    if deficit == 0 or sum(slack) < deficit:
        return fitted
    share = deficit / sum(slack)
    return [lo if w < lo else w - s * share
            for w, lo, s in zip(fitted, least, slack, strict=True)]


def _cell_style(styles: DocumentStyles, align: Align) -> ParagraphStyle:
    return {"left": styles.table_cell, "center": styles.table_cell_center,
            "right": styles.table_cell_right}[align]


def _font(style: ParagraphStyle) -> list[tuple[object, ...]]:
    """The table's own font: it is set for every cell, even one holding a Paragraph, and is
    reportlab's Helvetica unless given."""
    return [("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize, style.leading)]


_BORDERLESS: list[tuple[object, ...]] = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def left_right_line(left: str, right: str, *, styles: DocumentStyles, width: float) -> Table:
    """One line with text at the left margin and text at the right one (date and number)."""
    table = Table([[Paragraph(paragraph_text(left), styles.requisite_left),
                    Paragraph(paragraph_text(right), styles.requisite_right)]],
                  colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(TableStyle([*_font(styles.requisite_left), *_BORDERLESS,
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def signature_block(position: str, name: str, *, styles: DocumentStyles,
                    width: float) -> Table:
    """«Директор ____________ И. И. Иванов»: position at the left margin, the name at the right
    one level with the last line of the position, a line for the signature between them."""
    name_style = styles.signature_name
    name_width = stringWidth(name, name_style.fontName, name_style.fontSize) + 2
    line_width = SIGNATURE_LINE_MM * mm
    position_width = min(
        stringWidth(position, styles.signature.fontName, styles.signature.fontSize) + 2,
        width * 0.45)
    gap = max((width - position_width - line_width - name_width) / 2, 0)
    table = Table([[Paragraph(paragraph_text(position), styles.signature), "", "", "",
                    Paragraph(paragraph_text(name), name_style)]],
                  colWidths=[position_width, gap, line_width, gap, width - position_width
                             - 2 * gap - line_width], hAlign="LEFT")
    table.setStyle(TableStyle([*_font(styles.signature), *_BORDERLESS,
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LINEBELOW", (2, 0), (2, 0), GRID_WIDTH, colors.black)]))
    return table


MENTEES_PER_ROW = 30
"""A group's mentees go at most this many to a table row, the rest in rows below it: rows
split between pages only at their borders, and a row taller than a page cannot be placed."""
LONG_GROUP = 4
"""A larger group lists its mentees in a run, comma after comma, not one a line."""
_PLACE = re.compile(r"\s+\(([^()]*)\)$")


def mentee_cells(mentees: Sequence[str], title: str = "", *,
                 per_row: int = MENTEES_PER_ROW) -> list[str]:
    """The cells of a table column listing a pair's or a group's mentees («ФИО (5А)»): one a
    line in a pair or a small group; in a larger one, in a run, in chunks of MENTEES_PER_ROW,
    their common class said once, after the group's title. The pair list, the order on pairs
    and the control sheet list groups this way: a class-wide group one a line made a row taller
    than a page. Fewer `per_row` let a long group go on over a page break (rows split only at
    their borders) instead of leaving the rest of a page empty."""
    names, heading = list(mentees), title
    if len(names) > LONG_GROUP:
        places = {found[1] if (found := _PLACE.search(name)) else None for name in names}
        if len(places) == 1 and (place := places.pop()) is not None:
            names = [_PLACE.sub("", name) for name in names]
            if not heading or place.split()[0] not in heading:  # «Группа 5Б класса» says it
                heading = f"{heading} ({place})" if heading else place
    joiner = ", " if len(names) > LONG_GROUP else "\n"
    chunks = [names[i:i + per_row] for i in range(0, len(names), per_row)]
    cells = [joiner.join(chunk) for chunk in chunks]
    if heading and len(names) > 1:
        cells[0] = f"{heading}:\n{cells[0]}"
    return cells
