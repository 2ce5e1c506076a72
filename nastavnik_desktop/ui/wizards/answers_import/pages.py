"""The pages of the answers import: the file, its columns ↔ the questions, whose answers each
row is, and what «Загрузить» will do. They share the wizard's `ImportState`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.questionnaires import RoundInfo
from nastavnik_desktop.services.questionnaires.importing import (
    AnswersSource,
    ImportPlan,
    errors_text,
    plan_import,
    read_answers,
)
from nastavnik_desktop.text import count_phrase, shorten
from nastavnik_desktop.ui import prefs, style
from nastavnik_desktop.ui.models.answers_import import SKIP, PeopleModel, ReviewModel
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view
from nastavnik_desktop.ui.wizards.pages import hint_label

FILE_FILTER = "Выгрузка формы (*.xlsx *.csv *.xls *.ods)"
NOT_LOADED = "не загружать"


@dataclass
class ImportState:
    """What the pages have found out so far."""

    db: Database
    rounds: tuple[RoundInfo, ...]
    round_id: int
    today: dt.date
    path: Path | None = None
    source: AnswersSource | None = None
    mapping: dict[int, int | None] = field(default_factory=dict)
    decisions: dict[int, int | None] = field(default_factory=dict)
    plan: ImportPlan | None = None
    task: BackgroundTask | None = None


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FilePage(QWizardPage):
    """The round and the file; «Далее» reads the file in the background and goes on."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Файл с ответами")
        self.setSubTitle("Выберите выгрузку ответов из Google Форм или Яндекс Форм (.xlsx или "
                         ".csv) или заполненный шаблон анкеты. Столбцы с ФИО, классом и "
                         "временем ответа программа найдёт сама.")
        self.round_combo = QComboBox()
        for info in state.rounds:
            self.round_combo.addItem(f"{info.title} — {info.dates}, ответили {info.progress}",
                                     info.id)
        self.round_combo.setCurrentIndex(max(self.round_combo.findData(state.round_id), 0))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Путь к файлу с ответами")
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton("&Обзор…")
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        for text, buddy, field_item in (("&Опрос:", self.round_combo, self.round_combo),
                                        ("&Файл:", self.path_edit, path_row)):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field_item)
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(style.secondary(
            "Ответы загружаются целиком или не загружаются вовсе. Если человек уже отвечал в "
            "этом опросе, его ответы заменятся ответами из файла; повторная загрузка того же "
            "файла ничего не добавит дважды."))
        self.path_edit.textChanged.connect(self._changed)
        self.round_combo.currentIndexChanged.connect(self._changed)

    def browse(self) -> None:
        path = prefs.ask_for_import_file(self, "Файл с ответами", FILE_FILTER,
                                         self.path_edit.text().strip())
        if path is not None:
            self.path_edit.setText(str(path))

    def _changed(self) -> None:
        self.state.source = None
        _show(self.hint, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip()) and self.state.task is None

    def validatePage(self) -> bool:
        """Read the file (in the background) unless it has been read; go on when it is."""
        if self.state.source is not None:
            return True
        state = self.state
        state.round_id = int(self.round_combo.currentData())
        state.path = Path(self.path_edit.text().strip().strip('"'))
        db, round_id, path = state.db, state.round_id, state.path
        state.task = run_task(
            self, lambda progress: read_answers(db, round_id, path, progress=progress),
            self._read, title="Загрузка ответов", label=f"Читается файл «{path.name}»…",
            on_known_error=lambda error: _show(self.hint, error.message),
            on_finished=self._finished)
        self.completeChanged.emit()
        return False

    def _read(self, source: AnswersSource) -> None:
        self.state.source = source
        self.state.mapping = source.auto_mapping
        self.state.decisions = {}
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()

    def _finished(self) -> None:
        self.state.task = None
        self.completeChanged.emit()


class ColumnsPage(QWizardPage):
    """Each column of the file with the question it answers (found by the header's text),
    which the curator may change or set to «не загружать»."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Столбцы и вопросы")
        self.setSubTitle("Столбцы, заголовок которых совпал с текстом вопроса, сопоставлены "
                         "сами. Для остальных выберите вопрос или оставьте «не загружать».")
        self.found_label = QLabel()
        self.found_label.setWordWrap(True)
        self.rows = QWidget()
        self.form = QFormLayout(self.rows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows)
        self.missing_label = style.secondary()
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.found_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.hint)
        self.combos: dict[int, QComboBox] = {}

    def initializePage(self) -> None:
        source = self.state.source
        assert source is not None
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        for column in source.columns:
            combo = QComboBox()
            combo.addItem(NOT_LOADED, None)
            for number, question in enumerate(source.questions, start=1):
                combo.addItem(f"{number}. {shorten(question.text, 80)}", question.id)
            combo.setCurrentIndex(max(combo.findData(self.state.mapping.get(column.index)), 0))
            combo.currentIndexChanged.connect(self._changed)
            header = QLabel(shorten(column.header, 70))
            header.setToolTip(column.header)
            self.form.addRow(header, combo)
            self.combos[column.index] = combo
        found = sum(1 for c in source.columns if c.question_id is not None)
        rows = count_phrase(len(source.rows), "строка", "строки", "строк")
        self.found_label.setText(
            f"Файл «{source.file_name}»: {rows} с ответами; сопоставлено столбцов с "
            f"вопросами: {found} из {len(source.columns)}.")
        self._changed()

    def choose(self, header: str, question_id: int | None) -> None:
        """Set the question of the column headed `header` (as the combo box does)."""
        source = self.state.source
        assert source is not None
        column = next(c for c in source.columns if c.header == header)
        combo = self.combos[column.index]
        combo.setCurrentIndex(combo.findData(question_id))

    def _changed(self) -> None:
        self.state.mapping = {index: combo.currentData() for index, combo in self.combos.items()}
        chosen = [q for q in self.state.mapping.values() if q is not None]
        source = self.state.source
        assert source is not None
        missing = [q.text for q in source.questions if q.id not in chosen]
        self.missing_label.setText(
            "Нет в файле (останутся без ответа): " + "; ".join(
                f"«{shorten(t, 50)}»" for t in missing[:8]) + ("…" if len(missing) > 8 else "")
            if missing else "Все вопросы анкеты есть в файле.")
        if not chosen:
            _show(self.hint, "Ни один столбец не сопоставлен с вопросом анкеты. Проверьте, что "
                             "выбран нужный опрос, или укажите вопросы столбцов.")
        elif len(chosen) != len(set(chosen)):
            _show(self.hint, "Один вопрос выбран для двух столбцов. Оставьте его одному из "
                             "них, другому — «не загружать».")
        else:
            _show(self.hint, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.hint.isHidden()


class PeoplePage(QWizardPage):
    """Whose answers each row is: the rows the program could not decide (nobody found, or
    namesakes the class does not separate) wait for the curator — a person from the list, or
    skip. All rows can be shown, to change a decision."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Участники")
        self.setSubTitle("Ответы связаны с людьми по ФИО и классу. Для строк, где человек не "
                         "найден или найдено несколько, выберите человека справа или "
                         "пропустите строку.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows_model = ReviewModel(self)
        self.rows_view = table_view(self.rows_model, multi=True)
        size_columns(self.rows_view, [7, 28, 7, None])
        self.show_all = QCheckBox("Показать &все строки")
        self.show_all.toggled.connect(self.rows_model.set_all)
        self.skip_button = QPushButton("&Пропустить выбранные")
        self.skip_button.clicked.connect(lambda: self._decide(SKIP))
        self.undo_button = QPushButton("&Вернуть как было")
        self.undo_button.clicked.connect(lambda: self._decide(None))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.show_all)
        left_layout.addWidget(self.rows_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО или классу")
        self.search.setClearButtonEnabled(True)
        self.people_model = PeopleModel(self)
        self.people_view = table_view(self.people_model)
        size_columns(self.people_view, [None, 14, 13, 8])
        self.search.textChanged.connect(self.people_model.set_filter)
        self.assign_button = QPushButton("&Это его (её) анкета")
        self.assign_button.clicked.connect(self._assign)
        self.people_view.doubleClicked.connect(lambda _index: self._assign())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(QLabel("Человек для выбранной строки:"))
        right_layout.addWidget(self.search)
        right_layout.addWidget(self.people_view, 1)
        right_layout.addWidget(self.assign_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([3, 2])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        self.rows_view.selectionModel().selectionChanged.connect(self._selected)
        self.people_view.selectionModel().selectionChanged.connect(self._update)
        self.rows_model.dataChanged.connect(self._update)

    def initializePage(self) -> None:
        source = self.state.source
        assert source is not None
        self.rows_model.set_rows(source.rows, source.people)
        for number, decision in self.state.decisions.items():
            self.rows_model.decide([number], SKIP if decision is None else decision)
        self.people_model.set_people(source.people)
        review = len(source.to_review)
        self.show_all.setChecked(review == 0)
        matched = len(source.rows) - review
        outside = sum(1 for r in source.rows if r.match.note)
        self.summary.setText(
            f"Найдены люди для {count_phrase(matched, 'строки', 'строк', 'строк')} из "
            f"{len(source.rows)}"
            + (f" (из них не среди участников опроса: {outside} — видны во всех строках)"
               if outside else "") + "; "
            + ("требуют решения: " + count_phrase(review, "строка", "строки", "строк") + "."
               if review else "решать ничего не нужно."))
        if self.rows_model.rowCount():
            self.rows_view.selectRow(0)
        self._update()

    def selected_numbers(self) -> list[int]:
        return [self.rows_model.source_row(i.row()).number
                for i in self.rows_view.selectionModel().selectedRows()]

    def _selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) == 1:
            row = self.rows_model.source_row(self.rows_model.row_of(numbers[0]))
            words = row.name.split()
            self.search.setText(max(words, key=len) if words else "")
        self._update()

    def _decide(self, decision: int | None) -> None:
        self.rows_model.decide(self.selected_numbers(), decision)
        self._keep()

    def _assign(self) -> None:
        chosen = self.people_view.selectionModel().selectedRows()
        numbers = self.selected_numbers()
        if len(numbers) != 1 or not chosen:
            return
        self.rows_model.decide(numbers, self.people_model.person(chosen[0].row()).id)
        self._keep()

    def _keep(self) -> None:
        self.state.decisions = self.rows_model.plan_decisions()
        self._update()

    def _update(self) -> None:
        numbers = self.selected_numbers()
        self.skip_button.setEnabled(bool(numbers))
        self.undo_button.setEnabled(any(n in self.rows_model.decisions for n in numbers))
        self.assign_button.setEnabled(
            len(numbers) == 1 and self.people_view.selectionModel().hasSelection())
        left = self.rows_model.undecided()
        listed = ", ".join(str(r.number) for r in left[:20]) + ("…" if len(left) > 20 else "")
        _show(self.hint, "" if not left else
              (f"Не решено, чья анкета в строке {listed}: выберите человека или пропустите "
               "строку." if len(left) == 1 else f"Не решено, чьи анкеты в строках {listed}: "
               "выберите человека для каждой или пропустите их."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.rows_model.undecided()


class SummaryPage(QWizardPage):
    """What «Загрузить» will do; errors in the values keep it from loading anything."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Итог")
        self.setSubTitle("Проверьте, что будет загружено. Ответы сохраняются все вместе.")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.errors)
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        layout.addStretch(1)
        self._layout = layout
        self._scroll = scroll

    def initializePage(self) -> None:
        state = self.state
        assert state.source is not None
        state.plan = None
        try:
            state.plan = plan_import(state.source, state.mapping, state.decisions,
                                     today=state.today)
        except NastavnikError as error:
            _show(self.hint, error.message)
            self.text.setText("")
            self._scroll.hide()
            self._layout.setStretch(self._layout.count() - 1, 1)
            self.completeChanged.emit()
            return
        plan = state.plan
        lines = [f"Опрос «{shorten(state.source.round_title, 80)}».",
                 f"Будет добавлено анкет: {plan.count('added')}",
                 f"Заменено (человек уже отвечал): {plan.count('replaced')}",
                 f"Без изменений: {plan.count('unchanged')}",
                 f"Пропущено строк: {len(plan.skipped)}"]
        if plan.superseded:
            lines.append("Повторные ответы одного человека: " + ", ".join(
                f"строка {kept} вместо {dropped}" for dropped, kept in plan.superseded[:10])
                + " (загружается более поздний ответ).")
        self.text.setText("\n".join(lines))
        if plan.errors:
            _show(self.hint, f"В значениях ошибки ({len(plan.errors)}): ничего не будет "
                             "загружено. Исправьте файл и выберите его снова или не "
                             "загружайте столбец (кнопка «Назад»).")
            self.errors.setText(errors_text(plan))
        else:
            _show(self.hint, "")
        self._scroll.setVisible(bool(plan.errors))
        self._layout.setStretch(self._layout.count() - 1, 0 if plan.errors else 1)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.state.plan
        return plan is not None and not plan.errors and bool(plan.entries)
