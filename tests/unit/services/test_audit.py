"""The audit log: who made each change, descriptions without personal data, the read model
with its filters, and the export as .xlsx and CSV through the stick's verified write."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from nastavnik_desktop.data.core_models import AuditEntry
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import MeetingKind, PairStatus
from nastavnik_desktop.data.models import MenteeProfile, MentoringPair, PairMentee, Person
from nastavnik_desktop.services import audit, pairs
from nastavnik_desktop.services.exchange import history
from nastavnik_desktop.services.pairs.journal import MeetingEntry
from nastavnik_desktop.services.people.card import get_person, save_person
from nastavnik_desktop.services.plans.tasks import TaskEntry, add_task, fill_from_template

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(tmp_path: Path, build_demo: Callable[..., Path]) -> Iterator[Database]:
    database = open_database(build_demo(tmp_path / "demo.sqlite", seed=5, pupils=150,
                                        teachers=20), backup_dir=tmp_path / "backups")
    yield database
    database.close()


def _entries(db: Database) -> list[AuditEntry]:
    with db.reading() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        session.expunge_all()
    return rows


def _typical_day(db: Database) -> None:
    """What a curator does: a card saved, pairs moved on the board and undone, a meeting in a
    journal, a task and a template in a plan."""
    with db.reading() as session:
        working = list(session.scalars(select(MentoringPair.id).where(
            MentoringPair.status == PairStatus.WORKING).order_by(MentoringPair.id)))
        member = session.execute(select(PairMentee.mentee_profile_id, PairMentee.pair_id)
                                 .where(PairMentee.left_on.is_(None))
                                 .order_by(PairMentee.id)).first()
        person_id = session.scalar(select(MenteeProfile.person_id).order_by(MenteeProfile.id))
    assert len(working) >= 3 and member is not None and person_id is not None
    card = get_person(db, person_id)
    save_person(db, dataclasses.replace(card, notes="любит шахматы"), today=DAY)
    save_person(db, dataclasses.replace(card, last_name=card.last_name + "-Новая"), today=DAY)
    moved = pairs.move_status(db, working[0], PairStatus.RESULTS, on=DAY)
    pairs.undo(db, moved)
    pairs.redo(db, moved)
    left = pairs.move_mentee(db, member[0], None, on=DAY)
    pairs.undo(db, left)
    pairs.add_meetings(db, working[1], [MeetingEntry(DAY, MeetingKind.WORKING,
                                                     topic="Подготовка к олимпиаде")], today=DAY)
    add_task(db, working[2], TaskEntry("Прочитать книгу", due_on=DAY), today=DAY)
    fill_from_template(db, working[2], today=DAY, replace=True)
    pairs.close_pair(db, working[2], "переезд семьи", on=DAY)
    pairs.edit_notes(db, working[1], "заметка куратора")


def test_no_audit_entry_names_a_person(demo: Database) -> None:
    before = len(_entries(demo))
    _typical_day(demo)
    entries = _entries(demo)
    assert len(entries) - before >= 10, "each action left its entry"
    with demo.reading() as session:
        last_names = {name for name in session.scalars(select(Person.last_name)) if name}
    last_names |= {name.removesuffix("-Новая") for name in last_names}
    found = [(entry.action, entry.summary, entry.details_json)
             for entry in entries for name in last_names
             if name in entry.summary or name in entry.details_json]
    assert found == []
    summaries = [entry.summary for entry in entries[before:]]
    assert any(s.startswith("Изменена карточка человека № ") for s in summaries)
    assert any(s.startswith("Отменено: пара № ") for s in summaries)
    assert any(s.startswith("Повторено: пара № ") for s in summaries)
    assert any(s.startswith("наставляемый № ") for s in summaries)


def test_the_undo_text_on_screen_still_names_the_pair(demo: Database) -> None:
    with demo.reading() as session:
        pair_id = session.scalar(select(MentoringPair.id).where(
            MentoringPair.status == PairStatus.WORKING).order_by(MentoringPair.id))
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        mentor = pair.mentor.person.last_name
    change = pairs.move_status(demo, pair_id, PairStatus.RESULTS, on=DAY)
    assert mentor in change.summary
    assert change.logged == f"пара № {pair_id}: «работа» → «итоги»"


def test_every_entry_says_who_made_it(db: Database, programme: object) -> None:
    entries = _entries(db)
    assert entries and all(entry.actor == audit.current_actor() for entry in entries)
    assert audit.current_actor()


def test_the_actor_never_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise OSError("no login name")

    audit.current_actor.cache_clear()
    monkeypatch.setattr(audit.getpass, "getuser", broken)
    monkeypatch.setenv("USER", "kurator")
    monkeypatch.delenv("USERNAME", raising=False)
    try:
        assert audit.current_actor() == "kurator"
    finally:
        audit.current_actor.cache_clear()


def _three_entries(db: Database) -> None:
    """Three entries on 1, 2 and 3 September (UTC noon), by two accounts."""
    with db.transaction() as session:
        audit.record(session, "plan_add", "plan_item", 1, "пара № 1: в план добавлено «А»")
        audit.record(session, "close", "mentoring_pair", 2, "пара № 2 расторгнута")
        audit.record(session, "plan_add", "plan_item", 3, "пара № 3: в план добавлено «Б»")
        session.flush()
        for number, entry in enumerate(session.scalars(select(AuditEntry).order_by(
                AuditEntry.id)), start=1):
            entry.at = dt.datetime(2026, 9, number, 12, 0)
        session.execute(update(AuditEntry).where(AuditEntry.entity_id == 2)
                        .values(actor="zavuch"))


def test_audit_lines_newest_first_and_filtered(db: Database) -> None:
    _three_entries(db)
    lines = audit.audit_lines(db)
    assert [line.entity_id for line in lines] == [3, 2, 1]
    assert lines[1].action_label == "Расторжение пары" and lines[1].actor == "zavuch"
    assert lines[0].at_text.startswith("03.09.2026")
    assert [line.entity_id for line in audit.audit_lines(db, action="plan_add")] == [3, 1]
    assert [line.entity_id for line in audit.audit_lines(db, actor="zavuch")] == [2]
    assert [line.entity_id for line in audit.audit_lines(
        db, since=dt.date(2026, 9, 2), until=dt.date(2026, 9, 2))] == [2]
    assert [line.entity_id for line in audit.audit_lines(db, search="РАСТОРГНУТА")] == [2]
    assert [line.entity_id for line in audit.audit_lines(db, search="«б»")] == [3]
    assert audit.audit_actors(db) == sorted({"zavuch", audit.current_actor()})
    assert ("plan_add", "План: добавление") in audit.audit_actions(db)
    assert audit.action_label("unheard_of") == "Изменение"


def test_export_as_csv_and_xlsx_goes_on_the_history(db: Database, tmp_path: Path) -> None:
    _three_entries(db)
    with db.transaction() as session:  # a text a spreadsheet would take for a formula
        audit.record(session, "update", "material", 9, "=HYPERLINK(\"http://x\")")
    lines = audit.audit_lines(db)
    stick = tmp_path / "stick"
    stick.mkdir()
    period = audit.period_text(None, None)
    written = audit.export_audit(db, stick, lines, fmt="csv", school="МБОУ «СОШ № 7»",
                                 period=period, today=DAY)
    assert written == stick / "Журнал изменений 2026-11-23.csv"
    rows = list(csv.reader(io.StringIO(written.read_bytes().decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == list(audit.AUDIT_HEADERS) and len(rows) == 5
    assert rows[1][4] == "'=HYPERLINK(\"http://x\")" and rows[2][2] == audit.current_actor()
    book = audit.export_audit(db, stick, lines, fmt="xlsx", school="МБОУ «СОШ № 7»",
                              period=period, today=DAY)
    sheet = load_workbook(book).active
    assert sheet is not None
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Журнал изменений — МБОУ «СОШ № 7»"
    assert ["Пара № 2 расторгнута" in row for row in values].count(True) == 1
    kinds = [(line.kind, line.file_name) for line in history.export_history(db)]
    assert sorted(kinds) == [(history.AUDIT, "Журнал изменений 2026-11-23.csv"),
                             (history.AUDIT, "Журнал изменений 2026-11-23.xlsx")]
