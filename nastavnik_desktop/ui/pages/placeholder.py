"""Pages of sections not built yet: the title and what the section will do (from domain.md)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from nastavnik_desktop.data.enums import STAGE_TITLES
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.base import Page


@dataclass(frozen=True)
class PlannedSection:
    title: str
    summary: str
    features: tuple[str, ...]


ROADMAP = PlannedSection(
    "Дорожная карта",
    "План внедрения целевой модели наставничества на учебный год по семи этапам реализации "
    "программы: задачи каждого этапа, отметки о выполнении и подтверждающие документы.",
    (
        *(f"Этап {n}. {title}." for n, title in STAGE_TITLES.items()),
        "Мастер для каждого этапа: шаг за шагом от подготовки условий до награждения.",
        "Печать дорожной карты: № | мероприятие | срок | ответственный | результат.",
    ),
)

MENTEES = PlannedSection(
    "Наставляемые",
    "База наставляемых с перечнем запросов — результат второго этапа программы.",
    (
        "Обучающиеся и педагоги, вошедшие в программу: класс или должность, контакты "
        "(для несовершеннолетних — контакты родителя).",
        "Ключевые запросы наставляемых по перечню Р-145 и запросы молодых педагогов.",
        "Согласия на обработку персональных данных и на публикацию: даты, отзыв согласия.",
        "Загрузка списков из электронных таблиц (Excel, LibreOffice) с проверкой перед "
        "сохранением.",
    ),
)

MENTORS = PlannedSection(
    "Наставники",
    "База наставников внутреннего и внешнего контура, их отбор и обучение (этапы 3 и 4).",
    (
        "Педагоги, старшеклассники, родители, выпускники, работники предприятий и студенты.",
        "Компетенции, достижения, интересы, желаемый возраст наставляемых и ресурс времени.",
        "Отбор по критериям методологии: анкета, собеседование, оценки.",
        "Обучение в «Школе наставников» и допуск к работе.",
    ),
)

PAIRS = PlannedSection(
    "Пары и группы",
    "Формирование наставнических пар и групп и ход их работы (этапы 5 и 6).",
    (
        "Доска пар: наставники и наставляемые, перенос мышью.",
        "Автоматический подбор пар по анкетам с объяснением каждого решения.",
        "Индивидуальный план развития, журнал встреч — от знакомства до итоговой встречи.",
        "Приказ о закреплении наставнических пар и групп со списком.",
    ),
)

SURVEYS = PlannedSection(
    "Анкеты и мониторинг",
    "Оценка качества программы и роста её участников.",
    (
        "Входные и итоговые анкеты наставников и наставляемых: шкала от 1 до 10, «да/нет», "
        "свободный ответ; бланки для печати и загрузка ответов из таблиц.",
        "SWOT-анализ программы куратором.",
        "Показатель целевой модели: не менее 70% обучающихся и педагогов вовлечены "
        "в наставничество — с методикой расчёта.",
        "Сравнение результатов на входе и на выходе, отчёт о мониторинге.",
    ),
)

DOCUMENTS = PlannedSection(
    "Документы",
    "Документы программы наставничества в PDF для печати и архива, по ГОСТ Р 7.0.97-2025.",
    (
        "Приказы: о внедрении целевой модели и назначении куратора, о закреплении пар и групп, "
        "о награждении.",
        "Положение о программе наставничества, дорожная карта, списки пар, базы.",
        "Грамоты, сертификаты и благодарственные письма с регистрационными номерами.",
    ),
)

EXCHANGE = PlannedSection(
    "Обмен данными",
    "Передача сведений за пределы школы и сохранность базы.",
    (
        "Сводный отчёт для муниципалитета: численность участников по ролям и формам, "
        "доли, пары по формам, организации-партнёры.",
        "Именные списки — только зашифрованными и только для тех, чьё согласие записано.",
        "Резервные копии базы и восстановление из них, перенос на флешку с проверкой.",
    ),
)


class PlaceholderPage(Page):
    """A section announced but not built yet."""

    def __init__(self, section: PlannedSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        content = QWidget()
        layout = style.page_layout(QVBoxLayout(content))
        layout.addWidget(style.heading(section.title))
        summary = QLabel(section.summary)
        summary.setWordWrap(True)
        layout.addWidget(summary)

        frame, card = style.card()
        card.addWidget(style.heading("Что будет в этом разделе", factor=1.1))
        features = QGridLayout()
        features.setHorizontalSpacing(8)
        features.setVerticalSpacing(6)
        features.setColumnStretch(1, 1)
        for row, feature in enumerate(section.features):
            text = QLabel(feature)
            text.setWordWrap(True)
            features.addWidget(QLabel("•"), row, 0, Qt.AlignmentFlag.AlignTop)
            features.addWidget(text, row, 1)
        card.addLayout(features)
        layout.addWidget(frame)
        layout.addWidget(style.secondary("Раздел появится в следующих версиях программы."))
        layout.addStretch(1)
        style.scrolling_page(self, content)
