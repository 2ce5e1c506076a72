"""The paper of stages 1 and 5 built from the database: the roadmap, the passport, the pair
list and the two orders (on the launch and on the pairs), as recipes for `reports`.

`documents.prepare_document` resolves the number and the date; this module words the
documents: requisites, the curator's and the school's names in their cases, the references.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringForm,
    Person,
    Programme,
    ProgrammeRoleModel,
    School,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.inflection import try_inflect
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.reports.pairs import (
    PAIRS_ORDER_TITLE,
    PairListRow,
    pair_list_document,
    pair_list_title,
    pairs_order,
)
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from nastavnik_desktop.reports.stage1 import (
    LAUNCH_ORDER_TITLE,
    Approval,
    PassportData,
    RoadmapLayout,
    RoadmapRow,
    launch_order,
    passport_document,
    roadmap_document,
    roadmap_title,
)
from nastavnik_desktop.services.legal_documents import (
    LEGAL_DOCUMENT_TITLES,
    normative_documents,
    recorded_legal_documents,
)
from nastavnik_desktop.services.paper_data import pair_list_rows
from nastavnik_desktop.services.people import declension
from nastavnik_desktop.services.roadmap import roadmap_lines

_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[-–—•*])\s+")


def list_items(text: str) -> list[str]:
    """The lines of a list typed one per line, without the numbers or bullets the curator may
    have typed (the document numbers them itself)."""
    return [item for item in (_LIST_MARK.sub("", line).strip() for line in text.splitlines())
            if item]


def organisation(school: School) -> Organisation:
    """The school as its orders head it: the founder line, the full and the short name."""
    return Organisation(full_name=school.full_name, short_name=school.short_name,
                        parent=school.founder)


def _approval(session: Session, programme_id: int, day: dt.date) -> Approval | None:
    """The launch order recorded for the programme (issued by the program or recorded at
    stage 1) by `day`, which approves the roadmap and the programme; None when there is
    none (a document dated before its order cites no order)."""
    document = session.scalars(select(IssuedDocument).where(
        IssuedDocument.programme_id == programme_id, IssuedDocument.kind == "order_launch",
        or_(IssuedDocument.issued_on.is_(None), IssuedDocument.issued_on <= day))
        .order_by(IssuedDocument.issued_on.desc(), IssuedDocument.id.desc())).first()
    if document is None or not (document.number or document.issued_on):
        return None
    return Approval(issued_on=document.issued_on, number=document.number)


def roadmap_rows(session: Session, programme_id: int) -> list[RoadmapRow]:
    return [RoadmapRow(number=line.number, stage=line.stage, stage_title=line.stage_title,
                       title=line.title, due_on=line.due_on, responsible=line.responsible,
                       result=line.result)
            for line in roadmap_lines(session, programme_id)]


def build(session: Session, programme: Programme, kind: str, day: dt.date,
           number: str | None, layout: RoadmapLayout,
           page: PageLayout) -> tuple[PdfRecipe, str, str]:
    """The document `kind`; `page` is the stored layout of official documents (the orders)."""
    school = programme.school
    org = organisation(school)
    rows = roadmap_rows(session, programme.id)
    if kind == "roadmap":
        if not rows:
            raise ValidationError("В дорожной карте нет мероприятий: завершите этап 1 или "
                                  "добавьте мероприятия.")
        return (PdfRecipe(roadmap_document, (org, programme.school_year, rows),
                          {"layout": layout, "as_of": day,
                           "approved": _approval(session, programme.id, day)}, rows=len(rows)),
                roadmap_title(org, programme.school_year)
                + (" (по этапам)" if layout == "stages" else ""), number or "")
    if kind == "passport":
        data = _passport_data(session, programme)
        return (PdfRecipe(passport_document, (org, data),
                          {"as_of": day, "approved": _approval(session, programme.id, day)}),
                f"Паспорт программы наставничества на {programme.school_year} учебный год",
                number or "")
    if kind in ("pairs", "order_pairs"):
        pairs = pair_list_rows(session, programme.id)
        if not pairs:
            raise ValidationError("Пар и групп пока нет: сформируйте их на этапе 5.")
        if kind == "pairs":
            return (PdfRecipe(pair_list_document, (org, programme.school_year, pairs),
                              {"as_of": day}, rows=len(pairs)),
                    pair_list_title(org, programme.school_year), number or "")
        return _pairs_order(session, programme, org, day, number, pairs, page)
    return _launch_order(session, programme, org, day, number, rows, page)


def order_requisites(session: Session, programme: Programme, org: Organisation,
                     day: dt.date, number: str | None, kind: str,
                     title: str) -> Requisites:
    """The requisites of an order (every order of the programme, the awards order too): the
    number given, the director's signature, the settlement as the place of compilation."""
    school = programme.school
    if not school.director_name.strip():
        raise ValidationError("Не указаны ФИО директора: заполните реквизиты школы на этапе 1.")
    if not number or not number.strip():
        raise ValidationError("Укажите номер приказа.")
    return Requisites(
        organisation=org, date=day, number=number.strip(), title=title,
        signer=Signer.from_full_name(school.director_position or "Директор",
                                     school.director_name),
        place=place_of_compilation(school.settlement, school.municipality))


_SETTLEMENT = re.compile(r"^(?:г|с|п|пос|пгт|рп|д|ст|ст-ца|х|аул)\.\s*\S", re.IGNORECASE)


def place_of_compilation(settlement: str, municipality: str) -> str:
    """The place printed under an order's date: the settlement; a school that recorded only
    the municipality before there was a settlement field keeps it when it names a settlement
    («г. Тверь»), not when it is a district («Приреченский муниципальный округ»)."""
    settlement = " ".join(settlement.split())
    if settlement:
        return settlement
    municipality = " ".join(municipality.split())
    return municipality if _SETTLEMENT.match(municipality) else ""


@dataclass(frozen=True)
class _Curator:
    person: Person
    appointee: str
    """«учителя английского языка Савину О. Н.» — whom the order appoints (accusative)."""
    dative: str
    """«Савиной О. Н.» — to whom the order gives duties."""


def _curator(programme: Programme) -> _Curator:
    """The curator as the orders name him: his position and name (surname and initials) in
    the accusative and the dative; the stored forms of his name are preferred."""
    curator = programme.curator
    if curator is None:
        raise ValidationError("Куратор программы не назначен: назначьте его на этапе 1.")
    forms = declension.declined(curator)
    accusative = _surname_initials(forms.accusative, curator)
    dative = _surname_initials(forms.dative, curator)
    return _Curator(curator, _with_position(accusative, curator.position), dative)


def _surname_initials(declined: str, person: Person) -> str:
    """«Савину О. Н.» from the declined full name «Савину Ольгу Николаевну»: the declined
    surname (its words, as many as the stored surname has) and the initials."""
    words = declined.split()
    surname = " ".join(words[:max(len(person.last_name.split()), 1)]) or person.last_name
    return short_name(surname, person.first_name, person.middle_name)


def _with_position(name_accusative: str, position: str) -> str:
    """«учителя английского языка Савину О. Н.»; a position the dictionary cannot decline
    stands after the name in the nominative: «Савину О. Н. (должность: …)»."""
    position = " ".join(position.split())
    if not position:
        return name_accusative
    declined = try_inflect(position[0].lower() + position[1:]
                           if not position[:2].isupper() else position, "accs")
    if declined is None:
        return f"{name_accusative} (должность: {position})"
    return f"{declined} {name_accusative}"


def _pairs_order(session: Session, programme: Programme, org: Organisation, day: dt.date,
                 number: str | None, pairs: list[PairListRow], page: PageLayout
                 ) -> tuple[PdfRecipe, str, str]:
    curator = _curator(programme)
    requisites = order_requisites(session, programme, org, day, number, "order_pairs",
                                   PAIRS_ORDER_TITLE)
    mentors = sorted({row.mentor for row in pairs}, key=_name_key)
    recipe = PdfRecipe(pairs_order, (requisites,), {
        "school_year": programme.school_year, "curator_dative": curator.dative,
        "plans_due": day + dt.timedelta(days=30), "rows": pairs,
        "regulation": regulation_reference(session, programme.id, day),
        "acquainted": [curator.person.full_name, *mentors], "layout": page},
        rows=len(pairs))
    return recipe, f"Приказ «{PAIRS_ORDER_TITLE}»", requisites.number


def _name_key(name: str) -> str:
    return name.casefold().replace("ё", "е")


def regulation_reference(session: Session, programme_id: int, day: dt.date) -> str | None:
    """«от 01.09.2026 № 5» of the Положение recorded at stage 1; None when it was not issued
    by `day` (an order cites no document dated after itself)."""
    for document in recorded_legal_documents(session, programme_id):
        if document.kind == "regulation" and (document.issued_on is None
                                               or document.issued_on <= day):
            parts = [f"от {document.issued_on:%d.%m.%Y}" if document.issued_on else "",
                     f"№ {document.number}" if document.number else ""]
            return " ".join(p for p in parts if p)
    return None


def _launch_order(session: Session, programme: Programme, org: Organisation, day: dt.date,
                  number: str | None, rows: list[RoadmapRow], page: PageLayout
                  ) -> tuple[PdfRecipe, str, str]:
    curator = _curator(programme)
    requisites = order_requisites(session, programme, org, day, number, "order_launch",
                                   LAUNCH_ORDER_TITLE)
    team = [m.person.full_name for m in sorted(programme.team, key=lambda m: m.id)]
    recipe = PdfRecipe(launch_order, (requisites,), {
        "school_year": programme.school_year, "curator_appointee": curator.appointee,
        "curator_dative": curator.dative, "roadmap": rows,
        "regulation": regulation_reference(session, programme.id, day),
        "regulation_due": day + dt.timedelta(days=30),
        "acquainted": [curator.person.full_name, *team], "layout": page}, rows=len(rows))
    return recipe, LEGAL_DOCUMENT_TITLES["order_launch"], requisites.number


def _passport_data(session: Session, programme: Programme) -> PassportData:
    chosen = set(session.scalars(select(ProgrammeRoleModel.role_model_id).where(
        ProgrammeRoleModel.programme_id == programme.id)))
    forms: list[tuple[str, list[str]]] = []
    for link in sorted(programme.forms, key=lambda f: (f.form.sort_order, f.form_id)):
        form: MentoringForm = link.form
        models = [m.name for m in form.role_models if m.id in chosen]
        forms.append((form.name, models))
    team = [(m.person.full_name, m.role)
            for m in sorted(programme.team, key=lambda m: m.id)]
    curator: Person | None = programme.curator
    curator_text = ""
    if curator is not None:
        curator_text = curator.full_name + (f", {curator.position}" if curator.position else "")
    documents = [
        f"{d.title} от {d.issued_on:%d.%m.%Y} № {d.number}" if d.issued_on and d.number
        else d.title
        for d in normative_documents(session, programme.id)]
    return PassportData(
        school_year=programme.school_year, title=programme.title, starts_on=programme.starts_on,
        ends_on=programme.ends_on, goal=programme.goal,
        tasks=list_items(programme.tasks),
        expected_results=list_items(programme.expected_results),
        forms=forms, curator=curator_text, team=team, documents=documents)
