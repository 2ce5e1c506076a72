"""Page 1 of the stage 1 wizard: the school."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from nastavnik_desktop.services.people import signer_name_problem
from nastavnik_desktop.services.programme import suggested_short_name
from nastavnik_desktop.services.stages.stage1 import Stage1Data
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.wizards.pages import ChecklistPage


class SchoolPage(ChecklistPage):
    def __init__(self, data: Stage1Data) -> None:
        super().__init__("Образовательная организация",
                         "Реквизиты школы попадут в приказы, списки и отчёты программы. "
                         "Наименование — как в уставе.")
        self.full_name = QPlainTextEdit(data.school_full_name)
        self.full_name.setPlaceholderText("Муниципальное бюджетное общеобразовательное "
                                          "учреждение «Средняя общеобразовательная школа № 1»")
        self.full_name.setTabChangesFocus(True)
        lines = self.full_name.fontMetrics().lineSpacing() * 3
        self.full_name.setFixedHeight(lines + 2 * self.full_name.frameWidth() + 10)
        self.short_name = QLineEdit(data.school_short_name)
        self.short_name.setPlaceholderText("МБОУ «СОШ № 1»")
        self.address = QLineEdit(data.address)
        self.address.setPlaceholderText("Индекс, населённый пункт, улица, дом")
        self.municipality = QLineEdit(data.municipality)
        self.municipality.setPlaceholderText("Городской округ, муниципальный район")
        self.founder = QLineEdit(data.founder)
        self.founder.setPlaceholderText("Управление образования администрации … (строка над "
                                        "наименованием в приказах)")
        self.founder.setToolTip("Строка над наименованием школы в приказах: учредитель или "
                                "орган управления образованием. Можно оставить пустой.")
        self.settlement = QLineEdit(data.settlement)
        self.settlement.setPlaceholderText("г. Тверь — место составления приказов")
        self.settlement.setToolTip("Место составления приказа: печатается под датой и "
                                   "номером.")
        self.director_name = QLineEdit(data.director_name)
        self.director_name.setPlaceholderText("Фамилия Имя Отчество")
        self.director_position = QLineEdit(data.director_position)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (("&Полное наименование*:", self.full_name),
                            ("&Краткое наименование:", self.short_name),
                            ("&Учредитель:", self.founder),
                            ("&Адрес:", self.address),
                            ("&Населённый пункт:", self.settlement),
                            ("&Муниципалитет:", self.municipality),
                            ("&Директор (ФИО)*:", self.director_name),
                            ("Д&олжность руководителя:", self.director_position)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(style.secondary("* — обязательные поля"))
        layout.addStretch(1)
        layout.addWidget(self.hint)

        self.full_name.textChanged.connect(self.changed)
        # the short name follows the full one until the curator types a short name himself
        self._short_name_typed = bool(data.school_short_name)
        self.short_name.textEdited.connect(self._short_name_edited)
        self.full_name.textChanged.connect(self._suggest_short_name)
        self.director_name.textChanged.connect(self.changed)

    def _short_name_edited(self, text: str) -> None:
        self._short_name_typed = bool(text.strip())

    def _suggest_short_name(self) -> None:
        if not self._short_name_typed:
            self.short_name.setText(suggested_short_name(self.school_full_name()))

    def school_full_name(self) -> str:
        """The full name on one line: line breaks typed or pasted into the field are spaces."""
        return " ".join(self.full_name.toPlainText().split())

    def problems(self) -> list[str]:
        problems = []
        if not self.school_full_name():
            problems.append("Укажите полное наименование школы — как в уставе.")
        if not self.director_name.text().strip():
            problems.append("Укажите ФИО директора: оно нужно для подписи приказов.")
        elif problem := signer_name_problem(self.director_name.text()):
            problems.append(problem)  # «В. К. Н.» under an order otherwise
        return problems
