"""The editor of a case: title, the pair, group or form it is about, the problem, what was done,
the result, the participants' quotes, and photos with thumbnails and captions (add, remove,
move). Nothing is written until «Сохранить»: then one `collection.save_case` in a worker copies
the new photos and writes the case. Whether the people of the case consent to publication is
shown beside the photos, and a refusal is shown there in the service's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImageReader, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.cases.collection import (
    CaseDetail,
    CaseDraft,
    CaseSubject,
    PhotoDraft,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

THUMB = QSize(150, 110)
PHOTO_FILTER = "Фотографии (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)"
_DRAFT = Qt.ItemDataRole.UserRole
"""A photo item's `PhotoDraft`."""


class CaseEditor(QDialog):
    """A new case (`detail` None) or a change of one; `saved_id` after «Сохранить»."""

    def __init__(self, db: Database, programme_id: int, subjects: list[CaseSubject],
                 detail: CaseDetail | None = None, *, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today = db, today
        self.programme_id = programme_id
        """The programme the case belongs to (its school year)."""
        self._case_id = detail.info.id if detail else None
        self.saved_id: int | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle("Кейс: изменение" if detail else "Новый кейс")

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Например: «Математика без страха»")
        self.subject = QComboBox()
        self.subject.addItem("— выберите пару, группу или форму —", None)
        for subject in subjects:
            self.subject.addItem(subject.label, subject)
        self.problem_edit = _text("Что мешало наставляемому, с чем пришли")
        self.actions_edit = _text("Что делали наставник и наставляемый, какие были встречи")
        self.result_edit = _text("Чего достигли: оценки, участие, отзывы, цифры")
        self.quotes_edit = _text("Каждый отзыв с новой строки: «текст» — кто сказал")

        self.photos = QListWidget()
        self.photos.setObjectName("case_photos")
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(THUMB)
        self.photos.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        self.photos.setMovement(QListView.Movement.Static)
        self.photos.setResizeMode(QListView.ResizeMode.Adjust)
        self.photos.setWordWrap(True)
        self.photos.setMinimumHeight(THUMB.height() + 60)
        self.photos.currentItemChanged.connect(lambda *_: self._show_caption())
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("Подпись к выбранной фотографии")
        self.caption.textChanged.connect(self._set_caption)
        self.add_photo_button = QPushButton("Добавить фото…")
        self.add_photo_button.clicked.connect(lambda: self.add_photos())
        self.remove_photo_button = QPushButton("Убрать")
        self.remove_photo_button.clicked.connect(self.remove_photo)
        self.left_button = QPushButton("← Раньше")
        self.left_button.clicked.connect(lambda: self.move_photo(-1))
        self.right_button = QPushButton("Позже →")
        self.right_button.clicked.connect(lambda: self.move_photo(1))
        self.consent_label = QLabel()
        self.consent_label.setWordWrap(True)
        self.consent_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                         QSizePolicy.Policy.Minimum)
        self.consent_label.setObjectName("consent_state")

        photo_buttons = QHBoxLayout()
        for button in (self.add_photo_button, self.remove_photo_button, self.left_button,
                       self.right_button):
            photo_buttons.addWidget(button)
        photo_buttons.addStretch(1)

        form = QFormLayout()
        form.addRow("Название:", self.title_edit)
        form.addRow("О ком:", self.subject)
        texts = QGridLayout()
        for column, (caption, edit) in enumerate((("Проблема", self.problem_edit),
                                                  ("Что было сделано", self.actions_edit),
                                                  ("Результат", self.result_edit))):
            texts.addWidget(QLabel(caption), 0, column)
            texts.addWidget(edit, 1, column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(texts, 2)
        layout.addWidget(QLabel("Отзывы участников (цитаты):"))
        layout.addWidget(self.quotes_edit, 1)
        layout.addWidget(QLabel("Фотографии — публикуются только с согласия участников:"))
        layout.addWidget(self.consent_label)
        layout.addLayout(photo_buttons)
        layout.addWidget(self.photos, 2)
        layout.addWidget(self.caption)
        buttons, self.save_button = style.dialog_buttons(self, "Сохранить")
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, self.accept)
        QShortcut(QKeySequence("Del"), self.photos, self.remove_photo,
                  Qt.ShortcutContext.WidgetShortcut)

        if detail is not None:
            self._load(detail)
        self.subject.currentIndexChanged.connect(lambda _i: self._show_consent())
        self._show_caption()
        self._show_consent()
        self._opened = (self.draft(), self.photo_drafts())
        self.resize(980, 760)

    # --- what is shown ---------------------------------------------------------------------

    def _load(self, detail: CaseDetail) -> None:
        info = detail.info
        self.title_edit.setText(info.title)
        for index in range(1, self.subject.count()):
            subject = self.subject.itemData(index)
            if (subject.pair_id, subject.form_id) == (info.pair_id, info.form_id if
                                                      info.pair_id is None else None):
                self.subject.setCurrentIndex(index)
                break
        self.problem_edit.setPlainText(info.problem)
        self.actions_edit.setPlainText(info.actions)
        self.result_edit.setPlainText(info.result)
        self.quotes_edit.setPlainText(info.quotes)
        for photo in detail.photo_list:
            self._add_item(PhotoDraft(photo.caption, photo_id=photo.id), photo.path)

    def draft(self) -> CaseDraft:
        subject = self.subject.currentData()
        return CaseDraft(
            title=self.title_edit.text(),
            pair_id=subject.pair_id if isinstance(subject, CaseSubject) else None,
            form_id=subject.form_id if isinstance(subject, CaseSubject) else None,
            problem=self.problem_edit.toPlainText(), actions=self.actions_edit.toPlainText(),
            result=self.result_edit.toPlainText(), quotes=self.quotes_edit.toPlainText())

    def photo_drafts(self) -> list[PhotoDraft]:
        return [self.photos.item(row).data(_DRAFT) for row in range(self.photos.count())]

    def _add_item(self, draft: PhotoDraft, path: str) -> None:
        item = QListWidgetItem(_thumbnail(path), draft.caption or Path(path).name)
        item.setData(_DRAFT, draft)
        item.setToolTip(path)
        item.setSizeHint(self.photos.gridSize())
        self.photos.addItem(item)

    def _show_caption(self) -> None:
        item = self.photos.currentItem()
        self.caption.setEnabled(item is not None)
        self.caption.setText(item.data(_DRAFT).caption if item is not None else "")
        for button in (self.remove_photo_button, self.left_button, self.right_button):
            button.setEnabled(item is not None)

    def _set_caption(self, text: str) -> None:
        item = self.photos.currentItem()
        if item is None:
            return
        draft: PhotoDraft = item.data(_DRAFT)
        item.setData(_DRAFT, PhotoDraft(text, draft.photo_id, draft.source))
        item.setText(text or (Path(draft.source).name if draft.source else ""))

    def _say(self, text: str) -> None:
        """The consent line: a wrapped label keeps the height of all its lines."""
        self.consent_label.setText(text)
        self._fit_label()

    def _fit_label(self) -> None:
        width = self.consent_label.width() if self.consent_label.isVisible() \
            else self.width() - 40
        self.consent_label.setMinimumHeight(
            max(0, self.consent_label.heightForWidth(max(width, 200))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_label()

    def _show_consent(self) -> None:
        """Who of the case may be published, as the service decides."""
        draft = self.draft()
        self.consent_label.setVisible(draft.pair_id is not None or draft.form_id is not None)
        if draft.pair_id is None and draft.form_id is None:
            self._say("")
            return
        people = messages.guarded(self, lambda: collection.case_people(
            self._db, self.programme_id, draft, today=self._today))
        if people is None:
            return
        missing = [p for p in people if not p.may_publish]
        if not people:
            self._say("В тексте кейса не названо ни одного участника формы.")
        elif missing:
            self._say(
                f"Фото прикрепить нельзя: {collection.missing_text(missing)}. В сборнике их "
                "имена заменяются словами «наставник» и «наставляемый».")
        else:
            self._say(
                "Согласие на публикацию есть у всех участников кейса "
                f"({count_phrase(len(people), 'человек', 'человека', 'человек')}).")

    # --- photos ----------------------------------------------------------------------------

    def add_photos(self, paths: list[str] | None = None) -> None:
        """Add photos (chosen in a file dialog unless given); written with the case."""
        if paths is None:
            paths, _filter = QFileDialog.getOpenFileNames(self, "Фотографии кейса", "",
                                                          PHOTO_FILTER)
        for path in paths:
            self._add_item(PhotoDraft("", source=path), path)
        if paths:
            self.photos.setCurrentRow(self.photos.count() - 1)
            self.caption.setFocus()

    def remove_photo(self) -> None:
        row = self.photos.currentRow()
        if row >= 0:
            self.photos.takeItem(row)
            self._show_caption()

    def move_photo(self, offset: int) -> None:
        row = self.photos.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < self.photos.count():
            return
        item = self.photos.takeItem(row)
        self.photos.insertItem(target, item)
        self.photos.setCurrentRow(target)

    # --- saving ----------------------------------------------------------------------------

    def accept(self) -> None:
        if self.task is not None:
            return
        draft, photos = self.draft(), self.photo_drafts()
        if not draft.title.strip():
            messages.show_error(self, "Впишите название кейса: о чём эта практика.",
                                title="Кейс не сохранён")
            self.title_edit.setFocus()
            return
        db, programme_id, case_id, day = self._db, self.programme_id, self._case_id, self._today
        self.save_button.setEnabled(False)
        self.task = run_task(
            self, lambda progress: collection.save_case(db, programme_id, case_id, draft,
                                                        photos, today=day, progress=progress),
            self._saved, title="Кейс", label="Сохраняется кейс…",
            on_known_error=self._refused, on_finished=self._finished)

    def changed(self) -> bool:
        """Whether anything was typed or a photo added, removed or moved since opening."""
        return (self.draft(), self.photo_drafts()) != self._opened

    def reject(self) -> None:
        """«Отмена» or Esc: what was typed is not thrown away without asking."""
        if self.task is not None:
            return
        if self.changed() and not messages.confirm(
                self, "Закрыть кейс без сохранения? Введённый текст и добавленные фотографии "
                "не сохранятся.", title="Кейс не сохранён"):
            return
        super().reject()

    def _saved(self, case_id: int) -> None:
        self.saved_id = case_id
        super().accept()

    def _refused(self, error: NastavnikError) -> None:
        self._say(str(error))
        messages.show_known_error(self, error, title="Кейс не сохранён")

    def _finished(self) -> None:
        self.task = None
        self.save_button.setEnabled(True)


def _text(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    return edit


def _thumbnail(path: str) -> QIcon:
    """A small picture of the photo, read scaled (a 10-megapixel photo is not decoded whole);
    a file that cannot be read shows an empty frame."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    pixmap = QPixmap.fromImage(image) if not image.isNull() else QPixmap(THUMB)
    if image.isNull():
        pixmap.fill(Qt.GlobalColor.lightGray)
    return QIcon(pixmap)
