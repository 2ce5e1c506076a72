"""The «Кейсы» tab: the school's collection of successful practices in the booklet's order, with
a search; a case is added or changed in `dialogs/case_editor.py`, deleted after a confirmation,
moved up or down, and the whole collection printed as the booklet «Сборник лучших практик
наставничества». Every write is one `services.cases.collection` call."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.cases.collection import CaseInfo
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.case_editor import CaseEditor
from nastavnik_desktop.ui.models.results_models import CasesFilter, CasesModel
from nastavnik_desktop.ui.pages.results.context import ResultsContext, ResultsTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.widgets.actions import action_row, shortcut_action
from nastavnik_desktop.ui.widgets.tables import (
    select_source_rows,
    selected_source_rows,
    size_columns,
    table_view,
)

EMPTY_TEXT = ("Кейсов пока нет. Кейс — удачная практика пары, группы или формы наставничества: "
              "проблема, что было сделано, результат, отзывы и фотографии. Добавьте первый "
              "кнопкой «Новый кейс…» (Ctrl+N).")


class CasesTab(ResultsTab):
    title = "Кейсы"
    COUNT_FORMS = ("кейс", "кейса", "кейсов")

    def __init__(self, context: ResultsContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.editor: CaseEditor | None = None
        """The editor open last (tests drive it)."""
        self.model = CasesModel(self)
        self.proxy = CasesFilter(self.model, self)
        self.table = table_view(self.proxy, multi=True)
        self.table.setObjectName("cases")
        size_columns(self.table, (4, None, 40, 6, 11))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по названию, паре и тексту кейса")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.year.setToolTip("Кейсы какого учебного года показать и напечатать сборником")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.year)

        self.new_action = shortcut_action("Новый кейс…", "Ctrl+N", self.new_case, self)
        self.edit_action = shortcut_action("Изменить…", "Return", self.edit, self.table)
        self.edit_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.table.doubleClicked.connect(lambda _index: self.edit_action.trigger())
        self.delete_action = shortcut_action("Удалить", "Del", self.delete, self.table)
        self.up_action = shortcut_action("Выше", "Ctrl+Up", lambda: self.move_case(-1), self.table)
        self.down_action = shortcut_action("Ниже", "Ctrl+Down", lambda: self.move_case(1),
                                           self.table)
        self.booklet_action = shortcut_action("Сборник кейсов (PDF)", "Ctrl+P",
                                              self.print_booklet, self)
        self.up_action.setToolTip("Поднять кейс в сборнике")
        self.down_action.setToolTip("Опустить кейс в сборнике")
        self.booklet_action.setToolTip("«Сборник лучших практик наставничества»: титульный "
                                       "лист, содержание и все кейсы с фотографиями")
        buttons, self.buttons = action_row(
            (self.new_action, self.edit_action, self.delete_action, self.up_action,
             self.down_action, self.booklet_action), stretch_after=self.down_action)
        self.empty.setText(EMPTY_TEXT)
        self.lay_out("Сборник лучших практик школы: кейсы идут в том порядке, в каком "
                     "напечатаются. Фотографии прикрепляются только с согласия участников на "
                     "публикацию.", buttons, filters, self.table)
        writing(context.db, self.new_action, self.edit_action, self.delete_action,
                self.up_action, self.down_action)
        self._update_actions()

    # --- reading ---------------------------------------------------------------------------

    def reload(self, select: Sequence[int] | None = None, *,
               programme_id: int | None = None) -> None:
        """Read the collection again; `programme_id` shows another school year's cases."""
        keep = list(select) if select is not None else [c.id for c in self.selected()]
        if not self.choose_year(collection.case_years, programme_id):
            return
        db, shown = self.context.db, self.shown_programme_id
        found = messages.guarded(self, lambda: collection.list_cases(db, shown))
        if found is None:
            return
        self.model.set_cases(found)
        self._filter()
        rows = [row for row in (self.model.row_of(i) for i in keep) if row >= 0]
        select_source_rows(self.table, rows)
        self._update_actions()

    def _filter(self) -> None:
        self.proxy.set_search(self.search.text())
        total = self.model.rowCount()
        photos = sum(self.model.case_at(row).photos for row in range(total))
        self.show_total(total, f"Показано {self.proxy.rowCount()} из "
                               f"{count_phrase(total, 'кейса', 'кейсов', 'кейсов')}; "
                               f"фотографий: {photos}")
        if total == 0:
            self.empty.setText(EMPTY_TEXT if self.shown_programme_id == self.context.programme_id
                               else "В этом учебном году кейсов не было.")
        self._update_actions()

    def cases(self) -> list[CaseInfo]:
        """The cases as shown, top to bottom."""
        return [self.model.case_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    def selected(self) -> list[CaseInfo]:
        return [self.model.case_at(row) for row in selected_source_rows(self.table)]

    def _update_actions(self) -> None:
        chosen = self.selected()
        self.edit_action.setEnabled(len(chosen) == 1)
        self.delete_action.setEnabled(bool(chosen))
        movable = len(chosen) == 1 and not self.search.text().strip()
        self.up_action.setEnabled(movable)
        self.down_action.setEnabled(movable)
        self.booklet_action.setEnabled(self.model.rowCount() > 0)

    # --- actions ---------------------------------------------------------------------------

    def new_case(self) -> None:
        self._open_editor(None)

    def edit(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self._open_editor(chosen[0].id)

    def _open_editor(self, case_id: int | None) -> None:
        """A new case goes to the current programme; a case is changed in its own year (its
        pairs to choose from)."""
        db, programme_id = self.context.db, self.context.programme_id
        detail = None
        if case_id is not None:
            detail = messages.guarded(self, lambda: collection.case_detail(db, case_id))
            if detail is None:
                return
            programme_id = detail.info.programme_id or programme_id
        subjects = messages.guarded(self, lambda: collection.case_subjects(db, programme_id))
        if subjects is None:
            return
        editor = CaseEditor(db, programme_id, subjects, detail, today=self.context.today(),
                            parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(lambda result, e=editor: self._editor_closed(e, result))
        self.editor = editor
        editor.open()

    def _editor_closed(self, editor: CaseEditor, result: int) -> None:
        if self.editor is editor:
            self.editor = None
        if result == QDialog.DialogCode.Accepted and editor.saved_id is not None:
            self.search.clear()
            self.reload([editor.saved_id], programme_id=editor.programme_id)
            self.context.changed()

    def delete(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        titles = ", ".join(f"«{c.title}»" for c in chosen[:3]) + (
            " и другие" if len(chosen) > 3 else "")
        photos = sum(c.photos for c in chosen)
        with_photos = ""
        if photos:
            with_photos = " и их фотографии: " + count_phrase(photos, "снимок", "снимка",
                                                               "снимков")
        if not messages.confirm(
                self, f"Удалить {count_phrase(len(chosen), 'кейс', 'кейса', 'кейсов')} "
                f"{titles}{with_photos}? Удаление нельзя отменить.", title="Удаление кейсов"):
            return
        ids = [c.id for c in chosen]
        if messages.attempt(self, lambda: collection.delete_cases(self.context.db, ids)):
            self.reload([])
            self.context.changed()

    def move_case(self, offset: int) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self.search.text().strip():
            return
        case_id = chosen[0].id
        moved = messages.guarded(self, lambda: collection.move_case(self.context.db, case_id,
                                                                    offset))
        if moved:
            self.reload([case_id])

    def print_booklet(self) -> None:
        """The booklet of the school year shown."""
        self.print_document("cases", programme_id=self.shown_programme_id)

