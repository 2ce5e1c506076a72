"""SWOT hints drawn from the figures of a hand-built school (tests/helpers/growth_school): low
attendance in a form, the KPI below 70 %, mentees without a pair, a form whose scores fell —
and nothing where the figures are in the normal range or missing."""

from __future__ import annotations

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import SwotQuadrant
from nastavnik_desktop.services.monitoring.hints import (
    LOW_ATTENDANCE_PERCENT,
    QUADRANT_ORDER,
    swot_hints,
    unpaired_mentees,
)
from nastavnik_desktop.services.people import persons
from tests.helpers.growth_school import AFTER_EXIT, GrowthSchool

S, W, OPP, T = (SwotQuadrant.STRENGTH, SwotQuadrant.WEAKNESS, SwotQuadrant.OPPORTUNITY,
              SwotQuadrant.THREAT)


def _texts(hints: tuple, quadrant: SwotQuadrant) -> list[str]:  # type: ignore[type-arg]
    return [h.text for h in hints if h.quadrant is quadrant]


def test_low_attendance_in_a_form_is_a_weakness_and_normal_attendance_says_nothing(
        db: Database, answered: GrowthSchool) -> None:
    hints = swot_hints(db, answered.programme_id, on=AFTER_EXIT)
    attendance = [h for h in hints if "посещаемость" in h.text.lower()]
    # teachers' form: 1 of 2 marks (50 % < 60 %); pupils' form: 3 of 4 (75 %) — no hint
    assert LOW_ATTENDANCE_PERCENT == 60
    assert len(attendance) == 1
    assert attendance[0].quadrant is W and "учитель" in attendance[0].text.lower()
    assert "50 %" in attendance[0].reason and "2 встречи" in attendance[0].reason
    assert "1 отметка «был» из 2" in attendance[0].reason
    assert [QUADRANT_ORDER.index(h.quadrant) for h in hints] == sorted(
        QUADRANT_ORDER.index(h.quadrant) for h in hints)


def test_kpi_below_target_is_a_threat_and_reached_is_a_strength(
        db: Database, answered: GrowthSchool) -> None:
    # 3 of 4 pupils, 5 of 6 pupils and teachers are involved: reached
    hints = swot_hints(db, answered.programme_id, on=AFTER_EXIT)
    assert not _texts(hints, T)
    assert any("достигнут" in text for text in _texts(hints, S))
    with db.transaction() as session:
        for last in ("Акимов", "Белов", "Волков"):
            persons.create_person(session, persons.NewPerson(
                last_name=last, first_name="Иван", class_name="7А"))
    hints = swot_hints(db, answered.programme_id, on=AFTER_EXIT)
    threat = [h for h in hints if h.quadrant is T]
    assert len(threat) == 1 and "70 %" in threat[0].text
    assert "обучающиеся — 42,9 % (3 из 7)" in threat[0].reason
    assert not any("достигнут" in text for text in _texts(hints, S))


def test_mentees_without_a_pair_and_future_mentors(db: Database,
                                                   answered: GrowthSchool) -> None:
    assert (unpaired_mentees(db, answered.programme_id).base,
            unpaired_mentees(db, answered.programme_id).unpaired) == (4, 1)  # Новиков
    hints = swot_hints(db, answered.programme_id, on=AFTER_EXIT)
    waiting = [h for h in hints if "не получили наставника" in h.text]
    assert len(waiting) == 1 and waiting[0].quadrant is W
    assert "1 из 4" in waiting[0].reason
    # one of three mentees would become a mentor (33 % ≥ 30 %)
    assert any("резерв наставников" in text for text in _texts(hints, OPP))


def test_growth_of_a_form_and_its_fall(db: Database, answered: GrowthSchool) -> None:
    hints = swot_hints(db, answered.programme_id, on=AFTER_EXIT)
    fell = [h for h in hints if "ниже ожиданий" in h.text]
    rose = [h for h in hints if "выше их ожиданий" in h.text]
    assert len(fell) == 1 and fell[0].quadrant is W and "учитель" in fell[0].text.lower()
    assert "−1,5" in fell[0].reason
    assert len(rose) == 1 and rose[0].quadrant is S and "+2,0" in rose[0].reason
    # mean scores 6,5–7,3: neither low nor high
    assert not [h for h in hints if "оценка" in h.text or "удовлетворённость" in h.text]


def test_no_answers_and_no_meetings_give_no_hints_of_them(
        db: Database, growth_school: GrowthSchool) -> None:
    hints = swot_hints(db, growth_school.programme_id, on=AFTER_EXIT)
    assert [h.quadrant for h in hints] == [S, W]  # the KPI reached, Новиков waiting
    assert all(h.text.endswith(".") and h.reason for h in hints)
