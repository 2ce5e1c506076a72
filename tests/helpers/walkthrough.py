"""The issue 10 walkthrough's pieces: the two school spreadsheets it imports, and `Curator`, which
drives real widgets the way a curator does and counts every deliberate action, typed field and
wizard page (the figures `benchmarks/first_pairs.py` prints; the target is `ACTIONS_TARGET`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from tests.helpers.spreadsheets import write_xlsx

# Issue 10's goal for the whole walkthrough (tests/e2e/test_first_pairs.py asserts it).
ACTIONS_TARGET = 60

SCHOOL = "МБОУ «Средняя общеобразовательная школа № 7»"
SCHOOL_SHORT = "МБОУ «СОШ № 7»"
SCHOOL_FULL = ("Муниципальное бюджетное общеобразовательное учреждение «Средняя "
               "общеобразовательная школа № 7»")
CURATOR = ("Белова", "Светлана", "Игоревна")
LIST_DATE = dt.date(2026, 12, 1)

_MALE = [("Иванов", "Александр", "Сергеевич"), ("Смирнов", "Дмитрий", "Андреевич"),
         ("Кузнецов", "Максим", "Игоревич"), ("Попов", "Артём", "Олегович"),
         ("Васильев", "Иван", "Петрович"), ("Петров", "Михаил", "Викторович"),
         ("Соколов", "Кирилл", "Денисович"), ("Михайлов", "Егор", "Алексеевич"),
         ("Новиков", "Никита", "Романович"), ("Фёдоров", "Матвей", "Павлович"),
         ("Морозов", "Тимофей", "Юрьевич"), ("Волков", "Роман", "Николаевич"),
         ("Алексеев", "Даниил", "Владимирович")]
_FEMALE = [("Лебедева", "Анна", "Сергеевна"), ("Семёнова", "Мария", "Андреевна"),
           ("Егорова", "Софья", "Игоревна"), ("Павлова", "Виктория", "Олеговна"),
           ("Козлова", "Алиса", "Петровна"), ("Степанова", "Полина", "Викторовна"),
           ("Николаева", "Дарья", "Денисовна"), ("Орлова", "Ксения", "Алексеевна"),
           ("Андреева", "Елизавета", "Романовна"), ("Макарова", "Вероника", "Павловна"),
           ("Никитина", "Варвара", "Юрьевна"), ("Захарова", "Ева", "Николаевна"),
           ("Зайцева", "Милана", "Владимировна")]
CLASSES = [f"{grade}{letter}" for grade in range(1, 12) for letter in "аб"]  # 22 classes
PUPILS = 306
MENTEE_GRADE = 5  # the pupils who get a mentor: 5а and 5б
ORDER_NUMBER = "27-о"
MENTOR_GRADE = 10  # the pupils who mentor them: 10а and 10б
STAFF = 41


def _pupil(number: int) -> tuple[str, str, str, dt.date, str, str]:
    klass = CLASSES[number % len(CLASSES)]
    grade = int(klass[:-1])
    male = number % 2 == 0
    names = _MALE if male else _FEMALE
    last = names[number % len(names)][0]
    first = names[(number // len(names)) % len(names)][1]
    middle = names[(number * 7 // len(names) + 3) % len(names)][2]
    born = dt.date(LIST_DATE.year - 7 - grade, 1 + number % 12, 1 + number % 28)
    return last, first, middle, born, "м" if male else "ж", klass


def pupils() -> list[tuple[str, str, str, dt.date, str, str]]:
    """306 pupils of classes 1а…11б, deterministic and unique by ФИО and birth date."""
    return [_pupil(n) for n in range(PUPILS)]


def write_class_list(folder: Path) -> Path:
    """A «Сетевой город»-like export: title rows above the header, then one row per pupil."""
    rows: list[list[Any]] = [[SCHOOL], ["Список учащихся"], [f"на {LIST_DATE:%d.%m.%Y}"], [],
                             ["№", "Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс"]]
    for number, (last, first, middle, born, sex, klass) in enumerate(pupils(), start=1):
        rows.append([number, last, first, middle, born, sex, klass])
    return write_xlsx(folder / "Список учащихся.xlsx", rows)


_SUBJECTS = ["математика", "русский язык", "музыка", "информатика", "начальные классы",
             "физика", "история", "английский язык", "биология", "химия"]


@dataclasses.dataclass(frozen=True)
class StaffMember:
    last: str
    first: str
    middle: str
    born: dt.date
    position: str
    subject: str
    started: dt.date

    @property
    def full_name(self) -> str:
        return f"{self.last} {self.first} {self.middle}"


def staff() -> list[StaffMember]:
    """41 staff: the curator, a director, a psychologist, experienced and young teachers."""
    people = [StaffMember(*CURATOR, dt.date(1978, 4, 12), "заместитель директора по УВР",
                          "математика", dt.date(2001, 9, 1))]
    people.append(StaffMember("Гусева", "Нина", "Павловна", dt.date(1969, 2, 3), "директор",
                              "история", dt.date(1991, 9, 1)))
    people.append(StaffMember("Комаров", "Олег", "Витальевич", dt.date(1985, 6, 30),
                              "педагог-психолог", "", dt.date(2010, 9, 1)))
    for n in range(STAFF - 3):
        young = n % 2 == 1  # every other one: a young specialist (under three years of work)
        names = _FEMALE if n % 3 else _MALE
        last = names[(n + 5) % len(names)][0]
        first = names[(n + 5 + n // len(names) + 1) % len(names)][1]
        middle = names[(n * 3 + 2) % len(names)][2]
        year = 1999 + n % 4 if young else 1965 + n % 20
        started = dt.date(2024 + n % 2, 9, 1) if young else dt.date(1990 + n % 15, 9, 1)
        people.append(StaffMember(f"{last}", first, middle, dt.date(year, 1 + n % 12, 2 + n % 27),
                                  "учитель", _SUBJECTS[n % len(_SUBJECTS)], started))
    return people


def write_staff_list(folder: Path) -> Path:
    rows: list[list[Any]] = [[SCHOOL], ["Список педагогических работников"],
                             [f"на {LIST_DATE:%d.%m.%Y}"],
                             ["№", "ФИО", "Дата рождения", "Должность", "Предмет",
                              "Стаж (дата начала работы)"]]
    for number, member in enumerate(staff(), start=1):
        rows.append([number, member.full_name, member.born, member.position, member.subject,
                     member.started])
    return write_xlsx(folder / "Список сотрудников.xlsx", rows)


class Curator:
    """Performs what a curator does on real widgets and counts it.

    One action: a click, a key press, one field typed (whatever its length), a file dialog
    answered, a message box button pressed. Wizard pages are counted when a wizard shows a page
    it has not shown before. `log` keeps (step, description) for the closing note.
    """

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.actions = 0
        self.typed_fields = 0
        self.step = ""
        self.log: list[tuple[str, str]] = []
        self._seen: dict[int, set[int]] = {}
        self.pages: list[QWidget] = []

    @property
    def wizard_pages(self) -> int:
        return sum(len(ids) for ids in self._seen.values())

    def count(self, description: str, times: int = 1) -> None:
        self.actions += times
        self.log.append((self.step, description if times == 1 else f"{description} ×{times}"))

    def click(self, widget: QWidget, description: str = "") -> None:
        assert widget.isVisible() and widget.isEnabled(), f"{description or widget} is unavailable"
        text = widget.text() if isinstance(widget, QAbstractButton) else type(widget).__name__
        self.count(description or f"нажать «{text.replace('&', '')}»")  # before what it opens
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def key(self, widget: QWidget, key: Qt.Key, description: str = "",
            modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count(description or f"клавиша {key.name}")
        self.qtbot.keyClick(widget, key, modifier)

    def select_all(self, view: QWidget, description: str = "выделить все строки (Ctrl+A)") -> None:
        self.key(view, Qt.Key.Key_A, description, Qt.KeyboardModifier.ControlModifier)

    def type(self, field: QLineEdit | QPlainTextEdit, text: str, description: str = "") -> None:
        assert field.isVisible() and field.isEnabled()
        field.setFocus()
        field.clear()
        for char in text:  # QTest's keyClicks aborts on non-ASCII: send the key events Qt would
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                        Qt.KeyboardModifier.NoModifier, char))
        self.typed_fields += 1
        self.count(description or f"ввести «{text}»")

    @contextmanager
    def answering_file_dialog(self, monkeypatch: Any, path: Path,
                              description: str = "") -> Iterator[None]:
        """The next open/save file dialog is answered with `path` (one action)."""
        def answer(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
            self.count(description or f"выбрать файл «{path.name}» в диалоге")
            return str(path), ""

        with monkeypatch.context() as patch:
            for name in ("getOpenFileName", "getSaveFileName"):
                patch.setattr(QFileDialog, name, staticmethod(answer))
            yield

    def answer_message(self, description: str = "ответить на вопрос («Да»)") -> None:
        """A confirm the curator had to press (the messages are captured, so count it)."""
        self.count(description)

    def watch(self, wizard: QWizard) -> None:
        """Count the wizard's pages as they are first shown."""
        seen = self._seen.setdefault(id(wizard), set())

        def shown(page_id: int) -> None:
            if page_id >= 0 and page_id not in seen:
                seen.add(page_id)
                self.pages.append(wizard)

        wizard.currentIdChanged.connect(shown)
        shown(wizard.currentId())

    def figures(self) -> dict[str, Any]:
        return {"actions": self.actions, "wizard_pages": self.wizard_pages,
                "typed_fields": self.typed_fields, "log": self.log}


def report(curator: Curator, path: str | None) -> None:
    """The figures as JSON into `path` (for benchmarks/first_pairs.py), if one is given."""
    if path:
        Path(path).write_text(json.dumps(curator.figures(), ensure_ascii=False, indent=1),
                              encoding="utf-8")
