"""What the pages of every wizard share: the list of what still blocks «Далее», and the
result page of a stage with its checklist."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.widgets.elided_label import ElidedLabel

HINT_STYLE = "QLabel { color: #8c1d18; }"


def hint_label() -> QLabel:
    """The dark-red label under a page's fields that says what is missing (hidden when
    nothing is)."""
    hint = QLabel()
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    hint.setStyleSheet(HINT_STYLE)
    hint.hide()
    return hint


def shortened(problems: Sequence[str], limit: int | None) -> str:
    """At most `limit` problems, a line each, and «… и ещё N» for the rest."""
    shown = problems if limit is None else problems[:limit]
    text = "\n".join(shown)
    if len(shown) < len(problems):
        text += f"\n… и ещё {len(problems) - len(shown)}"
    return text


class ChecklistPage(QWizardPage):
    """A page that lists what is still missing under its fields and keeps «Далее» disabled
    until the list is empty. Subclasses say what is missing in `problems()` and call
    `changed()` when a field changes."""

    max_problems_shown: int | None = None
    """Show at most this many problems and «… и ещё N» (None: all of them)."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.hint = hint_label()
        self.completeChanged.connect(self._show_problems)

    def problems(self) -> list[str]:
        """What the curator still has to fill in or correct, in Russian."""
        return []

    def isComplete(self) -> bool:
        return not self.problems()

    def validatePage(self) -> bool:
        """Checked again on leaving: `QWizard.next()` does not ask `isComplete`."""
        self.changed()
        return self.isComplete()

    def changed(self) -> None:
        self.completeChanged.emit()

    def hint_text(self) -> str:
        return self.hint.text() if not self.hint.isHidden() else ""

    def _show_problems(self) -> None:
        problems = self.problems()
        self.hint.setText(shortened(problems, self.max_problems_shown))
        self.hint.setVisible(bool(problems))

    def initializePage(self) -> None:
        self._show_problems()


LIST_LIMIT = 30
"""How many names the summary lists before «и ещё N»."""


class StagePage(ChecklistPage):
    """A page of the stage 2 and 3 wizards: long lists of problems are cut short. With
    `steady_hint` the list keeps one height whatever it says (a problem a line, elided, all of
    them in the tooltip), so the table above it never moves under the curator's mouse."""

    max_problems_shown = 4
    steady_hint = True
    steady_lines = 2
    """Problems shown in a steady hint, and a line for «… и ещё N»."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__(title, subtitle)
        if self.steady_hint:
            self.max_problems_shown = self.steady_lines
            self.hint = steady_hint_label(self.steady_lines + 1)

    def hint_text(self) -> str:
        if isinstance(self.hint, ElidedLabel):
            return self.hint.full_text()
        return super().hint_text()

    def _show_problems(self) -> None:
        if not isinstance(self.hint, ElidedLabel):
            super()._show_problems()
            return
        problems = self.problems()
        self.hint.set_full_text(shortened(problems, self.max_problems_shown))
        self.hint.setToolTip("\n".join(problems))


def steady_hint_label(lines: int) -> ElidedLabel:
    """The hint of a page with a table: always `lines` high (a problem a line, elided at the
    end), empty rather than hidden when nothing is missing."""
    hint = ElidedLabel(mode="end")
    hint.setObjectName("hint")
    hint.setStyleSheet(HINT_STYLE)
    hint.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    hint.setFixedHeight(hint.fontMetrics().lineSpacing() * lines)
    return hint


def card_html(card: StageCard) -> str:
    """The stage's checklist: done items ticked, the rest marked as left to do."""
    lines = []
    for item in card.items:
        mark = "<span style='color:#1d6b33'>✔</span>" if item.done else \
            "<span style='color:#b3261e'>✘</span>"
        detail = f" — {html.escape(item.detail)}" if item.detail else ""
        manual = " <i>(отмечается вручную в дорожной карте)</i>" if item.manual and \
            not item.done else ""
        lines.append(f"<li>{mark} {html.escape(item.text)}{detail}{manual}</li>")
    return f"<ul style='list-style:none'>{''.join(lines)}</ul>"


def left_to_do(card: StageCard) -> list[str]:
    return [item.text + (f" ({item.detail})" if item.detail else "")
            for item in card.items if not item.done]


def names_html(names: Sequence[str]) -> str:
    shown = ", ".join(html.escape(n) for n in names[:LIST_LIMIT])
    rest = len(names) - LIST_LIMIT
    return shown + (f" и ещё {rest}" if rest > 0 else "")


class SummaryPage(StagePage):
    """The result of the stage as «Готово» will save it; a refusal of the save is shown here
    and keeps «Готово» disabled."""

    steady_hint = False

    def __init__(self, subtitle: str, build: Callable[[], tuple[str, StageCard]]) -> None:
        super().__init__("Итог", subtitle)
        self._build = build
        self._error = ""
        self.card: StageCard | None = None
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        try:
            text, self.card = self._build()
            self._error = ""
        except NastavnikError as exc:
            text, self.card, self._error = "", None, exc.message
        self.summary.setHtml(text)
        super().initializePage()
        self.changed()

    def problems(self) -> list[str]:
        return [f"Сохранить нельзя: {self._error}"] if self._error else []

    def text(self) -> str:
        return self.summary.toPlainText()


def tell_what_is_left(parent: QWidget, card: StageCard) -> None:
    left = left_to_do(card)
    if left:
        messages.show_info(parent, f"Данные этапа {card.stage} сохранены. Чтобы этап был "
                           "выполнен, осталось:\n• " + "\n• ".join(left),
                           title=f"Этап {card.stage}")
