"""The «Награды» tab: the register of the programme's awards (registry number, date, person,
award, the grounding order, the state) with a search and filters, several rows selected at
once, and the actions on them: print, print again (same numbers), annul with a reason, print the
register, and «Выдать сертификаты…» — the participant's certificate to a whole cohort at once.
Every write is one `services.awards` call."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from nastavnik_desktop.data.enums import AWARD_NOMINATION_LABELS, AwardNomination
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.awards import register, roster
from nastavnik_desktop.services.awards.roster import (
    STATE_FILTER_LABELS,
    AwardRow,
    AwardState,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.results_models import (
    A_NAME,
    AwardsFilter,
    AwardsModel,
    nomination_label,
)
from nastavnik_desktop.ui.pages.results.context import ResultsContext, ResultsTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.widgets.actions import action_row, shortcut_action
from nastavnik_desktop.ui.widgets.tables import (
    keep_column_fitted,
    select_source_rows,
    selected_source_rows,
    size_columns,
    table_view,
)

DESIGN_MODULE = "nastavnik_desktop.ui.dialogs.award_design"
ALL_PARTICIPANTS = "__all__"
SELECTED_PEOPLE = "__selected__"


def _design_available() -> bool:
    return importlib.util.find_spec(DESIGN_MODULE) is not None


class AwardsTab(ResultsTab):
    title = "Награды"
    COUNT_FORMS = ("награда", "награды", "наград")

    def __init__(self, context: ResultsContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = AwardsModel(self)
        self.proxy = AwardsFilter(self.model, self)
        self.table = table_view(self.proxy, multi=True)
        self.table.setObjectName("awards")
        size_columns(self.table, (10, 10, 34, 18, 30, 16, None))
        keep_column_fitted(self.table, A_NAME, least=28, most=46)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по номеру, ФИО или классу")
        self.search.setClearButtonEnabled(True)
        self.nomination = QComboBox()
        self.nomination.addItem("Все награды", None)
        for nomination in AwardNomination:
            self.nomination.addItem(nomination_label(nomination), nomination)
        self.state = QComboBox()
        self.state.addItem("В любом состоянии", None)
        for key, label in STATE_FILTER_LABELS.items():
            self.state.addItem(label.capitalize(), key)
        self.search.textChanged.connect(self._filter)
        self.nomination.currentIndexChanged.connect(self._filter)
        self.state.currentIndexChanged.connect(self._filter)
        self.year.setToolTip("Награды какого учебного года показать")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.nomination)
        filters.addWidget(self.state)
        filters.addWidget(self.year)

        self.cohort_action = shortcut_action("Выдать сертификаты…", "", self.issue_to_cohort, self)
        self.cohort_action.setToolTip("Сертификат участника — всем участникам пар и групп, "
                                      "одному классу или выделенным, кроме тех, у кого он уже "
                                      "есть")
        self.print_action = shortcut_action("Напечатать выбранные", "Ctrl+P", self.print_selected,
                                         self.table)
        self.print_action.setToolTip("Сформировать PDF выделенных наград для печати")
        self.reprint_action = shortcut_action("Напечатать снова", "Ctrl+Shift+P",
                                           self.reprint_selected, self.table)
        self.reprint_action.setToolTip("Напечатать утерянную или испорченную награду ещё раз "
                                       "с тем же регистрационным номером")
        self.annul_action = shortcut_action("Аннулировать…", "Del", self.annul_selected,
                                         self.table)
        self.annul_action.setToolTip("Награда остаётся в реестре с отметкой и причиной; её "
                                     "номер никому не передаётся")
        self.undo_annul_action = shortcut_action("Отменить аннулирование", "Ctrl+Z",
                                                 self.undo_annul, self)
        self.undo_annul_action.setToolTip("Вернуть в силу награды, аннулированные последними")
        self.annulled_last: list[int] = []
        """The awards annulled last (what «Отменить аннулирование» puts back)."""
        self.register_action = shortcut_action("Реестр наград", "", self.print_register, self)
        self.register_action.setToolTip("Реестр выданных наград для подшивки (PDF)")
        actions = [self.cohort_action, self.print_action, self.reprint_action,
                   self.annul_action, self.register_action]
        self.design_action: QAction | None = None
        if _design_available():
            self.design_action = shortcut_action("Оформление…", "", self.open_design, self)
            self.design_action.setToolTip("Фон, ориентация листа и подпись наград")
            actions.append(self.design_action)
        buttons, self.buttons = action_row(actions, stretch_after=self.annul_action)
        writing(context.db, self.cohort_action, self.reprint_action, self.annul_action,
                self.undo_annul_action, *filter(None, [self.design_action]))
        self.empty.setText(
            "Наград пока нет. Сертификаты участников выдайте кнопкой «Выдать сертификаты…»; "
            "грамоты лучшим и благодарственные письма выдаются на этапе 7 «Завершение "
            "программы наставничества».")
        annul = "" if context.db.read_only else " или аннулировать"
        self.lay_out("Реестр выданных наград: у каждой свой регистрационный номер. Выделите "
                     f"несколько строк (Ctrl или Shift), чтобы напечатать{annul} их разом.",
                     buttons, filters, self.table)
        self._update_actions()

    # --- reading ---------------------------------------------------------------------------

    def reload(self, select: Sequence[int] | None = None, *,
               programme_id: int | None = None) -> None:
        """Read the register again; `programme_id` shows another school year's awards."""
        keep = list(select) if select is not None else [r.award.id for r in self.selected()]
        if not self.choose_year(roster.award_years, programme_id):
            return
        db, shown = self.context.db, self.shown_programme_id
        found = messages.guarded(self, lambda: roster.award_rows(db, shown))
        if found is None:
            return
        self.model.set_rows(found)
        self._filter()
        self.select(keep)

    def _filter(self) -> None:
        nomination = self.nomination.currentData()
        self.proxy.set_filters(search=self.search.text(),
                               nomination=AwardNomination(nomination) if nomination else None,
                               state=self.state.currentData())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        annulled = sum(1 for r in self.model.rows() if r.state == AwardState.ANNULLED)
        text = f"Показано {shown} из {count_phrase(total, 'награды', 'наград', 'наград')}"
        if annulled:
            text += f"; аннулировано: {annulled}"
        self.show_total(total, text)
        self._update_actions()

    def rows(self) -> list[AwardRow]:
        """The rows as shown (after the search and filters), top to bottom."""
        return [self.model.row_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    def selected(self) -> list[AwardRow]:
        return [self.model.row_at(row) for row in selected_source_rows(self.table)]

    def select(self, award_ids: Sequence[int]) -> None:
        rows = [row for row in (self.model.row_of(i) for i in award_ids) if row >= 0]
        select_source_rows(self.table, rows)
        if rows:
            self.table.scrollTo(self.table.currentIndex())
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.selected()
        valid = [r for r in chosen if r.state != AwardState.ANNULLED]
        for action in (self.print_action, self.reprint_action, self.annul_action):
            action.setEnabled(bool(valid))
        self.register_action.setEnabled(self.model.rowCount() > 0)
        self.undo_annul_action.setEnabled(bool(self.annulled_last))

    def _valid_selection(self) -> list[AwardRow]:
        chosen = self.selected()
        valid = [r for r in chosen if r.state != AwardState.ANNULLED]
        if chosen and not valid:
            messages.show_info(self, "Выделенные награды аннулированы: их не печатают. "
                               "Выделите действующие награды.")
        return valid

    # --- actions ---------------------------------------------------------------------------

    def print_selected(self) -> None:
        valid = self._valid_selection()
        if valid:
            self.print_document("certificates", award_ids=[r.award.id for r in valid],
                                programme_id=self.shown_programme_id)

    def reprint_selected(self) -> None:
        valid = self._valid_selection()
        if not valid:
            return
        ids = [r.award.id for r in valid]
        day = self.context.today()

        def recorded(_document: object) -> None:
            if messages.attempt(self, lambda: register.reissue(self.context.db, ids, on=day)):
                self.reload(ids)

        self.print_document("certificates", award_ids=ids, after=recorded,
                            programme_id=self.shown_programme_id)

    def annul_selected(self, reason: str | None = None) -> None:
        """Annul the selected awards; the reason is asked unless given (tests)."""
        valid = self._valid_selection()
        if not valid:
            return
        if reason is None:
            reason = ask_reason(self, len(valid))
            if reason is None:
                return
        if not reason.strip():
            messages.show_error(self, "Укажите причину аннулирования: она остаётся в реестре "
                                "рядом с номером.", title="Награды не аннулированы")
            return
        names = ", ".join(f"№ {r.award.registry_number} ({r.award.person_name})"
                          for r in valid[:5]) + (" и другие" if len(valid) > 5 else "")
        if not messages.confirm(
                self, f"Аннулировать {count_phrase(len(valid), 'награду', 'награды', 'наград')}"
                f": {names}? Они останутся в реестре с отметкой «аннулирована» и причиной, "
                "их номера никому не передаются. Отменить аннулирование можно клавишами "
                "Ctrl+Z.", title="Аннулирование наград"):
            return
        ids = [r.award.id for r in valid]
        day = self.context.today()
        if messages.attempt(self, lambda: register.annul(self.context.db, ids, reason=reason,
                                                         on=day)):
            self.annulled_last = ids
            self.reload(ids)
            self.context.changed()

    def undo_annul(self) -> None:
        """Put the awards annulled last back in force (`register.restore`), numbers and all."""
        ids = self.annulled_last
        if not ids:
            return
        if messages.attempt(self, lambda: register.restore(self.context.db, ids),
                            title="Аннулирование не отменено"):
            self.annulled_last = []
            self.reload(ids)
            self.context.changed()

    def print_register(self) -> None:
        """The register of the school year shown."""
        self.print_document("awards_register", programme_id=self.shown_programme_id)

    def open_design(self) -> None:
        module = importlib.import_module(DESIGN_MODULE)
        module.open_award_design(self, self.context.db, self.context.programme_id)

    def issue_to_cohort(self, scope: str | None = None) -> None:
        """The participant's certificate to a cohort: everyone of the pairs, a class, or the
        people of the selected rows. `scope` (tests) skips the question."""
        db, programme_id = self.context.db, self.context.programme_id
        chosen_people = sorted({r.award.person_id for r in self.selected()})
        if scope is None:
            classes = messages.guarded(self, lambda: roster.participant_classes(db,
                                                                                programme_id))
            if classes is None:
                return
            scope = ask_cohort(self, classes, len(chosen_people))
            if scope is None:
                return
        class_name = None if scope in (ALL_PARTICIPANTS, SELECTED_PEOPLE) else scope
        people = chosen_people if scope == SELECTED_PEOPLE else None
        plan = messages.guarded(self, lambda: roster.participant_certificates(
            db, programme_id, class_name=class_name, person_ids=people))
        if plan is None:
            return
        already = ""
        if plan.already:
            already = (f" У {count_phrase(plan.already, 'участника', 'участников', 'участников')}"
                       " сертификат уже есть — им повторно не выдаётся.")
        if not plan.requests:
            messages.show_info(self, "Выдавать некому: у всех участников сертификат уже есть, "
                               "или участников нет." + already, title="Сертификаты")
            return
        count = count_phrase(len(plan.requests), "сертификат", "сертификата", "сертификатов")
        if not messages.confirm(self, f"Выдать {count} участника программы наставничества с "
                                "регистрационными номерами?" + already, title="Сертификаты"):
            return
        day = self.context.today()

        def issued(ids: object) -> None:
            assert isinstance(ids, list)
            self.search.clear()
            self.nomination.setCurrentIndex(0)
            self.state.setCurrentIndex(0)
            self.reload(ids, programme_id=self.context.programme_id)
            self.context.changed()
            messages.show_info(self, f"Выдано: {count}. Напечатайте их кнопкой «Напечатать "
                               "выбранные» (они выделены)." + already, title="Сертификаты")

        self.run(lambda: register.issue_awards(db, programme_id, plan.requests, issued_on=day),
                 issued, label="Выдаются сертификаты…", failure_title="Сертификаты не выданы")


def ask_reason(parent: QWidget, count: int) -> str | None:
    """The reason of an annulment, asked in a small dialog; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Аннулирование наград")
    edit = QLineEdit()
    edit.setPlaceholderText("например: ошибка в фамилии, выдана повторно")
    form = QFormLayout(dialog)
    form.addRow(QLabel(f"Аннулируется: {count_phrase(count, 'награда', 'награды', 'наград')}."))
    form.addRow("Причина:", edit)
    buttons, ok = style.dialog_buttons(dialog, "Аннулировать")
    form.addRow(buttons)
    ok.setEnabled(False)
    edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
    dialog.resize(480, dialog.sizeHint().height())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return edit.text().strip()


def ask_cohort(parent: QWidget, classes: Sequence[str], selected_people: int) -> str | None:
    """Who gets the participant's certificate: `ALL_PARTICIPANTS`, `SELECTED_PEOPLE` or a
    class; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Выдать сертификаты участника")
    choice = QComboBox()
    choice.addItem("Всем участникам пар и групп программы", ALL_PARTICIPANTS)
    for class_name in classes:
        choice.addItem(f"Участникам из {class_name} класса", class_name)
    if selected_people:
        choice.addItem(f"Людям из выделенных строк ({selected_people})", SELECTED_PEOPLE)
    text = QLabel(f"«{AWARD_NOMINATION_LABELS[AwardNomination.PARTICIPANT].capitalize()}» "
                  "получат наставники и наставляемые; у кого сертификат уже есть, тем он "
                  "повторно не выдаётся.")
    text.setWordWrap(True)
    form = QFormLayout(dialog)
    form.addRow(text)
    form.addRow("Кому:", choice)
    buttons, _ok = style.dialog_buttons(dialog, "Далее")
    form.addRow(buttons)
    dialog.resize(520, dialog.sizeHint().height())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    data = choice.currentData()
    if not isinstance(data, str):
        raise ValidationError("Не выбрано, кому выдать сертификаты.")
    return data

