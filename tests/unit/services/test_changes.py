"""The change counter the pages read to skip a reload when nothing they show has changed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, select, update

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Programme, School
from nastavnik_desktop.services import changes
from nastavnik_desktop.services.programme import ProgrammeInfo


def test_a_committed_write_counts_a_read_does_not(db: Database, programme: ProgrammeInfo) -> None:
    start = changes.generation(db)
    with db.reading() as session:
        session.scalars(select(Programme)).all()
    assert changes.generation(db) == start
    with db.transaction() as session:
        session.get_one(Programme, programme.id).goal = "Новая цель"
    assert changes.generation(db) == start + 1
    assert changes.generation(db, "programme") > changes.generation(db, "person")


def test_a_rolled_back_write_counts_nothing(db: Database, programme: ProgrammeInfo) -> None:
    start = changes.generation(db), changes.generation(db, "programme")
    with db.reading() as session:  # a preview: written, flushed, rolled back
        session.get_one(Programme, programme.id).goal = "Черновик"
        session.flush()
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.execute(update(Programme).values(goal="Не сохранится"))
        raise RuntimeError("отказ")
    assert (changes.generation(db), changes.generation(db, "programme")) == start


def test_core_writes_count_per_table(db: Database, programme: ProgrammeInfo) -> None:
    schools, people = changes.generation(db, "school"), changes.generation(db, "person")
    with db.transaction() as session:
        session.execute(insert(School).values(full_name="Вторая школа", short_name="Вторая"))
    assert changes.generation(db, "school") == schools + 1
    assert changes.generation(db, "person") == people
    assert changes.generation(db, "person", "school") == schools + people + 1


def test_writes_in_another_thread_count(db: Database, programme: ProgrammeInfo) -> None:
    start = changes.generation(db, "programme")

    def write() -> None:
        with db.transaction() as session:
            session.get_one(Programme, programme.id).goal = "Из фоновой задачи"

    worker = threading.Thread(target=write)
    worker.start()
    worker.join(timeout=30)
    assert changes.generation(db, "programme") == start + 1
