"""The pair card's «Результаты»: control and feedback of stage 6 — the intermediate results
with their marks (1–10), the mentor's feedback and each mentee's feedback.

Each list has «Добавить…», «Изменить…» (or a double click) and «Удалить» (Delete); every write
goes through `services.pairs.notes` and its change onto the card's undo stack
(`context.record`), so Ctrl+Z brings back a deleted or changed note.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import PairNoteKind
from nastavnik_desktop.services.pairs import notes as notes_service
from nastavnik_desktop.services.pairs.history import BoardChange
from nastavnik_desktop.services.pairs.notes import NoteEntry, NoteRecord, PairNotes
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.records_model import RecordsModel
from nastavnik_desktop.ui.pair_card.context import CardContext, PairTab
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.widgets.cohort import selected_view_rows
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view

TITLE = "Результаты"
_HEADINGS = {
    PairNoteKind.INTERMEDIATE: "Промежуточные результаты",
    PairNoteKind.MENTOR_FEEDBACK: "Отзыв наставника",
    PairNoteKind.MENTEE_FEEDBACK: "Отзывы наставляемых",
}
_EDITOR_TITLES = {
    PairNoteKind.INTERMEDIATE: "Промежуточный результат",
    PairNoteKind.MENTOR_FEEDBACK: "Отзыв наставника",
    PairNoteKind.MENTEE_FEEDBACK: "Отзыв наставляемого",
}
_EMPTY = {
    PairNoteKind.INTERMEDIATE: "Промежуточных результатов пока нет.",
    PairNoteKind.MENTOR_FEEDBACK: "Отзыва наставника пока нет.",
    PairNoteKind.MENTEE_FEEDBACK: "Отзывов наставляемых пока нет.",
}


class NoteEditor(QDialog):
    """One note: the date, the text, the mark (an intermediate result) or whose feedback (a
    mentee's). «Сохранить» writes through `save`; the editor stays open when it is refused."""

    def __init__(self, parent: QWidget | None, kind: PairNoteKind, context: CardContext,
                 mentees: tuple[tuple[int, str], ...], save: Callable[[NoteEntry], bool],
                 note: NoteRecord | None = None) -> None:
        super().__init__(parent)
        self.kind, self._save = kind, save
        self.setWindowTitle(_EDITOR_TITLES[kind])
        today = context.today()
        self.written_on = QDateEdit(qdate(note.written_on if note else today))
        self.written_on.setDisplayFormat(DATE_FORMAT)
        self.written_on.setCalendarPopup(True)
        self.written_on.setMaximumDate(qdate(today))
        self.text = QPlainTextEdit(note.text if note else "")
        self.text.setTabChangesFocus(True)
        self.mark = QSpinBox()
        self.mark.setRange(0, 10)
        self.mark.setSpecialValueText("без оценки")
        self.mark.setValue(note.mark or 0 if note else 0)
        self.mentee = QComboBox()
        for mentee_id, name in mentees:
            self.mentee.addItem(name, mentee_id)
        if note and note.mentee_profile_id is not None:
            self.mentee.setCurrentIndex(max(0, self.mentee.findData(note.mentee_profile_id)))
        form = QFormLayout()
        form.addRow("Дата:", self.written_on)
        if kind is PairNoteKind.MENTEE_FEEDBACK:
            form.addRow("Наставляемый:", self.mentee)
        if kind is PairNoteKind.INTERMEDIATE:
            form.addRow("Оценка (1–10):", self.mark)
        form.addRow("Результат:" if kind is PairNoteKind.INTERMEDIATE else "Отзыв:", self.text)
        buttons, _save = style.dialog_buttons(self, "Сохранить")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def entry(self) -> NoteEntry:
        mark = self.mark.value() if self.kind is PairNoteKind.INTERMEDIATE else 0
        return NoteEntry(
            self.kind, pydate(self.written_on.date()), self.text.toPlainText(),
            mark or None,
            self.mentee.currentData() if self.kind is PairNoteKind.MENTEE_FEEDBACK else None)

    def accept(self) -> None:
        if self._save(self.entry()):
            super().accept()


class _NoteList:
    """One kind of note: its table and buttons."""

    def __init__(self, tab: ResultsTab, kind: PairNoteKind) -> None:
        self.kind = kind
        columns: list[tuple[str, Callable[[NoteRecord], str]]] = [
            ("Дата", lambda n: f"{n.written_on:%d.%m.%Y}")]
        if kind is PairNoteKind.INTERMEDIATE:
            columns.append(("Оценка", lambda n: str(n.mark) if n.mark else "—"))
        if kind is PairNoteKind.MENTEE_FEEDBACK:
            columns.append(("Наставляемый", lambda n: n.mentee_name))
        columns.append(("Результат" if kind is PairNoteKind.INTERMEDIATE else "Отзыв",
                        lambda n: " ".join(n.text.split())))
        self.model: RecordsModel[NoteRecord] = RecordsModel(columns, tab)
        self.view: QTableView = table_view(self.model)
        middle = {PairNoteKind.INTERMEDIATE: [8], PairNoteKind.MENTEE_FEEDBACK: [18]}
        size_columns(self.view, [11, *middle.get(kind, []), None])
        self.empty = style.secondary(_EMPTY[kind])
        self.add_button = QPushButton("Добавить…")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить")
        self.add_button.clicked.connect(lambda: tab.open_editor(kind))
        self.edit_button.clicked.connect(lambda: self._edit(tab))
        self.delete_button.clicked.connect(lambda: self._delete(tab))
        self.view.doubleClicked.connect(  # not when hidden (a past year's card)
            lambda _index: None if self.edit_button.isHidden() else self._edit(tab))
        self.view.selectionModel().selectionChanged.connect(self.update_buttons)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, lambda: self._delete(tab))
        self.box = QGroupBox(_HEADINGS[kind])
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

    def set_notes(self, found: tuple[NoteRecord, ...]) -> None:
        self.model.set_rows(found)
        self.view.setVisible(bool(found))
        self.empty.setVisible(not found)
        self.update_buttons()

    def selected(self) -> NoteRecord | None:
        rows = selected_view_rows(self.view)
        return self.model.row_at(rows[0]) if rows else None

    def update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _edit(self, tab: ResultsTab) -> None:
        note = self.selected()
        if note is not None:
            tab.open_editor(self.kind, note)

    def _delete(self, tab: ResultsTab) -> None:
        note = self.selected()
        if note is not None:
            tab.write(lambda: notes_service.delete_note(tab.context.db, note.id))


class ResultsTab(PairTab):
    title = TITLE

    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: PairNotes | None = None
        self.summary = QLabel()
        self.lists = {kind: _NoteList(self, kind) for kind in _HEADINGS}
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lists[PairNoteKind.INTERMEDIATE].box, 3)
        feedback = QHBoxLayout()
        feedback.addWidget(self.lists[PairNoteKind.MENTOR_FEEDBACK].box, 1)
        feedback.addWidget(self.lists[PairNoteKind.MENTEE_FEEDBACK].box, 1)
        layout.addLayout(feedback, 2)
        layout.addWidget(style.secondary("Удалённую или изменённую запись возвращает Ctrl+Z."))
        self.reload()

    def reload(self) -> None:
        found = messages.guarded(self, lambda: notes_service.notes(
            self.context.db, self.context.pair_id), title=TITLE)
        if found is None:
            return
        self.data = found
        self.lists[PairNoteKind.INTERMEDIATE].set_notes(found.intermediate)
        self.lists[PairNoteKind.MENTOR_FEEDBACK].set_notes(found.mentor_feedback)
        self.lists[PairNoteKind.MENTEE_FEEDBACK].set_notes(found.mentee_feedback)
        marked = [n for n in found.intermediate if n.mark]
        if marked:
            last = marked[-1]
            average = sum(n.mark or 0 for n in marked) / len(marked)
            self.summary.setText(
                f"Последняя оценка: {last.mark} из 10 ({last.written_on:%d.%m.%Y}); "
                f"средняя: {f'{average:.1f}'.replace('.', ',')}")
        else:
            self.summary.setText("Оценок пока нет: поставьте оценку промежуточному результату.")

    def open_editor(self, kind: PairNoteKind, note: NoteRecord | None = None) -> NoteEditor:
        """Open the editor of a new note (or of `note`); it saves itself on «Сохранить»."""
        context = self.context
        mentees = self.data.mentees if self.data else ()

        def save(entry: NoteEntry) -> bool:
            if note is None:
                return self.write(lambda: notes_service.add_note(
                    context.db, context.pair_id, entry, today=context.today()))
            return self.write(lambda: notes_service.edit_note(
                context.db, note.id, entry, today=context.today()))

        if kind is PairNoteKind.MENTEE_FEEDBACK and not mentees:
            messages.show_info(self, "В паре нет наставляемых, чей отзыв можно записать.",
                               title=TITLE)
        editor = NoteEditor(self, kind, context, mentees, save, note)
        editor.open()
        return editor

    def write(self, action: Callable[[], BoardChange]) -> bool:
        change = messages.guarded(self, action, title=TITLE)
        if change is None:
            return False
        self.context.record(change)
        self.reload()
        return True
