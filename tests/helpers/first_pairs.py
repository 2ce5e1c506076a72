"""Issue 10's walkthrough: from an empty database to a printed order on pairs, through the real
main window, as a first-time curator does it — every step through widgets a curator can reach,
each click, key, typed field and answered dialog counted by `walkthrough.Curator`.

The test (tests/e2e/test_first_pairs.py) and `benchmarks/first_pairs.py` run the same `Walk`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QWidget,
    QWizard,
)

from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.main_window import MainWindow
from tests.helpers import walkthrough
from tests.helpers.walkthrough import Curator

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


class Walk:
    def __init__(self, curator: Curator, window: MainWindow, folder: Path,
                 monkeypatch: Any, shots: Path | None = None) -> None:
        self.curator = curator
        self.window = window
        self.folder = folder
        self.monkeypatch = monkeypatch
        self.shots = shots
        self.failure: BaseException | None = None
        self.shown: list[messages.Message] = []
        self._others = messages.set_handler(self._answer)
        self.class_list = walkthrough.write_class_list(folder)
        self.staff_list = walkthrough.write_staff_list(folder)
        self.order_pdf = folder / "Приказ о закреплении пар.pdf"

    # -- helpers ---------------------------------------------------------------------------

    def _answer(self, message: messages.Message, parent: QWidget | None) -> bool:
        """Every message box the curator had to close or answer is one action («ОК», «Да»)."""
        self.shown.append(message)
        self.curator.count(f"закрыть сообщение «{message.text[:60]}»")
        return True if self._others is None else self._others(message, parent)

    def shoot(self, widget: Any, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(self.shots / f"{name}.png"))

    def wait(self, condition: Callable[[], object], timeout: int = 120_000) -> None:
        """Until `condition` holds, or a wizard's drive failed (then its error)."""
        self.curator.qtbot.waitUntil(lambda: self.failure is not None or bool(condition()),
                                     timeout=timeout)
        if self.failure is not None:
            raise self.failure

    def focus_window(self) -> None:
        """The main window is active again once a dialog has closed, as on a real desktop."""
        self.window.activateWindow()
        self.curator.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)

    def driving(self, cls: type, drive: Callable[[Any], None]) -> None:
        """The next `cls(...).exec()` shows the wizard and lets `drive` work it like a curator."""
        def exec_(wizard: Any) -> int:
            wizard.resize(1366, 768)
            wizard.show()
            self.curator.watch(wizard)
            self.curator.qtbot.waitUntil(lambda: getattr(wizard, "loaded", True),
                                         timeout=60_000)
            try:
                drive(wizard)
            except BaseException as error:  # raised again by `wait`, outside Qt's slot
                self.failure = error
                wizard.hide()
            return int(wizard.result())

        self.monkeypatch.setattr(cls, "exec", exec_)

    def next(self, wizard: QWizard, name: str = "") -> None:
        page = wizard.currentPage()
        self.curator.qtbot.waitUntil(wizard.button(NEXT).isEnabled, timeout=60_000)
        if name:
            self.shoot(wizard, name)
        self.curator.click(wizard.button(NEXT))
        assert wizard.currentPage() is not page, f"«Далее» did not leave {type(page).__name__}"

    def finish(self, wizard: QWizard, name: str = "") -> None:
        """Press «Готово» (or what the wizard calls it) and wait until the wizard has done its
        work in the background and closed."""
        self.curator.qtbot.waitUntil(wizard.button(FINISH).isEnabled, timeout=60_000)
        if name:
            self.shoot(wizard, name)
        self.curator.click(wizard.button(FINISH))
        self.curator.qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=120_000)

    def check(self, item: QStandardItem) -> None:
        item.setCheckState(Qt.CheckState.Checked)
        self.curator.count(f"отметить «{item.text()}»")

    # -- the steps ---------------------------------------------------------------------------

    def run(self) -> None:
        self.stage1()
        self.import_list(self.class_list, "загрузка учеников")
        self.stage2()
        self.stage3()
        self.stage4()
        self.stage5()

    def import_list(self, path: Path, step: str, *, staff: bool = False,
                    trigger: Callable[[], None] | None = None) -> None:
        """The opener (Ctrl+I by default) asks for the file first; the wizard reads it and
        stops on the check page of a clean file, where «Загрузить» loads it and closes."""
        from nastavnik_desktop.services.importing import ImportKind
        from nastavnik_desktop.ui.wizards.import_people import ImportWizard

        outer_step, self.curator.step = self.curator.step, step
        done: list[bool] = []

        def drive(wizard: ImportWizard) -> None:
            name = step.replace(" ", "-")
            self.wait(lambda: wizard.currentId() == wizard.PAGE_CHECK
                      and wizard.button(FINISH).isVisible() and wizard.button(FINISH).isEnabled())
            assert wizard.file_page.kind() is (ImportKind.STAFF if staff else ImportKind.PUPILS)
            self.finish(wizard, f"{name}-проверка")
            assert wizard.import_result is not None
            done.append(True)

        self.driving(ImportWizard, drive)
        with self.curator.answering_file_dialog(self.monkeypatch, path):
            if trigger is None:
                self.focus_window()
                self.curator.key(self.window, Qt.Key.Key_I,
                                 "Ctrl+I — загрузить людей из таблицы",
                                 Qt.KeyboardModifier.ControlModifier)
            else:
                trigger()
            self.wait(lambda: done)
        self.curator.step = outer_step

    def stage1(self) -> None:
        from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard

        self.curator.step = "этап 1"
        done: list[bool] = []

        def drive(wizard: Stage1Wizard) -> None:
            school = wizard.school_page
            school.full_name.setFocus()
            self.curator.type(school.full_name, walkthrough.SCHOOL_FULL)
            assert school.short_name.text() == walkthrough.SCHOOL_SHORT
            self.curator.type(school.director_name, "Гусева Нина Павловна")
            self.next(wizard, "1-1 школа")

            team = wizard.team_page
            assert team.import_button is not None
            button = team.import_button
            self.import_list(self.staff_list, "этап 1: загрузка сотрудников", staff=True,
                             trigger=lambda: self.curator.click(button))
            self.curator.type(team.search, walkthrough.CURATOR[0])
            assert team.staff_proxy.rowCount() == 1
            team.staff_view.selectRow(0)
            self.curator.count("выбрать куратора в списке")
            self.curator.click(team.curator_button)
            self.next(wizard, "1-2 команда")

            forms = wizard.forms_page
            for form, model in (("ученик – ученик", "равный – равному"),
                                ("учитель – учитель", "опытный педагог – молодой специалист")):
                item = next(i for i in forms.form_items.values() if i.text() == form)
                child = next(item.child(r) for r in range(item.rowCount())
                             if item.child(r).text() == model)
                self.check(child)
            self.finish(wizard, "1-3 формы")
            done.append(True)

        self.driving(Stage1Wizard, drive)
        self.curator.click(self.window.findChild(QCommandLinkButton, "create_programme"))
        self.wait(lambda: done)
        assert not self.window.is_welcome_shown()

    def open_stage_wizard(self, stage: int, cls: type, drive: Callable[[Any], None]) -> None:
        """«Дорожная карта» (Ctrl+2), the stage chosen on the strip if it is not the one shown,
        «Открыть мастер этапа…»; the wizard's data loads in a worker, then it runs."""
        from nastavnik_desktop.ui.pages.roadmap import RoadmapPage

        done: list[bool] = []

        def drive_and_note(wizard: Any) -> None:
            drive(wizard)
            done.append(True)

        self.driving(cls, drive_and_note)
        self.focus_window()
        if self.window.current_section_title() != "Дорожная карта":
            self.curator.key(self.window, Qt.Key.Key_2, "Ctrl+2 — «Дорожная карта»",
                             Qt.KeyboardModifier.ControlModifier)
        page = self.window.current_page()
        assert isinstance(page, RoadmapPage)
        if page.strip.selected() != stage:
            self.curator.count(f"выбрать этап {stage} на ленте этапов")
            page.show_stage(stage)
        self.shoot(self.window, f"{stage}-0 дорожная карта")
        self.curator.click(page.checklist.wizard_button)
        self.wait(lambda: done)

    def choose(self, combo: QComboBox, data: object, description: str) -> None:
        index = combo.findData(data)
        assert index >= 0, f"{data!r} is not offered"
        combo.setCurrentIndex(index)
        self.curator.count(description)

    def stage2(self) -> None:
        from nastavnik_desktop.ui.wizards.stage2 import Stage2Wizard

        self.curator.step = "этап 2"

        def drive(wizard: Stage2Wizard) -> None:
            self.next(wizard, "2-1 информирование")
            page = wizard.mentees_page
            assert page.pupils.class_combo is not None
            self.choose(page.pupils.class_combo, f"parallel:{walkthrough.MENTEE_GRADE}",
                        f"выбрать {walkthrough.MENTEE_GRADE}-е классы")
            self.curator.click(page.pupils.class_button)
            page.tabs.setCurrentIndex(1)
            self.curator.count("вкладка «Педагоги»")
            assert page.staff.young_only is not None and page.staff.young_only.isChecked()
            self.curator.select_all(page.staff.view)
            self.curator.click(page.staff.add_button)
            self.next(wizard, "2-2 наставляемые")
            requests = wizard.requests_page
            self.curator.select_all(requests.view)
            self.curator.click(requests.consent_editor.given)
            self.finish(wizard, "2-3 запросы и согласия")

        self.open_stage_wizard(2, Stage2Wizard, drive)

    def stage3(self) -> None:
        from nastavnik_desktop.ui.wizards.stage3 import Stage3Wizard

        self.curator.step = "этап 3"

        def drive(wizard: Stage3Wizard) -> None:
            page = wizard.internal_page
            assert page.pupils.class_combo is not None
            self.choose(page.pupils.class_combo, f"parallel:{walkthrough.MENTOR_GRADE}",
                        f"выбрать {walkthrough.MENTOR_GRADE}-е классы")
            self.curator.click(page.pupils.class_button)
            page.tabs.setCurrentIndex(1)
            self.curator.count("вкладка «Педагоги и сотрудники»")
            self.curator.select_all(page.staff.view)
            self.curator.click(page.staff.add_button)
            self.next(wizard, "3-1 внутренний контур")
            self.next(wizard, "3-2 внешний контур")
            profiles = wizard.profiles_page
            self.curator.select_all(profiles.view)
            profiles.tabs.setCurrentIndex(1)
            self.curator.count("вкладка «Согласие на обработку ПДн»")
            self.curator.click(profiles.consent_editor.given)
            self.finish(wizard, "3-3 профили и согласия")

        self.open_stage_wizard(3, Stage3Wizard, drive)

    def stage4(self) -> None:
        from nastavnik_desktop.ui.wizards.stage4 import Stage4Wizard

        self.curator.step = "этап 4"

        def drive(wizard: Stage4Wizard) -> None:
            self.next(wizard, "4-1 оценки")
            self.next(wizard, "4-2 собеседование")
            training = wizard.training_page
            self.curator.select_all(training.view)
            self.curator.click(training.mark_button)
            self.next(wizard, "4-3 обучение")
            decision = wizard.decision_page
            self.curator.select_all(decision.view)
            self.curator.click(decision.admit_all_button)
            self.finish(wizard, "4-4 решение")

        self.open_stage_wizard(4, Stage4Wizard, drive)

    def stage5(self) -> None:
        from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
        from nastavnik_desktop.ui.wizards.stage5 import Stage5Wizard

        self.curator.step = "этап 5"
        previews: list[PrintPreviewDialog] = []
        self.monkeypatch.setattr(PrintPreviewDialog, "show", lambda dialog: (
            previews.append(dialog), QDialog.show(dialog)))

        def drive(wizard: Stage5Wizard) -> None:
            self.next(wizard, "5-1 настройки")
            self.next(wizard, "5-2 подбор")
            self.next(wizard, "5-3 встреча")
            self.curator.type(wizard.summary_page.order_number, walkthrough.ORDER_NUMBER)
            self.finish(wizard, "5-4 итог и приказ")

        self.open_stage_wizard(5, Stage5Wizard, drive)
        self.wait(lambda: previews)
        preview = previews[0]
        self.shoot(preview, "5-5 приказ")
        self.curator.step = "приказ в PDF"
        with self.curator.answering_file_dialog(self.monkeypatch, self.order_pdf):
            self.curator.key(preview, Qt.Key.Key_S, "Ctrl+S — «Сохранить PDF…»",
                             Qt.KeyboardModifier.ControlModifier)
        assert self.order_pdf.is_file()
