"""The questionnaire builder's editor: the title, who answers, the phase and the form above; the
questions on the left and the chosen one's text, kind, section, pairing and choices on the
right. Nothing is written until «Сохранить», which is one service call (`save_questionnaire`,
or `create_questionnaire` for a new one): a refusal (answers protect a question, a picked
choice, the audience) is shown in the service's words and the dialog stays open with
everything typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AUDIENCE_LABELS,
    CHOICE_KINDS,
    QUESTION_KIND_LABELS,
    QUESTIONNAIRE_PHASE_LABELS,
    Audience,
    QuestionKind,
    QuestionnairePhase,
)
from nastavnik_desktop.services import questionnaires
from nastavnik_desktop.services.questionnaires import (
    ChoiceLine,
    QuestionLine,
    QuestionnaireInfo,
)
from nastavnik_desktop.services.questionnaires.standard import (
    PARAMETER_LABELS,
    SCALE_NOTE,
    parameter_label,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.questionnaire_models import Q_CHOICES, QuestionLinesModel
from nastavnik_desktop.ui.widgets.actions import key_name, table_button
from nastavnik_desktop.ui.widgets.tables import (
    select_source_rows,
    size_columns,
    table_view,
)

AUDIENCES = (Audience.MENTEE, Audience.MENTOR, Audience.ANY)
PHASES = (QuestionnairePhase.ENTRY, QuestionnairePhase.OTHER, QuestionnairePhase.EXIT)
KINDS = (QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE, QuestionKind.MULTIPLE,
         QuestionKind.TEXT)
NO_PAIR = "— без пары —"
SCALE_HINT = f"Ответ — число от 1 до 10, {SCALE_NOTE}."
KIND_HINTS = {
    QuestionKind.SCALE: SCALE_HINT,
    QuestionKind.YES_NO: "Ответ — «да» или «нет».",
    QuestionKind.SINGLE: "Отвечающий выбирает один из вариантов.",
    QuestionKind.MULTIPLE: "Отвечающий может выбрать несколько вариантов.",
    QuestionKind.TEXT: "Ответ — несколько слов своими словами.",
}


def _combo(items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class QuestionnaireEditor(QDialog):
    """«Новая анкета» (`info` None) or «Анкета «…»»; `saved_id` is the questionnaire's id once
    saved."""

    def __init__(self, db: Database, programme_id: int, info: QuestionnaireInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.programme_id = programme_id
        self.info = info
        self.saved_id: int | None = info.id if info else None
        self.setWindowTitle(f"Анкета «{info.title}»" if info else "Новая анкета")
        self._original = {line.id: line for line in (info.questions if info else ())
                          if line.id is not None}
        self._loading = False

        self.title = QLineEdit(info.title if info else "")
        self.title.setObjectName("questionnaire_title")
        self.title.setPlaceholderText("Например, «Входная анкета наставляемого»")
        self.audience = _combo([(AUDIENCE_LABELS[a], a) for a in AUDIENCES])
        self.phase = _combo([(QUESTIONNAIRE_PHASE_LABELS[p], p) for p in PHASES])
        self.form = self._form_combo()
        if info:
            _select(self.audience, info.audience)
            _select(self.phase, info.phase)
            _select(self.form, info.form_id)
            if info.responses:
                for combo in (self.audience, self.phase):
                    combo.setEnabled(False)
                    combo.setToolTip("На анкету уже есть ответы: кто её заполняет и когда, "
                                     "изменить нельзя. Сделайте копию анкеты и измените копию.")
        self.note = style.secondary(self._note_text())
        self.note.setVisible(bool(self.note.text()))

        self.model = QuestionLinesModel(self)
        self.model.set_lines(info.questions if info else ())
        self.table = table_view(self.model)
        self.table.setObjectName("questions")
        size_columns(self.table, (3, None, 15, 14, 14, 0))
        self.table.setColumnHidden(Q_CHOICES, True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        question_buttons = QHBoxLayout()
        for text, keys, slot, tip in (
                ("Добавить вопрос", "Ins", self.add_question, "Новый вопрос после выделенного"),
                ("Дублировать", "Ctrl+D", self.duplicate_question,
                 "Копия выделенного вопроса после него"),
                ("Удалить", "Del", self.delete_question, "Удалить выделенный вопрос"),
                ("Выше", "Ctrl+Up", lambda: self.move_question(-1), "Передвинуть вопрос выше"),
                ("Ниже", "Ctrl+Down", lambda: self.move_question(1),
                 "Передвинуть вопрос ниже")):
            button = table_button(self.table, text, keys, slot, tip)
            button.setAutoDefault(False)
            question_buttons.addWidget(button)
        question_buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(question_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self._question_panel())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([720, 430])

        scope = QHBoxLayout()
        for text, combo in (("Кто заполняет", self.audience), ("Этап", self.phase),
                            ("Форма наставничества", self.form)):
            label = QLabel(text)
            label.setBuddy(combo)
            scope.addWidget(label)
            scope.addWidget(combo, 1)
        top = QFormLayout()
        top.addRow("Название", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(scope)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        buttons, self.save_button = style.dialog_buttons(self, "Сохранить")
        layout.addWidget(buttons)
        self.resize(1160, 720)
        self._snapshot = self._state()
        if self.model.lines:
            select_source_rows(self.table, [0])
        self._show_current()
        (self.table if info else self.title).setFocus()

    # --- building --------------------------------------------------------------------------

    def _form_combo(self) -> QComboBox:
        current = self.info.form_id if self.info else None
        forms = messages.guarded(self, lambda: questionnaires.form_choices(
            self.db, self.programme_id, current)) or ()
        combo = _combo([("все формы", None), *((f"«{f.name}»", f.id) for f in forms)])
        combo.setToolTip("Участники какой формы наставничества заполняют анкету")
        return combo

    def _note_text(self) -> str:
        info = self.info
        parts = []
        if info and info.is_seeded:
            parts.append(f"Анкета {questionnaires.SEEDED_NOTE}; её можно вернуть как было "
                         "кнопкой на вкладке «Анкеты».")
        if info and info.responses:
            parts.append(
                f"На анкету уже {count_phrase(info.responses, 'ответ', 'ответа', 'ответов')}: "
                "вопрос с ответами нельзя удалить или сменить его вид, выбранный вариант "
                "нельзя удалить (переименовать можно).")
        return " ".join(parts)

    def _question_panel(self) -> QGroupBox:
        self.panel = QGroupBox("Вопрос")
        self.text = QPlainTextEdit()
        self.text.setObjectName("question_text")
        self.text.setPlaceholderText("Текст вопроса, как его прочтёт отвечающий")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.kind = _combo([(QUESTION_KIND_LABELS[k], k) for k in KINDS])
        self.kind_hint = style.secondary()
        self.section = QComboBox()
        self.section.setEditable(True)
        self.section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        section_edit = self.section.lineEdit()
        if section_edit is not None:
            section_edit.setPlaceholderText("без раздела")
        self.section.setToolTip("Заголовок, под которым вопрос стоит в бланке; вопросы подряд "
                                "с одним разделом печатаются вместе")
        self.parameter = QComboBox()
        self.parameter.setToolTip(
            "Связывает вопрос входной анкеты с вопросом итоговой (ожидание ↔ реальность): "
            "у пары вопросов один и тот же показатель, их ответы сравниваются в разделе "
            "«Рост и удовлетворённость»")
        self.choices_label = QLabel("Варианты ответа\n(по одному в строке)")
        self.choices = QPlainTextEdit()
        self.choices.setObjectName("question_choices")
        self.choices.setTabChangesFocus(True)
        self.choices.setPlaceholderText("раз в неделю\nраз в две недели\nраз в месяц")
        self.choices.setMaximumHeight(self.fontMetrics().lineSpacing() * 12 + 12)
        self.empty_hint = style.secondary(
            f"В анкете нет вопросов. Добавьте первый кнопкой «Добавить вопрос» "
            f"({key_name('Ins')}).")
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Текст", self.text)
        kind_box = QWidget()
        kind_layout = QVBoxLayout(kind_box)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.setSpacing(2)
        kind_layout.addWidget(self.kind)
        kind_layout.addWidget(self.kind_hint)
        form.addRow("Вид ответа", kind_box)
        form.addRow("Раздел", self.section)
        form.addRow("Парный показатель", self.parameter)
        form.addRow(self.choices_label, self.choices)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(self.empty_hint)
        panel_layout.addWidget(self.fields)
        panel_layout.addStretch(1)
        self.text.textChanged.connect(self._edited)
        self.kind.currentIndexChanged.connect(self._edited)
        self.section.currentTextChanged.connect(self._edited)
        self.parameter.currentIndexChanged.connect(self._edited)
        self.choices.textChanged.connect(self._edited)
        return self.panel

    # --- the chosen question ---------------------------------------------------------------

    def current_row(self) -> int:
        """The question the panel shows: the table's current row (updated before the
        selection when the curator moves, so the panel never writes into another row)."""
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _show_current(self) -> None:
        row = self.current_row()
        has = 0 <= row < len(self.model.lines)
        self.empty_hint.setVisible(not self.model.lines)
        self.fields.setVisible(bool(self.model.lines))
        self.fields.setEnabled(has)
        self._loading = True
        try:
            line = self.model.lines[row] if has else QuestionLine("", QuestionKind.SCALE)
            self.panel.setTitle(f"Вопрос {row + 1}" if has else "Вопрос")
            self.text.setPlainText(line.text)
            _select(self.kind, line.kind)
            self._fill_sections(line.section)
            self._fill_parameters(line.parameter)
            self.choices.setPlainText("\n".join(c.text for c in line.choices))
        finally:
            self._loading = False
        self._show_kind(line.kind)

    def _fill_sections(self, current: str) -> None:
        self.section.clear()
        seen = list(dict.fromkeys(line.section for line in self.model.lines if line.section))
        self.section.addItems(seen)
        self.section.setCurrentText(current)

    def _fill_parameters(self, current: str) -> None:
        self.parameter.clear()
        self.parameter.addItem(NO_PAIR, "")
        for key, label in PARAMETER_LABELS.items():
            self.parameter.addItem(label, key)
        if current and current not in PARAMETER_LABELS:
            self.parameter.addItem(parameter_label(current), current)
        _select(self.parameter, current)

    def _show_kind(self, kind: QuestionKind) -> None:
        self.kind_hint.setText(KIND_HINTS[kind])
        choosing = kind in CHOICE_KINDS
        self.choices.setVisible(choosing)
        self.choices_label.setVisible(choosing)

    def _edited(self) -> None:
        row = self.current_row()
        if self._loading or not 0 <= row < len(self.model.lines):
            return
        line = self.model.lines[row]
        kind = QuestionKind(self.kind.currentData())
        original = self._original.get(line.id) if line.id is not None else None
        choices = questionnaires.choice_lines(original.choices if original else (),
                                              self.choices.toPlainText().splitlines())
        self.model.set_line(row, replace(
            line, text=self.text.toPlainText(), kind=kind,
            section=" ".join(self.section.currentText().split()),
            parameter=str(self.parameter.currentData() or ""), choices=choices))
        self._show_kind(kind)

    # --- the list of questions -------------------------------------------------------------

    def _put(self, lines: list[QuestionLine], select: int) -> None:
        self.model.set_lines(lines)
        if lines:
            select_source_rows(self.table, [max(0, min(select, len(lines) - 1))])
        self._show_current()

    def add_question(self) -> None:
        row = self.current_row()
        lines = list(self.model.lines)
        section = lines[row].section if 0 <= row < len(lines) else ""
        at = row + 1 if 0 <= row < len(lines) else len(lines)
        lines.insert(at, QuestionLine("", QuestionKind.SCALE, section))
        self._put(lines, at)
        self.text.setFocus()

    def duplicate_question(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self.model.lines):
            return
        line = self.model.lines[row]
        # A copy is a new question: no id, its choices new, no pairing (one item per parameter).
        copy = replace(line, id=None, parameter="",
                       choices=tuple(ChoiceLine(c.text) for c in line.choices))
        lines = list(self.model.lines)
        lines.insert(row + 1, copy)
        self._put(lines, row + 1)

    def delete_question(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self.model.lines):
            return
        lines = list(self.model.lines)
        del lines[row]
        self._put(lines, row)
        self.table.setFocus()

    def move_question(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        lines = list(self.model.lines)
        if not (0 <= row < len(lines) and 0 <= target < len(lines)):
            return
        lines[row], lines[target] = lines[target], lines[row]
        self._put(lines, target)

    # --- saving ----------------------------------------------------------------------------

    def _state(self) -> tuple[object, ...]:
        return (" ".join(self.title.text().split()), self.audience.currentData(),
                self.phase.currentData(), self.form.currentData(), tuple(self.model.lines))

    def has_changes(self) -> bool:
        return self._state() != self._snapshot

    def save(self) -> bool:
        """Write everything in one service call; False (the message shown, the dialog kept
        with all it holds) when the service refuses."""
        title, audience, phase, form_id, _ = self._state()
        lines = list(self.model.lines)
        if self.saved_id is None:
            created = messages.guarded(self, lambda: questionnaires.create_questionnaire(
                self.db, str(title), Audience(str(audience)), QuestionnairePhase(str(phase)),
                form_id=form_id if isinstance(form_id, int) else None, questions=lines),
                title="Анкета не сохранена")
            if created is None:
                return False
            self.saved_id = created
            return True
        template_id = self.saved_id
        return messages.attempt(self, lambda: questionnaires.save_questionnaire(
            self.db, template_id, title=str(title), audience=Audience(str(audience)),
            phase=QuestionnairePhase(str(phase)),
            form_id=form_id if isinstance(form_id, int) else None, questions=lines),
            title="Анкета не сохранена")

    def accept(self) -> None:
        if self.save():
            super().accept()

    def reject(self) -> None:
        if self.has_changes() and not messages.confirm(
                self, "Отменить изменения? Всё, что вы изменили в анкете, не сохранится.",
                accept_text="Отменить изменения", reject_text="Вернуться к анкете"):
            return
        super().reject()

