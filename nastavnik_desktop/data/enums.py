"""Closed vocabularies of the domain. Values are stored in the database; labels are shown."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "м"
    FEMALE = "ж"


YOUNG_SPECIALIST_YEARS = 3
"""«Молодой специалист»: pedagogical experience 0–3 years (matching, the stage 3 choices, the
KPI's breakdown)."""


class PersonCategory(StrEnum):
    PUPIL = "pupil"
    STAFF = "staff"
    PARENT = "parent"
    ALUMNUS = "alumnus"
    EMPLOYEE = "employee"
    ENTREPRENEUR = "entrepreneur"
    STUDENT = "student"


CATEGORY_LABELS: dict[PersonCategory, str] = {
    PersonCategory.PUPIL: "обучающийся",
    PersonCategory.STAFF: "педагог / сотрудник",
    PersonCategory.PARENT: "родитель",
    PersonCategory.ALUMNUS: "выпускник",
    PersonCategory.EMPLOYEE: "сотрудник предприятия",
    PersonCategory.ENTREPRENEUR: "предприниматель / общественный деятель",
    PersonCategory.STUDENT: "студент",
}


class ConsentKind(StrEnum):
    PERSONAL_DATA = "personal_data"
    PUBLICATION = "publication"


CONSENT_LABELS: dict[ConsentKind, str] = {
    ConsentKind.PERSONAL_DATA: "согласие на обработку персональных данных",
    ConsentKind.PUBLICATION: "согласие на публикацию фото и кейсов",
}


class ConsentGiver(StrEnum):
    SELF = "self"
    PARENT = "parent"
    GUARDIAN = "guardian"


class ProgrammeStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class StageStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STAGE_STATUS_LABELS: dict[StageStatus, str] = {
    StageStatus.NOT_STARTED: "не начат",
    StageStatus.IN_PROGRESS: "в работе",
    StageStatus.DONE: "завершён",
}

STAGE_TITLES: dict[int, str] = {
    1: "Подготовка условий для запуска программы",
    2: "Формирование базы наставляемых",
    3: "Формирование базы наставников",
    4: "Отбор и обучение наставников",
    5: "Формирование наставнических пар/групп",
    6: "Организация работы пар/групп",
    7: "Завершение программы",
}


class Contour(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class MenteeStatus(StrEnum):
    IN_BASE = "in_base"
    PAIRED = "paired"
    FINISHED = "finished"
    LEFT = "left"


MENTEE_STATUS_LABELS: dict[MenteeStatus, str] = {
    MenteeStatus.IN_BASE: "в базе",
    MenteeStatus.PAIRED: "в паре",
    MenteeStatus.FINISHED: "завершил программу",
    MenteeStatus.LEFT: "выбыл",
}

MENTEE_STATUS_LABELS_BY_SEX: dict[Sex | None, dict[MenteeStatus, str]] = {
    Sex.MALE: MENTEE_STATUS_LABELS,
    Sex.FEMALE: {**MENTEE_STATUS_LABELS, MenteeStatus.FINISHED: "завершила программу",
                 MenteeStatus.LEFT: "выбыла"},
    None: {**MENTEE_STATUS_LABELS, MenteeStatus.FINISHED: "завершил(а) программу",
           MenteeStatus.LEFT: "выбыл(а)"},
}
"""The status of one person, agreeing with his or her sex; both forms when it is unknown."""


class MentorStatus(StrEnum):
    CANDIDATE = "candidate"
    SELECTED = "selected"
    TRAINED = "trained"
    ADMITTED = "admitted"
    REJECTED = "rejected"


MENTOR_STATUS_LABELS: dict[MentorStatus, str] = {
    MentorStatus.CANDIDATE: "кандидат",
    MentorStatus.SELECTED: "отобран",
    MentorStatus.TRAINED: "обучен",
    MentorStatus.ADMITTED: "допущен",
    MentorStatus.REJECTED: "отклонён",
}

MENTOR_STATUS_LABELS_BY_SEX: dict[Sex | None, dict[MentorStatus, str]] = {
    Sex.MALE: MENTOR_STATUS_LABELS,
    Sex.FEMALE: {**MENTOR_STATUS_LABELS, MentorStatus.SELECTED: "отобрана",
                 MentorStatus.TRAINED: "обучена", MentorStatus.ADMITTED: "допущена",
                 MentorStatus.REJECTED: "отклонена"},
    None: {**MENTOR_STATUS_LABELS, MentorStatus.SELECTED: "отобран(а)",
           MentorStatus.TRAINED: "обучен(а)", MentorStatus.ADMITTED: "допущен(а)",
           MentorStatus.REJECTED: "отклонён(а)"},
}
"""The status of one person, agreeing with his or her sex; both forms when it is unknown."""


class PairStatus(StrEnum):
    FORMED = "formed"
    ACQUAINTANCE = "acquaintance"
    PLANNING = "planning"
    WORKING = "working"
    RESULTS = "results"
    COMPLETED = "completed"
    TERMINATED = "terminated"


PAIR_STATUS_LABELS: dict[PairStatus, str] = {
    PairStatus.FORMED: "сформирована",
    PairStatus.ACQUAINTANCE: "знакомство",
    PairStatus.PLANNING: "планирование",
    PairStatus.WORKING: "работа",
    PairStatus.RESULTS: "итоги",
    PairStatus.COMPLETED: "завершена",
    PairStatus.TERMINATED: "расторгнута",
}


class MeetingKind(StrEnum):
    ACQUAINTANCE = "acquaintance"
    TRIAL = "trial"
    PLANNING = "planning"
    WORKING = "working"
    FINAL = "final"


MEETING_KIND_LABELS: dict[MeetingKind, str] = {
    MeetingKind.ACQUAINTANCE: "встреча-знакомство",
    MeetingKind.TRIAL: "пробная рабочая встреча",
    MeetingKind.PLANNING: "встреча-планирование",
    MeetingKind.WORKING: "рабочая встреча",
    MeetingKind.FINAL: "итоговая встреча",
}


class MeetingFormat(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"


MEETING_FORMAT_LABELS: dict[MeetingFormat, str] = {
    MeetingFormat.IN_PERSON: "очно",
    MeetingFormat.REMOTE: "дистанционно",
}


class PlanItemKind(StrEnum):
    GOAL = "goal"  # a goal of one mentee (plan_item.mentee_profile_id) or of the whole pair
    TASK = "task"  # a common task of the pair/group, under a direction


class PairNoteKind(StrEnum):
    """Control and feedback on a pair (stage 6): the curator's intermediate result with a mark,
    the mentor's and the mentee's short feedback."""

    INTERMEDIATE = "intermediate"
    MENTOR_FEEDBACK = "mentor_feedback"
    MENTEE_FEEDBACK = "mentee_feedback"


PAIR_NOTE_KIND_LABELS: dict[PairNoteKind, str] = {
    PairNoteKind.INTERMEDIATE: "промежуточный результат",
    PairNoteKind.MENTOR_FEEDBACK: "отзыв наставника",
    PairNoteKind.MENTEE_FEEDBACK: "отзыв наставляемого",
}


class MaterialKind(StrEnum):
    FILE = "file"  # copied into the data folder; material.location is relative to it
    LINK = "link"  # an address; material.location is the URL


class Audience(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    ANY = "any"


class RequestAudience(StrEnum):
    PUPIL = "pupil"
    TEACHER = "teacher"


class QuestionnairePhase(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"
    OTHER = "other"
    """An intermediate questionnaire («промежуточная»): the value is kept from the first
    schema, whose CHECK constraint knows only these three."""


class QuestionKind(StrEnum):
    SCALE = "scale_1_10"
    YES_NO = "yes_no"
    TEXT = "text"
    """A short free text."""
    SINGLE = "single_choice"
    MULTIPLE = "multiple_choice"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
"""Question kinds answered by picking among the question's `question_choice` rows."""

QUESTION_KIND_LABELS = {
    QuestionKind.SCALE: "шкала от 1 до 10",
    QuestionKind.YES_NO: "да / нет",
    QuestionKind.SINGLE: "один вариант",
    QuestionKind.MULTIPLE: "несколько вариантов",
    QuestionKind.TEXT: "короткий ответ",
}

QUESTIONNAIRE_PHASE_LABELS = {
    QuestionnairePhase.ENTRY: "входная",
    QuestionnairePhase.OTHER: "промежуточная",
    QuestionnairePhase.EXIT: "итоговая",
}

AUDIENCE_LABELS = {
    Audience.MENTEE: "наставляемые",
    Audience.MENTOR: "наставники",
    Audience.ANY: "наставники и наставляемые",
}


class ResponseSource(StrEnum):
    APP = "app"
    PAPER = "paper"
    IMPORT = "import"


class SwotQuadrant(StrEnum):
    STRENGTH = "S"
    WEAKNESS = "W"
    OPPORTUNITY = "O"
    THREAT = "T"


class CertificateKind(StrEnum):
    DIPLOMA = "diploma"
    CERTIFICATE = "certificate"
    THANKS = "thanks"


CERTIFICATE_KIND_LABELS: dict[CertificateKind, str] = {
    CertificateKind.DIPLOMA: "грамота",
    CertificateKind.CERTIFICATE: "сертификат",
    CertificateKind.THANKS: "благодарственное письмо",
}


class AwardNomination(StrEnum):
    """What an award (a `certificate` row) is for; each belongs to one kind of paper."""

    PARTICIPANT = "participant"        # сертификат участника (mentee or mentor)
    BEST_MENTOR = "best_mentor"        # грамота «Лучший наставник»
    BEST_PAIR = "best_pair"            # грамота «Лучшая наставническая пара» (each member)
    THANKS_MENTOR = "thanks_mentor"    # благодарственное письмо наставнику (from an enterprise)
    THANKS_PARENTS = "thanks_parents"  # благодарственное письмо родителям pupil-mentor


AWARD_NOMINATION_KIND: dict[AwardNomination, CertificateKind] = {
    AwardNomination.PARTICIPANT: CertificateKind.CERTIFICATE,
    AwardNomination.BEST_MENTOR: CertificateKind.DIPLOMA,
    AwardNomination.BEST_PAIR: CertificateKind.DIPLOMA,
    AwardNomination.THANKS_MENTOR: CertificateKind.THANKS,
    AwardNomination.THANKS_PARENTS: CertificateKind.THANKS,
}

AWARD_NOMINATION_LABELS: dict[AwardNomination, str] = {
    AwardNomination.PARTICIPANT: "сертификат участника программы наставничества",
    AwardNomination.BEST_MENTOR: "грамота «Лучший наставник»",
    AwardNomination.BEST_PAIR: "грамота «Лучшая наставническая пара»",
    AwardNomination.THANKS_MENTOR: "благодарственное письмо наставнику",
    AwardNomination.THANKS_PARENTS: "благодарственное письмо родителям",
}
