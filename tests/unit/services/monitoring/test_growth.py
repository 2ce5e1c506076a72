"""Growth and satisfaction on a hand-built school with known answers (tests/helpers/growth_school):
entry → exit means and the change per parameter, per form and per pair; satisfaction and the
share ≥ 7; the «да» shares; attendance from the journal; what a date leaves out; an empty
programme giving no data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import event

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.services.monitoring.growth import (
    GROWTH_TABLES,
    change_text,
    growth,
    is_satisfaction_item,
    score_text,
)
from nastavnik_desktop.services.questionnaires.standard import PAIRED_PARAMETERS
from tests.helpers.growth_school import AFTER_EXIT, EXIT_OPENS, GrowthSchool

MENTEE, MENTOR = Audience.MENTEE, Audience.MENTOR


def test_each_parameter_entry_and_exit_means_and_the_change(db: Database,
                                                           answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=AFTER_EXIT)
    lines = figures.lines(MENTEE)
    assert [line.parameter for line in lines] == list(PAIRED_PARAMETERS)
    for line in lines:
        # entry: Ершов 5, Жуков 7, Титов 6, Новиков 4; exit: Ершов 8, Жуков 9, Титов 5
        assert (line.entry.value, line.entry.respondents) == (5.5, 4)
        assert line.exit.value == pytest.approx(22 / 3) and line.exit.respondents == 3
        assert line.change == pytest.approx(22 / 3 - 5.5)
    effectiveness = lines[0]
    assert effectiveness.label == "Эффективность работы"
    assert "будет" in effectiveness.entry_text and "оказалась" in effectiveness.exit_text
    mentors = figures.lines(MENTOR)
    assert {(m.entry.value, m.exit.value, m.change) for m in mentors} == {(7.0, 6.5, -0.5)}


def test_per_form_counts_the_respondents_of_its_pairs(db: Database,
                                                      answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=AFTER_EXIT)
    pupils, teachers = answered.forms["pupils"], answered.forms["teachers"]
    pupil_line = figures.lines(MENTEE, pupils)[0]
    # Новиков has no pair: only in the whole programme
    assert (pupil_line.entry.value, pupil_line.entry.respondents) == (6.0, 2)
    assert (pupil_line.exit.value, pupil_line.change) == (8.5, 2.5)
    teacher_line = figures.lines(MENTEE, teachers)[0]
    assert (teacher_line.entry.value, teacher_line.exit.value, teacher_line.change) == (
        6.0, 5.0, -1.0)
    assert {f.form_id for f in figures.by_form} == {pupils, teachers}
    form = figures.form(pupils)
    assert form is not None and form.pairs == 1
    # the form's people, both roles: Орлов 8, Ершов 5, Жуков 7 → Орлов 9, Ершов 8, Жуков 9
    assert form.entry.value == pytest.approx(20 / 3) and form.entry.respondents == 3
    assert form.exit.value == pytest.approx(26 / 3) and form.change == pytest.approx(2.0)


def test_per_pair_is_the_mean_of_its_people(db: Database, answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=AFTER_EXIT)
    by_pair = {p.pair_id: p for p in figures.by_pair}
    pupils, teachers = by_pair[answered.pairs["pupils"]], by_pair[answered.pairs["teachers"]]
    assert pupils.entry.value == pytest.approx(20 / 3) and pupils.entry.respondents == 3
    assert pupils.change == pytest.approx(2.0)
    assert (teachers.entry.value, teachers.exit.value, teachers.change) == (6.0, 4.5, -1.5)
    assert pupils.label == "Орлов И. П. — Ершов И. П., Жуков И. П."
    assert "учитель" in teachers.form_label


def test_satisfaction_and_the_yes_shares(db: Database, answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=AFTER_EXIT)
    mentees = figures.satisfaction_of(MENTEE)
    assert mentees.mean == pytest.approx(22 / 3) and mentees.respondents == 3
    assert (mentees.satisfied, mentees.share_7_plus) == (2, pytest.approx(200 / 3))
    mentors = figures.satisfaction_of(MENTOR)
    assert (mentors.mean, mentors.respondents, mentors.share_7_plus) == (6.5, 2, 50.0)
    teachers = figures.satisfaction_of(MENTEE, answered.forms["teachers"])
    assert (teachers.mean, teachers.share_7_plus) == (5.0, 0.0)
    shares = {y.parameter: y for y in figures.yes_shares(MENTEE)}
    assert (shares["would_continue"].yes, shares["would_continue"].answered) == (2, 3)
    assert shares["would_mentor"].percent == pytest.approx(100 / 3)
    assert shares["would_continue"].label == "Хотели бы продолжить"
    assert all(y.phase is QuestionnairePhase.EXIT for y in figures.yes_no)
    assert figures.yes_shares(MENTOR) == ()  # nobody answered the mentors' yes/no


def test_only_the_exit_scale_items_of_the_methodology_are_satisfaction() -> None:
    exit_, entry = QuestionnairePhase.EXIT, QuestionnairePhase.ENTRY
    assert is_satisfaction_item(exit_, QuestionKind.SCALE, "comfort")
    assert not is_satisfaction_item(entry, QuestionKind.SCALE, "comfort")
    assert not is_satisfaction_item(exit_, QuestionKind.YES_NO, "would_continue")
    assert not is_satisfaction_item(exit_, QuestionKind.SCALE, "оценки по математике")


def test_attendance_of_held_meetings_per_form_and_overall(db: Database,
                                                          answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=AFTER_EXIT)
    pupils = figures.form(answered.forms["pupils"])
    teachers = figures.form(answered.forms["teachers"])
    assert pupils is not None and teachers is not None
    # the planned meeting is not counted
    assert (pupils.attendance.meetings, pupils.attendance.percent) == (2, 75.0)
    assert (teachers.attendance.meetings, teachers.attendance.percent) == (2, 50.0)
    assert (figures.attendance.meetings, figures.attendance.marks,
            figures.attendance.present) == (4, 6, 4)
    # on 01.11.2025 only the first meeting of each pair was held, everyone came
    early = growth(db, answered.programme_id, on=dt.date(2025, 11, 1))
    assert (early.attendance.meetings, early.attendance.percent) == (2, 100.0)


def test_a_date_before_the_exit_round_shows_expectations_only(db: Database,
                                                              answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=EXIT_OPENS - dt.timedelta(days=1))
    line = figures.lines(MENTEE)[0]
    assert (line.entry.value, line.exit.value, line.exit.respondents, line.change) == (
        5.5, None, 0, None)
    assert figures.satisfaction_of(MENTEE).mean is None
    assert figures.satisfaction_of(MENTEE).share_7_plus is None
    assert (figures.entry_rounds, figures.exit_rounds) == (2, 0)
    assert "Итоговый опрос ещё не проводился" in figures.note
    # the exit round opened, answers filled two days later: not counted on the opening day
    opening = growth(db, answered.programme_id, on=EXIT_OPENS)
    assert opening.exit_rounds == 2 and opening.exit_respondents == 0
    assert "На итоговый опрос ещё никто не ответил" in opening.note
    assert growth(db, answered.programme_id, on=AFTER_EXIT).note == ""


def test_an_empty_programme_gives_no_data(db: Database, growth_school: GrowthSchool) -> None:
    figures = growth(db, growth_school.programme_id, on=AFTER_EXIT)
    assert figures.empty
    assert all(p.entry.value is None and p.change is None for p in figures.parameters)
    assert all(s.mean is None and s.share_7_plus is None for s in figures.satisfaction)
    assert figures.attendance.percent is None
    assert all(f.attendance.percent is None and f.entry.value is None
               for f in figures.by_form)
    assert "ещё не проводились" in figures.note
    assert score_text(None) == change_text(None) == "нет данных"


def test_display_texts_round_with_a_comma_and_a_sign() -> None:
    assert score_text(22 / 3) == "7,3"
    assert (change_text(1.83), change_text(-0.5), change_text(0.04)) == ("+1,8", "−0,5", "0,0")


def test_a_fixed_number_of_queries_and_the_tables_it_reads(db: Database,
                                                           answered: GrowthSchool) -> None:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        growth(db, answered.programme_id, on=AFTER_EXIT)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 6  # set-based: never a query per person or per pair
    read = {t for s in selects for t in re.findall(r"(?:FROM|JOIN)\s+(\w+)", s)}
    assert read <= GROWTH_TABLES


def test_a_later_round_replaces_an_earlier_answer_of_the_same_person(
        db: Database, answered: GrowthSchool) -> None:
    from nastavnik_desktop.data.enums import ResponseSource
    from nastavnik_desktop.services.questionnaires import (
        Value,
        create_round,
        questionnaire,
        save_many,
    )

    # a second entry round for the mentees, later: Ершов answers 9 instead of 5
    info = questionnaire(db, next(q.id for q in _standard(db) if q.seed_key == "mentee_entry"))
    late = create_round(db, answered.programme_id, info.id, opens_on=dt.date(2025, 12, 1))
    save_many(db, late, [(answered.people["Ершов"], {
        q.id: Value(number=9) for q in info.questions if q.parameter in PAIRED_PARAMETERS
        and q.id is not None})], source=ResponseSource.PAPER, filled_on=dt.date(2025, 12, 2))
    line = growth(db, answered.programme_id, on=AFTER_EXIT).lines(MENTEE)[0]
    # Ершов 9 (not 5), Жуков 7, Титов 6, Новиков 4: still four respondents
    assert (line.entry.value, line.entry.respondents) == (6.5, 4)
    # before the second round opened, the first answer stands
    early = growth(db, answered.programme_id, on=dt.date(2025, 11, 30)).lines(MENTEE)[0]
    assert early.entry.value == 5.5


def test_a_questionnaire_for_everybody_counts_each_person_in_his_role(
        db: Database, growth_school: GrowthSchool) -> None:
    from nastavnik_desktop.data.enums import Audience as A
    from nastavnik_desktop.data.enums import ResponseSource
    from nastavnik_desktop.services.questionnaires import (
        QuestionLine,
        Value,
        create_questionnaire,
        create_round,
        questionnaire,
        save_many,
    )

    school = growth_school
    ids = {}
    for phase, text in ((QuestionnairePhase.ENTRY, "Насколько вы ждёте от программы пользы?"),
                        (QuestionnairePhase.EXIT, "Насколько программа была полезной?")):
        template = create_questionnaire(db, f"Общая анкета ({phase.value})", A.ANY, phase,
                                        programme_id=school.programme_id, questions=[
                                            QuestionLine(text, QuestionKind.SCALE,
                                                         parameter="польза программы")])
        info = questionnaire(db, template)
        round_id = create_round(db, school.programme_id, template, opens_on=dt.date(
            2025, 10, 10) if phase is QuestionnairePhase.ENTRY else dt.date(2026, 5, 12))
        question_id = info.questions[0].id
        assert question_id is not None
        scores = {"Орлов": 6, "Ершов": 4} if phase is QuestionnairePhase.ENTRY else {
            "Орлов": 8, "Ершов": 7}
        save_many(db, round_id, [(school.people[n], {question_id: Value(number=v)})
                                 for n, v in scores.items()], source=ResponseSource.PAPER)
        ids[phase] = question_id
    figures = growth(db, school.programme_id, on=AFTER_EXIT)
    mentors = [p for p in figures.lines(MENTOR) if p.parameter == "польза программы"]
    mentees = [p for p in figures.lines(MENTEE) if p.parameter == "польза программы"]
    assert [(p.entry.value, p.exit.value) for p in mentors] == [(6.0, 8.0)]   # Орлов
    assert [(p.entry.value, p.exit.value) for p in mentees] == [(4.0, 7.0)]   # Ершов
    assert mentors[0].label == "Насколько программа была полезной?"
    # the curator's own item is not a satisfaction item of the methodology
    assert figures.satisfaction_of(MENTOR).respondents == 0


def test_a_titled_group_is_named_by_its_title(db: Database, answered: GrowthSchool) -> None:
    from sqlalchemy import update

    from nastavnik_desktop.data.models import MentoringPair

    with db.transaction() as session:
        session.execute(update(MentoringPair).where(
            MentoringPair.id == answered.pairs["pupils"]).values(title="  Группа   «Старт» "))
    labels = {p.pair_id: p.label for p in growth(db, answered.programme_id,
                                                 on=AFTER_EXIT).by_pair}
    assert labels[answered.pairs["pupils"]] == "Группа «Старт»"
    assert labels[answered.pairs["teachers"]] == "Соколов И. П. — Титов И. П."


def _standard(db: Database) -> Any:
    from nastavnik_desktop.services.questionnaires import questionnaires

    return questionnaires(db)


def test_before_an_exit_round_an_intermediate_round_stands_for_the_exit(
        db: Database, answered: GrowthSchool) -> None:
    """An intermediate round of the exit questionnaire before the exit round: the year so far
    (said in the note); once the exit round opens, the intermediate one is left out."""
    from nastavnik_desktop.data.enums import ResponseSource
    from nastavnik_desktop.services.questionnaires import (
        create_round,
        questionnaires,
        save_many,
    )
    from tests.helpers.growth_school import _values

    exit_questionnaire = next(q for q in questionnaires(db) if q.seed_key == "mentee_exit")
    midway = EXIT_OPENS - dt.timedelta(days=30)
    round_id = create_round(db, answered.programme_id, exit_questionnaire.id, opens_on=midway,
                            phase=QuestionnairePhase.OTHER)
    save_many(db, round_id, [(answered.people["Ершов"], _values(exit_questionnaire, 9))],
              source=ResponseSource.PAPER, filled_on=midway)
    so_far = growth(db, answered.programme_id, on=EXIT_OPENS - dt.timedelta(days=1))
    line = so_far.lines(MENTEE)[0]
    assert (line.entry.value, line.exit.value, line.exit.respondents) == (5.5, 9.0, 1)
    assert so_far.interim and "промежуточному опросу" in so_far.note
    assert so_far.satisfaction_of(MENTEE).mean == 9.0
    after = growth(db, answered.programme_id, on=AFTER_EXIT)
    assert not after.interim and after.lines(MENTEE)[0].exit.value == pytest.approx(22 / 3)


def test_per_pair_satisfaction_is_the_mean_of_its_people(db: Database,
                                                         answered: GrowthSchool) -> None:
    figures = growth(db, answered.programme_id, on=AFTER_EXIT)
    by_pair = {p.pair_id: p for p in figures.by_pair}
    for form in ("pupils", "teachers"):  # one pair a form: its people are the form's
        pair, form_id = by_pair[answered.pairs[form]], answered.forms[form]
        mentor = figures.satisfaction_of(MENTOR, form_id)
        mentees = figures.satisfaction_of(MENTEE, form_id)
        assert pair.satisfaction.respondents == mentor.respondents + mentees.respondents > 0
        assert pair.satisfaction.value == pytest.approx(
            ((mentor.mean or 0) * mentor.respondents + (mentees.mean or 0) * mentees.respondents)
            / pair.satisfaction.respondents)
    before = growth(db, answered.programme_id, on=EXIT_OPENS - dt.timedelta(days=1))
    assert all(p.satisfaction.value is None for p in before.by_pair)
