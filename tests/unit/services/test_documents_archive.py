"""A past year's paper from its read-only view: every kind the archive prints is written and
nothing is recorded; an order the year did not issue is refused before a file is written."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import documents
from nastavnik_desktop.services import programme as programme_service
from tests.helpers.base_state import base_state
from tests.helpers.pdf import flat_text, need


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory,
           build_demo: Callable[..., Path]) -> Path:
    return build_demo(tmp_path_factory.mktemp("archive_paper") / "school.sqlite", pupils=150,
                      teachers=15)


@pytest.fixture
def base(school: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / school.name
    shutil.copyfile(school, target)
    db = open_database(target, backup_dir=tmp_path / "backups")
    yield db
    db.close()


def archived_id(db: Database) -> int:
    return next(p.id for p in programme_service.all_programmes(db)
                if p.status is ProgrammeStatus.ARCHIVED)


@pytest.mark.parametrize("kind", ["pairs", "bases", "monitoring", "passport", "journal", "plan",
                                  "order_launch", "awards_register", "monitoring_table",
                                  "cases"])
def test_a_past_year_prints_every_kind_without_a_record(base: Database, tmp_path: Path,
                                                        kind: str) -> None:
    programme_id = archived_id(base)
    pair_id = None
    if kind in documents.PAIR_KINDS:
        with base.engine.connect() as conn:
            pair_id = conn.exec_driver_sql(
                "SELECT id FROM mentoring_pair WHERE programme_id = ? ORDER BY id",
                (programme_id,)).scalar()
    before = base_state(base.path)
    out = tmp_path / ("paper.xlsx" if kind in documents.WORKBOOK_KINDS else "paper.pdf")

    info = documents.issue_document(base.read_only_view(), programme_id, kind, out,
                                    pair_id=pair_id)

    assert out.is_file() and info.file_path == str(out)
    assert base_state(base.path) == before
    if kind == "order_launch":  # under the number and date it was issued with
        need("pdftotext")
        recorded = next(d for d in documents.list_issued_documents(base, programme_id)
                        if d.kind == kind)
        assert (info.id, info.number, info.issued_on) == (recorded.id, recorded.number,
                                                          recorded.issued_on)
        assert recorded.number in flat_text(out)


def test_an_order_the_year_did_not_issue_is_refused_before_any_file(base: Database,
                                                                   tmp_path: Path) -> None:
    programme_id = archived_id(base)
    out = tmp_path / "order.pdf"
    with pytest.raises(ValidationError, match="Новый приказ оформляется в текущем учебном"):
        documents.issue_document(base.read_only_view(), programme_id, "order_pairs", out)
    assert not out.exists()
