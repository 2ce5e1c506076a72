"""Opening, migrating, backing up and refusing database files."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from nastavnik_desktop.data import db as db_module
from nastavnik_desktop.data.backup import list_backups
from nastavnik_desktop.data.db import Database, make_engine, open_database
from nastavnik_desktop.data.enums import ConsentKind, PersonCategory, RequestAudience, Sex
from nastavnik_desktop.data.migrations.runner import check_no_drift, head_revision
from nastavnik_desktop.data.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    RoleModel,
    SelectionCriterion,
)
from nastavnik_desktop.data.schema_version import HEAD_REVISION
from nastavnik_desktop.errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    MigrationError,
    NewerDatabaseError,
    ValidationError,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_person(db: Database, last: str = "Иванов", **kwargs: object) -> int:
    with db.transaction() as session:
        person = Person(last_name=last, first_name="Иван", middle_name="Петрович", sex=Sex.MALE,
                        category=kwargs.pop("category", PersonCategory.STAFF), **kwargs)
        session.add(person)
        session.flush()
        return person.id


def test_new_database_is_migrated_to_head_without_drift(db: Database) -> None:
    assert head_revision() == HEAD_REVISION
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,)
    check_no_drift(db.engine)


def test_reference_data_is_seeded_and_flagged(db: Database) -> None:
    with db.reading() as session:
        forms = session.scalars(select(MentoringForm).order_by(MentoringForm.sort_order)).all()
        assert [f.name for f in forms][:2] == ["ученик – ученик", "учитель – учитель"]
        assert len(forms) == 5 and all(f.is_seeded for f in forms)
        assert next(f for f in forms if f.code == "employer_student").hidden
        assert session.scalar(select(func.count()).select_from(RoleModel)) >= 17
        pupil_requests = session.scalars(select(MenteeRequest.name).where(
            MenteeRequest.audience == RequestAudience.PUPIL)).all()
        assert "адаптация в новом коллективе" in pupil_requests and len(pupil_requests) == 11
        assert session.scalar(select(func.count()).select_from(SelectionCriterion)) == 8


def test_connection_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_backup_is_taken_at_start_and_rotated(db_path: Path) -> None:
    backups = db_path.parent / "backups"
    open_database(db_path, backup_dir=backups).close()
    assert list_backups(backups) == []  # nothing to back up in a brand-new file
    first = open_database(db_path, backup_dir=backups)
    add_person(first)
    first.close()
    for _ in range(4):
        open_database(db_path, backup_dir=backups, keep_backups=3).close()
    kept = list_backups(backups)
    assert len(kept) == 3
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT last_name FROM person").fetchall() == [("Иванов",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_foreign_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "pupils.sqlite"
    path.write_text("ФИО;Класс\nИванов Иван;5А\n", encoding="utf-8")
    before = digest(path)
    with pytest.raises(ForeignDatabaseError, match="не является базой данных"):
        open_database(path, backup_dir=tmp_path / "b")
    assert digest(path) == before
    assert not (tmp_path / "b").exists()


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO orders VALUES (1, 9.5)")
    conn.close()
    before = digest(path)
    with pytest.raises(ForeignDatabaseError, match="не база «Наставника»"):
        open_database(path, backup_dir=tmp_path / "b")
    assert digest(path) == before


def test_corrupt_database_is_refused_untouched(db_path: Path, tmp_path: Path) -> None:
    database = open_database(db_path)
    add_person(database)
    database.close()
    data = bytearray(db_path.read_bytes())
    data[100:16384] = b"\xa5" * 16284  # wreck the first pages (the schema), keep the header
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(CorruptDatabaseError, match="повреждён"):
        open_database(db_path, backup_dir=tmp_path / "b")
    assert digest(db_path) == before


def test_database_of_a_newer_program_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="более новой версией"):
        open_database(db_path)
    assert digest(db_path) == before


def test_failed_migration_restores_the_backup(db_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    database = open_database(db_path)
    add_person(database, "Сидоров")
    database.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_older'")
    conn.close()
    monkeypatch.setattr(db_module, "KNOWN_REVISIONS", frozenset({"0000_older", HEAD_REVISION}))

    def broken_upgrade(path: Path) -> None:
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM person")
        conn.close()
        raise RuntimeError("сбой посреди обновления")

    monkeypatch.setattr(db_module, "upgrade_schema", broken_upgrade)
    with pytest.raises(MigrationError, match="восстановлена из резервной копии"):
        open_database(db_path, backup_dir=db_path.parent / "backups")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT last_name FROM person").fetchall() == [("Сидоров",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0000_older",)


def _child_rows_after_batch_rebuild(path: Path, *, foreign_keys: bool) -> int:
    engine = make_engine(path, foreign_keys=foreign_keys)
    try:
        with engine.begin() as conn:
            ops = Operations(MigrationContext.configure(conn))
            with ops.batch_alter_table("person", recreate="always") as batch:
                batch.add_column(sa.Column("nickname", sa.String(50)))
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM consent").scalar() or 0
    finally:
        engine.dispose()


def test_batch_rebuild_keeps_cascaded_rows_only_with_foreign_keys_off(tmp_path: Path) -> None:
    """The reason migrations run with foreign keys off (design.md, known pitfalls)."""
    paths = []
    for name in ("off.sqlite", "on.sqlite"):
        database = open_database(tmp_path / name)
        person_id = add_person(database)
        with database.transaction() as session:
            session.add(Consent(person_id=person_id, kind=ConsentKind.PERSONAL_DATA,
                                given_on=dt.date(2025, 9, 1)))
        database.close()
        paths.append(tmp_path / name)
    assert _child_rows_after_batch_rebuild(paths[0], foreign_keys=False) == 1
    assert _child_rows_after_batch_rebuild(paths[1], foreign_keys=True) == 0


def test_startup_on_current_schema_does_not_import_alembic(db_path: Path) -> None:
    import subprocess
    import sys

    open_database(db_path).close()
    code = ("import sys; from pathlib import Path; from nastavnik_desktop.data.db import "
            f"open_database; open_database(Path({str(db_path)!r})).close(); "
            "print(sorted(m for m in ('alembic', 'openpyxl', 'reportlab', 'scipy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


# --- rules of the domain enforced by the database -----------------------------------------


def _programme_with_people(db: Database, programme_id: int) -> tuple[int, int, int]:
    with db.transaction() as session:
        form_id = session.scalar(select(MentoringForm.id).where(
            MentoringForm.code == "teacher_teacher"))
        assert form_id is not None
        teacher = Person(last_name="Орлова", first_name="Мария", middle_name="Ивановна",
                         sex=Sex.FEMALE, category=PersonCategory.STAFF)
        young = Person(last_name="Зайцев", first_name="Олег", middle_name="Петрович",
                       sex=Sex.MALE, category=PersonCategory.STAFF, experience_years=1)
        session.add_all([teacher, young])
        session.flush()
        mentor = MentorProfile(programme_id=programme_id, person_id=teacher.id, form_id=form_id)
        own = MenteeProfile(programme_id=programme_id, person_id=teacher.id, form_id=form_id)
        other = MenteeProfile(programme_id=programme_id, person_id=young.id, form_id=form_id)
        session.add_all([mentor, own, other])
        session.flush()
        pair = MentoringPair(programme_id=programme_id, mentor_profile_id=mentor.id,
                             form_id=form_id)
        session.add(pair)
        session.flush()
        return pair.id, own.id, other.id


def test_a_person_is_never_his_own_mentor(db: Database, programme) -> None:  # type: ignore[no-untyped-def]
    pair_id, own_id, other_id = _programme_with_people(db, programme.id)
    with pytest.raises(IntegrityError, match="собственным наставляемым"), \
            db.transaction() as session:
        session.add(PairMentee(pair_id=pair_id, mentee_profile_id=own_id))
    with db.transaction() as session:
        session.add(PairMentee(pair_id=pair_id, mentee_profile_id=other_id))
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(PairMentee)) == 1


def test_capacity_must_be_positive(db: Database, programme) -> None:  # type: ignore[no-untyped-def]
    person_id = add_person(db)
    with pytest.raises(IntegrityError, match="capacity_positive"), db.transaction() as session:
        session.add(MentorProfile(programme_id=programme.id, person_id=person_id, capacity=0))


def test_consent_and_birth_dates_cannot_be_in_the_future(db: Database) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="не может быть в будущем"):
        Consent(kind=ConsentKind.PERSONAL_DATA, given_on=tomorrow)
    with pytest.raises(ValidationError, match="дата рождения"):
        Person(last_name="А", first_name="Б", category=PersonCategory.PUPIL, birth_date=tomorrow)
    person_id = add_person(db)
    with pytest.raises(IntegrityError, match="revoked_after_given"), db.transaction() as session:
        session.add(Consent(person_id=person_id, kind=ConsentKind.PERSONAL_DATA,
                            given_on=dt.date(2025, 9, 10), revoked_on=dt.date(2025, 9, 1)))


def test_unknown_category_is_rejected_by_the_database(db: Database) -> None:
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (last_name, first_name, middle_name, category, class_name, "
            "position, subject, organisation, phone, email, parent_name, parent_phone, "
            "name_dative, name_genitive, notes, archived) VALUES ('А', 'Б', '', 'alien', '', "
            "'', '', '', '', '', '', '', '', '', '', 0)")


def test_a_0001_database_gains_the_accusative_and_keeps_its_people(db_path: Path) -> None:
    """0002 adds person.name_accusative in place: people and their cascaded rows stay."""
    from alembic import command

    from nastavnik_desktop.data.migrations.runner import make_config

    engine = make_engine(db_path, foreign_keys=False)
    with engine.begin() as connection:
        command.upgrade(make_config(connection), "0001_initial")
    engine.dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO person (last_name, first_name, middle_name, category, "
                     "class_name, position, subject, organisation, phone, email, parent_name, "
                     "parent_phone, name_dative, name_genitive, notes, archived, created_at, "
                     "updated_at) VALUES ('Сидорова', 'Анна', 'Ивановна', 'staff', '', '', '', "
                     "'', '', '', '', '', '', '', '', 0, '2026-01-01', '2026-01-01')")
        conn.execute("INSERT INTO consent (person_id, kind, given_on, given_by, given_by_name, "
                     "document_ref) VALUES (1, 'personal_data', '2025-09-01', 'self', '', '')")
    conn.close()
    database = open_database(db_path, backup_dir=db_path.parent / "backups")
    try:
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
                HEAD_REVISION,)
            assert conn.execute("SELECT last_name, name_accusative FROM person").fetchall() \
                == [("Сидорова", "")]
            assert conn.execute("SELECT count(*) FROM consent").fetchone() == (1,)
        conn.close()
        check_no_drift(database.engine)
    finally:
        database.close()
