"""The card of a person: ФИО, dates, class or position, contacts and consents under 152-ФЗ.

Opened from the bases. Below the fields, «История в программе по годам»
(`people.person_history`): each school year the person took part in — role, form, pair or
group with its partners (a link opens the pair's card, a past year's read-only), status, result,
awards. «Сохранить» is one `save_person` call; a refusal (an empty surname, a
birth date in the future …) is shown and the card stays open with everything typed in it.
«Удалить из школы…» erases the person altogether (152-ФЗ) after a confirmation, then closes.
A minor without his parent's consent is flagged at the top while the card is edited; a sex
that the patronymic contradicts is flagged under «Пол» (documents decline by the patronymic),
with a link that sets the patronymic's sex.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import CATEGORY_LABELS, ConsentGiver, PersonCategory, Sex
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import people as people_service
from nastavnik_desktop.services.people import (
    ConsentInfo,
    DeclinedName,
    PersonCard,
    age_on,
    declension,
)
from nastavnik_desktop.services.people.consent import GIVER_LABELS
from nastavnik_desktop.services.people.erasure import ErasureResult
from nastavnik_desktop.text import format_date, parse_date, ru_plural
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.erase_people import erase_people
from nastavnik_desktop.ui.pair_card.dialog import open_pair_card
from nastavnik_desktop.ui.tasks import BackgroundTask
from nastavnik_desktop.ui.widgets.consent_editor import DOCUMENT_PLACEHOLDER, giver_placeholder
from nastavnik_desktop.ui.widgets.person_history import history_html

SEX_LABELS: dict[Sex | None, str] = {None: "не указан", Sex.MALE: "мужской",
                                     Sex.FEMALE: "женский"}
PARENT_CONSENT_WARNING = ("Несовершеннолетний: нет согласия родителя (законного представителя) "
                          "на обработку персональных данных. Без него данные нельзя "
                          "передавать за пределы школы.")
_FLAG_STYLE = ("QLabel { background: #fde4e2; color: #8c1d18; border: 1px solid #f2b8b5; "
               "border-radius: 4px; padding: 6px 10px; }")
_PATRONYMIC_SEX = {Sex.MALE: "мужское", Sex.FEMALE: "женское"}
_NOTE_STYLE = f"QLabel {{ {style.NOTE_LOOK} }}"
"""No padding in the style sheet: a wrapped label with one is given the height of one line
(`QLabel.setMargin` instead)."""
_DATE_PLACEHOLDER = "ДД.ММ.ГГГГ"
_NO_EXPERIENCE = -1


class WrappedNote(QLabel):
    """A word-wrapped note as tall as its lines: nested form layouts hand a wrapped label the
    height of one line (its height-for-width is not asked), cutting the sentence off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


class DateEdit(QLineEdit):
    """A date typed as on paper, «05.09.2025»; empty means «не указана»."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setPlaceholderText(_DATE_PLACEHOLDER)
        self.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"^\d{0,2}(\.\d{0,2}(\.\d{0,4})?)?$"), self))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00.00.00000") + 24)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def date(self) -> dt.date | None:
        """The date typed in, None when empty; ValidationError when it is not a date."""
        try:
            return parse_date(self.text())
        except ValueError:
            raise ValidationError(f"{self.what}: «{self.text().strip()}» не похоже на дату. "
                                  "Введите её как ДД.ММ.ГГГГ, например 05.09.2025, или оставьте "
                                  "поле пустым.") from None

    def date_or_none(self) -> dt.date | None:
        """The date, or None when the text is not (yet) a date."""
        try:
            return parse_date(self.text())
        except ValueError:
            return None


class ConsentEditor(QGroupBox):
    """A consent: ticked when given; the date, who gave it, and the date it was revoked."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.given_on_edit = DateEdit(f"{title}: дата")
        self.giver_combo = QComboBox()
        for giver, label in GIVER_LABELS.items():
            self.giver_combo.addItem(label, giver)
        self.giver_name_edit = QLineEdit()
        self.document_edit = QLineEdit()
        self.document_edit.setPlaceholderText(DOCUMENT_PLACEHOLDER)
        self.revoked_on_edit = DateEdit(f"{title}: дата отзыва")
        self.revoked_on_edit.setToolTip("Заполните, если согласие отозвано")
        self.giver_combo.currentIndexChanged.connect(self._update_giver_name)

        form = _form(self)
        form.addRow("Дата:", self.given_on_edit)
        form.addRow("Кто дал:", self.giver_combo)
        form.addRow("ФИО давшего:", self.giver_name_edit)
        form.addRow("Документ:", self.document_edit)
        form.addRow("Отозвано:", self.revoked_on_edit)
        self._update_giver_name()

    def set_consent(self, consent: ConsentInfo | None) -> None:
        self.setChecked(consent is not None)
        self.given_on_edit.set_date(consent.given_on if consent else None)
        giver = consent.given_by if consent else ConsentGiver.SELF
        self.giver_combo.setCurrentIndex(self.giver_combo.findData(giver))
        self.giver_name_edit.setText(consent.given_by_name if consent else "")
        self.document_edit.setText(consent.document_ref if consent else "")
        self.revoked_on_edit.set_date(consent.revoked_on if consent else None)

    def consent(self) -> ConsentInfo | None:
        """The consent as typed (None when not ticked); ValidationError for a bad date."""
        if not self.isChecked():
            return None
        given_on = self.given_on_edit.date()
        if given_on is None:
            raise ValidationError(f"{self.title()}: укажите дату, когда согласие дано, или "
                                  "снимите отметку.")
        return ConsentInfo(given_on=given_on, given_by=self.giver(),
                           given_by_name=self.giver_name_edit.text(),
                           revoked_on=self.revoked_on_edit.date(),
                           document_ref=self.document_edit.text())

    def consent_or_none(self) -> ConsentInfo | None:
        """The consent for the live flag: None when not ticked or not yet a valid date."""
        given_on = self.given_on_edit.date_or_none()
        if not self.isChecked() or given_on is None:
            return None
        return ConsentInfo(given_on=given_on, given_by=self.giver(),
                           revoked_on=self.revoked_on_edit.date_or_none())

    def giver(self) -> ConsentGiver:
        return ConsentGiver(self.giver_combo.currentData())  # Qt hands back the plain value

    def _update_giver_name(self) -> None:
        """Only a representative's consent names someone (an adult's own shows no «ФИО
        родителя»)."""
        self.giver_name_edit.setEnabled(self.giver() is not ConsentGiver.SELF)
        self.giver_name_edit.setPlaceholderText(giver_placeholder(self.giver()))


class PersonCardDialog(QDialog):
    """Edits one person; `saved` holds the card as saved after «Сохранить»; `erased` is
    emitted (and the card closed) once the person has been erased from the school."""

    erased = Signal()

    def __init__(self, db: Database, person_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today or dt.date.today()
        self.original = people_service.get_person(db, person_id)
        self.saved: PersonCard | None = None
        self.erase_task: BackgroundTask | None = None
        self.setWindowTitle(f"Карточка — {self.original.full_name}")
        self.setMinimumWidth(940)

        self.title_label = style.heading(self.original.full_name, factor=1.3)
        self.title_label.setObjectName("card_title")
        self.parent_consent_flag = QLabel(PARENT_CONSENT_WARNING)
        self.parent_consent_flag.setObjectName("parent_consent_flag")
        self.parent_consent_flag.setWordWrap(True)
        self.parent_consent_flag.setStyleSheet(_FLAG_STYLE)

        columns = QHBoxLayout()
        columns.setSpacing(style.SPACING)
        left = QVBoxLayout()
        left.addWidget(self._build_personal())
        left.addWidget(self._build_work())
        left.addWidget(self._build_declension())
        self.exclusions = self._build_exclusions(person_id)  # issue 12: «Не ставить в пару с»
        if self.exclusions is not None:
            left.addWidget(self.exclusions)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._build_contacts())
        self.pd_consent = ConsentEditor("Согласие на обработку персональных данных")
        self.pd_consent.setObjectName("pd_consent")
        self.publication_consent = ConsentEditor("Согласие на публикацию фото и кейсов")
        self.publication_consent.setObjectName("publication_consent")
        right.addWidget(self.pd_consent)
        right.addWidget(self.publication_consent)
        right.addWidget(self._build_history(person_id))
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setPlaceholderText("Заметки куратора")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 14)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.erase_button = QPushButton("Удалить из школы…")
        self.erase_button.setToolTip("Удалить все данные человека из школы (по отзыву "
                                     "согласия, 152-ФЗ). Отменить нельзя")
        self.erase_button.setAutoDefault(False)
        self.erase_button.clicked.connect(self.erase)
        style.plain_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.parent_consent_flag)
        layout.addLayout(columns)
        layout.addWidget(self.notes_edit)
        layout.addWidget(style.secondary("* — обязательные поля"))
        footer = QHBoxLayout()
        footer.addWidget(self.erase_button)  # apart from «Сохранить»: it cannot be undone
        footer.addStretch(1)
        footer.addWidget(buttons)
        layout.addLayout(footer)

        self._show_card(self.original)
        self._update_sex_warning()
        for edit in (self.birth_date_edit, self.pd_consent.given_on_edit,
                     self.pd_consent.revoked_on_edit):
            edit.textChanged.connect(self._update_flag)
        self.category_combo.currentIndexChanged.connect(self._update_flag)
        self.pd_consent.toggled.connect(self._on_pd_consent_toggled)
        self.pd_consent.giver_combo.currentIndexChanged.connect(self._update_flag)
        self.publication_consent.toggled.connect(self._on_publication_toggled)
        self._update_flag()

    # --- building --------------------------------------------------------------------------

    def _build_history(self, person_id: int) -> QGroupBox:
        """«История в программе»: each school year the person took part in, the latest first —
        role, form, pair or group with the partners, status, result, awards; a pair's link
        opens its card (a past year's read-only)."""
        self.history = people_service.person_history(self._db, person_id)
        box = QGroupBox("История в программе по годам")
        box.setObjectName("person_history")
        self.history_label = WrappedNote()
        self.history_label.setObjectName("history_text")
        self.history_label.setTextFormat(Qt.TextFormat.RichText)
        self.history_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.history_label.setText(history_html(self.history))
        self.history_label.linkActivated.connect(lambda link: self.open_pair(int(link)))
        layout = QVBoxLayout(box)
        layout.addWidget(self.history_label)
        box.setVisible(bool(self.history))
        return box

    def open_pair(self, pair_id: int) -> None:
        """The card of a pair of the history: read-only when its year is archived."""
        year = next(y for y in self.history if any(p.pair_id == pair_id for p in y.parts))
        db = self._db.read_only_view() if year.archived else self._db
        open_pair_card(self, db, year.programme_id, pair_id, today=lambda: self._today)

    def _build_personal(self) -> QGroupBox:
        self.last_name_edit = QLineEdit()
        self.last_name_edit.setObjectName("last_name")
        self.first_name_edit = QLineEdit()
        self.first_name_edit.setObjectName("first_name")
        self.middle_name_edit = QLineEdit()
        self.middle_name_edit.setObjectName("middle_name")
        for edit in (self.last_name_edit, self.first_name_edit, self.middle_name_edit):
            edit.setMaxLength(people_service.MAX_NAME_LENGTH)
        self.sex_combo = QComboBox()
        for sex, label in SEX_LABELS.items():
            self.sex_combo.addItem(label, sex)
        self.sex_warning = WrappedNote()
        self.sex_warning.setObjectName("sex_warning")
        self.sex_warning.setTextFormat(Qt.TextFormat.RichText)
        self.sex_warning.setStyleSheet(_NOTE_STYLE)
        self.sex_warning.setMargin(5)
        self.sex_warning.linkActivated.connect(lambda _link: self.take_patronymic_sex())
        self.sex_warning.hide()
        self.sex_combo.currentIndexChanged.connect(self._update_sex_warning)
        self.middle_name_edit.textChanged.connect(self._update_sex_warning)
        self.birth_date_edit = DateEdit("Дата рождения")
        self.birth_date_edit.setObjectName("birth_date")
        self.age_label = style.secondary()
        self.birth_date_edit.textChanged.connect(self._update_age)
        birth = QHBoxLayout()
        birth.addWidget(self.birth_date_edit)
        birth.addWidget(self.age_label, 1)
        self.category_combo = QComboBox()
        for category, label in CATEGORY_LABELS.items():
            self.category_combo.addItem(label, category)

        box = QGroupBox("Личные данные")
        form = _form(box)
        form.addRow("Фамилия*:", self.last_name_edit)
        form.addRow("Имя*:", self.first_name_edit)
        form.addRow("Отчество:", self.middle_name_edit)
        form.addRow("Пол:", self.sex_combo)
        form.addRow(self.sex_warning)  # the whole width: a sentence of two lines
        form.addRow("Дата рождения:", birth)
        form.addRow("Категория:", self.category_combo)
        return box

    def _build_work(self) -> QGroupBox:
        self.class_edit = QLineEdit()
        self.class_edit.setObjectName("class_name")
        self.class_edit.setPlaceholderText("например, 7А")
        self.class_edit.setMaxLength(10)
        self.class_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("например, 7А")
                                        + 24)
        self.position_edit = QLineEdit()
        self.subject_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("для внешних наставников и студентов")
        self.experience_spin = QSpinBox()
        self.experience_spin.setRange(_NO_EXPERIENCE, people_service.MAX_EXPERIENCE)
        self.experience_spin.setSpecialValueText("не указан")
        self.experience_spin.setFixedWidth(self.fontMetrics().horizontalAdvance("не указан")
                                           + 48)

        box = QGroupBox("Учёба и работа")
        form = _form(box)
        form.addRow("Класс:", self.class_edit)
        form.addRow("Должность:", self.position_edit)
        form.addRow("Предмет:", self.subject_edit)
        form.addRow("Организация:", self.organisation_edit)
        form.addRow("Стаж, лет:", self.experience_spin)
        return box

    def _build_declension(self) -> QGroupBox:
        """The ФИО as orders and certificates print it; corrected here when pytrovich errs."""
        self.genitive_edit = QLineEdit()
        self.genitive_edit.setObjectName("name_genitive")
        self.dative_edit = QLineEdit()
        self.dative_edit.setObjectName("name_dative")
        self.accusative_edit = QLineEdit()
        self.accusative_edit.setObjectName("name_accusative")
        self.decline_button = QPushButton("Просклонять заново")
        self.decline_button.setObjectName("decline_again")
        self.decline_button.setToolTip("Заполнить падежи по фамилии, имени и отчеству выше")
        self.decline_button.clicked.connect(self.decline_again)
        box = QGroupBox("ФИО в документах")
        box.setToolTip("Так ФИО печатается в приказах и грамотах. Исправьте, если склонение "
                       "неверно: исправление сохранится.")
        form = _form(box)
        form.addRow("Кого? (род.):", self.genitive_edit)
        form.addRow("Кому? (дат.):", self.dative_edit)
        form.addRow("Кого? (вин.):", self.accusative_edit)
        form.addRow("", self.decline_button)
        return box

    def _build_exclusions(self, person_id: int) -> QGroupBox | None:
        """«Не ставить в пару с: …» — the exclusions of the current programme naming this
        person, added and removed at once (not by «Сохранить»); None when the person takes no
        part in the programme."""
        from nastavnik_desktop.services import programme as programme_service
        from nastavnik_desktop.services.matching import exclusions as exclusions_service
        from nastavnik_desktop.ui.widgets.exclusions import ExclusionsEditor

        programme = programme_service.current_programme(self._db)
        if programme is None or not exclusions_service.takes_part(self._db, programme.id,
                                                                  person_id):
            return None
        box = QGroupBox("Не ставить в пару с")
        box.setObjectName("person_exclusions")
        box.setToolTip("Запреты подбора пар в текущей программе; сохраняются сразу")
        self.exclusions_editor = ExclusionsEditor(self._db, programme.id, person_id=person_id,
                                                  visible_rows=2)
        layout = QVBoxLayout(box)
        layout.addWidget(self.exclusions_editor)
        return box

    def decline_again(self) -> None:
        forms = declension.decline(self.last_name_edit.text().strip(),
                                   self.first_name_edit.text().strip(),
                                   self.middle_name_edit.text().strip(),
                                   Sex(sex) if (sex := self.sex_combo.currentData()) else None)
        self._show_declined(forms)

    def _show_declined(self, forms: DeclinedName | None) -> None:
        forms = forms or declension.EMPTY
        self.genitive_edit.setText(forms.genitive)
        self.dative_edit.setText(forms.dative)
        self.accusative_edit.setText(forms.accusative)

    def _build_contacts(self) -> QGroupBox:
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.parent_name_edit = QLineEdit()
        self.parent_name_edit.setPlaceholderText("для несовершеннолетних")
        self.parent_phone_edit = QLineEdit()

        box = QGroupBox("Контакты")
        form = _form(box)
        form.addRow("Телефон:", self.phone_edit)
        form.addRow("Эл. почта:", self.email_edit)
        form.addRow("Родитель:", self.parent_name_edit)
        form.addRow("Телефон родителя:", self.parent_phone_edit)
        return box

    # --- reading and writing the fields ----------------------------------------------------

    def _show_card(self, card: PersonCard) -> None:
        self.last_name_edit.setText(card.last_name)
        self.first_name_edit.setText(card.first_name)
        self.middle_name_edit.setText(card.middle_name)
        self.sex_combo.setCurrentIndex(self.sex_combo.findData(card.sex))
        self.birth_date_edit.set_date(card.birth_date)
        self.category_combo.setCurrentIndex(self.category_combo.findData(card.category))
        self.class_edit.setText(card.class_name)
        self.position_edit.setText(card.position)
        self.subject_edit.setText(card.subject)
        self.organisation_edit.setText(card.organisation)
        self.experience_spin.setValue(_NO_EXPERIENCE if card.experience_years is None
                                      else card.experience_years)
        self.phone_edit.setText(card.phone)
        self.email_edit.setText(card.email)
        self.parent_name_edit.setText(card.parent_name)
        self.parent_phone_edit.setText(card.parent_phone)
        self.notes_edit.setPlainText(card.notes)
        self.pd_consent.set_consent(card.personal_data_consent)
        self.publication_consent.set_consent(card.publication_consent)
        self._show_declined(card.declined)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # show the beginning of a long text, not its end
        self._update_age()

    def card_from_fields(self) -> PersonCard:
        """The card as typed; ValidationError when a date cannot be read."""
        experience = self.experience_spin.value()
        return PersonCard(
            person_id=self.original.person_id, last_name=self.last_name_edit.text(),
            first_name=self.first_name_edit.text(), middle_name=self.middle_name_edit.text(),
            sex=Sex(sex) if (sex := self.sex_combo.currentData()) else None,
            birth_date=self.birth_date_edit.date(),
            category=PersonCategory(self.category_combo.currentData()),
            class_name=self.class_edit.text(), position=self.position_edit.text(),
            subject=self.subject_edit.text(), organisation=self.organisation_edit.text(),
            experience_years=None if experience == _NO_EXPERIENCE else experience,
            phone=self.phone_edit.text(), email=self.email_edit.text(),
            parent_name=self.parent_name_edit.text(),
            parent_phone=self.parent_phone_edit.text(),
            notes=self.notes_edit.toPlainText(),
            personal_data_consent=self.pd_consent.consent(),
            publication_consent=self.publication_consent.consent(),
            declined=DeclinedName(self.genitive_edit.text(), self.dative_edit.text(),
                                  self.accusative_edit.text()))

    def accept(self) -> None:
        saved = messages.guarded(self, lambda: people_service.save_person(
            self._db, self.card_from_fields(), today=self._today), title="Карточка не сохранена")
        if saved is not None:
            self.saved = saved
            super().accept()

    def erase(self) -> None:
        """Erase this person from the school after the confirmation; the card then closes."""
        self.erase_task = erase_people(self, self._db, [self.original.person_id],
                                       self._after_erased)

    def _after_erased(self, _result: ErasureResult) -> None:
        self.erased.emit()
        self.reject()

    def flag_shown(self) -> bool:
        return not self.parent_consent_flag.isHidden()

    # --- live hints ------------------------------------------------------------------------

    def _update_flag(self) -> None:
        needs = people_service.needs_parent_consent(
            self.birth_date_edit.date_or_none(),
            PersonCategory(self.category_combo.currentData()),
            self.pd_consent.consent_or_none(), self._today)
        self.parent_consent_flag.setVisible(needs)

    def _update_sex_warning(self) -> None:
        """«Пол „мужской“, а отчество „Ильинична“ — женское …» while they disagree."""
        told = people_service.sex_mismatch(self._chosen_sex(), self.middle_name_edit.text())
        if told is not None:
            self.sex_warning.setText(
                f"Пол «{SEX_LABELS[self._chosen_sex()]}», а отчество "
                f"«{html.escape(self.middle_name_edit.text().strip())}» "
                f"{_PATRONYMIC_SEX[told]}: в документах ФИО склоняется по отчеству. "
                f'<a href="fix">Поставить пол «{SEX_LABELS[told]}»</a>')
        self.sex_warning.setVisible(told is not None)

    def take_patronymic_sex(self) -> None:
        """The sex the patronymic tells, chosen in «Пол» (the warning's link)."""
        told = people_service.sex_mismatch(self._chosen_sex(), self.middle_name_edit.text())
        if told is not None:
            self.sex_combo.setCurrentIndex(self.sex_combo.findData(told))

    def sex_warning_shown(self) -> bool:
        return not self.sex_warning.isHidden()

    def _chosen_sex(self) -> Sex | None:
        return Sex(sex) if (sex := self.sex_combo.currentData()) else None

    def _update_age(self) -> None:
        birth = self.birth_date_edit.date_or_none()
        if birth is None or birth > self._today:
            self.age_label.setText("")
            return
        age = age_on(birth, self._today)
        self.age_label.setText(f"{age} {ru_plural(age, 'год', 'года', 'лет')}")

    def _on_pd_consent_toggled(self, checked: bool) -> None:
        if checked:
            self._fill_new_consent(self.pd_consent)
        self._update_flag()

    def _on_publication_toggled(self, checked: bool) -> None:
        if checked:
            self._fill_new_consent(self.publication_consent)

    def _fill_new_consent(self, editor: ConsentEditor) -> None:
        """A consent just ticked: today, and for a minor his parent as the one who gave it."""
        if editor.given_on_edit.text().strip():
            return
        editor.given_on_edit.set_date(self._today)
        minor = people_service.is_minor(self.birth_date_edit.date_or_none(),
                                        PersonCategory(self.category_combo.currentData()),
                                        self._today)
        if minor:
            editor.giver_combo.setCurrentIndex(editor.giver_combo.findData(ConsentGiver.PARENT))
            if not editor.giver_name_edit.text().strip():
                editor.giver_name_edit.setText(self.parent_name_edit.text().strip())


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form
