"""The curator's exclusions for matching («никогда не ставить в пару этих двоих»): a searchable
list with «Запретить пары…» (one mentor × one or many mentees) and «Снять запрет» — on the
stage 5 settings page and, filtered to one person, on the person card. Every change is saved at
once through `services.matching.exclusions`; `changed` tells the page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.matching import exclusions as service
from nastavnik_desktop.services.matching.exclusions import (
    AddedExclusions,
    ExclusionChoices,
    ExclusionInfo,
    PersonOption,
)
from nastavnik_desktop.text import alphabetical_key, ru_plural
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.rows import RowsModel
from nastavnik_desktop.ui.widgets.tables import (
    keep_column_fitted,
    selected_source_rows,
    size_columns,
    table_view,
)

TITLE = "Запреты пар"


class ExclusionsEditor(QWidget):
    """The exclusions of a programme (only those naming `person_id`, when given)."""

    changed = Signal()

    def __init__(self, db: Database, programme_id: int, *, person_id: int | None = None,
                 rows: Sequence[ExclusionInfo] | None = None, visible_rows: int = 5,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._person_id = person_id
        self._rows: list[ExclusionInfo] = []

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО, классу или причине")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        reason = ("Причина", lambda e: e.reason or "—")
        if person_id is None:
            columns = [("Наставник", lambda e: _who(e.mentor_name, e.mentor_class)),
                       ("Наставляемый", lambda e: _who(e.mentee_name, e.mentee_class)),
                       reason]
        else:  # on a person's card: only the other one of each pair
            columns = [("С кем", lambda e: self._other(e)), reason]
        self.model = RowsModel[ExclusionInfo](columns, self)
        self.view = table_view(self.model, multi=True)
        self.view.setObjectName("exclusions")
        size_columns(self.view, [24] * (len(columns) - 1) + [None])
        for column in range(len(columns) - 1):
            keep_column_fitted(self.view, column, least=18, most=36)
        row_height = self.view.verticalHeader().defaultSectionSize()
        self.view.setMinimumHeight(row_height * (visible_rows + 1) + 4)
        self.count_label = style.secondary()
        self.add_button = QPushButton("Запретить &пары…")
        self.add_button.setToolTip("Выбрать наставника и одного или нескольких наставляемых, "
                                   "которых никогда не ставить с ним в пару")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Снять &запрет")
        self.remove_button.setToolTip("Снять выбранные запреты (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        self.search.setVisible(person_id is None)  # one person's few rows need no search
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if rows is None:
            self.reload()
        else:
            self._show(rows)

    def _other(self, exclusion: ExclusionInfo) -> str:
        if exclusion.mentor_person_id == self._person_id:
            return _who(exclusion.mentee_name, exclusion.mentee_class)
        return _who(exclusion.mentor_name, exclusion.mentor_class)

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the exclusions again (a few rows: read on the spot)."""
        rows = messages.guarded(self, lambda: service.exclusions(
            self._db, self._programme_id, person_id=self._person_id))
        if rows is not None:
            self._show(rows)

    def rows(self) -> list[ExclusionInfo]:
        return list(self._rows)

    def shown(self) -> list[ExclusionInfo]:
        return self.model.entries()

    def _show(self, rows: Sequence[ExclusionInfo]) -> None:
        self._rows = list(rows)
        self._filter()

    def _filter(self) -> None:
        words = alphabetical_key(self.search.text()).split()
        self.model.set_entries(e for e in self._rows
                               if all(word in e.search_key for word in words))
        total = len(self._rows)
        if not total:
            self.count_label.setText("Запретов нет: программа может поставить в пару любых "
                                     "двоих одной формы.")
        elif self.model.rowCount() == total:
            self.count_label.setText(f"{total} {ru_plural(total, 'запрет', 'запрета', 'запретов')}")
        else:
            self.count_label.setText(f"Показано {self.model.rowCount()} из {total}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())

    # --- writing ---------------------------------------------------------------------------

    def add(self) -> None:
        """Ask for the mentor, the mentees and the reason, then save."""
        choices = messages.guarded(self, lambda: service.exclusion_choices(
            self._db, self._programme_id))
        if choices is None:
            return
        if not choices.mentors or not choices.mentees:
            messages.show_info(self, "В программе пока нет наставников или наставляемых: "
                               "запрещать некого. Добавьте их на этапах 2–4.", title=TITLE)
            return
        dialog = AddExclusionsDialog(choices, person_id=self._person_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_pairs(dialog.pairs(), dialog.reason())

    def add_pairs(self, pairs: Sequence[tuple[int, int]], reason: str) -> bool:
        """Save exclusions of (mentor person, mentee person); says what was done."""
        added = messages.guarded(self, lambda: service.add_exclusions(
            self._db, self._programme_id, pairs, reason))
        if added is None:
            return False
        self._after_change(added)
        return True

    def remove_selected(self) -> None:
        chosen = [self.model.entry(r) for r in selected_source_rows(self.view)]
        if not chosen:
            return
        names = "\n".join(f"{e.mentor_name} — {e.mentee_name}" for e in chosen)
        n = len(chosen)
        text = (f"Снять запрет с пары «{chosen[0].mentor_name} — {chosen[0].mentee_name}»?"
                if n == 1 else f"Снять {n} {ru_plural(n, 'запрет', 'запрета', 'запретов')}?")
        if not messages.confirm(self, text + " При следующем подборе программа сможет "
                                "предложить эти пары.", title=TITLE, accept_text="Снять",
                                details=names if n > 1 else ""):
            return
        if messages.guarded(self, lambda: service.remove_exclusions(
                self._db, self._programme_id, [e.id for e in chosen])) is None:
            return
        self.reload()
        self.changed.emit()

    def _after_change(self, added: AddedExclusions) -> None:
        self.reload()
        if added.kept:
            messages.show_info(self, added.message + " Их причина не изменилась.", title=TITLE)
        if added.added:
            self.changed.emit()


def _who(name: str, class_name: str) -> str:
    return f"{name} ({class_name})" if class_name else name


class AddExclusionsDialog(QDialog):
    """One mentor and one or many mentees of the programme, and the reason."""

    def __init__(self, choices: ExclusionChoices, *, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Запретить пары")
        self.setMinimumSize(620, 520)
        self._mentees = list(choices.mentees)

        self.mentor_combo = QComboBox()
        self.mentor_combo.setEditable(True)
        self.mentor_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for option in choices.mentors:
            self.mentor_combo.addItem(option.label, option.person_id)
        completer = self.mentor_combo.completer()
        line = self.mentor_combo.lineEdit()
        assert completer is not None and line is not None  # an editable combo has both
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        line.setPlaceholderText("Начните вводить фамилию")
        self.mentor_combo.currentIndexChanged.connect(self._filter)
        line.textChanged.connect(self._update_buttons)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск наставляемых по фамилии, имени или классу")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.model = RowsModel[PersonOption](
            [("ФИО", lambda p: p.name), ("Класс", lambda p: p.class_name or "—")], self)
        self.view = table_view(self.model, multi=True)
        size_columns(self.view, [36, None])
        keep_column_fitted(self.view, 0, least=26, most=44)
        self.count_label = style.secondary()
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(service.MAX_REASON)
        self.reason_edit.setPlaceholderText("Например: родственники, конфликт, просьба родителей")

        self.buttons, self.ok_button = style.dialog_buttons(self, "Запретить")
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        mentor_label = QLabel("&Наставник:")
        mentor_label.setBuddy(self.mentor_combo)
        reason_label = QLabel("&Причина:")
        reason_label.setBuddy(self.reason_edit)
        form = QFormLayout()
        form.addRow(mentor_label, self.mentor_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(style.secondary(
            "Программа никогда не поставит выбранного наставника в пару с отмеченными "
            "наставляемыми — ни при подборе, ни вручную, пока запрет не снят."))
        layout.addLayout(form)
        mentees_label = QLabel("Наставляемые (можно выделить нескольких, Ctrl или Shift):")
        mentees_label.setBuddy(self.search)
        layout.addWidget(mentees_label)
        layout.addWidget(self.search)
        self.search.setVisible(person_id is None)  # one person's few rows need no search
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        reason_row = QFormLayout()
        reason_row.addRow(reason_label, self.reason_edit)
        layout.addLayout(reason_row)
        layout.addWidget(self.buttons)

        if person_id is not None:
            at = self.mentor_combo.findData(person_id)
            if at >= 0:
                self.mentor_combo.setCurrentIndex(at)
        self._filter()
        if person_id is not None:
            self.select_mentees([person_id])

    def mentor_id(self) -> int | None:
        """The mentor chosen (None when the text typed names nobody in the list)."""
        at = self.mentor_combo.findText(self.mentor_combo.currentText())
        return self.mentor_combo.itemData(at) if at >= 0 else None

    def choose_mentor(self, person_id: int) -> None:
        self.mentor_combo.setCurrentIndex(self.mentor_combo.findData(person_id))

    def select_mentees(self, person_ids: Sequence[int]) -> None:
        wanted = set(person_ids)
        selection = self.view.selectionModel()
        for row, option in enumerate(self.model.entries()):
            if option.person_id in wanted:
                selection.select(self.model.index(row, 0),
                                 selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def mentee_ids(self) -> list[int]:
        return [self.model.entry(r).person_id for r in selected_source_rows(self.view)]

    def pairs(self) -> list[tuple[int, int]]:
        mentor = self.mentor_id()
        return [] if mentor is None else [(mentor, m) for m in self.mentee_ids()]

    def reason(self) -> str:
        return self.reason_edit.text()

    def _filter(self) -> None:
        kept = set(self.mentee_ids())
        words = alphabetical_key(self.search.text()).split()
        mentor = self.mentor_id()
        self.model.set_entries(p for p in self._mentees if p.person_id != mentor
                               and all(word in p.search_key for word in words))
        self.count_label.setText(f"Показано {self.model.rowCount()} из {len(self._mentees)}")
        self.select_mentees(sorted(kept))
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.mentee_ids())
        self.ok_button.setEnabled(bool(self.pairs()))
        self.ok_button.setText(f"Запретить ({n})" if n > 1 else "Запретить")

    def accept(self) -> None:
        if self.pairs():
            super().accept()
