"""Erasing a person from the school (152-ФЗ): every place that holds his data, then the whole file.

Each test puts the erased person's data into one place, erases him, and scans the database file
three ways for his surname and birth date: every text value of every table, the `sqlite3` dump,
and the raw bytes of the file and its `-wal` (so deleted pages do not keep them either).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    Audience,
    CertificateKind,
    ConsentGiver,
    ConsentKind,
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    PlanItemKind,
    QuestionKind,
    QuestionnairePhase,
    SwotQuadrant,
)
from nastavnik_desktop.data.models import (
    Answer,
    AppSetting,
    AuditEntry,
    Certificate,
    Consent,
    IssuedDocument,
    MatchingExclusion,
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    PlanItem,
    Programme,
    ProgrammeEvent,
    Question,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    RoadmapItem,
    School,
    StageProgress,
    SwotEntry,
    TeamMember,
)
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.services.pairs import move_mentee
from nastavnik_desktop.services.people import get_person, save_person
from nastavnik_desktop.services.people.erasure import (
    ERASED_TEXT,
    erase_people,
    erasure_preview,
)
from nastavnik_desktop.services.programme import ProgrammeInfo

SURNAME = "Зябликова"
BIRTH = dt.date(2011, 3, 14)
NEEDLES = (SURNAME, BIRTH.isoformat(), "14.03.2011")
DAY = dt.date(2025, 10, 1)


@dataclass(frozen=True)
class Little:
    """Ids of a small school: the pupil to erase, her mentor, a classmate, their pairs."""

    erased: int
    mentor: int
    classmate: int
    erased_mentee: int
    classmate_mentee: int
    mentor_profile: int
    form: int


def _person(last: str, first: str, middle: str, category: PersonCategory,
            birth: dt.date, **more: object) -> Person:
    return Person(last_name=last, first_name=first, middle_name=middle, category=category,
                  birth_date=birth, **more)


@pytest.fixture
def little(db: Database, programme: ProgrammeInfo) -> Little:
    with db.transaction() as session:
        form = session.scalar(select(MentoringForm.id).where(MentoringForm.code == "pupil_pupil"))
        assert form is not None
        erased = _person(SURNAME, "Алиса", "Петровна", PersonCategory.PUPIL, BIRTH,
                         class_name="8А", parent_name="Зябликов Пётр Ильич",
                         phone="+7 900 111-22-33", notes="любит шахматы")
        erased.consents = [Consent(kind=ConsentKind.PERSONAL_DATA, given_on=dt.date(2025, 9, 1),
                                   given_by=ConsentGiver.PARENT,
                                   given_by_name="Зябликов Пётр Ильич",
                                   document_ref="заявление Зябликова")]
        mentor = _person("Гордеев", "Олег", "Львович", PersonCategory.PUPIL,
                         dt.date(2008, 5, 6), class_name="11Б")
        classmate = _person("Лаптев", "Иван", "", PersonCategory.PUPIL, dt.date(2011, 6, 1),
                            class_name="8А")
        session.add_all([erased, mentor, classmate])
        session.flush()
        mentor_profile = MentorProfile(programme_id=programme.id, person_id=mentor.id,
                                       form_id=form, status=MentorStatus.ADMITTED, capacity=3)
        mentees = [MenteeProfile(programme_id=programme.id, person_id=p.id, form_id=form,
                                 requests_note=f"запрос {p.last_name}")
                   for p in (erased, classmate)]
        session.add_all([mentor_profile, *mentees])
        session.flush()
        return Little(erased.id, mentor.id, classmate.id, mentees[0].id, mentees[1].id,
                      mentor_profile.id, form)


def _pair(db: Database, little: Little, mentee_ids: list[int], *,
          mentor_profile: int | None = None) -> int:
    with db.transaction() as session:
        pair = MentoringPair(programme_id=session.scalar(select(Programme.id)),
                             mentor_profile_id=mentor_profile or little.mentor_profile,
                             form_id=little.form, status=PairStatus.WORKING, formed_on=DAY,
                             title="Шахматисты")
        pair.members = [PairMentee(mentee_profile_id=m, joined_on=DAY) for m in mentee_ids]
        session.add(pair)
        session.flush()
        for m in mentee_ids:
            session.get_one(MenteeProfile, m).status = MenteeStatus.PAIRED
        session.add(PlanItem(pair_id=pair.id, kind=PlanItemKind.GOAL, text="разряд"))
        meeting = Meeting(pair_id=pair.id, kind=MeetingKind.WORKING, held_on=DAY,
                          notes="встреча")
        meeting.attendance = [MeetingAttendance(mentee_profile_id=m) for m in mentee_ids]
        session.add(meeting)
        session.flush()
        return pair.id


def leftovers(path: Path, needles: tuple[str, ...] = NEEDLES) -> list[str]:
    """Where any of `needles` is still found: table.column, the dump, the file's bytes."""
    found = []
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    shown = value.decode("utf-8", "replace") if isinstance(value, bytes) \
                        else str(value)
                    found += [f"{table}.{column}: {n}" for n in needles if n in shown]
        dump = "\n".join(conn.iterdump())
        found += [f"dump: {n}" for n in needles if n in dump]
    finally:
        conn.close()
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            data = file.read_bytes()
            found += [f"{file.name} bytes: {n}" for n in needles if n.encode() in data]
    return found


def _erase(db: Database, db_path: Path, person_id: int) -> None:
    assert leftovers(db_path), "the test must put the person's data into the file first"
    erase_people(db, [person_id])
    assert leftovers(db_path) == []


def _count(db: Database, model: type, *where: object) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


# --- one place each --------------------------------------------------------------------------


def test_the_person_consents_and_profiles_go(db: Database, db_path: Path,
                                             little: Little) -> None:
    _erase(db, db_path, little.erased)
    assert _count(db, Person, Person.id == little.erased) == 0
    assert _count(db, Consent) == 0
    assert _count(db, MenteeProfile) == 1, "the classmate stays"
    with pytest.raises(ValidationError):
        get_person(db, little.erased)
    assert get_person(db, little.classmate).last_name == "Лаптев"


def test_the_audit_log_keeps_what_was_done_not_to_whom(db: Database, db_path: Path,
                                                       little: Little) -> None:
    card = get_person(db, little.erased)
    save_person(db, dataclasses.replace(card, last_name="Зябликова-Старая"), today=DAY)
    save_person(db, card, today=DAY)  # the old name stays in the first entry's summary
    pair = _pair(db, little, [little.classmate_mentee])
    move_mentee(db, little.erased_mentee, pair, on=DAY)  # «Зябликова А. П. → …»
    erase_people(db, [little.erased])
    assert leftovers(db_path, (*NEEDLES, "Старая")) == []
    with db.reading() as session:
        entries = session.execute(select(AuditEntry.action, AuditEntry.summary)).all()
    assert ("erase", f"Удалены данные человека (id {little.erased}) по отзыву согласия или по "
            "требованию (152-ФЗ, ст. 21)") in entries
    assert ("update", ERASED_TEXT) in entries  # «Изменена карточка человека № …»
    assert ("move_mentee", f"наставляемый № {little.erased_mentee} → пара № {pair}") in entries


def test_issued_documents_stay_in_the_register_without_the_name(
        db: Database, db_path: Path, little: Little, programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        session.add(IssuedDocument(programme_id=programme.id, kind="certificate", number="7",
                                   issued_on=DAY, title="Сертификат: Зябликова А. П.",
                                   file_path="/docs/Сертификат Зябликовой Алисе Петровне.pdf"))
    _erase(db, db_path, little.erased)
    with db.reading() as session:
        document = session.scalars(select(IssuedDocument)).one()
        assert (document.number, document.title) == ("7", f"Сертификат: {ERASED_TEXT}")


def test_a_certificate_to_her_goes_its_document_stays(db: Database, db_path: Path,
                                                      little: Little,
                                                      programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        document = IssuedDocument(programme_id=programme.id, kind="awards", number="12",
                                  title="Приказ о награждении")
        session.add(document)
        session.flush()
        session.add(Certificate(registry_number="С-1", kind=CertificateKind.CERTIFICATE,
                                person_id=little.erased, issued_document_id=document.id,
                                issued_on=DAY, wording="Зябликовой Алисе Петровне"))
    _erase(db, db_path, little.erased)
    assert _count(db, Certificate) == 0 and _count(db, IssuedDocument) == 1


def test_her_pair_as_only_mentee_goes_with_its_plan_and_meetings(
        db: Database, db_path: Path, little: Little) -> None:
    _pair(db, little, [little.erased_mentee])
    assert erasure_preview(db, [little.erased]).pairs_removed == 1
    _erase(db, db_path, little.erased)
    for model in (MentoringPair, PairMentee, PlanItem, Meeting, MeetingAttendance):
        assert _count(db, model) == 0, model.__name__


def test_a_group_loses_her_and_keeps_the_others(db: Database, db_path: Path,
                                                little: Little) -> None:
    pair = _pair(db, little, [little.erased_mentee, little.classmate_mentee])
    preview = erasure_preview(db, [little.erased])
    assert (preview.pairs_removed, preview.groups_shrunk) == (0, 1)
    _erase(db, db_path, little.erased)
    with db.reading() as session:
        members = session.scalars(select(PairMentee.mentee_profile_id)
                                  .where(PairMentee.pair_id == pair)).all()
        assert members == [little.classmate_mentee]
        assert session.scalars(select(MeetingAttendance.mentee_profile_id)).all() == [
            little.classmate_mentee]
        assert session.get_one(MenteeProfile, little.classmate_mentee).status \
            is MenteeStatus.PAIRED


def test_erasing_the_mentor_ends_his_pairs_and_frees_the_mentees(
        db: Database, db_path: Path, little: Little) -> None:
    with db.transaction() as session:  # the mentor is the one with the needles this time
        mentor = session.get_one(Person, little.mentor)
        mentor.last_name, mentor.birth_date = SURNAME, BIRTH
        session.get_one(Person, little.erased).last_name = "Иванова"
        session.get_one(Person, little.erased).birth_date = dt.date(2011, 1, 1)
        session.get_one(Consent, 1).given_by_name = ""
        session.get_one(Consent, 1).document_ref = ""
        session.get_one(Person, little.erased).parent_name = ""
        session.get_one(MenteeProfile, little.erased_mentee).requests_note = ""
    _pair(db, little, [little.erased_mentee, little.classmate_mentee])
    _erase(db, db_path, little.mentor)
    assert _count(db, MentoringPair) == 0 and _count(db, MentorProfile) == 0
    assert _count(db, MenteeProfile, MenteeProfile.status == MenteeStatus.IN_BASE) == 2


def test_team_roadmap_curator_exclusions_and_free_text(db: Database, db_path: Path,
                                                       little: Little,
                                                       programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        session.add(TeamMember(programme_id=programme.id, person_id=little.erased,
                               role="помощник куратора"))
        session.add(RoadmapItem(programme_id=programme.id, stage=2, title="Классный час",
                                responsible_id=little.erased,
                                responsible_text="Зябликова Алиса Петровна, 8А"))
        session.get_one(Programme, programme.id).curator_id = little.erased
        session.add(MatchingExclusion(programme_id=programme.id,
                                      mentor_person_id=little.mentor,
                                      mentee_person_id=little.erased, reason="родственники"))
    pair = _pair(db, little, [little.classmate_mentee])
    with db.transaction() as session:
        session.get_one(MentoringPair, pair).close_reason = "перевели к А. П. Зябликовой"
    assert erasure_preview(db, [little.erased]).curator_of == ("2025/2026",)
    _erase(db, db_path, little.erased)
    assert _count(db, TeamMember) == 0 and _count(db, MatchingExclusion) == 0
    with db.reading() as session:
        item = session.scalars(select(RoadmapItem)).one()
        assert (item.responsible_id, item.responsible_text) == (None, f"{ERASED_TEXT}, 8А")
        assert session.get_one(Programme, programme.id).curator_id is None


def test_her_questionnaire_answers_go(db: Database, db_path: Path, little: Little,
                                      programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        template = QuestionnaireTemplate(title="Входная анкета", audience=Audience.MENTEE,
                                         phase=QuestionnairePhase.ENTRY)
        template.questions = [Question(text="О себе", kind=QuestionKind.TEXT)]
        session.add(template)
        session.flush()
        response = QuestionnaireResponse(template_id=template.id, programme_id=programme.id,
                                         person_id=little.erased, filled_on=DAY)
        response.answers = [Answer(question_id=template.questions[0].id,
                                   value_text="Я Алиса Зябликова, 14.03.2011")]
        session.add(response)
    _erase(db, db_path, little.erased)
    assert _count(db, QuestionnaireResponse) == 0 and _count(db, Answer) == 0


FREE_TEXT_PLACES = {
    "stage_progress.notes": lambda s, p, t: setattr(s.scalars(select(StageProgress)).first(),
                                                    "notes", t),
    "programme_event.notes": lambda s, p, t: s.add(ProgrammeEvent(programme_id=p, stage=2,
                                                                  kind="class_hour", notes=t)),
    "swot_entry.text": lambda s, p, t: s.add(SwotEntry(programme_id=p,
                                                       quadrant=SwotQuadrant.STRENGTH, text=t)),
    "app_setting.value_json": lambda s, p, t: s.add(AppSetting(key="note",
                                                               value_json=f'"{t}"')),
    "school.director_name": lambda s, p, t: setattr(s.scalars(select(School)).one(),
                                                    "director_name", t),
}


@pytest.mark.parametrize("place", FREE_TEXT_PLACES)
def test_her_name_in_free_text_elsewhere_is_replaced(db: Database, db_path: Path,
                                                     little: Little, programme: ProgrammeInfo,
                                                     place: str) -> None:
    with db.transaction() as session:
        FREE_TEXT_PLACES[place](session, programme.id, "отметила Зябликовой Алисе Петровне")
    _erase(db, db_path, little.erased)
    table, column = place.split(".")
    with db.reading() as session:
        values = session.scalars(text(f'SELECT "{column}" FROM "{table}"')).all()
    assert any(ERASED_TEXT in value for value in values)


def test_other_people_s_notes_and_a_child_s_parent_field(db: Database, db_path: Path,
                                                        little: Little) -> None:
    with db.transaction() as session:  # the erased one is the parent of a pupil this time
        erased = session.get_one(Person, little.erased)
        erased.first_name, erased.middle_name = "Алла", "Петровна"
        erased.parent_name = ""
        session.get_one(MenteeProfile, little.erased_mentee).requests_note = ""
        consent = session.get_one(Consent, 1)
        consent.given_by_name, consent.document_ref = "", ""
        child = session.get_one(Person, little.classmate)
        child.parent_name = "Зябликова Алла Петровна"
        child.notes = "мама — А. П. Зябликова"
        child.consents = [Consent(kind=ConsentKind.PERSONAL_DATA, given_on=DAY,
                                  given_by=ConsentGiver.PARENT,
                                  given_by_name="Зябликова Алла Петровна")]
    _erase(db, db_path, little.erased)
    card = get_person(db, little.classmate)
    assert (card.last_name, card.parent_name, card.notes) == (
        "Лаптев", ERASED_TEXT, f"мама — {ERASED_TEXT}")
    assert card.personal_data_consent is not None
    assert card.personal_data_consent.given_on == DAY, "the child's consent stays"


# --- a namesake, a cohort, a cancel ---------------------------------------------------------


def test_a_namesake_s_name_is_not_touched(db: Database, little: Little) -> None:
    with db.transaction() as session:
        session.add(RoadmapItem(programme_id=session.scalar(select(Programme.id)), stage=2,
                                title="Беседа", responsible_text="Лаптев И. С."))
        session.get_one(Person, little.erased).last_name = "Лаптев"
        session.get_one(Person, little.erased).first_name = "Иван"
        session.get_one(Person, little.erased).middle_name = ""
    erase_people(db, [little.erased])
    with db.reading() as session:
        assert session.scalars(select(RoadmapItem.responsible_text)).one() == "Лаптев И. С."
    assert get_person(db, little.classmate).last_name == "Лаптев"


def test_a_cohort_is_erased_at_once(db: Database, db_path: Path, little: Little) -> None:
    _pair(db, little, [little.erased_mentee, little.classmate_mentee])
    preview = erasure_preview(db, [little.erased, little.classmate])
    assert [p.short_name for p in preview.people] == ["Зябликова А. П.", "Лаптев И."]
    assert (preview.consents, preview.profiles, preview.pairs_removed) == (1, 2, 1)
    result = erase_people(db, [little.erased, little.classmate])
    assert (result.people, result.pairs_removed, result.file_rewritten) == (2, 1, True)
    assert leftovers(db_path, (*NEEDLES, "Лаптев")) == []
    assert _count(db, Person) == 1
    assert _count(db, AuditEntry, AuditEntry.action == "erase") == 2


def test_a_reader_holding_the_wal_is_reported_and_the_next_erasure_cleans_up(
        db: Database, db_path: Path, little: Little) -> None:
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM person").fetchone()
        assert erase_people(db, [little.erased]).file_rewritten is False
    finally:
        reader.close()
    assert erase_people(db, [little.classmate]).file_rewritten is True
    assert leftovers(db_path) == []


def test_a_cancel_changes_nothing(db: Database, little: Little) -> None:
    with pytest.raises(OperationCancelled):
        erase_people(db, [little.erased], progress=lambda done, total: False)
    assert get_person(db, little.erased).last_name == SURNAME
    assert _count(db, AuditEntry, AuditEntry.action == "erase") == 0


def test_people_already_gone_are_refused(db: Database, little: Little) -> None:
    erase_people(db, [little.erased])
    with pytest.raises(ValidationError, match="уже удалены"):
        erase_people(db, [little.erased])
