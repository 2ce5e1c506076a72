"""The last pages of the import: the problems by row, what to do with people already in the
base, and the load itself.

The wizard module imports the pages, so they reach the wizard through its module (`wizard_module`),
looked up when they run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.importing import KIND_LABELS, Duplicates, ImportKind, ImportPreview
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.import_models import (
    ERROR_COLOUR,
    SAMPLE_ROWS,
    ProblemsModel,
    SampleModel,
)
from nastavnik_desktop.ui.wizards.import_people import wizard as wizard_module
from nastavnik_desktop.ui.wizards.import_people.common import (
    CHECK_CANCELLED,
    ImportPage,
    show_hint,
    table_view,
)


class CheckPage(ImportPage):
    """The preview: counts, problems by row, the first people as they will be stored."""

    def __init__(self) -> None:
        super().__init__("Проверка",
                         "Так люди из файла попадут в базу. Ошибки нужно исправить в самом "
                         "файле; предупреждения не мешают загрузке.")
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.recheck_button = QPushButton("Проверить &снова")
        self.recheck_button.setToolTip("Прочитать файл ещё раз — после того как вы исправили "
                                       "и сохранили его")
        self.recheck_button.clicked.connect(self.recheck)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.recheck_button, 0, Qt.AlignmentFlag.AlignTop)

        self.problems = ProblemsModel(self)
        self.problems_view = table_view(self.problems)
        header = self.problems_view.horizontalHeader()
        metrics = header.fontMetrics()
        header.resizeSection(ProblemsModel.COL_ROW, metrics.horizontalAdvance("Строка") + 24)
        header.resizeSection(ProblemsModel.COL_KIND,
                             metrics.horizontalAdvance("предупреждение") + 24)
        header.resizeSection(ProblemsModel.COL_COLUMN, metrics.averageCharWidth() * 18)
        self.problems_title = QLabel()

        self.sample = SampleModel(self)
        self.sample_view = table_view(self.sample)
        self.sample_title = QLabel()

        self.problems_box = QWidget()
        problems_column = QVBoxLayout(self.problems_box)
        problems_column.setContentsMargins(0, 0, 0, 0)
        problems_column.addWidget(self.problems_title)
        problems_column.addWidget(self.problems_view, 1)
        sample_box = QWidget()
        sample_column = QVBoxLayout(sample_box)
        sample_column.setContentsMargins(0, 0, 0, 0)
        sample_column.addWidget(self.sample_title)
        sample_column.addWidget(self.sample_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.problems_box)
        self.splitter.addWidget(sample_box)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.checking)
        layout.addWidget(self.hint)
        self._error = ""

    def initializePage(self) -> None:
        self._error = ""
        self._show()

    def recheck(self) -> None:
        """Read the same file again (the curator has fixed it) with the same choices."""
        self.import_wizard().prepare(self._read)

    def _read(self, error: str) -> None:
        self._error = error
        if error:
            self.import_wizard().preview = None
        self._show()

    def isComplete(self) -> bool:
        wizard = self.wizard()
        return (isinstance(wizard, wizard_module.ImportWizard) and wizard.preview is not None
                and wizard.preview.can_commit and not self._error and not self.is_checking())

    def nextId(self) -> int:
        """The duplicates page when some people are already in the base (and then the load
        page); otherwise this is the last page and «Загрузить» is pressed here."""
        wizard = self.wizard()
        if isinstance(wizard, wizard_module.ImportWizard) and wizard.preview is not None \
                and wizard.preview.already_in_base:
            return wizard_module.ImportWizard.PAGE_DUPLICATES
        return -1

    def _show(self) -> None:
        preview = self.import_wizard().preview
        if preview is None:
            self.counts.setText("")
            self.problems.set_problems(())
            self.sample.set_candidates((), ImportKind.PUPILS)
            self.splitter.hide()
            what = ("Нажмите «Проверить снова», чтобы проверить его заново,"
                    if self._error == CHECK_CANCELLED
                    else "Исправьте файл и нажмите «Проверить снова»")
            show_hint(self.hint, f"{self._error}\n{what} или вернитесь назад и выберите "
                      "другой файл.")
            self._ask_next_again()
            self.completeChanged.emit()
            return
        self.splitter.show()
        self.counts.setText(self._counts_html(preview))
        self.problems.set_problems(preview.problems)
        self.problems_box.setVisible(bool(preview.problems))
        self.problems_title.setText(f"<b>Проблемы</b> ({len(preview.problems)}) — по строкам "
                                    "файла")
        shown = preview.candidates[:SAMPLE_ROWS]
        self.sample.set_candidates(shown, preview.kind)
        self.sample_title.setText(
            f"<b>Первые строки</b> — {len(shown)} из {len(preview.candidates)}, как они будут "
            "сохранены" if preview.candidates else "<b>Загружать некого</b>")
        self._fit_sample_columns()
        self._share_height(len(preview.problems), len(shown))
        show_hint(self.hint, self._what_to_do(preview))
        self._ask_next_again()
        self.completeChanged.emit()

    def _ask_next_again(self) -> None:
        """Make the wizard ask `nextId` again — «Далее» or «Загрузить»: a check read again
        may find people already in the base, or none (QWizard asks only on arrival, and again
        whenever `setFinalPage` is called; this page is never final by itself)."""
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.setFinalPage(False)

    def _share_height(self, problems: int, people: int) -> None:
        """Give each table about the room its rows need, the problems first."""
        row = self.problems_view.verticalHeader().defaultSectionSize()
        total = max(sum(self.splitter.sizes()), 1)
        wanted = (min(problems, 12) + 2) * row + self.problems_title.sizeHint().height()
        rest = (min(people, 3) + 3) * row
        self.splitter.setSizes([min(wanted, max(total - rest, total // 2)), rest])

    def _counts_html(self, preview: ImportPreview) -> str:
        new = len(preview.candidates) - preview.already_in_base - preview.manual_matches
        parts = [f"Новых: <b>{new}</b>", f"уже в базе: <b>{preview.already_in_base}</b>"]
        if preview.manual_matches:
            parts.append(f"совпадают с введёнными вручную: <b>{preview.manual_matches}</b>")
        if not preview.problems:
            parts.append("проблем не найдено")
        elif preview.errors:
            bad_rows = len({p.row for p in preview.errors})
            parts.append(f"<span style='color:{ERROR_COLOUR.name()}'>ошибок: "
                         f"<b>{len(preview.errors)}</b> в "
                         f"{count_phrase(bad_rows, 'строке', 'строках', 'строках')}</span>")
        else:
            parts.append("ошибок: <b>0</b>")
        if preview.warnings:
            parts.append(f"предупреждений: <b>{len(preview.warnings)}</b>")
        sheet = f", лист «{preview.sheet}»" if len(self.import_wizard().sheets) > 1 else ""
        text = f"«{preview.file_name}»{sheet} — {KIND_LABELS[preview.kind]}<br>" + " · ".join(parts)
        if preview.can_commit and not preview.already_in_base:  # the last page: load from here
            text += ("<br>Нажмите «Загрузить»: люди будут сохранены одной операцией; если "
                     "загрузку отменить или она не удастся, база останется такой, как была.")
        return text

    @staticmethod
    def _what_to_do(preview: ImportPreview) -> str:
        if preview.errors:
            return (f"Пока в файле есть ошибки, его нельзя загрузить. Исправьте строки из "
                    f"списка в самом файле «{preview.file_name}», сохраните его и нажмите "
                    "«Проверить снова».")
        if not preview.candidates:
            return "В файле нет ни одной строки, которую можно загрузить."
        return ""

    def _fit_sample_columns(self) -> None:
        header = self.sample_view.horizontalHeader()
        metrics = header.fontMetrics()
        for column, title in enumerate(self.sample.titles()):
            widest = max([metrics.horizontalAdvance(title)]
                         + [metrics.horizontalAdvance(str(self.sample.index(row, column).data()))
                            for row in range(self.sample.rowCount())])
            header.resizeSection(column, min(widest + 24, metrics.averageCharWidth() * 40))


class DuplicatesPage(ImportPage):
    """What to do with the people already in the base (shown only when there are some)."""

    def __init__(self) -> None:
        super().__init__("Дубликаты",
                         "Человек считается уже внесённым, если совпали ФИО и дата рождения "
                         "(или ФИО и класс, если даты нет).")
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.skip = QRadioButton("&Пропустить — оставить сведения в базе как есть")
        self.update_ = QRadioButton("&Обновить — взять сведения из файла (пустые ячейки файла "
                                    "не стирают того, что есть в базе)")
        self.skip.setChecked(True)
        self.group = QButtonGroup(self)
        self.group.addButton(self.skip)
        self.group.addButton(self.update_)
        self.profiles_note = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addSpacing(6)
        layout.addWidget(self.skip)
        layout.addWidget(self.update_)
        layout.addSpacing(6)
        layout.addWidget(self.profiles_note)
        layout.addStretch(1)

    def initializePage(self) -> None:
        preview = self.import_wizard().preview
        assert preview is not None
        people = count_phrase(preview.already_in_base, "человек", "человека", "человек")
        self.count_label.setText(f"Из файла «{preview.file_name}» уже есть в базе: "
                                 f"<b>{people}</b>.")
        base = {ImportKind.MENTEES: "наставляемых", ImportKind.MENTORS: "наставников"}
        self.profiles_note.setText(
            f"В базу {base[preview.kind]} программы они будут включены в любом случае."
            if preview.kind in base else "")
        self.profiles_note.setVisible(preview.kind in base)

    def duplicates(self) -> Duplicates:
        return Duplicates.UPDATE if self.update_.isChecked() else Duplicates.SKIP


class LoadPage(ImportPage):
    """What will be done, when the people already in the base were to be decided on."""

    def __init__(self) -> None:
        super().__init__("Загрузка",
                         "Всё готово. Люди будут сохранены одной операцией: если загрузку "
                         "отменить или она не удастся, база останется такой, как была.")
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan)
        layout.addSpacing(8)
        layout.addWidget(self.hint)
        layout.addStretch(1)
    def initializePage(self) -> None:
        wizard = self.import_wizard()
        preview = wizard.preview
        assert preview is not None
        new = len(preview.candidates) - preview.already_in_base - preview.manual_matches
        lines = [f"Из файла «{preview.file_name}» ({KIND_LABELS[preview.kind]}) будет "
                 f"добавлено <b>{count_phrase(new, 'человек', 'человека', 'человек')}</b>."]
        if preview.already_in_base:
            what = ("обновлены сведения" if wizard.duplicates() is Duplicates.UPDATE
                    else "пропущены")
            lines.append(f"Уже есть в базе: {preview.already_in_base} — будут {what}.")
        if preview.manual_matches:
            lines.append(f"Совпадают с введёнными вручную: {preview.manual_matches} — "
                         "недостающие сведения будут дополнены.")
        if preview.kind is ImportKind.MENTEES:
            lines.append("Все они будут включены в базу наставляемых программы.")
        elif preview.kind is ImportKind.MENTORS:
            lines.append("Все они будут включены в базу наставников программы.")
        if preview.warnings:
            lines.append(f"Предупреждений: {len(preview.warnings)} — строки загружаются, "
                         "проверьте их потом в карточках людей.")
        lines.append("Нажмите «Загрузить».")
        self.plan.setText("<br>".join(lines))
        show_hint(self.hint, "")
