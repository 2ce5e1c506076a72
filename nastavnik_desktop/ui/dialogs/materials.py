"""«Методические материалы»: the programme's materials in one window, and the pieces the pair
card's «Материалы» tab shares with it (opening a material, the link editor, copying files in
the background).

The curator finds materials by title and by form, adds many files at once (copied in a worker
with progress), adds links, attaches the selected materials to the whole programme, a form or a
role model, and hands the selected materials to the selected mentors — or to every mentor of a
form — with a date, in one step. Deleting asks first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MaterialKind
from nastavnik_desktop.services import materials
from nastavnik_desktop.services.materials import Attachment, MaterialRecord, MentorChoice
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.records_model import RecordsModel
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.cohort import selected_view_rows, selection_count
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view

TITLE = "Методические материалы"
_NAMES = 8
"""How many mentors the line «уже выдан: …» names."""
FILE_FILTER = ("Документы и файлы (*.pdf *.doc *.docx *.odt *.rtf *.txt *.xls *.xlsx *.ods "
               "*.ppt *.pptx *.odp *.jpg *.jpeg *.png *.gif *.zip);;Все файлы (*)")


# --- shared with the pair card ----------------------------------------------------------------

def open_location(location: str) -> bool:
    """Open a file or a link in the program the system chooses for it."""
    if location.lower().startswith(("http://", "https://")):
        url = QUrl(location)
    else:
        url = QUrl.fromLocalFile(location)
    return QDesktopServices.openUrl(url)


def open_material(parent: QWidget, db: Database, material: MaterialRecord) -> None:
    location = messages.guarded(parent, lambda: materials.absolute_location(db, material),
                                title=TITLE)
    if location is not None and not open_location(location):
        messages.show_error(parent, f"Не удалось открыть «{material.title}»: на компьютере нет "
                            "программы для таких файлов или адрес недоступен.", title=TITLE)


def choose_files(parent: QWidget) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(parent, "Выберите файлы материалов", "",
                                                  FILE_FILTER)
    return paths


def copy_files(parent: QWidget, db: Database, programme_id: int, paths: Sequence[str], *,
               today: dt.date, attach: Attachment,
               on_done: Callable[[list[int]], object]) -> BackgroundTask:
    """Copy the files into the materials folder in a worker, with progress and «Отмена»."""
    return run_task(
        parent,
        lambda progress: materials.add_files(db, programme_id, [Path(p) for p in paths],
                                             today=today, attach=attach, progress=progress),
        on_done, title=TITLE, label="Копируются файлы материалов…", failure_title=TITLE)


class LinkEditor(QDialog):
    """A link's title and address; «Добавить» saves through `save` and stays open when it
    refuses (the message says why)."""

    def __init__(self, parent: QWidget | None, save: Callable[[str, str], bool]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ссылка на материал")
        self._save = save
        self.title = QLineEdit()
        self.title.setPlaceholderText("например, «Памятка наставнику»")
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://… или путь к файлу в сети школы")
        form = QFormLayout()
        form.addRow("Название:", self.title)
        form.addRow("Адрес:", self.address)
        buttons, _add = style.dialog_buttons(self, "Добавить")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def accept(self) -> None:
        if self._save(self.title.text(), self.address.text()):
            super().accept()


def material_columns() -> list[tuple[str, Callable[[MaterialRecord], str]]]:
    return [
        ("Название", lambda m: m.title),
        ("Вид", lambda m: m.kind_label),
        ("Для кого", lambda m: m.attached_to),
        ("Добавлен", lambda m: f"{m.added_on:%d.%m.%Y}"),
        ("Выдан наставникам", lambda m: str(m.handed_out) if m.handed_out else "—"),
    ]


def confirm_delete(parent: QWidget, chosen: Sequence[MaterialRecord]) -> bool:
    names = ", ".join(f"«{m.title}»" for m in chosen[:5])
    if len(chosen) > 5:
        names += f" и ещё {len(chosen) - 5}"
    files = sum(1 for m in chosen if m.kind is MaterialKind.FILE)
    copies = (" Копии файлов в папке программы тоже удаляются; исходные файлы на диске "
              "или флешке остаются.") if files else ""
    what = count_phrase(len(chosen), "материал", "материала", "материалов")
    return messages.confirm(
        parent, f"Удалить {what}: {names}? Отметки о выдаче наставникам удаляются вместе с "
        f"ними.{copies} Отменить удаление нельзя.", title=TITLE, accept_text="Удалить")


# --- the programme's window ---------------------------------------------------------------------

class MaterialsDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, programme_id: int, *,
                 today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.db, self.programme_id, self.today = db, programme_id, today
        self.task: BackgroundTask | None = None
        self.targets = materials.attach_targets(db)
        self.mentors: tuple[MentorChoice, ...] = ()

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по названию или имени файла")
        self.search.setClearButtonEnabled(True)
        self.form_filter = QComboBox()
        self.form_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.form_filter.addItem("Все формы", None)
        for target in self.targets:
            if target.attach.form_id is not None:
                self.form_filter.addItem(target.label.removeprefix("Форма "),
                                         target.attach.form_id)
        self.search.textChanged.connect(self.reload)
        self.form_filter.currentIndexChanged.connect(self.reload)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.form_filter)

        self.model: RecordsModel[MaterialRecord] = RecordsModel(material_columns(), self)
        self.view = table_view(self.model, multi=True)
        size_columns(self.view, [None, 7, 30, 11, 19])
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.count = selection_count(self.view)
        self.given_to = style.secondary()
        self.given_to.setWordWrap(True)

        self.target = QComboBox()
        for target in self.targets:
            self.target.addItem(target.label, target.attach)
        self.add_files_button = QPushButton("Добавить файлы…")
        self.add_link_button = QPushButton("Добавить ссылку…")
        self.open_button = QPushButton("Открыть")
        self.attach_button = QPushButton("Прикрепить выбранные")
        self.rename_button = QPushButton("Переименовать…")
        self.delete_button = QPushButton("Удалить…")
        self.add_files_button.clicked.connect(self.choose_and_add_files)
        self.add_link_button.clicked.connect(self.add_link)
        self.open_button.clicked.connect(self.open_selected)
        self.attach_button.clicked.connect(self.attach_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected)
        QShortcut(QKeySequence("Ctrl+O"), self, self.choose_and_add_files)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

        target_row = QHBoxLayout()
        target_row.addWidget(QLabel("Для кого:"))
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.attach_button)
        actions = QHBoxLayout()
        for button in (self.add_files_button, self.add_link_button, self.open_button,
                       self.rename_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.given_to)
        left_layout.addLayout(actions)
        left_layout.addLayout(target_row)
        left_layout.addWidget(style.secondary(
            "Новые файлы и ссылки прикрепляются к тому, что выбрано в списке «Для кого». "
            "Материалы пары добавляются в её карточке, на вкладке «Материалы»."))

        self.mentor_list = QListWidget()
        self.mentor_search = QLineEdit()
        self.mentor_search.setPlaceholderText("Поиск наставника")
        self.mentor_search.setClearButtonEnabled(True)
        self.mentor_search.textChanged.connect(self._filter_mentors)
        self.mentor_form = QComboBox()
        self.mentor_form.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mark_form_button = QPushButton("Отметить")
        self.mark_form_button.clicked.connect(self.mark_mentors_of_form)
        self.handed_on = QDateEdit(qdate(today))
        self.handed_on.setDisplayFormat(DATE_FORMAT)
        self.handed_on.setCalendarPopup(True)
        self.handed_on.setMaximumDate(qdate(today))
        self.hand_out_button = QPushButton("Выдать выбранные материалы")
        self.hand_out_button.clicked.connect(self.hand_out)
        self.revoke_button = QPushButton("Снять отметку о выдаче")
        self.revoke_button.clicked.connect(self.revoke)
        form_row = QHBoxLayout()
        form_row.addWidget(self.mentor_form, 1)
        form_row.addWidget(self.mark_form_button)
        date_row = QHBoxLayout()
        date_row.addWidget(QLabel("Дата выдачи:"))
        date_row.addWidget(self.handed_on)
        date_row.addStretch(1)
        hand_box = QGroupBox("Выдать наставникам")
        hand_layout = QVBoxLayout(hand_box)
        hand_layout.addWidget(style.secondary("Отметьте наставников (работающих с парами):"))
        hand_layout.addWidget(self.mentor_search)
        hand_layout.addWidget(self.mentor_list, 1)
        hand_layout.addWidget(QLabel("Отметить всех наставников формы:"))
        hand_layout.addLayout(form_row)
        hand_layout.addLayout(date_row)
        hand_layout.addWidget(self.hand_out_button)
        hand_layout.addWidget(self.revoke_button)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(hand_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        hand_box.setMinimumWidth(hand_box.fontMetrics().averageCharWidth() * 58)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        style.plain_buttons(close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.resize(1300, 660)
        self.reload()
        self.reload_mentors()

    # --- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        chosen = {m.id for m in self.selected()}
        found = messages.guarded(self, lambda: materials.materials(
            self.db, self.programme_id, search=self.search.text(),
            form_id=self.form_filter.currentData()), title=TITLE)
        self.model.set_rows(found or ())
        self.select_ids(chosen)
        self._update_buttons()

    def reload_mentors(self) -> None:
        found = messages.guarded(self, lambda: materials.mentor_choices(
            self.db, self.programme_id), title=TITLE)
        self.mentors = found or ()
        self.mentor_list.clear()
        for mentor in self.mentors:
            item = QListWidgetItem(f"{mentor.name} — {mentor.form_names}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, mentor.id)
            self.mentor_list.addItem(item)
        self.mentor_form.clear()
        forms = {form_id: name for m in self.mentors
                 for form_id, name in zip(m.form_ids, m.form_names.split(", "), strict=False)}
        for target in self.targets:
            if target.attach.form_id in forms:
                self.mentor_form.addItem(target.label.removeprefix("Форма "),
                                         target.attach.form_id)
        if not self.mentors:
            item = QListWidgetItem("Пока нет наставников, работающих с парами.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.mentor_list.addItem(item)
        self.mark_form_button.setEnabled(bool(self.mentors))

    def selected(self) -> list[MaterialRecord]:
        return [self.model.row_at(row) for row in selected_view_rows(self.view)]

    def select_ids(self, ids: set[int]) -> None:
        from PySide6.QtCore import QItemSelectionModel

        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for row, material in enumerate(self.model.rows()):
            if material.id in ids:
                selection.select(self.model.index(row, 0), flags)

    def checked_mentors(self) -> list[int]:
        return [self.mentor_list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.mentor_list.count())
                if self.mentor_list.item(row).checkState() == Qt.CheckState.Checked]

    def set_checked(self, mentor_ids: set[int]) -> None:
        for row in range(self.mentor_list.count()):
            item = self.mentor_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in mentor_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def _filter_mentors(self) -> None:
        needle = self.mentor_search.text().strip().casefold()
        for row in range(self.mentor_list.count()):
            item = self.mentor_list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _update_buttons(self) -> None:
        chosen = self.selected()
        count = len(chosen)
        if count == 1 and chosen[0].handed_out:
            given = messages.guarded(self, lambda: materials.handouts(self.db, chosen[0].id),
                                     title=TITLE) or ()
            names = ", ".join(f"{h.name} ({h.handed_on:%d.%m.%Y})" for h in given[:_NAMES])
            more = f" и ещё {len(given) - _NAMES}" if len(given) > _NAMES else ""
            self.given_to.setText(f"«{chosen[0].title}» уже выдан: {names}{more}.")
        elif count == 1:
            self.given_to.setText(f"«{chosen[0].title}» ещё никому не выдан.")
        else:
            self.given_to.setText("")
        for button in (self.attach_button, self.delete_button, self.hand_out_button,
                       self.revoke_button):
            button.setEnabled(count > 0)
        self.open_button.setEnabled(count == 1)
        self.rename_button.setEnabled(count == 1)

    # --- actions --------------------------------------------------------------------------

    def choose_and_add_files(self) -> None:
        paths = choose_files(self)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[str]) -> BackgroundTask:
        def done(ids: list[int]) -> None:
            self.reload()
            self.select_ids(set(ids))

        self.task = copy_files(self, self.db, self.programme_id, paths, today=self.today,
                               attach=self.target.currentData(), on_done=done)
        return self.task

    def add_link(self) -> LinkEditor:
        def save(title: str, address: str) -> bool:
            new = messages.guarded(self, lambda: materials.add_link(
                self.db, self.programme_id, title, address, today=self.today,
                attach=self.target.currentData()), title=TITLE)
            if new is None:
                return False
            self.reload()
            self.select_ids({new})
            return True

        editor = LinkEditor(self, save)
        editor.open()
        return editor

    def open_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            open_material(self, self.db, chosen[0])

    def attach_selected(self) -> None:
        chosen = self.selected()
        if chosen and messages.attempt(self, lambda: materials.attach(
                self.db, [m.id for m in chosen], self.target.currentData()), title=TITLE):
            self.reload()

    def rename_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        title, ok = QInputDialog.getText(self, "Переименовать материал", "Название:",
                                         text=chosen[0].title)
        if ok and messages.attempt(self, lambda: materials.rename(self.db, chosen[0].id, title),
                                   title=TITLE):
            self.reload()

    def delete_selected(self) -> None:
        chosen = self.selected()
        if chosen and confirm_delete(self, chosen) and messages.attempt(
                self, lambda: materials.delete_materials(self.db, [m.id for m in chosen]),
                title=TITLE):
            self.reload()

    def mark_mentors_of_form(self) -> None:
        form_id = self.mentor_form.currentData()
        self.set_checked({m.id for m in self.mentors if form_id in m.form_ids})

    def hand_out(self) -> None:
        chosen, mentors = self.selected(), self.checked_mentors()
        if not chosen:
            messages.show_info(self, "Выберите в списке материалы, которые выдаёте.",
                               title=TITLE)
            return
        if not mentors:
            messages.show_info(self, "Отметьте наставников, которым выдаёте материалы, или "
                               "отметьте всех наставников формы.", title=TITLE)
            return
        day = pydate(self.handed_on.date())
        added = messages.guarded(self, lambda: materials.hand_out(
            self.db, [m.id for m in chosen], mentors, on=day), title=TITLE)
        if added is None:
            return
        whom = count_phrase(len(mentors), "наставнику", "наставникам", "наставникам")
        what = count_phrase(len(chosen), "материал", "материала", "материалов")
        already = "" if added else " Все они уже были выданы раньше — даты не изменены."
        messages.show_info(self, f"Выдано {what} {whom} ({day:%d.%m.%Y}).{already}",
                           title=TITLE)
        self.reload()

    def revoke(self) -> None:
        chosen, mentors = self.selected(), self.checked_mentors()
        if not chosen or not mentors:
            messages.show_info(self, "Выберите материалы и отметьте наставников, у которых "
                               "нужно снять отметку о выдаче.", title=TITLE)
            return
        if messages.attempt(self, lambda: materials.revoke(
                self.db, [m.id for m in chosen], mentors), title=TITLE):
            self.reload()


def open_materials_dialog(parent: QWidget | None, db: Database, programme_id: int, *,
                          today: dt.date) -> MaterialsDialog:
    """Show the programme's «Методические материалы» (window-modal) and return it."""
    dialog = MaterialsDialog(parent, db, programme_id, today=today)
    dialog.open()
    return dialog
