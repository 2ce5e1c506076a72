"""Every PDF the program writes is PDF/A-2b: each document kind issued over the demo school, the
questionnaire blanks and the reminder list, read back by the checks of tests/helpers/pdfa.py
(veraPDF's PDF/A-2B rules that pikepdf can read, qpdf's syntax check among them) and by
`qpdf --check` where qpdf is installed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.models import MentoringPair, Programme
from nastavnik_desktop.services import documents, numbering
from nastavnik_desktop.services.programme import current_programme
from nastavnik_desktop.services.questionnaires.paper import PaperChoice, PaperPeople, write_blanks
from nastavnik_desktop.services.questionnaires.reminders import write_reminder_list
from nastavnik_desktop.services.questionnaires.rounds import rounds
from tests.helpers.pdfa import pdfa_problems

PDF_KINDS = [kind for kind in documents.DOCUMENT_KINDS if kind not in documents.WORKBOOK_KINDS]
STAGE7_KINDS = ("certificates", "awards_register", "order_awards", "cases")
"""The paper of stage 7, printed for the demo's last year: the running year has not reached
stage 7 (no awards, no cases yet)."""


@dataclass(frozen=True)
class Demo:
    db: Database
    programme_id: int
    pair_id: int
    day: dt.date
    last_year_id: int


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path],
         demo_day: dt.date) -> Iterator[Demo]:
    path = build_demo(tmp_path_factory.mktemp("pdfa") / "demo.sqlite", pupils=120, teachers=24)
    db = open_database(path)
    programme = current_programme(db)
    assert programme is not None
    with db.reading() as session:
        pair_id = session.scalars(select(MentoringPair.id).where(
            MentoringPair.programme_id == programme.id).order_by(MentoringPair.id)).first()
    assert pair_id is not None
    with db.reading() as session:
        last_year = session.scalar(select(Programme.previous_id).where(
            Programme.id == programme.id))
    assert last_year is not None
    yield Demo(db, programme.id, pair_id, demo_day, last_year)
    db.close()


def assert_archival(path: Path) -> None:
    assert path.stat().st_size > 0
    assert pdfa_problems(path) == [], path.name
    if shutil.which("qpdf"):
        done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_every_pdf_kind_is_covered_here() -> None:
    assert set(PDF_KINDS) | set(documents.WORKBOOK_KINDS) == set(documents.DOCUMENT_KINDS)
    assert set(STAGE7_KINDS) <= set(PDF_KINDS)


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_every_document_kind_is_pdfa(demo: Demo, kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    pair_id = demo.pair_id if kind in documents.PAIR_KINDS else None
    # a number of its own for each order (the demo has not recorded one for every series)
    number = f"{900 + PDF_KINDS.index(kind)}-о" if kind in numbering.ORDER_KINDS else None
    programme_id = demo.last_year_id if kind in STAGE7_KINDS else demo.programme_id
    documents.issue_document(demo.db, programme_id, kind, out, issued_on=demo.day,
                             pair_id=pair_id, number=number)
    assert_archival(out)


def test_the_roadmap_by_stages_is_pdfa(demo: Demo, tmp_path: Path) -> None:
    out = tmp_path / "roadmap-stages.pdf"
    documents.issue_document(demo.db, demo.programme_id, "roadmap", out, issued_on=demo.day,
                             layout="stages")
    assert_archival(out)


def test_a_document_laid_out_in_a_child_process_is_pdfa(demo: Demo, tmp_path: Path) -> None:
    """The window lays long documents out in a spawned process (`reports.process`)."""
    out = tmp_path / "bases.pdf"
    recipe, _title, _number, _day = documents.prepare_document(
        demo.db, demo.programme_id, "bases", issued_on=demo.day)
    documents.write_pdf(recipe, out, separate_process=True)
    assert_archival(out)


def test_the_questionnaire_blanks_are_pdfa(demo: Demo, tmp_path: Path) -> None:
    mentors_round = min(rounds(demo.db, demo.programme_id), key=lambda r: r.expected)
    named = write_blanks(demo.db, demo.programme_id, mentors_round.template_id,
                         PaperChoice(PaperPeople.ROUND, round_id=mentors_round.id),
                         tmp_path / "blanks.pdf", separate_process=False)
    assert named.people > 0
    empty = write_blanks(demo.db, demo.programme_id, mentors_round.template_id,
                         PaperChoice(PaperPeople.EMPTY), tmp_path / "empty.pdf",
                         separate_process=False)
    for result in (named, empty):
        assert_archival(result.path)


def test_the_reminder_list_is_pdfa(demo: Demo, tmp_path: Path) -> None:
    unanswered = max(rounds(demo.db, demo.programme_id), key=lambda r: r.expected - r.answered)
    assert unanswered.expected > unanswered.answered
    out = write_reminder_list(demo.db, unanswered.id, tmp_path / "reminders.pdf",
                              as_of=demo.day)
    assert_archival(out)
