"""The pair card's «Материалы»: what the pair works with — its own materials and those of its
form, its role model and the whole programme — with the day the mentor was given each.

Here the curator opens a material, adds files or links for this pair only, marks the selected
materials «выдан наставнику» with a date (or takes the mark back) and removes the pair's own
materials (after a question). Materials of a form or the programme are managed in
«Методические материалы».
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop.services import materials
from nastavnik_desktop.services.materials import Attachment, PairMaterial
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.materials import (
    LinkEditor,
    choose_files,
    confirm_delete,
    copy_files,
    open_material,
)
from nastavnik_desktop.ui.models.records_model import RecordsModel
from nastavnik_desktop.ui.pair_card.context import CardContext, PairTab
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.tasks import BackgroundTask
from nastavnik_desktop.ui.widgets.cohort import selected_view_rows
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view

TITLE = "Материалы"


def _given(item: PairMaterial) -> str:
    return f"{item.handed_on:%d.%m.%Y}" if item.handed_on else "нет"


class MaterialsTab(PairTab):
    title = TITLE

    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.task: BackgroundTask | None = None
        self.model: RecordsModel[PairMaterial] = RecordsModel([
            ("Название", lambda i: i.material.title),
            ("Вид", lambda i: i.material.kind_label),
            ("Для кого", lambda i: ("эта пара" if i.material.pair_id == context.pair_id
                                    else i.material.attached_to)),
            ("Выдан наставнику", _given),
        ], self)
        self.view = table_view(self.model, multi=True)
        size_columns(self.view, [None, 7, 30, 19])
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty = style.secondary(
            "Материалов пока нет. Добавьте файлы или ссылки для этой пары, а общие материалы "
            "программы и форм — в «Методических материалах».")
        self.empty.setWordWrap(True)

        self.open_button = QPushButton("Открыть")
        self.add_files_button = QPushButton("Добавить файлы…")
        self.add_link_button = QPushButton("Добавить ссылку…")
        self.remove_button = QPushButton("Убрать из пары…")
        self.open_button.clicked.connect(self.open_selected)
        self.add_files_button.clicked.connect(self.choose_and_add_files)
        self.add_link_button.clicked.connect(self.add_link)
        self.remove_button.clicked.connect(self.remove_selected)
        self.handed_on = QDateEdit(qdate(context.today()))
        self.handed_on.setDisplayFormat(DATE_FORMAT)
        self.handed_on.setCalendarPopup(True)
        self.handed_on.setMaximumDate(qdate(context.today()))
        self.give_button = QPushButton("Отметить «выдан наставнику»")
        self.take_back_button = QPushButton("Снять отметку")
        self.give_button.clicked.connect(self.mark_given)
        self.take_back_button.clicked.connect(self.take_back)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.remove_selected)

        actions = QHBoxLayout()
        for button in (self.open_button, self.add_files_button, self.add_link_button,
                       self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        given = QHBoxLayout()
        given.addWidget(QLabel("Дата выдачи:"))
        given.addWidget(self.handed_on)
        given.addWidget(self.give_button)
        given.addWidget(self.take_back_button)
        given.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(given)
        self.reload()

    def reload(self) -> None:
        found = messages.guarded(self, lambda: materials.materials_for_pair(
            self.context.db, self.context.pair_id), title=TITLE)
        self.model.set_rows(found or ())
        self.empty.setVisible(not self.model.rows())
        self._update_buttons()

    def selected(self) -> list[PairMaterial]:
        return [self.model.row_at(row) for row in selected_view_rows(self.view)]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(len(chosen) == 1)
        self.give_button.setEnabled(bool(chosen))
        self.take_back_button.setEnabled(any(i.handed_on for i in chosen))
        own = bool(chosen) and all(i.material.pair_id == self.context.pair_id for i in chosen)
        self.remove_button.setEnabled(own)
        self.remove_button.setToolTip(
            "" if own or not chosen else "Общие материалы формы или программы удаляются в "
            "«Методических материалах».")

    def open_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            open_material(self, self.context.db, chosen[0].material)

    def choose_and_add_files(self) -> None:
        paths = choose_files(self)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[str]) -> BackgroundTask:
        context = self.context
        self.task = copy_files(self, context.db, context.programme_id, paths,
                               today=context.today(), attach=Attachment(pair_id=context.pair_id),
                               on_done=lambda _ids: self.reload())
        return self.task

    def add_link(self) -> LinkEditor:
        context = self.context

        def save(title: str, address: str) -> bool:
            if not messages.attempt(self, lambda: materials.add_link(
                    context.db, context.programme_id, title, address, today=context.today(),
                    attach=Attachment(pair_id=context.pair_id)), title=TITLE):
                return False
            self.reload()
            return True

        editor = LinkEditor(self, save)
        editor.open()
        return editor

    def mark_given(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        db, pair_id = self.context.db, self.context.pair_id
        day = pydate(self.handed_on.date())
        if messages.attempt(self, lambda: materials.hand_out(
                db, [i.material.id for i in chosen], [materials.pair_mentor(db, pair_id)],
                on=day), title=TITLE):
            self.reload()

    def take_back(self) -> None:
        chosen = [i for i in self.selected() if i.handed_on]
        if not chosen:
            return
        db, pair_id = self.context.db, self.context.pair_id
        if messages.attempt(self, lambda: materials.revoke(
                db, [i.material.id for i in chosen], [materials.pair_mentor(db, pair_id)]),
                title=TITLE):
            self.reload()

    def remove_selected(self) -> None:
        chosen = [i.material for i in self.selected()
                  if i.material.pair_id == self.context.pair_id]
        if chosen and confirm_delete(self, chosen) and messages.attempt(
                self, lambda: materials.delete_materials(self.context.db,
                                                         [m.id for m in chosen]), title=TITLE):
            self.reload()
