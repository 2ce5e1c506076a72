"""The «Именные списки» tab of «Обмен данными»: the bases and the pair list with names, only on
purpose (nothing is chosen when the tab opens), only for people with consent (the warning
counts and lists who is left out and why, with a search), only encrypted (an .xlsx with a
password or an AES-256 zip).

«Выгрузить зашифрованный файл…» asks the password twice (`dialogs/export_password`), the
folder or stick (`dialogs/export_target.choose_target`), then makes the file and writes it
verified through `exchange.stick.deliver` in a worker; the export goes on the history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.exchange import history, stick
from nastavnik_desktop.services.exchange.named import (
    NAMED_KIND_LABELS,
    PACKING_LABELS,
    NamedKind,
    NamedPlan,
    Packing,
    named_file,
    named_file_name,
    named_title,
    plan_named,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.export_password import ask_export_password
from nastavnik_desktop.ui.dialogs.export_target import choose_target
from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.actions import action_row, key_name, shortcut_action

INTRO = ("Именные списки уходят из школы только по вашему решению, только для тех, чьё согласие "
         "на обработку персональных данных оформлено и не отозвано (за несовершеннолетнего — "
         "согласие родителя или законного представителя), и только в зашифрованном файле. "
         "Напечатанные документы школы остаются полными.")
EXPORT_KEYS = "Ctrl+E"


def _people(n: int) -> str:
    return count_phrase(n, "человек", "человека", "человек")


class NamedTab(PageTab):
    title = "Именные списки"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.plan: NamedPlan | None = None
        self.task: BackgroundTask | None = None
        self._asked = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(12)
        intro = style.secondary(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        choices = QHBoxLayout()
        what = QGroupBox("Что выгрузить")
        what_layout = QVBoxLayout(what)
        self.kind_boxes: dict[NamedKind, QCheckBox] = {}
        for kind in NamedKind:
            box = QCheckBox(NAMED_KIND_LABELS[kind])
            box.toggled.connect(self._chosen_changed)
            what_layout.addWidget(box)
            self.kind_boxes[kind] = box
        what_layout.addWidget(style.secondary("Заранее ничего не отмечено: файл с именами — "
                                              "только по вашему решению."))
        choices.addWidget(what, 1)
        how = QGroupBox("Как зашифровать")
        how_layout = QVBoxLayout(how)
        self.packing_group = QButtonGroup(self)
        self.packing_buttons: dict[Packing, QRadioButton] = {}
        for packing in Packing:
            button = QRadioButton(PACKING_LABELS[packing])
            self.packing_group.addButton(button)
            how_layout.addWidget(button)
            self.packing_buttons[packing] = button
        self.packing_buttons[Packing.XLSX].setChecked(True)
        how_layout.addWidget(style.secondary("Книгу Excel открывают Excel и LibreOffice, "
                                             "архив — 7-Zip или WinRAR; везде нужен пароль."))
        choices.addWidget(how, 1)
        layout.addLayout(choices)

        self.summary = QLabel("Отметьте базы или список пар, чтобы увидеть, кто войдёт в файл.")
        self.summary.setWordWrap(True)
        self.summary.setFont(style.scaled_font(self.summary.font(), 1.1, bold=True))
        layout.addWidget(self.summary)

        self.warning = QGroupBox("Согласия")
        warning_layout = QVBoxLayout(self.warning)
        self.warning_text = QLabel()
        self.warning_text.setWordWrap(True)
        self.warning_text.setStyleSheet(style.NOTE_LOOK + " padding: 8px;")
        warning_layout.addWidget(self.warning_text)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии, классу, причине")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        warning_layout.addWidget(self.search)
        self.left_out = QListWidget()
        self.left_out.setAlternatingRowColors(True)
        warning_layout.addWidget(self.left_out, 1)
        self.warning.setVisible(False)
        layout.addWidget(self.warning, 1)

        self.export_action = shortcut_action("Выгрузить зашифрованный файл…", EXPORT_KEYS,
                                             self.export, self)
        self.export_action.setToolTip(f"Пароль, папка или флешка, проверка записи "
                                      f"({key_name(EXPORT_KEYS)})")
        self.export_action.setEnabled(False)
        row, buttons = action_row([self.export_action])
        self.export_button = buttons[self.export_action]
        writing(context.db, self.export_action)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = style.secondary()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(0)

    # --- what is chosen ---------------------------------------------------------------------

    def kinds(self) -> tuple[NamedKind, ...]:
        return tuple(kind for kind, box in self.kind_boxes.items() if box.isChecked())

    def packing(self) -> Packing:
        return next(p for p, button in self.packing_buttons.items() if button.isChecked())

    def reload(self) -> None:
        """Consents may have changed on another page: count again."""
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        kinds = self.kinds()
        self._asked += 1
        asked = self._asked
        self.plan = None
        self.export_action.setEnabled(False)
        if not kinds:
            self.summary.setText("Отметьте базы или список пар, чтобы увидеть, кто войдёт в "
                                 "файл.")
            self.warning.setVisible(False)
            return
        self.summary.setText("Проверяем согласия…")
        context = self.context
        self.task = run_task(
            self, lambda _progress: plan_named(context.db, context.programme_id, kinds,
                                               today=context.today()),
            lambda plan: self._show_plan(asked, plan), title="Именные списки",
            label="Проверяем согласия…", dialog=False, cancellable=False)

    def _show_plan(self, asked: int, plan: NamedPlan) -> None:
        if asked != self._asked:  # the choice changed meanwhile
            return
        self.plan = plan
        self.summary.setText(f"В файл войдут: {_people(plan.included)}."
                             if plan.included else
                             "В файл не войдёт никто: ни у кого из выбранных списков нет "
                             "согласия на обработку персональных данных.")
        self.export_action.setEnabled(plan.included > 0)
        self.left_out.clear()
        self.left_out.addItems(list(plan.left_out))
        self._filter(self.search.text())
        if plan.left_out_count:
            self.warning_text.setText(
                f"Не войдут в файл: {_people(plan.left_out_count)} — нет согласия на обработку "
                "персональных данных (за несовершеннолетнего — согласия родителя или "
                "законного представителя), или оно отозвано. Их имён не будет нигде в файле. "
                "Чтобы включить человека, внесите его согласие в карточку и выгрузите снова.")
        self.warning.setVisible(bool(plan.left_out_count))

    def _filter(self, text: str) -> None:
        words = text.casefold().replace("ё", "е").split()
        for row in range(self.left_out.count()):
            item = self.left_out.item(row)
            line = item.text().casefold().replace("ё", "е")
            item.setHidden(not all(word in line for word in words))

    # --- the export -------------------------------------------------------------------------

    def export(self) -> None:
        plan, kinds, packing = self.plan, self.kinds(), self.packing()
        if plan is None or not kinds or plan.kinds != kinds or not plan.included:
            return
        today = self.context.today()
        password = ask_export_password(self, named_title(kinds))
        if password is None:
            return
        name = named_file_name(kinds, today, packing)
        folder = choose_target(self, "Куда записать зашифрованный файл", name)
        if folder is None:
            return
        context = self.context
        notes = "; ".join(NAMED_KIND_LABELS[kind] for kind in kinds)

        def work(_progress: object) -> tuple[stick.Written, NamedPlan]:
            made = named_file(context.db, context.programme_id, kinds, today=today,
                              password=password, repeat=password, packing=packing)
            written = stick.deliver(context.db, Path(folder), made.file_name, made.data,
                                    kind=history.NAMED, people=made.plan.included,
                                    left_out=made.plan.left_out_count, encrypted=True,
                                    notes=notes)
            return written, made.plan

        self.export_action.setEnabled(False)
        self.task = run_task(self, work, self._exported, title="Именные списки",
                             label="Шифруем и записываем файл…", cancellable=False,
                             failure_title="Файл не записан",
                             on_finished=lambda: self.export_action.setEnabled(
                                 self.plan is not None and self.plan.included > 0))

    def _exported(self, result: tuple[stick.Written, NamedPlan]) -> None:
        written, plan = result
        left = (f" Не включены: {_people(plan.left_out_count)} — нет согласия."
                if plan.left_out_count else "")
        text = (f"Зашифрованный файл записан и проверен: {written.path}. "
                f"В нём {_people(plan.included)}.{left} Пароль сообщите получателю отдельно "
                "от файла.")
        self.result.setText(text)
        messages.show_info(self, text, title="Именные списки")
        self.context.changed()
