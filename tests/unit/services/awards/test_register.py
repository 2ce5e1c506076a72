"""The register of awards: a batch in one transaction with unique numbers, nominations that
fit their people, no second valid award of a nomination, reissue, annul and its undo."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination as N
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.data.models import (
    AuditEntry,
    Certificate,
    IssuedDocument,
    Person,
    Programme,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.awards import register
from nastavnik_desktop.services.awards.register import AwardRequest
from tests.helpers.awards import ISSUED_ON, Cast, award_one_of_each, one_of_each

School = tuple[Database, Cast]


def _count(db: Database) -> int:
    """The running programme's awards (the demo's last year has its own)."""
    with db.reading() as session:
        return len(session.scalars(select(Certificate.id).join(
            Programme, Programme.id == Certificate.programme_id).where(
            Programme.status == ProgrammeStatus.ACTIVE)).all())


def test_a_batch_gets_numbers_of_its_year_in_order_unique_across_years(school: School) -> None:
    db, cast = school
    ids = award_one_of_each(db, cast)
    awards = register.list_awards(db, cast.programme_id)
    assert [a.id for a in awards] == ids
    assert [a.registry_number for a in awards] == [f"2027-{i:03d}"
                                                    for i in range(1, len(ids) + 1)]
    later = register.issue_awards(db, cast.programme_id, [
        AwardRequest(cast.pupil_mentor, N.PARTICIPANT)], issued_on=dt.date(2028, 1, 10))
    more = register.issue_awards(db, cast.programme_id, [
        AwardRequest(cast.external_mentor, N.PARTICIPANT)], issued_on=ISSUED_ON)
    numbers = {a.id: a.registry_number for a in register.list_awards(db, cast.programme_id)}
    assert numbers[later[0]] == "2028-001"
    assert numbers[more[0]] == f"2027-{len(ids) + 1:03d}"
    assert len(set(numbers.values())) == len(numbers)


def test_the_read_model_names_class_or_position_the_pair_and_the_order(school: School) -> None:
    db, cast = school
    with db.transaction() as session:
        order = IssuedDocument(programme_id=cast.programme_id, kind="order_awards",
                               number="45-о", issued_on=ISSUED_ON, title="Приказ")
        session.add(order)
        session.flush()
        order_id = order.id
        mentee = session.get(Person, cast.mentee)
        assert mentee is not None
        mentee_class = mentee.class_name
    register.issue_awards(db, cast.programme_id, one_of_each(cast), issued_on=ISSUED_ON,
                          order_document_id=order_id)
    awards = register.list_awards(db, cast.programme_id)
    assert {a.order_reference for a in awards} == {"от 25.05.2027 № 45-о"}
    by_person = {(a.person_id, a.nomination): a for a in awards}
    assert by_person[(cast.mentee, N.PARTICIPANT)].person_place == f"{mentee_class} класс"
    assert "Тверьэнерго" in by_person[(cast.external_mentor, N.THANKS_MENTOR)].person_place
    best = [a for a in awards if a.nomination is N.BEST_PAIR]
    assert best and all(a.pair_id == cast.pair_id and a.pair_label for a in best)
    assert by_person[(cast.mentee, N.PARTICIPANT)].pair_label == ""
    assert by_person[(cast.staff_mentor, N.BEST_MENTOR)].nomination_label == \
        "грамота «Лучший наставник»"


@pytest.mark.parametrize(("who", "nomination", "pair", "said"), [
    ("mentee", N.THANKS_PARENTS, False, "не наставник программы"),
    ("staff_mentor", N.THANKS_PARENTS, False, "только наставнику-обучающемуся"),
    ("staff_mentor", N.BEST_PAIR, False, "не указана пара"),
    ("mentee", N.BEST_PAIR, True, "не состоит в этой паре"),
    ("mentee", N.BEST_MENTOR, False, "не наставник программы"),
])
def test_a_nomination_that_does_not_fit_refuses_the_whole_batch(
        school: School, who: str, nomination: N, pair: bool, said: str) -> None:
    db, cast = school
    requests = [AwardRequest(cast.staff_mentor, N.PARTICIPANT),
                AwardRequest(getattr(cast, who), nomination,
                             pair_id=cast.pair_id if pair else None)]
    with pytest.raises(ValidationError, match=said):
        register.issue_awards(db, cast.programme_id, requests, issued_on=ISSUED_ON)
    assert _count(db) == 0


def test_the_letters_need_a_parents_name_and_an_organisation(school: School) -> None:
    db, cast = school
    with db.transaction() as session:
        pupil = session.get(Person, cast.pupil_mentor)
        external = session.get(Person, cast.external_mentor)
        assert pupil is not None and external is not None
        pupil.parent_name, external.organisation = "", ""
    with pytest.raises(ValidationError) as caught:
        register.issue_awards(db, cast.programme_id, [
            AwardRequest(cast.pupil_mentor, N.THANKS_PARENTS),
            AwardRequest(cast.external_mentor, N.THANKS_MENTOR)], issued_on=ISSUED_ON)
    assert "ФИО родителя" in caught.value.message
    assert "не указана организация" in caught.value.message


def test_a_second_valid_award_of_a_nomination_is_refused_until_the_first_is_annulled(
        school: School) -> None:
    db, cast = school
    first = register.issue_awards(db, cast.programme_id, [
        AwardRequest(cast.mentee, N.PARTICIPANT)], issued_on=ISSUED_ON)
    with pytest.raises(ValidationError, match="уже выдан"):
        register.issue_awards(db, cast.programme_id, [
            AwardRequest(cast.staff_mentor, N.PARTICIPANT),
            AwardRequest(cast.mentee, N.PARTICIPANT)], issued_on=ISSUED_ON)
    with pytest.raises(ValidationError, match="уже выдан"):  # twice in one batch
        register.issue_awards(db, cast.programme_id, [
            AwardRequest(cast.staff_mentor, N.BEST_MENTOR),
            AwardRequest(cast.staff_mentor, N.BEST_MENTOR)], issued_on=ISSUED_ON)
    assert _count(db) == 1
    asked = [AwardRequest(cast.mentee, N.PARTICIPANT),
             AwardRequest(cast.staff_mentor, N.PARTICIPANT)]
    assert register.awarded_already(db, cast.programme_id, asked) == asked[:1]

    register.annul(db, first, reason="ошибка в списке", on=dt.date(2027, 5, 26))
    again = register.issue_awards(db, cast.programme_id, asked[:1], issued_on=ISSUED_ON)
    numbers = {a.id: a for a in register.list_awards(db, cast.programme_id)}
    assert numbers[first[0]].annulled and numbers[first[0]].annul_reason == "ошибка в списке"
    assert numbers[again[0]].registry_number != numbers[first[0]].registry_number
    with pytest.raises(ValidationError, match="нельзя восстановить"):
        register.restore(db, first)


def test_reissue_keeps_the_number_annul_needs_a_reason_and_restore_undoes_it(
        school: School) -> None:
    db, cast = school
    ids = award_one_of_each(db, cast)
    before = {a.id: a.registry_number for a in register.list_awards(db, cast.programme_id)}
    register.reissue(db, ids[:2], on=dt.date(2027, 6, 1))
    with pytest.raises(ValidationError, match="причину"):
        register.annul(db, ids[:1], reason="  ", on=dt.date(2027, 6, 2))
    register.annul(db, ids[:1], reason="выдано по ошибке", on=dt.date(2027, 6, 2))
    with pytest.raises(ValidationError, match="аннулированы"):
        register.reissue(db, ids[:2], on=dt.date(2027, 6, 3))
    awards = {a.id: a for a in register.list_awards(db, cast.programme_id)}
    assert {a.id: a.registry_number for a in awards.values()} == before
    assert awards[ids[1]].reissued_on == dt.date(2027, 6, 1)
    assert awards[ids[0]].annulled_on == dt.date(2027, 6, 2)

    register.restore(db, ids[:1])
    restored = {a.id: a for a in register.list_awards(db, cast.programme_id)}[ids[0]]
    assert not restored.annulled and restored.annul_reason == ""
    assert restored.registry_number == before[ids[0]]


def test_the_audit_log_keeps_ids_and_counts_never_names_or_reasons(school: School) -> None:
    db, cast = school
    ids = award_one_of_each(db, cast)
    register.reissue(db, ids[:1], on=dt.date(2027, 6, 1))
    register.annul(db, ids[:1], reason="Соколова просила", on=dt.date(2027, 6, 2))
    register.restore(db, ids[:1])
    with db.reading() as session:
        entries = session.execute(select(AuditEntry.action, AuditEntry.summary,
                                         AuditEntry.details_json).where(
            AuditEntry.entity == "certificate").order_by(AuditEntry.id)).all()
        names = [p.last_name for p in session.scalars(select(Person).where(
            Person.id.in_([cast.mentee, cast.staff_mentor, cast.pupil_mentor])))]
        logged = " ".join(f"{e.summary} {e.details_json}" for e in entries)
    assert {e.action for e in entries} == {"issue", "reissue", "annul", "restore"}
    # (the demo's last year issued its awards first)
    assert json.loads(entries[-4].details_json)["ids"] == ids
    assert "Соколова" not in logged and not any(name in logged for name in names)
