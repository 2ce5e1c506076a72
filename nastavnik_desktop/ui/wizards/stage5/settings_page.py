"""Stage 5, page 1: the forms to match in, the goal of the matching and the weight of each
criterion."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.matching import exclusions as exclusions_service
from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.exclusions import ExclusionInfo
from nastavnik_desktop.services.matching.run import FormCount
from nastavnik_desktop.services.matching.scoring import (
    DEFAULT_MUST_HAVE,
    DEFAULT_WEIGHTS,
    MAX_WEIGHT,
    MatchSettings,
)
from nastavnik_desktop.services.matching.solver import Objective
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.widgets.exclusions import ExclusionsEditor
from nastavnik_desktop.ui.wizards.pages import ChecklistPage

OBJECTIVES: tuple[tuple[Objective, str, str], ...] = (
    ("score", "Максимальная сумма оценок",
     "Самые удачные пары; наставляемый остаётся без пары, только если ему нет разрешённой."),
    ("coverage", "Охватить как можно больше наставляемых",
     "Сначала — чтобы наставника получило как можно больше наставляемых, затем — лучшая "
     "сумма оценок."),
)

CRITERION_HINTS: Mapping[Criterion, str] = {
    Criterion.REQUESTS: "Наставник готов работать с запросами наставляемого — из списка "
                        "запросов и по словам описания запроса.",
    Criterion.INTERESTS: "Общие интересы по анкетам наставника и наставляемого.",
    Criterion.AGE: "Возраст наставляемого в пределах, которые указал наставник.",
    Criterion.FORM_RULES: "«Ученик – ученик»: наставник из более старшего класса. «Учитель – "
                          "учитель»: у наставника больше стаж, молодой специалист — в приоритете.",
    Criterion.TIME: "У наставника указан ресурс времени на работу с наставляемым.",
    Criterion.OTHER_CLASS: "Наставник и наставляемый учатся в разных классах.",
    Criterion.SUBJECT: "Педагоги ведут тот же предмет (полное совпадение) или предметы одного "
                       "методического объединения (частичное).",
}
MUST_HAVE_HINT = ("Пары, которые не выполняют этот критерий, не предлагаются. Если данных нет, "
                  "критерий пару не запрещает.")
SEPARATE_CLASSES_TEXT = "Не ставить в пару учеников из одного класса"
SEPARATE_CLASSES_HINT = ("Жёсткое правило подбора: программа не предложит в пару двоих "
                         "обучающихся одного класса (у кого класс не указан — правило не "
                         "касается). Сохраняется сразу.")


class SettingsPage(ChecklistPage):
    """The forms with mentees left to match, the objective and the criteria's weights."""

    def __init__(self, forms: Sequence[FormCount], settings: MatchSettings, *,
                 db: Database, programme_id: int, separate_classes: bool = False,
                 exclusions: Sequence[ExclusionInfo] = ()) -> None:
        super().__init__("Формы и веса",
                         "Отметьте формы наставничества, в которых подбирать пары, цель подбора "
                         "и насколько важен каждый критерий совместимости.")
        self._db = db
        self.rules_version = 0
        """Counts the changes of the exclusions and the hard rule: a change re-runs the
        matching."""
        self.form_boxes: dict[int, QCheckBox] = {}
        self.role_model_boxes: dict[int, QComboBox] = {}
        self.objective_buttons: dict[Objective, QRadioButton] = {}
        self.weight_sliders: dict[Criterion, QSlider] = {}
        self.weight_labels: dict[Criterion, QLabel] = {}
        self.must_have_boxes: dict[Criterion, QCheckBox] = {}

        left = QVBoxLayout()
        left.addWidget(self._build_forms(forms))
        left.addWidget(self._build_objective())
        left.addWidget(self._build_rules(db, programme_id, separate_classes, exclusions), 1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self._build_criteria())
        right.addStretch(1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.hint)
        self.set_settings(settings)

    def _build_forms(self, forms: Sequence[FormCount]) -> QGroupBox:
        box = QGroupBox("Формы наставничества")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        row = 0
        for form in forms:
            check = QCheckBox(form.name)
            check.setChecked(form.mentees > 0 and form.places > 0)
            check.setEnabled(form.mentees > 0)
            if not form.in_programme:
                check.setToolTip("Эта форма не выбрана для программы на этапе 1, но в ней есть "
                                 "свободные участники.")
            counts = style.secondary(
                f"наставляемых без пары: {form.mentees}, свободных мест: {form.places}")
            counts.setToolTip("Свободные места — у допущенных наставников этой формы")
            check.toggled.connect(self.changed)
            self.form_boxes[form.form_id] = check
            grid.addWidget(check, row, 0)
            grid.addWidget(counts, row, 1)
            row += 1
            if form.role_models:
                line = QHBoxLayout()
                line.setContentsMargins(22, 0, 0, 4)
                models = self._role_model_box(form)
                models.setEnabled(check.isChecked())
                check.toggled.connect(models.setEnabled)
                line.addWidget(models, 1)
                grid.addLayout(line, row, 0, 1, 2)
                row += 1
        if not forms:
            grid.addWidget(style.secondary("Формы наставничества не выбраны: выберите их на "
                                           "этапе 1."), 0, 0, 1, 2)
        return box

    def _role_model_box(self, form: FormCount) -> QComboBox:
        """The role model of the form's new pairs: the form's visible ones (`reference_lists`),
        or, first, «по участникам» — set only when it is clear."""
        box = QComboBox()
        box.setAccessibleName(f"Ролевая модель новых пар формы «{form.name}»")
        box.setToolTip("Ролевая модель, которая будет записана новым парам этой формы. "
                       "«Определить по участникам» — программа запишет её, только если она "
                       "однозначна (одна у формы, или молодой специалист).")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(24)
        box.addItem("Ролевая модель: определить по участникам", None)
        for model_id, name in form.role_models:
            box.addItem(name, model_id)
        self.role_model_boxes[form.form_id] = box
        return box

    def role_models(self) -> dict[int, int]:
        """form id → the role model chosen for the form's new pairs (forms left «по
        участникам» are not in it)."""
        return {form_id: int(box.currentData()) for form_id, box in
                self.role_model_boxes.items()
                if box.currentData() is not None and form_id in self.form_ids()}

    def _build_objective(self) -> QGroupBox:
        box = QGroupBox("Цель подбора")
        layout = QVBoxLayout(box)
        group = QButtonGroup(self)
        for objective, text, hint in OBJECTIVES:
            button = QRadioButton(text)
            button.setToolTip(hint)
            group.addButton(button)
            self.objective_buttons[objective] = button
            layout.addWidget(button)
            note = style.secondary(hint)
            note.setContentsMargins(22, 0, 0, 4)
            layout.addWidget(note)
        self.objective_buttons["score"].setChecked(True)
        return box

    def _build_rules(self, db: Database, programme_id: int, separate_classes: bool,
                     exclusions: Sequence[ExclusionInfo]) -> QGroupBox:
        """The hard rules: «не из одного класса» and the pairs the curator forbade."""
        box = QGroupBox("Запреты (сохраняются сразу)")
        layout = QVBoxLayout(box)
        self.separate_classes_box = QCheckBox(SEPARATE_CLASSES_TEXT)
        self.separate_classes_box.setToolTip(SEPARATE_CLASSES_HINT)
        self.separate_classes_box.setChecked(separate_classes)
        self.separate_classes_box.toggled.connect(self._on_separate_classes)
        layout.addWidget(self.separate_classes_box)
        self.exclusions = ExclusionsEditor(db, programme_id, rows=exclusions, visible_rows=3)
        self.exclusions.changed.connect(self._on_rules_changed)
        layout.addWidget(self.exclusions, 1)
        return box

    def _on_separate_classes(self, on: bool) -> None:
        if not messages.attempt(self, lambda: exclusions_service.set_separate_classes(
                self._db, on)):
            self.separate_classes_box.blockSignals(True)
            self.separate_classes_box.setChecked(not on)
            self.separate_classes_box.blockSignals(False)
            return
        self._on_rules_changed()

    def _on_rules_changed(self) -> None:
        self.rules_version += 1
        self.changed()

    def _build_criteria(self) -> QGroupBox:
        box = QGroupBox("Критерии совместимости")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(10)
        grid.addWidget(style.secondary("Вес 0 — критерий не влияет на оценку; «обязательно» — "
                                       "пары, которые его не выполняют, не предлагаются."),
                       0, 0, 1, 4)
        for row, criterion in enumerate(Criterion, start=1):
            label = QLabel(criterion.value.capitalize())
            label.setToolTip(CRITERION_HINTS[criterion])
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, MAX_WEIGHT)
            slider.setPageStep(1)
            slider.setTickInterval(1)
            slider.setTickPosition(QSlider.TickPosition.TicksBelow)
            slider.setToolTip(CRITERION_HINTS[criterion])
            slider.setAccessibleName(f"Вес критерия «{criterion.value}»")
            label.setBuddy(slider)
            value = QLabel()
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("10") + 6)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            slider.valueChanged.connect(lambda n, v=value: v.setText(str(n)))
            must = QCheckBox("обязательно")
            must.setToolTip(MUST_HAVE_HINT)
            self.weight_sliders[criterion] = slider
            self.weight_labels[criterion] = value
            self.must_have_boxes[criterion] = must
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)
            grid.addWidget(must, row, 3)
        self.reset_button = QPushButton("Вернуть по умолчанию")
        self.reset_button.setToolTip("Веса и обязательные критерии, предложенные программой")
        self.reset_button.clicked.connect(self.reset)
        reset_row = QHBoxLayout()
        reset_row.addStretch(1)
        reset_row.addWidget(self.reset_button)
        grid.addLayout(reset_row, len(Criterion) + 1, 0, 1, 4)
        return box

    def set_settings(self, settings: MatchSettings) -> None:
        for criterion in Criterion:
            self.weight_sliders[criterion].setValue(settings.weight(criterion))
            self.weight_labels[criterion].setText(str(settings.weight(criterion)))
            self.must_have_boxes[criterion].setChecked(criterion in settings.must_have)

    def reset(self) -> None:
        self.set_settings(MatchSettings(weights=dict(DEFAULT_WEIGHTS),
                                        must_have=DEFAULT_MUST_HAVE))

    def settings(self) -> MatchSettings:
        return MatchSettings(
            weights={c: s.value() for c, s in self.weight_sliders.items()},
            must_have=frozenset(c for c, box in self.must_have_boxes.items() if box.isChecked()))

    def objective(self) -> Objective:
        return next(o for o, button in self.objective_buttons.items() if button.isChecked())

    def form_ids(self) -> tuple[int, ...]:
        return tuple(form_id for form_id, box in self.form_boxes.items()
                     if box.isChecked() and box.isEnabled())

    def choose_forms(self, form_ids: Collection[int]) -> None:
        for form_id, box in self.form_boxes.items():
            box.setChecked(form_id in form_ids)

    def problems(self) -> list[str]:
        if not self.form_ids():
            return ["Отметьте хотя бы одну форму наставничества, в которой есть наставляемые "
                    "без пары."]
        return []

