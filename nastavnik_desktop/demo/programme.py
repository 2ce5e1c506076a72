"""The demo school's programme of this school year: curator, team, forms, roadmap, stage 1's
documents and stage 2's informing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from nastavnik_desktop.data.enums import StageStatus
from nastavnik_desktop.data.models import (
    Person,
    Programme,
    ProgrammeEvent,
    ProgrammeForm,
    ProgrammeRoleModel,
    RoadmapItem,
    School,
    TeamMember,
)
from nastavnik_desktop.demo.context import ROLE_MODELS, DemoContext
from nastavnik_desktop.services.legal_documents import (
    LEGAL_DOCUMENT_TITLES,
    LegalDocument,
    record_legal_document,
)
from nastavnik_desktop.services.programme import new_programme
from nastavnik_desktop.services.roadmap import generate_roadmap
from nastavnik_desktop.services.stages.status import finish_stage, start_stage


class ProgrammeAndRoadmap(DemoContext):
    """The programme with stages 1–4 done and stage 5 under way."""

    def _programme(self, school: School) -> Programme:
        director = self.staff[0].person
        school.director_name = director.full_name
        school.director_position = "Директор"
        programme = new_programme(self.session, school, self.school_year)
        programme.goal, programme.tasks = self.words.programme_goal, self.words.programme_tasks
        programme.expected_results = self.words.programme_results
        windows = {1: (0.0, 0.12), 2: (0.08, 0.25), 3: (0.12, 0.32), 4: (0.25, 0.42)}
        for stage, (start, end) in windows.items():
            finish_stage(self.session, programme.id, stage, self.timeline.at(end),
                         started_on=self.timeline.at(start))
        start_stage(self.session, programme.id, 5, self.timeline.at(0.42))
        curator = self._curator()
        programme.curator = curator
        by_position = {a.person.position: a.person
                       for a in self.staff[:len(self.words.admin_staff)]}
        programme.team = [
            TeamMember(person=curator, role="куратор"),
            TeamMember(person=by_position["педагог-психолог"], role="педагог-психолог"),
            TeamMember(person=by_position["заместитель директора по ВР"],
                       role="заместитель директора по ВР"),
        ]
        programme.forms = [ProgrammeForm(form=self.forms[code]) for code in ROLE_MODELS]
        for code, names in ROLE_MODELS.items():
            for role_model in self.forms[code].role_models:
                if role_model.name in names:
                    self.session.add(ProgrammeRoleModel(programme_id=programme.id,
                                                        role_model_id=role_model.id))
        return programme

    def _curator(self) -> Person:
        """An experienced subject teacher runs the programme."""
        candidates = [a.person for a in self.staff[len(self.words.admin_staff):]
                      if a.person.subject and (a.person.experience_years or 0) >= 10]
        return candidates[0] if candidates else self.staff[1].person

    def _roadmap(self, programme: Programme) -> None:
        """The methodology's roadmap: stages 1–4 done, the first event of stage 5 overdue."""
        self.session.flush()
        generate_roadmap(self.session, programme)
        self.session.flush()
        done_stages = {s.stage for s in programme.stages if s.status is StageStatus.DONE}
        items = self.session.scalars(
            select(RoadmapItem).where(RoadmapItem.programme_id == programme.id)
            .order_by(RoadmapItem.stage, RoadmapItem.sort_order)).all()
        for item in items:
            if item.stage in done_stages:
                item.done_on = min(item.due_on or self.today, self.today)
                item.evidence = item.result_text
        overdue = next(item for item in items if item.stage not in done_stages)
        overdue.due_on = min(overdue.due_on or self.today,
                             self.today - dt.timedelta(days=5))

    def _legal_documents(self, programme: Programme) -> None:
        """Stage 1's paper, recorded with numbers and dates (no files: the demo has none)."""
        numbers = {"order_launch": "112-о", "regulation": "113-о", "programme": "114-о"}
        for offset, kind in enumerate(LEGAL_DOCUMENT_TITLES):
            document = LegalDocument(kind, numbers[kind], self.timeline.at(0.04 + offset * 0.01))
            record_legal_document(self.session, programme.id, document, None)

    def _informing(self, programme: Programme) -> None:
        """Stage 2 began by informing parents, teachers and pupils."""
        events = (
            ("parents_meeting", "Общешкольное родительское собрание «Наставничество в школе»",
             "родители обучающихся 5–11 классов", 0.10, 0.45),
            ("teachers_meeting", "Педагогический совет: запуск программы наставничества",
             "педагогический коллектив", 0.11, 0.8),
            ("class_hour", "Классные часы «Кто такой наставник»", "обучающиеся 5–11 классов",
             0.14, 0.7),
        )
        base = {"parents_meeting": len(self.parents) * 6,
                "teachers_meeting": len(self.staff), "class_hour": len(self.pupils)}
        for kind, title, audience, when, share in events:
            self.session.add(ProgrammeEvent(
                programme_id=programme.id, stage=2, kind=kind, title=title,
                held_on=self.timeline.at(when), audience=audience,
                attended_count=max(1, round(base[kind] * share))))
