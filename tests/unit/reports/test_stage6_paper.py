"""The paper of stage 6 formed from a demo school: the development plan of a pair and of a
group, the meeting journal, the control sheet of all pairs (services/pair_paper + reports)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    MEETING_KIND_LABELS,
    MeetingFormat,
    MeetingKind,
    PairNoteKind,
    PlanItemKind,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    PairNote,
    Person,
    PlanItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.control import CONTROL_TITLE, ControlRow, control_document
from nastavnik_desktop.reports.process import write_pdf
from nastavnik_desktop.reports.typography import no_break
from nastavnik_desktop.services import documents, pair_paper
from nastavnik_desktop.services.pairs.journal import silent_pairs
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES
from nastavnik_desktop.text import full_name
from tests.helpers.pdf import A4_LANDSCAPE, A4_PORTRAIT, drawn_text, need, pdf_info


@dataclass(frozen=True)
class School:
    path: Path
    programme_id: int
    pair_id: int
    """An active pair of one mentee, with the plan and the meetings written below."""
    group_id: int
    """An active group (several mentees)."""
    day: dt.date


STRENGTHS = "Любознательность и усидчивость"
GROWTH = "Выступления перед классом"
GOAL = "Подготовить доклад на школьную конференцию"
GROUP_GOAL = "Сплотить группу вокруг проекта"
TASKS = (("Учёба", "Разобрать темы по алгебре", "Решать задачи вместе", -20, "Тема понята", -25),
         ("Учёба", "Написать тезисы доклада", "Обсудить план доклада", -5, "Готовые тезисы", None),
         ("Общение", "Выступить на классном часе", "Репетиция выступления", 20,
          "Уверенное выступление", None))
PLANNED_TOPIC = "Заседание которое ещё впереди"


def _members(session, pair_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(PairMentee.mentee_profile_id)
                                .where(PairMentee.pair_id == pair_id)))


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path],
           demo_day: dt.date) -> School:
    path = build_demo(tmp_path_factory.mktemp("paper") / "demo.sqlite")
    db = open_database(path, backup_dir=path.parent / "backups")
    try:
        with db.transaction() as session:
            size = (select(PairMentee.pair_id, func.count().label("n"))
                    .group_by(PairMentee.pair_id).subquery())
            active = select(MentoringPair.id, MentoringPair.programme_id, size.c.n).join(
                size, size.c.pair_id == MentoringPair.id).where(
                MentoringPair.status.in_(ACTIVE_VALUES)).order_by(MentoringPair.id)
            rows = session.execute(active).all()
            pair_id, programme_id, _n = next(r for r in rows if r.n == 1)
            group_id = next(r.id for r in rows if r.n > 1)
            mentee = _members(session, pair_id)[0]
            session.execute(PairMentee.__table__.update().where(
                PairMentee.pair_id == pair_id).values(strengths=STRENGTHS, growth_points=GROWTH))
            session.execute(PlanItem.__table__.delete().where(PlanItem.pair_id == pair_id))
            session.add(PlanItem(pair_id=pair_id, kind=PlanItemKind.GOAL, text=GOAL,
                                 mentee_profile_id=mentee, sort_order=0))
            for order, (direction, text, action, due, result, done) in enumerate(TASKS, 1):
                session.add(PlanItem(
                    pair_id=pair_id, kind=PlanItemKind.TASK, direction=direction, text=text,
                    action=action, due_on=demo_day + dt.timedelta(days=due), result=result,
                    done_on=None if done is None else demo_day + dt.timedelta(days=done),
                    sort_order=order))
            session.add(PlanItem(pair_id=group_id, kind=PlanItemKind.GOAL, text=GROUP_GOAL,
                                 sort_order=99))
            session.execute(Meeting.__table__.delete().where(Meeting.pair_id == pair_id))
            for number, kind in enumerate(MeetingKind):
                session.add(Meeting(
                    pair_id=pair_id, kind=kind,
                    held_on=demo_day - dt.timedelta(days=40 - 7 * number),
                    topic=f"Тема встречи {number + 1}", content=f"Содержание встречи {number + 1}",
                    result=f"Результат встречи {number + 1}",
                    assignment=f"Задание после встречи {number + 1}",
                    format=MeetingFormat.REMOTE if number % 2 else MeetingFormat.IN_PERSON,
                    duration_minutes=45))
            session.add(Meeting(pair_id=pair_id, kind=MeetingKind.WORKING, planned=True,
                                held_on=demo_day + dt.timedelta(days=3), topic=PLANNED_TOPIC))
            session.add(PairNote(pair_id=pair_id, kind=PairNoteKind.INTERMEDIATE,
                                 written_on=demo_day - dt.timedelta(days=30), mark=6))
            session.add(PairNote(pair_id=pair_id, kind=PairNoteKind.INTERMEDIATE,
                                 written_on=demo_day - dt.timedelta(days=2), mark=9))
    finally:
        db.close()
    return School(path, programme_id, pair_id, group_id, demo_day)


@pytest.fixture
def db(school: School, tmp_path: Path):  # type: ignore[no-untyped-def]
    copy = tmp_path / "demo.sqlite"
    shutil.copy(school.path, copy)
    database = open_database(copy, backup_dir=tmp_path / "backups")
    yield database
    database.close()


def _people(database: Database, pair_id: int) -> tuple[str, list[tuple[str, str]]]:
    with database.reading() as session:
        mentor = session.execute(
            select(Person).join(MentorProfile, MentorProfile.person_id == Person.id)
            .join(MentoringPair, MentoringPair.mentor_profile_id == MentorProfile.id)
            .where(MentoringPair.id == pair_id)).scalar_one()
        mentees = session.scalars(
            select(Person).join(MenteeProfile, MenteeProfile.person_id == Person.id)
            .join(PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)
            .where(PairMentee.pair_id == pair_id)).all()
        return (full_name(mentor.last_name, mentor.first_name, mentor.middle_name),
                [(full_name(p.last_name, p.first_name, p.middle_name), p.class_name)
                 for p in mentees])


def _form(database: Database, pair_id: int) -> str:
    with database.reading() as session:
        return session.scalar(select(MentoringForm.name).join(
            MentoringPair, MentoringPair.form_id == MentoringForm.id)
            .where(MentoringPair.id == pair_id)) or ""


def _issue(database: Database, school: School, kind: str, tmp_path: Path,
           pair_id: int | None = None) -> tuple[documents.IssuedDocumentInfo, str]:
    out = tmp_path / f"{kind}.pdf"
    info = documents.issue_document(database, school.programme_id, kind, out,
                                    issued_on=school.day, pair_id=pair_id)
    return info, drawn_text(out)


def test_the_plan_of_a_pair_names_its_people_goals_and_tasks(
        db: Database, school: School, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    info, text = _issue(db, school, "plan", tmp_path, school.pair_id)
    mentor, mentees = _people(db, school.pair_id)
    assert "Индивидуальный план развития наставляемого" in text
    assert mentor in text and mentees[0][0] in text and mentees[0][1] in text
    assert _form(db, school.pair_id) in text
    assert STRENGTHS in text and GROWTH in text and GOAL in text
    for direction, content, action, due, result, _done in TASKS:
        assert direction in text and content in text and action in text and result in text
        assert (school.day + dt.timedelta(days=due)).strftime("%d.%m.%Y") in text
    done_on = school.day + dt.timedelta(days=-25)
    assert f"выполнено {done_on:%d.%m.%Y}" in text
    for signer in ("Наставник", "Наставляемый", "Куратор программы наставничества", "Дата:"):
        assert signer in text
    assert pdf_info(Path(info.file_path))["Page size"] == A4_PORTRAIT
    assert info.title.startswith("Индивидуальный план развития наставляемого: наставник ")
    assert documents.list_issued_documents(db, school.programme_id)[0].id == info.id


def test_the_plan_of_a_group_has_its_title_every_mentee_and_the_common_goals(
        db: Database, school: School, tmp_path: Path) -> None:
    need("pdftotext")
    _info, text = _issue(db, school, "plan", tmp_path, school.group_id)
    _mentor, mentees = _people(db, school.group_id)
    assert "План развития наставнической группы" in text
    assert len(mentees) > 1 and all(name in text for name, _class in mentees)
    assert "Общие цели группы" in text and GROUP_GOAL in text
    assert text.count("Сильные стороны:") == len(mentees)


def test_the_journal_prints_the_held_meetings_of_every_type_and_not_the_planned_one(
        db: Database, school: School, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    info, text = _issue(db, school, "journal", tmp_path, school.pair_id)
    mentor, mentees = _people(db, school.pair_id)
    assert "Журнал встреч наставнической пары" in text
    assert mentor in text and mentees[0][0] in text
    for header in ("Дата", "Тема", "Содержание", "Результат", "Задание", "Вид встречи"):
        assert header in text
    for label in MEETING_KIND_LABELS.values():
        assert label in text
    for number in range(1, len(MeetingKind) + 1):
        held = school.day - dt.timedelta(days=40 - 7 * (number - 1))
        assert held.strftime("%d.%m.%Y") in text
        for part in ("Тема встречи", "Содержание встречи", "Результат встречи",
                     "Задание после встречи"):
            assert f"{part} {number}" in text
    assert "дистанционно" in text and "очно" in text
    assert PLANNED_TOPIC not in text
    planned = school.day + dt.timedelta(days=3)
    assert f"Запланировано (ещё не проведено): 1 встреча, ближайшая — {planned:%d.%m.%Y}" in text
    assert f"Проведено {len(MeetingKind)} встреч" in text
    assert "Куратор программы наставничества" in text
    assert pdf_info(Path(info.file_path))["Page size"] == A4_LANDSCAPE


def test_the_journal_of_a_group_says_who_came(db: Database, school: School,
                                              tmp_path: Path) -> None:
    need("pdftotext")
    with db.transaction() as session:
        mentees = _members(session, school.group_id)
        meeting = Meeting(pair_id=school.group_id, kind=MeetingKind.WORKING,
                          held_on=school.day - dt.timedelta(days=1), topic="Общий сбор")
        session.add(meeting)
        session.flush()
        for index, mentee in enumerate(mentees):
            session.add(MeetingAttendance(meeting_id=meeting.id, mentee_profile_id=mentee,
                                          present=index > 0))
    data = pair_paper.journal_data(db, school.group_id)
    row = next(m for m in data.meetings if m.topic == "Общий сбор")
    assert len(row.attended) == len(mentees) - 1
    _info, text = _issue(db, school, "journal", tmp_path, school.group_id)
    assert "Журнал встреч наставнической группы" in text and "Присутствовали" in text
    assert all(name in text for name in row.attended)


def test_the_control_sheet_has_a_row_per_active_pair_with_the_rules_of_the_journal_and_plan(
        db: Database, school: School, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    rows = pair_paper.control_rows(db, school.programme_id, as_of=school.day, silent_weeks=4)
    with db.reading() as session:
        active = session.scalar(select(func.count()).select_from(MentoringPair).where(
            MentoringPair.programme_id == school.programme_id,
            MentoringPair.status.in_(ACTIVE_VALUES)))
    assert len(rows) == active
    silent = silent_pairs(db, school.programme_id, today=school.day, weeks=4)
    assert sum(r.silent_weeks is not None for r in rows) == len(silent)
    mentor, _mentees = _people(db, school.pair_id)
    last = mentor.split()[0]
    ours = next(r for r in rows if r.mentor.startswith(last) and r.tasks_total == len(TASKS))
    assert (ours.held, ours.tasks_done, ours.overdue, ours.last_mark) == (len(MeetingKind), 1, 1, 9)
    assert ours.last_meeting_on == school.day - dt.timedelta(days=40 - 7 * 4)

    info, text = _issue(db, school, "control", tmp_path)
    assert CONTROL_TITLE in text and f"по состоянию на {school.day:%d.%m.%Y}" in text
    assert "просрочены задачи" in text and "Итого" in text
    assert f"Проведено встреч: {sum(r.held for r in rows)}." in text
    assert pdf_info(Path(info.file_path))["Page size"] == A4_LANDSCAPE


def test_the_control_sheet_counts_only_what_happened_by_its_date(
        db: Database, school: School) -> None:
    earlier = school.day - dt.timedelta(days=20)
    rows = pair_paper.control_rows(db, school.programme_id, as_of=earlier, silent_weeks=4)
    mentor, _ = _people(db, school.pair_id)
    ours = next(r for r in rows if r.mentor.startswith(mentor.split()[0])
                and r.tasks_total == len(TASKS))
    assert ours.last_mark == 6 and ours.held == 3 and ours.overdue == 0


def test_an_unknown_pair_is_refused_in_russian(db: Database, school: School,
                                               tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="не найдена"):
        documents.issue_document(db, school.programme_id, "plan", tmp_path / "x.pdf",
                                 issued_on=school.day, pair_id=999_999)
    with pytest.raises(ValidationError, match="Выберите пару"):
        documents.issue_document(db, school.programme_id, "journal", tmp_path / "x.pdf",
                                 issued_on=school.day)
    assert not (tmp_path / "x.pdf").exists()


def test_a_thousand_pairs_are_laid_out_in_a_child_process(tmp_path: Path) -> None:
    need("pdfinfo")
    day = dt.date(2026, 11, 23)
    rows = [ControlRow(mentor=f"Иванов{'а' * (n % 3)} И. И. (учитель)",
                       mentees=(f"Петров П. П. ({n % 11 + 1}А класс)",), form="ученик – ученик",
                       status="работа", held=n % 9, last_meeting_on=day - dt.timedelta(n % 30),
                       tasks_done=n % 4, tasks_total=4, overdue=n % 2, last_mark=None,
                       silent_weeks=5 if n % 7 == 0 else None) for n in range(1000)]
    from nastavnik_desktop.reports.process import PdfRecipe

    out = tmp_path / "control.pdf"
    recipe = PdfRecipe(control_document, ("МБОУ «СОШ № 5»", "2026/2027", rows),
                       {"as_of": day, "silent_weeks": 4}, rows=len(rows))
    assert recipe.rows >= documents.PROCESS_ROWS
    write_pdf(recipe, out, separate_process=True)
    assert int(pdf_info(out)["Pages"]) > 20


def test_line_breaks_in_a_cell_survive_the_no_break_glue_after_initials() -> None:
    assert no_break("Иванов И. И.\nПетров П. П.") == \
        "Иванов\u00a0И.\u00a0И.\nПетров\u00a0П.\u00a0П."


def test_a_class_wide_group_lists_its_mentees_in_a_run_and_says_the_class_once() -> None:
    from nastavnik_desktop.reports.control import ControlRow, control_rows

    names = tuple(f"Ученикова А. {letter}. (5Б класс)" for letter in "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ")
    group = ControlRow("Наставникова Н. Н. (11А класс)", names, "ученик – ученик", "работа",
                       3, None, 0, 0, 0, None, None, title="Группа 5Б класса")
    other = ControlRow("Иванов И. И.", names[:2], "ученик – ученик", "работа", 1, None, 0, 0,
                       0, None, None, title="Группа № 2")
    first, *more = control_rows([group, other])
    cell = str(first[2])
    assert cell.startswith("Группа 5Б класса:\nУченикова А. А., Ученикова А. Б.,")
    assert "(5Б класс)" not in cell and len(more) == 1  # 27 names: one row, then the pair's
    assert str(more[0][2]) == "Группа № 2:\n" + "\n".join(names[:2])
