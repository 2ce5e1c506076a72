"""The demo school: a realistic Russian school with a programme under way, to try the program on.

Everything comes from one `random.Random(seed)` and the date `today`, so the same options give
the same school. Names, patronymics (both forms given explicitly) and surnames (male and female
forms) are read from `resources/demo/`. The whole school is made in one transaction: a cancel or
a failure leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop import paths
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    Contour,
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    PlanItemKind,
    RequestAudience,
    Sex,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    Consent,
    IssuedDocument,
    MatchingExclusion,
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MenteeRequest,
    MentorCriterionScore,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    PlanItem,
    Programme,
    ProgrammeEvent,
    ProgrammeForm,
    ProgrammeRoleModel,
    RoadmapItem,
    School,
    SelectionCriterion,
    TeamMember,
)
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.programme import new_programme, school_year_for
from nastavnik_desktop.services.roadmap import generate_roadmap
from nastavnik_desktop.services.workspace import ProgressCallback

MIN_PUPILS, MAX_PUPILS = 100, 3000
MIN_TEACHERS, MAX_TEACHERS = 12, 400

GRADES = range(5, 12)
SENIOR_SHARE = 0.55
"""10th and 11th grades are about half the size of the others (many leave after the 9th)."""
MAX_CLASS_SIZE = 30
CLASS_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТ"
NO_CONSENT_SHARE = 0.03
"""Pupils whose parents have not (yet) signed the personal-data consent."""
BATCH = 250
"""People are flushed (and progress reported) every BATCH rows."""

PUPIL_PUPIL, TEACHER_TEACHER, EMPLOYER_PUPIL = "pupil_pupil", "teacher_teacher", "employer_pupil"
ROLE_MODELS = {
    PUPIL_PUPIL: ("успевающий – неуспевающий", "лидер – пассивный",
                  "адаптированный – неадаптированный"),
    TEACHER_TEACHER: ("опытный педагог – молодой специалист",
                      "опытный классный руководитель – молодой специалист"),
    EMPLOYER_PUPIL: ("работодатель – будущий сотрудник",
                     "активный профессионал – равнодушный потребитель"),
}
CAREER_REQUESTS = ("выбор образовательной траектории и профессии",
                   "информированность о карьерных возможностях")
YOUNG_TEACHER_REQUEST = "адаптация молодого специалиста"
BURNOUT_REQUEST = "профессиональное выгорание"

TOWN, REGION = "Приреченск", "Приреченская область"
MUNICIPALITY = "Приреченский муниципальный округ"
SCHOOL_NUMBERS = (3, 5, 7, 9, 11, 12, 14, 17, 21, 24, 27)
STREETS = ("Школьная", "Молодёжная", "Садовая", "Набережная", "Парковая", "Лесная")

# position, subject, weight in the staff, share of men
ADMIN_STAFF: tuple[tuple[str, str, float], ...] = (
    ("Директор", "", 0.3),
    ("заместитель директора по УВР", "", 0.15),
    ("заместитель директора по ВР", "", 0.15),
    ("педагог-психолог", "", 0.1),
    ("социальный педагог", "", 0.1),
)
TEACHING_STAFF: tuple[tuple[str, str, float, float], ...] = (
    ("учитель математики", "математика", 7, 0.2),
    ("учитель русского языка и литературы", "русский язык и литература", 7, 0.05),
    ("учитель английского языка", "английский язык", 5, 0.1),
    ("учитель истории и обществознания", "история, обществознание", 3, 0.3),
    ("учитель физики", "физика", 2, 0.4),
    ("учитель информатики", "информатика", 2, 0.5),
    ("учитель биологии", "биология", 2, 0.1),
    ("учитель физической культуры", "физическая культура", 3, 0.6),
    ("учитель технологии", "технология", 2, 0.5),
    ("учитель химии", "химия", 1.5, 0.15),
    ("учитель географии", "география", 1.5, 0.25),
    ("учитель музыки", "музыка", 1, 0.2),
    ("учитель изобразительного искусства", "изобразительное искусство", 1, 0.15),
    ("учитель ОБЗР", "основы безопасности и защиты Родины", 1, 0.8),
    ("учитель немецкого языка", "немецкий язык", 1, 0.05),
    ("педагог дополнительного образования", "", 1.5, 0.35),
    ("педагог-организатор", "", 1, 0.2),
    ("учитель-логопед", "", 0.5, 0.0),
    ("педагог-библиотекарь", "", 0.5, 0.0),
    ("советник директора по воспитанию", "", 0.5, 0.3),
)

ENTERPRISES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("АО «Приреченский машиностроительный завод»",
     ("инженер-конструктор", "мастер участка", "инженер-технолог")),
    ("ООО «Агрофирма «Заречье»»", ("главный агроном", "ветеринарный врач")),
    ("ГБУЗ «Приреченская центральная районная больница»",
     ("врач-терапевт", "фельдшер")),
    ("ООО «ТехноСофт Приречье»", ("программист", "руководитель отдела разработки")),
    ("АО «Хлебокомбинат «Колос»»", ("технолог", "начальник смены")),
    ("МУП «Приреченский водоканал»", ("инженер", "лаборант химического анализа")),
    ("ООО «СтройИнвест»", ("прораб", "инженер-сметчик")),
    ("ПАО «Приреченскэнерго»", ("инженер-энергетик", "диспетчер")),
)
UNIVERSITIES = (
    "ФГБОУ ВО «Приреченский государственный университет»",
    "ФГБОУ ВО «Приреченский государственный технический университет»",
    "ГБПОУ «Приреченский педагогический колледж»",
    "ГБПОУ «Приреченский политехнический колледж»",
)
STRONG_SUBJECTS = ("математика", "физика", "русский язык", "английский язык", "информатика",
                   "биология", "история", "химия")
PUPIL_STRENGTHS = ("лидер класса", "член совета обучающихся", "волонтёр школьного отряда",
                   "капитан команды по волейболу", "ведущий школьных мероприятий",
                   "редактор школьной газеты")
HOBBIES = ("шахматы", "робототехника", "волейбол", "футбол", "рисование", "музыка", "театр",
           "туризм", "программирование", "фотография", "чтение", "волонтёрство", "танцы")
TEACHER_ACHIEVEMENTS = ("высшая квалификационная категория",
                        "первая квалификационная категория",
                        "победитель муниципального конкурса «Учитель года»",
                        "Почётная грамота Министерства просвещения Российской Федерации",
                        "подготовил(а) призёров регионального этапа ВсОШ")
PUPIL_ACHIEVEMENTS = ("призёр муниципального этапа ВсОШ по предмету «{subject}»",
                      "победитель школьной научно-практической конференции",
                      "отличник учёбы", "участник регионального форума «Лидеры Приречья»")
REJECTION_REASONS = ("недостаточный ресурс времени",
                     "по итогам собеседования: низкая мотивация к наставнической деятельности",
                     "отказался(ась) от участия по семейным обстоятельствам")
MENTEE_SOURCES = ("анкетирование", "классный руководитель", "педагог-психолог",
                  "заявление родителей", "самовыдвижение")
WORK_TOPICS = {
    PUPIL_PUPIL: ("Разбор трудных тем по математике", "Подготовка к контрольной работе",
                  "Работа над проектом для школьной конференции", "Тренинг общения в группе",
                  "Как планировать время на домашние задания"),
    TEACHER_TEACHER: ("Посещение урока наставника", "Разбор открытого урока",
                      "Работа с электронным журналом", "Подготовка к родительскому собранию",
                      "Технологическая карта урока"),
    EMPLOYER_PUPIL: ("Экскурсия на предприятие", "Профессиональные пробы",
                     "Беседа о профессии и требованиях к образованию",
                     "Работа над проектом «Моя будущая профессия»"),
}
PLAN_GOALS = {
    PUPIL_PUPIL: ("Повысить успеваемость по математике до отметки «4» к концу полугодия",
                  "Стать увереннее в общении с одноклассниками, участвовать в жизни класса"),
    TEACHER_TEACHER: ("Освоить методику проведения урока по ФГОС",
                      "Выстроить работу с классом и с родителями"),
    EMPLOYER_PUPIL: ("Определиться с профилем обучения и будущей профессией",
                     "Подготовить и защитить проект «Моя будущая профессия»"),
}
PLAN_TASKS = {
    PUPIL_PUPIL: ("Еженедельно разбирать трудные темы с наставником",
                  "Вести дневник выполнения домашних заданий",
                  "Выступить с сообщением на классном часе",
                  "Записаться в кружок по интересам"),
    TEACHER_TEACHER: ("Посетить 5 уроков наставника", "Провести открытый урок",
                      "Составить план воспитательной работы с классом",
                      "Провести родительское собрание"),
    EMPLOYER_PUPIL: ("Посетить предприятие наставника", "Пройти профессиональную пробу",
                     "Пройти профориентационное тестирование",
                     "Подготовить презентацию проекта"),
}
MEETING_TOPICS = {
    MeetingKind.ACQUAINTANCE: "Знакомство, ожидания и правила совместной работы",
    MeetingKind.TRIAL: "Пробная рабочая встреча: первое совместное задание",
    MeetingKind.PLANNING: "Составление индивидуального плана развития",
    MeetingKind.FINAL: "Подведение итогов, обратная связь",
}
PAIR_STATUS_CYCLE = (PairStatus.WORKING, PairStatus.PLANNING, PairStatus.ACQUAINTANCE,
                     PairStatus.FORMED, PairStatus.RESULTS, PairStatus.COMPLETED,
                     PairStatus.WORKING, PairStatus.TERMINATED, PairStatus.WORKING,
                     PairStatus.PLANNING, PairStatus.RESULTS, PairStatus.COMPLETED,
                     PairStatus.ACQUAINTANCE, PairStatus.WORKING, PairStatus.FORMED,
                     PairStatus.WORKING, PairStatus.PLANNING, PairStatus.WORKING)
"""Statuses of the pairs (groups aside) in the order they are handed out; one is terminated."""
CLOSE_REASON = ("Пара расторгнута по заявлению наставляемого: несовпадение графиков "
                "(наставляемый перешёл во вторую смену)")

PROGRAMME_GOAL = (
    "Максимально полное раскрытие потенциала личности наставляемого, необходимое для успешной "
    "личной и профессиональной самореализации, создание условий для формирования эффективной "
    "системы поддержки, самоопределения и профессиональной ориентации обучающихся в возрасте "
    "от 10 лет и педагогических работников, в том числе молодых специалистов."
)
PROGRAMME_TASKS = (
    "1. Улучшение показателей школы в образовательной, социокультурной, спортивной сферах и в "
    "сфере дополнительного образования.\n"
    "2. Подготовка обучающихся к самостоятельной, осознанной и социально продуктивной "
    "деятельности.\n"
    "3. Поддержка индивидуальной образовательной траектории и профессиональной ориентации "
    "обучающихся.\n"
    "4. Ускорение профессионального становления педагогов, адаптация молодых специалистов.\n"
    "5. Создание открытого сообщества вокруг школы с участием выпускников и предприятий региона."
)
PROGRAMME_RESULTS = (
    "Вовлечение не менее 70% обучающихся и педагогов в различные формы наставничества; рост "
    "успеваемости и снижение конфликтности; закрепление молодых специалистов в профессии; "
    "осознанный выбор профиля обучения и профессии выпускниками."
)


@dataclass(frozen=True, kw_only=True)
class DemoOptions:
    today: dt.date
    """The day the demo school is built as of; the school year and every date follow from it.
    Always passed in (the window and the CLI pass the real date, tests a fixed one)."""
    seed: int = 2025
    pupils: int = 800
    teachers: int = 60
    """Staff: teachers and other school staff."""

    def with_sizes(self, *, pupils: int | None = None,
                   teachers: int | None = None) -> DemoOptions:
        return replace(self, pupils=self.pupils if pupils is None else pupils,
                       teachers=self.teachers if teachers is None else teachers)


@dataclass(frozen=True)
class DemoSummary:
    """How many of each were created."""

    pupils: int
    staff: int
    parents: int
    alumni: int
    external: int
    """Employees of enterprises, entrepreneurs and public figures, students."""
    mentees: int
    """Mentee profiles in the current programme."""
    mentors: int
    """Mentor profiles in the current programme."""
    pairs: int
    """Pairs and groups."""


def generate_demo(db: Database, options: DemoOptions, *,
                  progress: ProgressCallback | None = None) -> DemoSummary:
    """Fill a freshly created database with the demo school, in one transaction."""
    today = options.today
    _check_options(options, today)
    with db.transaction() as session:
        if session.scalar(select(School.id).limit(1)) is not None:
            raise ValidationError(
                "В базе уже есть школа. Демонстрационная школа создаётся только в новой, "
                "пустой базе данных."
            )
        return _DemoBuilder(session, options, today, progress).build()


def _check_options(options: DemoOptions, today: dt.date) -> None:
    if not MIN_PUPILS <= options.pupils <= MAX_PUPILS:
        raise ValidationError(f"Число обучающихся в демонстрационной школе должно быть от "
                              f"{MIN_PUPILS} до {MAX_PUPILS}.")
    if not MIN_TEACHERS <= options.teachers <= MAX_TEACHERS:
        raise ValidationError(f"Число педагогов и сотрудников в демонстрационной школе должно "
                              f"быть от {MIN_TEACHERS} до {MAX_TEACHERS}.")
    if today > dt.date.today():
        raise ValidationError(f"Дата демонстрационной школы ({today:%d.%m.%Y}) не может быть "
                              "в будущем.")


# --- word lists ---------------------------------------------------------------------------------

ADULTS_ONLY, CHILDREN_ONLY = "взрослые", "дети"


@dataclass(frozen=True)
class _MaleName:
    first: str
    son_patronymic: str
    daughter_patronymic: str


@dataclass(frozen=True)
class _Surname:
    male: str
    female: str

    def for_sex(self, sex: Sex) -> str:
        return self.male if sex is Sex.MALE else self.female


@dataclass(frozen=True)
class _NameBook:
    men: tuple[_MaleName, ...]
    boys: tuple[_MaleName, ...]
    women: tuple[str, ...]
    girls: tuple[str, ...]
    surnames: tuple[_Surname, ...]


def _rows(filename: str) -> list[list[str]]:
    text = paths.resource("demo", filename).read_text(encoding="utf-8")
    return [[part.strip() for part in line.split(";")] for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _for_adults(row: list[str], width: int) -> bool:
    return len(row) <= width or row[width] != CHILDREN_ONLY


def _for_children(row: list[str], width: int) -> bool:
    return len(row) <= width or row[width] != ADULTS_ONLY


@cache
def _name_book() -> _NameBook:
    male = _rows("male_names.txt")
    female = _rows("female_names.txt")
    return _NameBook(
        men=tuple(_MaleName(*row[:3]) for row in male if _for_adults(row, 3)),
        boys=tuple(_MaleName(*row[:3]) for row in male if _for_children(row, 3)),
        women=tuple(row[0] for row in female if _for_adults(row, 1)),
        girls=tuple(row[0] for row in female if _for_children(row, 1)),
        surnames=tuple(_Surname(row[0], row[1]) for row in _rows("surnames.txt")),
    )


# --- the generator ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    last: str
    first: str
    middle: str
    sex: Sex

    @property
    def full(self) -> str:
        return f"{self.last} {self.first} {self.middle}"


@dataclass
class _Family:
    """A pupil's family: the father gives the patronymic, the contact parent signs consents."""

    surname: _Surname
    father: _MaleName
    contact: _Name
    phone: str
    grades: set[int] = field(default_factory=set)


@dataclass
class _Pupil:
    person: Person
    grade: int
    family: _Family
    consent: bool


@dataclass
class _Adult:
    person: Person
    consent: bool


@dataclass(frozen=True)
class _Timeline:
    """The programme so far, from the preparation (stage 1) to `today`, as fractions 0…1."""

    begin: dt.date
    today: dt.date

    def at(self, fraction: float) -> dt.date:
        return self.begin + dt.timedelta(days=round((self.today - self.begin).days * fraction))

    def between(self, rng: random.Random, start: float, end: float) -> dt.date:
        first, last = self.at(start), self.at(end)
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), summing exactly."""
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[:total - sum(counts)]:
        counts[i] += 1
    return counts


def _class_plan(pupils: int) -> list[tuple[int, str, int]]:
    """(grade, class name, size) for grades 5–11: parallels of at most MAX_CLASS_SIZE."""
    per_grade = _apportion(pupils, [SENIOR_SHARE if g >= 10 else 1.0 for g in GRADES])
    plan = []
    for grade, count in zip(GRADES, per_grade, strict=True):
        parallels = max(1, math.ceil(count / MAX_CLASS_SIZE))
        for letter, size in zip(CLASS_LETTERS, _apportion(count, [1.0] * parallels),
                                strict=False):
            plan.append((grade, f"{grade}{letter}", size))
    return plan


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class _DemoBuilder:
    def __init__(self, session: Session, options: DemoOptions, today: dt.date,
                 progress: ProgressCallback | None) -> None:
        self.session = session
        self.options = options
        self.today = today
        self.rng = random.Random(options.seed)
        self.book = _name_book()
        self.school_year = school_year_for(today)
        self.year_start = dt.date(int(self.school_year[:4]), 9, 1)
        self.timeline = _Timeline(min(self.year_start - dt.timedelta(days=7),
                                      today - dt.timedelta(days=45)), today)
        self.progress = progress
        self.people_total = options.pupils + options.teachers + self._extra_counts()[-1]
        self.total = self.people_total + self.people_total // 4
        self.done = 0
        self.pending = 0
        self.families: list[_Family] = []
        self.pupils: list[_Pupil] = []
        self.staff: list[_Adult] = []
        self.parents: list[_Adult] = []
        self.parent_family: dict[Person, _Family] = {}
        self.alumni: list[_Adult] = []
        self.external: list[_Adult] = []
        self.forms: dict[str, MentoringForm] = {}
        self.criteria: list[SelectionCriterion] = []
        self.plan: dict[str, list[int]] = {}
        self.mentees: dict[str, list[MenteeProfile]] = {}
        self.mentors: dict[str, list[MentorProfile]] = {}
        self.pairs: list[MentoringPair] = []

    # --- driving ---

    def build(self) -> DemoSummary:
        self._report()
        self._load_reference()
        school = self._school()
        self._pupils()
        self._staff()
        self._externals()
        self._flush_people()
        programme = self._programme(school)
        self._roadmap(programme)
        self._legal_documents(programme)
        self._informing(programme)
        self._bases(programme)
        self.session.flush()
        self._step((self.total - self.done) // 2)  # the bases: about half of what is left
        self._pairs(programme)
        self._room_for_matching()
        self._exclusions(programme)
        self._revoke_one_consent()
        audit.record(self.session, "create", "school", school.id,
                     f"Создана демонстрационная школа «{school.short_name}»",
                     seed=self.options.seed, pupils=self.options.pupils,
                     staff=self.options.teachers, today=self.today.isoformat())
        self.session.flush()
        self._step(self.total - self.done)
        return DemoSummary(
            pupils=len(self.pupils), staff=len(self.staff), parents=len(self.parents),
            alumni=len(self.alumni), external=len(self.external),
            mentees=sum(len(p) for p in self.mentees.values()),
            mentors=sum(len(p) for p in self.mentors.values()), pairs=len(self.pairs))

    def _report(self) -> None:
        if self.progress is not None and not self.progress(self.done, self.total):
            raise OperationCancelled()

    def _step(self, units: int) -> None:
        self.done += units
        self._report()

    def _add_person(self, person: Person) -> None:
        self.session.add(person)
        self.pending += 1
        if self.pending >= BATCH:
            self._flush_people()

    def _flush_people(self) -> None:
        self.session.flush()
        units, self.pending = self.pending, 0
        self._step(units)

    def _load_reference(self) -> None:
        self.forms = {f.code: f for f in self.session.scalars(select(MentoringForm))}
        self.criteria = list(self.session.scalars(
            select(SelectionCriterion).where(SelectionCriterion.hidden.is_(False))
            .order_by(SelectionCriterion.sort_order, SelectionCriterion.id)))
        missing = [code for code in ROLE_MODELS if code not in self.forms]
        if missing:
            raise ValidationError("В справочнике нет форм наставничества, нужных "
                                  f"демонстрационной школе: {', '.join(missing)}.")

    # --- small random things ---

    def _phone(self) -> str:
        r = self.rng
        return (f"+7 9{r.randint(0, 99):02d} {r.randint(0, 999):03d}-"
                f"{r.randint(0, 99):02d}-{r.randint(0, 99):02d}")

    def _adult_name(self, sex: Sex, surname: _Surname | None = None) -> _Name:
        rng, book = self.rng, self.book
        surname = surname or rng.choice(book.surnames)
        father = rng.choice(book.men)
        if sex is Sex.MALE:
            return _Name(surname.male, rng.choice(book.men).first, father.son_patronymic, sex)
        return _Name(surname.female, rng.choice(book.women), father.daughter_patronymic, sex)

    def _sex(self, male_share: float) -> Sex:
        return Sex.MALE if self.rng.random() < male_share else Sex.FEMALE

    def _birth_for_age(self, age: int) -> dt.date:
        return self.today - dt.timedelta(days=round(age * 365.25) + self.rng.randint(1, 360))

    def _consent_date(self) -> dt.date:
        """Collected at stage 2 of this year, or in an earlier year (on admission)."""
        if self.rng.random() < 0.55:
            return self.timeline.between(self.rng, 0.08, 0.25)
        return self.timeline.begin - dt.timedelta(days=self.rng.randint(0, 900))

    def _add_consents(self, person: Person, *, given: bool, publication_share: float,
                      parent: _Name | None = None) -> bool:
        """The personal-data consent (and maybe the publication one) if `given`; returns `given`.

        A minor's consent is signed by the contact parent.
        """
        if not given:
            return False
        given_on = self._consent_date()
        assert person.birth_date is not None
        minor = parent is not None and _age_on(person.birth_date, given_on) < 18
        giver = ConsentGiver.PARENT if minor else ConsentGiver.SELF
        giver_name = parent.full if minor and parent is not None else ""
        kinds = [ConsentKind.PERSONAL_DATA]
        if self.rng.random() < publication_share:
            kinds.append(ConsentKind.PUBLICATION)
        person.consents = [Consent(kind=kind, given_on=given_on, given_by=giver,
                                   given_by_name=giver_name) for kind in kinds]
        return True

    # --- the school ---

    def _school(self) -> School:
        rng = self.rng
        number = rng.choice(SCHOOL_NUMBERS)
        digits = [6, 4] + [rng.randint(0, 9) for _ in range(7)]
        control = sum(w * d for w, d in zip((2, 4, 10, 3, 5, 9, 4, 6, 8), digits,
                                            strict=True)) % 11 % 10
        school = School(
            full_name="Муниципальное бюджетное общеобразовательное учреждение "
                      f"«Средняя общеобразовательная школа № {number}»",
            short_name=f"МБОУ «СОШ № {number}»",
            address=f"4129{rng.randint(10, 99)}, {REGION}, г. {TOWN}, "
                    f"ул. {rng.choice(STREETS)}, д. {rng.randint(1, 60)}",
            municipality=MUNICIPALITY,
            phone=f"+7 (84562) {rng.randint(2, 5)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            email=f"sosh{number}@prirechensk-edu.ru",
            inn="".join(map(str, [*digits, control])),
        )
        self.session.add(school)
        return school

    # --- pupils ---

    def _pupils(self) -> None:
        start = self.year_start.year
        count = self.options.pupils
        unsigned = max(3, round(NO_CONSENT_SHARE * count))
        without_consent = set(self.rng.sample(range(count), unsigned))
        for grade, class_name, size in _class_plan(count):
            for _ in range(size):
                sex = self._sex(0.5)
                family = self._family_for(grade)
                held_back = 1 if self.rng.random() < 0.03 else 0
                first_birth = dt.date(start - 6 - grade - held_back, 3, 1)
                birth = first_birth + dt.timedelta(days=self.rng.randint(0, 364))
                boy = sex is Sex.MALE
                person = Person(
                    last_name=family.surname.for_sex(sex),
                    first_name=self.rng.choice(self.book.boys).first if boy
                    else self.rng.choice(self.book.girls),
                    middle_name=family.father.son_patronymic if boy
                    else family.father.daughter_patronymic,
                    sex=sex, birth_date=birth, category=PersonCategory.PUPIL,
                    class_name=class_name, parent_name=family.contact.full,
                    parent_phone=family.phone)
                consent = self._add_consents(
                    person, given=len(self.pupils) not in without_consent,
                    publication_share=0.4, parent=family.contact)
                self.pupils.append(_Pupil(person, grade, family, consent))
                self._add_person(person)

    def _family_for(self, grade: int) -> _Family:
        """A new family, or (for about one pupil in nine) a brother's or sister's one."""
        if self.families and self.rng.random() < 0.11:
            family = self.rng.choice(self.families)
            if grade not in family.grades:
                family.grades.add(grade)
                return family
        surname = self.rng.choice(self.book.surnames)
        father = self.rng.choice(self.book.men)
        if self.rng.random() < 0.75:
            mother_surname = surname if self.rng.random() < 0.9 else None
            contact = self._adult_name(Sex.FEMALE, mother_surname)
        else:
            contact = _Name(surname.male, father.first,
                            self.rng.choice(self.book.men).son_patronymic, Sex.MALE)
        family = _Family(surname, father, contact, self._phone(), {grade})
        self.families.append(family)
        return family

    # --- staff ---

    def _staff(self) -> None:
        rng = self.rng
        teaching = self.options.teachers - len(ADMIN_STAFF)
        counts = _apportion(teaching, [w for _, _, w, _ in TEACHING_STAFF])
        posts = [(pos, subj, share) for (pos, subj, _, share), n in
                 zip(TEACHING_STAFF, counts, strict=True) for _ in range(n)]
        rng.shuffle(posts)
        young = set(rng.sample(range(len(posts)), max(2, round(0.12 * self.options.teachers))))
        for position, subject, male_share in ADMIN_STAFF:
            self._add_staff(position, subject, male_share, rng.randint(15, 35))
        for i, (position, subject, male_share) in enumerate(posts):
            experience = rng.randint(0, 3) if i in young else round(rng.triangular(4, 40, 20))
            self._add_staff(position, subject, male_share, experience)

    def _add_staff(self, position: str, subject: str, male_share: float, experience: int) -> None:
        name = self._adult_name(self._sex(male_share))
        age = 22 + experience + self.rng.randint(0, 2 if experience <= 3 else 6)
        person = Person(last_name=name.last, first_name=name.first, middle_name=name.middle,
                        sex=name.sex, birth_date=self._birth_for_age(age),
                        category=PersonCategory.STAFF, position=position, subject=subject,
                        experience_years=experience, phone=self._phone())
        consent = self._add_consents(person, given=self.rng.random() < 0.97,
                                     publication_share=0.5)
        self.staff.append(_Adult(person, consent))
        self._add_person(person)

    # --- parents, alumni and the external contour ---

    def _extra_counts(self) -> tuple[int, int, int, int, int, int]:
        """Parents, alumni, employees, entrepreneurs/public figures, students, and their sum."""
        pupils = self.options.pupils
        counts = (max(4, pupils // 100), max(3, pupils // 160), max(4, pupils // 120), 2, 2)
        return (*counts, sum(counts))

    def _externals(self) -> None:
        n_parents, n_alumni, n_employees, _, n_students, _ = self._extra_counts()
        rng = self.rng
        for family in rng.sample(self.families, n_parents):
            organisation, jobs = rng.choice(ENTERPRISES)
            contact = family.contact
            age = max(family.grades) + 6 + rng.randint(22, 34)
            person = self._adult(contact, PersonCategory.PARENT, age,
                                 organisation=organisation, position=rng.choice(jobs),
                                 phone=family.phone)
            self.parents.append(person)
            self.parent_family[person.person] = family
        for _ in range(n_alumni):
            age = rng.randint(19, 32)
            if age < 23:
                organisation, position = rng.choice(UNIVERSITIES), f"студент {age - 18} курса"
            else:
                organisation, jobs = rng.choice(ENTERPRISES)
                position = rng.choice(jobs)
            self.alumni.append(self._adult(
                self._adult_name(self._sex(0.5)), PersonCategory.ALUMNUS, age,
                organisation=organisation, position=position,
                notes=f"Выпуск {self.today.year - age + 18} года"))
        for _ in range(n_employees):
            organisation, jobs = rng.choice(ENTERPRISES)
            self.external.append(self._adult(
                self._adult_name(self._sex(0.55)), PersonCategory.EMPLOYEE,
                rng.randint(26, 55), organisation=organisation, position=rng.choice(jobs)))
        owner = self._adult_name(self._sex(0.6))
        self.external.append(self._adult(
            owner, PersonCategory.ENTREPRENEUR, rng.randint(30, 50),
            organisation=f"ИП {owner.last} {owner.first[0]}. {owner.middle[0]}.",
            position="индивидуальный предприниматель (кафе «Пекарня у реки»)"))
        self.external.append(self._adult(
            self._adult_name(self._sex(0.4)), PersonCategory.ENTREPRENEUR, rng.randint(35, 60),
            organisation="АНО «Волонтёрский центр «Доброе дело»»", position="руководитель"))
        for _ in range(n_students):
            age = rng.randint(18, 21)
            self.external.append(self._adult(
                self._adult_name(self._sex(0.5)), PersonCategory.STUDENT, age,
                organisation=rng.choice(UNIVERSITIES), position=f"студент {age - 17} курса"))

    def _adult(self, name: _Name, category: PersonCategory, age: int, *, organisation: str,
               position: str, phone: str = "", notes: str = "") -> _Adult:
        person = Person(last_name=name.last, first_name=name.first, middle_name=name.middle,
                        sex=name.sex, birth_date=self._birth_for_age(age), category=category,
                        organisation=organisation, position=position,
                        phone=phone or self._phone(), notes=notes)
        consent = self._add_consents(person, given=self.rng.random() < 0.95,
                                     publication_share=0.5)
        self._add_person(person)
        return _Adult(person, consent)

    # --- the programme ---

    def _programme(self, school: School) -> Programme:
        director = self.staff[0].person
        school.director_name = director.full_name
        school.director_position = "Директор"
        programme = new_programme(self.session, school, self.school_year)
        programme.goal, programme.tasks = PROGRAMME_GOAL, PROGRAMME_TASKS
        programme.expected_results = PROGRAMME_RESULTS
        windows = {1: (0.0, 0.12), 2: (0.08, 0.25), 3: (0.12, 0.32), 4: (0.25, 0.42)}
        for stage in programme.stages:
            if stage.stage in windows:
                start, end = windows[stage.stage]
                stage.status = StageStatus.DONE
                stage.started_on = self.timeline.at(start)
                stage.completed_on = self.timeline.at(end)
            elif stage.stage == 5:
                stage.status, stage.started_on = StageStatus.IN_PROGRESS, self.timeline.at(0.42)
        curator = self._curator()
        programme.curator = curator
        by_position = {a.person.position: a.person for a in self.staff[:len(ADMIN_STAFF)]}
        programme.team = [
            TeamMember(person=curator, role="куратор"),
            TeamMember(person=by_position["педагог-психолог"], role="педагог-психолог"),
            TeamMember(person=by_position["заместитель директора по ВР"],
                       role="заместитель директора по ВР"),
        ]
        programme.forms = [ProgrammeForm(form=self.forms[code]) for code in ROLE_MODELS]
        for code, names in ROLE_MODELS.items():
            for role_model in self.forms[code].role_models:
                if role_model.name in names:
                    self.session.add(ProgrammeRoleModel(programme_id=programme.id,
                                                        role_model_id=role_model.id))
        return programme

    def _roadmap(self, programme: Programme) -> None:
        """The methodology's roadmap: stages 1–4 done, the first event of stage 5 overdue."""
        self.session.flush()
        generate_roadmap(self.session, programme)
        self.session.flush()
        done_stages = {s.stage for s in programme.stages if s.status is StageStatus.DONE}
        items = self.session.scalars(
            select(RoadmapItem).where(RoadmapItem.programme_id == programme.id)
            .order_by(RoadmapItem.stage, RoadmapItem.sort_order)).all()
        for item in items:
            if item.stage in done_stages:
                item.done_on = min(item.due_on or self.today, self.today)
                item.evidence = item.result_text
        overdue = next(item for item in items if item.stage not in done_stages)
        overdue.due_on = min(overdue.due_on or self.today,
                             self.today - dt.timedelta(days=5))

    def _legal_documents(self, programme: Programme) -> None:
        """Stage 1's paper, recorded with numbers and dates (no files: the demo has none)."""
        from nastavnik_desktop.services.stages.stage1 import LEGAL_DOCUMENT_TITLES

        numbers = {"order_launch": "112-о", "regulation": "113-о", "programme": "114-о"}
        for offset, (kind, title) in enumerate(LEGAL_DOCUMENT_TITLES.items()):
            self.session.add(IssuedDocument(
                programme_id=programme.id, kind=kind, number=numbers[kind], title=title,
                issued_on=self.timeline.at(0.04 + offset * 0.01)))

    def _informing(self, programme: Programme) -> None:
        """Stage 2 began by informing parents, teachers and pupils."""
        events = (
            ("parents_meeting", "Общешкольное родительское собрание «Наставничество в школе»",
             "родители обучающихся 5–11 классов", 0.10, 0.45),
            ("teachers_meeting", "Педагогический совет: запуск программы наставничества",
             "педагогический коллектив", 0.11, 0.8),
            ("class_hour", "Классные часы «Кто такой наставник»", "обучающиеся 5–11 классов",
             0.14, 0.7),
        )
        base = {"parents_meeting": len(self.parents) * 6,
                "teachers_meeting": len(self.staff), "class_hour": len(self.pupils)}
        for kind, title, audience, when, share in events:
            self.session.add(ProgrammeEvent(
                programme_id=programme.id, stage=2, kind=kind, title=title,
                held_on=self.timeline.at(when), audience=audience,
                attended_count=max(1, round(base[kind] * share))))

    def _room_for_matching(self) -> None:
        """Free places and richer profiles, so that matching (stage 5) has choices to make.

        A separate random stream: what was drawn before stays as it was for a given seed.
        """
        rng = random.Random(self.options.seed * 7919 + 1)
        ranges = {PUPIL_PUPIL: (1, 3), TEACHER_TEACHER: (1, 2), EMPLOYER_PUPIL: (2, 5)}
        for code, profiles in self.mentors.items():
            for mentor in profiles:
                if mentor.status is MentorStatus.ADMITTED:
                    mentor.capacity = max(mentor.capacity, rng.randint(*ranges[code]))
        for profile in self.mentees[PUPIL_PUPIL] + self.mentees[EMPLOYER_PUPIL]:
            if rng.random() < 0.6:
                profile.requests_note = "интересы: " + ", ".join(rng.sample(HOBBIES, 2))
        externals = [m for m in self.mentors[EMPLOYER_PUPIL]
                     if m.status is MentorStatus.ADMITTED]
        if externals:  # someone who takes any age
            externals[-1].desired_age_min = externals[-1].desired_age_max = None

    def _exclusions(self, programme: Programme) -> None:
        """A hard rule of matching: a parent never mentors his or her own child."""
        for mentor in (m for profiles in self.mentors.values() for m in profiles):
            family = self.parent_family.get(mentor.person)
            if family is None:
                continue
            for pupil in (p for p in self.pupils if p.family is family):
                self.session.add(MatchingExclusion(
                    programme_id=programme.id, mentor_person_id=mentor.person.id,
                    mentee_person_id=pupil.person.id,
                    reason="Родитель и ребёнок: наставник не может вести своего ребёнка."))

    def _curator(self) -> Person:
        """An experienced subject teacher runs the programme."""
        candidates = [a.person for a in self.staff[len(ADMIN_STAFF):]
                      if a.person.subject and (a.person.experience_years or 0) >= 10]
        return candidates[0] if candidates else self.staff[1].person

    # --- the bases of mentees and mentors ---

    def _requests(self, audience: RequestAudience) -> list[MenteeRequest]:
        return list(self.session.scalars(
            select(MenteeRequest).where(MenteeRequest.audience == audience,
                                        MenteeRequest.hidden.is_(False))
            .order_by(MenteeRequest.sort_order, MenteeRequest.id)))

    def _pair_plan(self, young: int, seniors: int) -> dict[str, list[int]]:
        """Sizes of the pairs (1) and groups (2–3) per form: about 12–20 in all."""
        total = min(20, max(12, round(self.options.pupils / 50)))
        teacher = min(max(2, round(total * 0.25)), young, seniors)
        employer = max(2, round(total * 0.2))
        pupil = total - teacher - employer
        return {PUPIL_PUPIL: [3] + [1] * (pupil - 1), TEACHER_TEACHER: [1] * teacher,
                EMPLOYER_PUPIL: [2] + [1] * (employer - 1)}

    def _bases(self, programme: Programme) -> None:
        rng = self.rng
        pupil_requests = self._requests(RequestAudience.PUPIL)
        teacher_requests = self._requests(RequestAudience.TEACHER)
        career = [r for r in pupil_requests if r.name in CAREER_REQUESTS] or pupil_requests[:2]
        general = [r for r in pupil_requests if r not in career]
        curator = programme.curator
        teachers = [a for a in self.staff[len(ADMIN_STAFF):] if a.consent
                    and a.person is not curator]
        young = [a for a in teachers if (a.person.experience_years or 0) <= 3]
        struggling = [a for a in teachers if 4 <= (a.person.experience_years or 0) <= 12][:2]
        seniors = [a for a in teachers if (a.person.experience_years or 0) >= 12
                   and a not in struggling]
        self.plan = plan = self._pair_plan(len(young) + len(struggling), len(seniors))

        juniors = [p for p in self.pupils if p.grade <= 8 and p.consent]
        pp_mentees = rng.sample(juniors, min(len(juniors), max(sum(plan[PUPIL_PUPIL]) + 6,
                                                               round(0.1 * len(juniors)))))
        taken = {p.person for p in pp_mentees}
        older = [p for p in self.pupils if p.grade >= 9 and p.consent]
        pp_mentors = rng.sample(older, min(len(older), max(len(plan[PUPIL_PUPIL]) + 4,
                                                           round(0.45 * len(pp_mentees)))))
        taken |= {p.person for p in pp_mentors}
        seekers = [p for p in self.pupils if p.grade >= 8 and p.consent
                   and p.person not in taken]
        ep_mentees = rng.sample(seekers, min(len(seekers), max(sum(plan[EMPLOYER_PUPIL]) + 3,
                                                               round(0.05 * len(seekers)))))

        self.mentees = {
            PUPIL_PUPIL: [self._mentee(programme, PUPIL_PUPIL, p.person,
                                       rng.sample(general, rng.randint(1, 3)))
                          for p in pp_mentees],
            TEACHER_TEACHER:
                [self._mentee(programme, TEACHER_TEACHER, a.person,
                              self._teacher_requests(teacher_requests, YOUNG_TEACHER_REQUEST))
                 for a in young]
                + [self._mentee(programme, TEACHER_TEACHER, a.person,
                                self._teacher_requests(teacher_requests, BURNOUT_REQUEST))
                   for a in struggling],
            EMPLOYER_PUPIL: [self._mentee(programme, EMPLOYER_PUPIL, p.person,
                                          [*career[:rng.randint(1, 2)],
                                           *rng.sample(general, rng.randint(0, 1))])
                             for p in ep_mentees],
        }
        mentor_seniors = seniors[:max(len(plan[TEACHER_TEACHER]) + 2, len(young))]
        externals = [a for a in [*self.alumni, *self.external, *self.parents[::2]] if a.consent
                     and a.person.category is not PersonCategory.STUDENT]
        rng.shuffle(externals)
        self.mentors = {
            PUPIL_PUPIL: self._mentor_base(programme, PUPIL_PUPIL,
                                           [p.person for p in pp_mentors], general),
            TEACHER_TEACHER: self._mentor_base(programme, TEACHER_TEACHER,
                                               [a.person for a in mentor_seniors],
                                               teacher_requests),
            EMPLOYER_PUPIL: self._mentor_base(programme, EMPLOYER_PUPIL,
                                              [a.person for a in externals], career + general),
        }
        self._one_mentee_left()

    def _teacher_requests(self, requests: list[MenteeRequest], main: str) -> list[MenteeRequest]:
        first = [r for r in requests if r.name == main]
        others = [r for r in requests if r.name != main]
        return first + self.rng.sample(others, self.rng.randint(1, 2))

    def _mentee(self, programme: Programme, code: str, person: Person,
                requests: list[MenteeRequest]) -> MenteeProfile:
        source = ("заместитель директора по УВР" if code == TEACHER_TEACHER
                  else self.rng.choice(MENTEE_SOURCES))
        profile = MenteeProfile(programme_id=programme.id, person=person,
                                form=self.forms[code], requests=requests, source=source,
                                entered_on=self.timeline.between(self.rng, 0.08, 0.25))
        self.session.add(profile)
        return profile

    def _mentor_base(self, programme: Programme, code: str, people: list[Person],
                     requests: list[MenteeRequest]) -> list[MentorProfile]:
        admitted = min(len(people), max(len(self.plan[code]), math.ceil(len(people) * 0.5)))
        rest = (MentorStatus.TRAINED, MentorStatus.CANDIDATE, MentorStatus.SELECTED,
                MentorStatus.REJECTED)
        statuses = [MentorStatus.ADMITTED] * admitted + [rest[i % len(rest)]
                                                         for i in range(len(people) - admitted)]
        return [self._mentor(programme, code, person, status, requests)
                for person, status in zip(people, statuses, strict=True)]

    def _mentor(self, programme: Programme, code: str, person: Person, status: MentorStatus,
                requests: list[MenteeRequest]) -> MentorProfile:
        rng, timeline = self.rng, self.timeline
        competencies, achievements, ages, hours = self._mentor_texts(code, person)
        profile = MentorProfile(
            programme_id=programme.id, person=person, form=self.forms[code],
            contour=(Contour.INTERNAL if person.category in (PersonCategory.PUPIL,
                                                            PersonCategory.STAFF,
                                                            PersonCategory.PARENT)
                     else Contour.EXTERNAL),
            status=status, competencies=competencies, achievements=achievements,
            interests=", ".join(rng.sample(HOBBIES, 2)), desired_age_min=ages[0],
            desired_age_max=ages[1], time_hours_per_month=hours, capacity=rng.randint(1, 2),
            helps_with=rng.sample(requests, min(len(requests), rng.randint(2, 4))),
            entered_on=timeline.between(rng, 0.12, 0.3))
        if status is not MentorStatus.CANDIDATE:
            profile.interview_on = timeline.between(rng, 0.3, 0.34)
            profile.interview_notes = "Собеседование пройдено, анкета заполнена."
            low, high = (2, 6) if status is MentorStatus.REJECTED else (6, 10)
            profile.criterion_scores = [
                MentorCriterionScore(criterion_id=c.id, score=rng.randint(low, high))
                for c in self.criteria]
        if status is MentorStatus.REJECTED:
            profile.rejection_reason = rng.choice(REJECTION_REASONS)
            profile.interview_notes = "Собеседование проведено, в наставники не рекомендован."
        if status in (MentorStatus.TRAINED, MentorStatus.ADMITTED):
            profile.training_on = timeline.between(rng, 0.35, 0.41)
            profile.training_hours = rng.choice((6.0, 8.0, 16.0))
            profile.training_completed = True
        self.session.add(profile)
        return profile

    def _mentor_texts(self, code: str, person: Person
                      ) -> tuple[str, str, tuple[int, int], float]:
        """Competencies, achievements, desired ages of mentees, hours a month."""
        rng = self.rng
        if code == PUPIL_PUPIL:
            subject = rng.choice(STRONG_SUBJECTS)
            return (f"{subject}: объясняет сложные темы простым языком; "
                    f"{rng.choice(PUPIL_STRENGTHS)}",
                    rng.choice(PUPIL_ACHIEVEMENTS).format(subject=subject),
                    rng.choice(((10, 13), (10, 14), (11, 14))), float(rng.choice((4, 6, 8))))
        if code == TEACHER_TEACHER:
            return (f"методика преподавания: {person.subject or person.position}; "
                    "классное руководство; работа с родителями",
                    rng.choice(TEACHER_ACHIEVEMENTS),
                    rng.choice(((22, 30), (22, 35), (22, 40))),
                    float(rng.choice((4, 6, 8, 10))))
        return (f"{person.position} ({person.organisation}): профориентация, проектная работа",
                "", rng.choice(((13, 17), (14, 17), (14, 18))), float(rng.choice((2, 4, 6))))

    def _one_mentee_left(self) -> None:
        profile = self.mentees[PUPIL_PUPIL][-1]
        profile.status = MenteeStatus.LEFT
        profile.left_on = self.timeline.between(self.rng, 0.3, 0.4)
        profile.results = "Выбыл(а) из программы: перевод в другую школу."

    # --- pairs and groups ---

    def _pairs(self, programme: Programme) -> None:
        for code, sizes in self.plan.items():
            free = [m for m in self.mentees[code] if m.status is MenteeStatus.IN_BASE]
            self.rng.shuffle(free)
            admitted = [m for m in self.mentors[code] if m.status is MentorStatus.ADMITTED]
            role_models = [rm for rm in self.forms[code].role_models
                           if rm.name in ROLE_MODELS[code]]
            for mentor, size in zip(admitted, sizes, strict=False):
                mentees = self._choose_mentees(mentor, free, size)
                if not mentees:
                    continue
                mentor.capacity = max(mentor.capacity, len(mentees))
                pair = MentoringPair(
                    programme_id=programme.id, mentor=mentor, form=self.forms[code],
                    role_model=self.rng.choice(role_models) if role_models else None,
                    title=self._group_title() if len(mentees) > 1 else "",
                    formed_on=self.timeline.between(self.rng, 0.43, 0.5),
                    members=[PairMentee(mentee=m) for m in mentees])
                self.pairs.append(pair)
        self.session.add_all(self.pairs)
        self.session.flush()
        singles = [p for p in self.pairs if len(p.members) == 1]
        statuses = list(PAIR_STATUS_CYCLE[:len(singles)])
        self.rng.shuffle(statuses)
        for pair in self.pairs:
            status = statuses.pop() if len(pair.members) == 1 else PairStatus.WORKING
            self._run_pair(pair, status)

    def _group_title(self) -> str:
        return f"Группа № {sum(len(p.members) > 1 for p in self.pairs) + 1}"

    def _choose_mentees(self, mentor: MentorProfile, free: list[MenteeProfile],
                        size: int) -> list[MenteeProfile]:
        """The free mentees whose requests the mentor answers best (never the mentor's child)."""
        helps = {r.id for r in mentor.helps_with}
        family = self.parent_family.get(mentor.person)
        children = ({p.person for p in self.pupils if p.family is family}
                    if family is not None else set())
        fitting = [m for m in free if m.person is not mentor.person and m.person not in children]
        fitting.sort(key=lambda m: -len(helps & {r.id for r in m.requests}))
        chosen = fitting[:size]
        for m in chosen:
            free.remove(m)
        return chosen

    def _run_pair(self, pair: MentoringPair, status: PairStatus) -> None:
        """Meetings, plan and dates of a pair that has got as far as `status`."""
        rng = self.rng
        assert pair.formed_on is not None
        pair.status = status
        kinds = self._meeting_kinds(status)
        step = (self.today - pair.formed_on).days / (len(kinds) + 1)
        dates = [pair.formed_on + dt.timedelta(days=max(1, round((i + 1) * step)))
                 for i in range(len(kinds))]
        code = pair.form.code
        for kind, held_on in zip(kinds, dates, strict=True):
            topic = MEETING_TOPICS.get(kind) or rng.choice(WORK_TOPICS[code])
            self.session.add(Meeting(
                pair_id=pair.id, kind=kind, held_on=held_on, topic=topic,
                duration_minutes=rng.choice((40, 45, 60)),
                attendance=[MeetingAttendance(mentee_profile_id=m.mentee_profile_id,
                                              present=rng.random() < 0.9)
                            for m in pair.members]))
        last = dates[-1] if dates else pair.formed_on
        pair.status_changed_on = last
        if MeetingKind.PLANNING in kinds:
            self._plan(pair, dates[kinds.index(MeetingKind.PLANNING)], status)
        if status is PairStatus.COMPLETED:
            pair.ended_on = last
            pair.mentor.results = "Пара выполнила индивидуальный план развития."
            for member in pair.members:
                member.mentee.status = MenteeStatus.FINISHED
                member.mentee.left_on = last
                member.mentee.results = "Цели индивидуального плана достигнуты."
        elif status is PairStatus.TERMINATED:
            pair.ended_on = pair.status_changed_on = min(self.today, last + dt.timedelta(days=7))
            pair.close_reason = CLOSE_REASON
            for member in pair.members:
                member.left_on = pair.ended_on
        else:
            for member in pair.members:
                member.mentee.status = MenteeStatus.PAIRED

    @staticmethod
    def _meeting_kinds(status: PairStatus) -> list[MeetingKind]:
        opening = [MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING]
        working = {PairStatus.WORKING: 2, PairStatus.RESULTS: 4, PairStatus.COMPLETED: 4}
        if status is PairStatus.FORMED:
            return []
        if status is PairStatus.ACQUAINTANCE:
            return opening[:1]
        if status is PairStatus.TERMINATED:
            return opening[:2]
        tail = [MeetingKind.FINAL] if status is PairStatus.COMPLETED else []
        return opening + [MeetingKind.WORKING] * working.get(status, 0) + tail

    def _plan(self, pair: MentoringPair, planned_on: dt.date, status: PairStatus) -> None:
        code = pair.form.code
        finished = status in (PairStatus.RESULTS, PairStatus.COMPLETED)
        items = [(PlanItemKind.GOAL, text) for text in PLAN_GOALS[code][:1]]
        items += [(PlanItemKind.TASK, text) for text in self.rng.sample(PLAN_TASKS[code], 3)]
        year_end = dt.date(self.year_start.year + 1, 5, 20)
        for order, (kind, text) in enumerate(items):
            due = (year_end if kind is PlanItemKind.GOAL
                   else planned_on + dt.timedelta(days=14 * order))
            done = (status is PairStatus.COMPLETED if kind is PlanItemKind.GOAL
                    else due <= self.today and (finished or self.rng.random() < 0.6))
            self.session.add(PlanItem(
                pair_id=pair.id, kind=kind, sort_order=order, text=text, due_on=due,
                done_on=min(due, self.today) if done else None,
                result="Выполнено" if done else ""))

    # --- personal data ---

    def _revoke_one_consent(self) -> None:
        """One parent withdrew the consent of a pupil who is in no base."""
        in_bases = {m.person for profiles in self.mentees.values() for m in profiles}
        in_bases |= {m.person for profiles in self.mentors.values() for m in profiles}
        pupil = self.rng.choice([p for p in self.pupils
                                 if p.consent and p.person not in in_bases])
        consent = pupil.person.consents[0]
        consent.revoked_on = max(consent.given_on, self.timeline.at(0.3))
        pupil.consent = False
