"""The settings' «Школа» tab: the requisites printed on the school's documents and the logo
printed on its awards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.reports.awards import check_logo
from nastavnik_desktop.services.programme import suggested_short_name
from nastavnik_desktop.services.school import FIELD_LABELS, SchoolRequisites
from nastavnik_desktop.services.school_settings import LogoChange
from nastavnik_desktop.ui import messages, style

LOGO_FILTER = "Рисунки (*.png *.jpg *.jpeg)"
_PREVIEW_HEIGHT = 72

_PLACEHOLDERS = {
    "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                 "общеобразовательная школа № 7»",
    "founder": "Управление образования администрации города …",
    "address": "170000, Тверская область, г. Тверь, ул. Советская, д. 1",
    "settlement": "г. Тверь",
    "municipality": "городской округ город Тверь",
    "inn": "10 цифр",
    "phone": "+7 (4822) 12-34-56",
    "email": "school7@mail.ru",
    "director_name": "Кузнецова Наталья Викторовна",
    "director_position": "Директор",
}
_HINTS = {
    "founder": "Строка над наименованием школы в приказах и на наградах.",
    "settlement": "Печатается под датой приказа и на наградах: «г. Тверь», «с. Ивановка».",
    "director_name": "Подписывает приказы и награды: «Кузнецова Наталья Викторовна» или "
                     "«Кузнецова Н. В.».",
    "director_position": "Печатается слева от подписи: «Директор», «И. о. директора».",
}


class SchoolTab(QWidget):
    """The requisites (`fields`, one QLineEdit each) and the logo, nothing saved here."""

    changed = Signal()

    def __init__(self, requisites: SchoolRequisites, logo: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        self._stored_logo = logo
        self.logo_change = LogoChange()
        requisites_box = QGroupBox("Реквизиты для документов")
        form = QFormLayout(requisites_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, label in FIELD_LABELS.items():
            edit = QLineEdit(getattr(requisites, name))
            edit.setObjectName(f"school_{name}")
            edit.setPlaceholderText(_PLACEHOLDERS.get(name, ""))
            edit.setCursorPosition(0)
            edit.textChanged.connect(self.changed)
            if name in _HINTS:
                edit.setToolTip(_HINTS[name])
            self.fields[name] = edit
            form.addRow(f"{label}:", edit)
        self.fields["full_name"].textChanged.connect(self._suggest_short_name)
        self._suggest_short_name()
        layout = QVBoxLayout(self)
        layout.addWidget(requisites_box)
        layout.addWidget(self._logo_box())
        layout.addStretch(1)

    def _logo_box(self) -> QGroupBox:
        box = QGroupBox("Логотип школы")
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logo_preview")
        self.logo_preview.setMinimumSize(_PREVIEW_HEIGHT * 2, _PREVIEW_HEIGHT)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_name = style.secondary()
        choose = QPushButton("Выбрать рисунок…")
        choose.setObjectName("choose_logo")
        choose.clicked.connect(self._ask_logo)
        self.remove_button = QPushButton("Убрать логотип")
        self.remove_button.setObjectName("remove_logo")
        self.remove_button.clicked.connect(self.remove_logo)
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(style.secondary(
            "Печатается вверху сертификатов, грамот и благодарственных писем, над "
            "наименованием школы. Рисунок PNG или JPEG; он копируется в папку данных "
            "программы и попадает в резервные копии."))
        text.addWidget(self.logo_name)
        text.addStretch(1)
        row = QHBoxLayout(box)
        row.addWidget(self.logo_preview)
        row.addLayout(text, 1)
        row.addLayout(buttons)
        self._show_logo()
        return box

    def _suggest_short_name(self) -> None:
        self.fields["short_name"].setPlaceholderText(
            suggested_short_name(self.fields["full_name"].text()) or "МБОУ «СОШ № 7»")

    def requisites(self) -> SchoolRequisites:
        return SchoolRequisites(**{name: edit.text() for name, edit in self.fields.items()})

    def signature_text(self) -> str:
        """The signature as the orders print it, from the fields as typed."""
        position = self.fields["director_position"].text().strip() or "Директор"
        return f"{position}  ________  {self.fields['director_name'].text().strip() or '…'}"

    # --- the logo ---

    def logo_shown(self) -> Path | None:
        """The logo the awards will carry once saved."""
        if self.logo_change.source is not None:
            return self.logo_change.source
        return None if self.logo_change.remove else self._stored_logo

    def _ask_logo(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "Логотип школы", str(Path.home()),
                                                    LOGO_FILTER)
        if name:
            self.choose_logo(Path(name))

    def choose_logo(self, path: Path) -> bool:
        """Take `path` as the logo if it is a picture the awards can carry (else say why)."""
        if not messages.attempt(self, lambda: check_logo(path), title="Логотип не подходит"):
            return False
        self.logo_change = LogoChange(source=path)
        self._show_logo()
        self.changed.emit()
        return True

    def remove_logo(self) -> None:
        self.logo_change = LogoChange(remove=self._stored_logo is not None)
        self._show_logo()
        self.changed.emit()

    def _show_logo(self) -> None:
        path = self.logo_shown()
        self.remove_button.setEnabled(path is not None)
        if path is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("нет логотипа")
            self.logo_name.setText("Награды печатаются без логотипа.")
            return
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            self.logo_preview.setText("рисунок не найден")
        else:
            self.logo_preview.setPixmap(pixmap.scaled(
                _PREVIEW_HEIGHT * 2, _PREVIEW_HEIGHT, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        saved = "" if self.logo_change.source is None else " (сохранится с настройками)"
        self.logo_name.setText(f"Файл: {path.name}{saved}")

