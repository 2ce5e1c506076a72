"""What the pages of every wizard share: the list of what still blocks «Далее»."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWizardPage

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
        limit = self.max_problems_shown
        shown = problems if limit is None else problems[:limit]
        text = "\n".join(shown)
        if len(shown) < len(problems):
            text += f"\n… и ещё {len(problems) - len(shown)}"
        self.hint.setText(text)
        self.hint.setVisible(bool(problems))

    def initializePage(self) -> None:
        self._show_problems()
