"""The demo pairs' work (stage 6): the meeting journal of each pair along the methodology's
cycle, planned meetings ahead, the plan (goals of each mentee, common tasks — some done, some
overdue), strengths and growth points, control notes with marks, and the methodical materials
handed to the mentors.

The journal agrees with the pair's status as `services/pairs/journal` would move it: знакомство
after the first meetings, планирование after the planning meeting, работа after a working one,
подведение итогов after the final one; a finished or dissolved pair's status is the curator's.
The status history (`pair_status_change`) is written by the database's triggers: the pair's
status is stepped through every stage it passed, each on the day of its meeting.

A few working pairs stop meeting more than `settings.SILENT_PAIR_WEEKS` weeks before the demo
day (the board and «Обзор» flag them). Everything is written in bulk (Core executemany with the
ids given here), so a school of a thousand pairs and twenty thousand meetings builds quickly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update

from nastavnik_desktop import settings
from nastavnik_desktop.data.enums import (
    MaterialKind,
    MeetingFormat,
    MeetingKind,
    PairNoteKind,
    PairStatus,
    PlanItemKind,
)
from nastavnik_desktop.data.models import (
    Material,
    MaterialHandout,
    Meeting,
    MeetingAttendance,
    MentoringPair,
    PairNote,
    PlanItem,
    Programme,
)
from nastavnik_desktop.demo.context import PUPIL_PUPIL, TEACHER_TEACHER, DemoContext

OPENING = (MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING)
STEPS_OF_KIND = {MeetingKind.ACQUAINTANCE: PairStatus.ACQUAINTANCE,
                 MeetingKind.PLANNING: PairStatus.PLANNING,
                 MeetingKind.WORKING: PairStatus.WORKING,
                 MeetingKind.FINAL: PairStatus.RESULTS}
"""The status the first held meeting of a type brings a pair to (as the journal moves it)."""
CADENCE = {PUPIL_PUPIL: (3, 7), TEACHER_TEACHER: (5, 9)}
"""Days between working meetings by form (others: EMPLOYER_CADENCE): peers once or twice a
week after lessons, teachers about weekly, as the methodology's «не реже раза в неделю»."""
EMPLOYER_CADENCE = (7, 14)
SILENT_EVERY = 9
"""Every this many working pairs (the first included) one has stopped meeting."""
NO_NOTE_EVERY = 6
"""Every this many pairs at work one has no control note yet."""

CONTENT = {
    MeetingKind.ACQUAINTANCE: "Рассказали о себе, обсудили ожидания от работы в паре, "
                              "договорились о правилах и расписании встреч.",
    MeetingKind.TRIAL: "Разобрали первую небольшую задачу, попробовали формат совместной работы.",
    MeetingKind.PLANNING: "Составили индивидуальный план развития: цели, задачи, сроки.",
    MeetingKind.WORKING: "Работали по плану: разбор задания, ответы на вопросы, "
                         "практика на примерах.",
    MeetingKind.FINAL: "Подвели итоги работы, сравнили результаты с целями плана.",
}
RESULTS = {
    MeetingKind.ACQUAINTANCE: "Контакт установлен, правила работы согласованы.",
    MeetingKind.TRIAL: "Формат работы подходит обоим.",
    MeetingKind.PLANNING: "План утверждён и подписан.",
    MeetingKind.WORKING: ("Задание разобрано.", "Тема усвоена частично, нужна ещё встреча.",
                          "Выполнено практическое задание.", "Подготовлен материал к уроку."),
    MeetingKind.FINAL: "Цели плана достигнуты, заполнена анкета обратной связи.",
}
ASSIGNMENTS = ("Выполнить упражнения по теме встречи.", "Подготовить вопросы к следующей встрече.",
               "Прочитать рекомендованный материал.", "Закончить начатую работу.", "")
DIRECTIONS = {PUPIL_PUPIL: ("Учёба", "Общение и лидерство", "Адаптация в коллективе"),
              TEACHER_TEACHER: ("Методика преподавания", "Классное руководство",
                                "Работа с документацией")}
EMPLOYER_DIRECTIONS = ("Профессиональная ориентация", "Проектная работа")
ACTIONS = ("Совместное занятие", "Самостоятельная работа с проверкой", "Посещение урока",
           "Разбор примеров", "Подготовка проекта")
STRENGTHS = ("Ответственность, аккуратность", "Любознательность, хорошая память",
             "Умение работать в команде", "Инициативность", "Творческий подход")
GROWTH_POINTS = ("Планирование времени", "Уверенность при выступлениях",
                 "Самостоятельность в учёбе", "Доведение дел до конца", "Устная речь")
NOTE_TEXTS = ("Работа идёт по плану, встречи регулярные.",
              "Есть продвижение, часть задач плана выполнена с опозданием.",
              "Заметный рост результатов, наставляемый стал увереннее.",
              "Встречи проходят нерегулярно, обсудили с наставником график.")
MENTOR_FEEDBACK = ("Наставляемый старается, задания выполняет.",
                   "Нужно больше времени на практику.")
MENTEE_FEEDBACK = ("Встречи полезные, стало понятнее.", "Хотелось бы больше практических задач.")
MATERIALS = (
    ("Методические рекомендации по внедрению целевой модели наставничества", None,
     "https://nastavnik.example/metodicheskie-rekomendacii"),
    ("Памятка наставника: как провести встречу-знакомство", None,
     "https://nastavnik.example/pamyatka-znakomstvo"),
    ("Шаблон индивидуального плана развития", None,
     "https://nastavnik.example/shablon-plana"),
    ("Игры и упражнения для групп «ученик – ученик»", PUPIL_PUPIL,
     "https://nastavnik.example/uprazhneniya-uchenik-uchenik"),
    ("Сопровождение молодого специалиста: первые полгода", TEACHER_TEACHER,
     "https://nastavnik.example/molodoj-specialist"),
)
"""Links (title, form code or None for every form, address) handed to the mentors."""


@dataclass
class WorkRows:
    """The rows of the pairs' work, gathered while the pairs are run and written at once."""

    meetings: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    steps: list[list[dict[str, Any]]] = field(default_factory=list)
    """Intermediate statuses, step by step (all pairs' first step, then second…)."""


class PairWork(DemoContext):
    """The journal, plan, notes and materials of the demo pairs."""

    work: WorkRows
    working_seen: int
    work_pairs: int
    silent_weeks: int
    next_meeting_id: int

    def _start_work(self) -> None:
        self.work = WorkRows()
        self.working_seen = 0
        self.work_pairs = 0
        self.silent_weeks = settings.load(self.session, settings.SILENT_PAIR_WEEKS)
        self.next_meeting_id = (self.session.scalar(select(func.max(Meeting.id))) or 0) + 1

    def _formed_for(self, pair: MentoringPair, status: PairStatus) -> None:
        """Pairs still at the start of their cycle were formed lately (they are not silent)."""
        recent = {PairStatus.FORMED: (2, 12), PairStatus.ACQUAINTANCE: (6, 16),
                  PairStatus.PLANNING: (14, 26)}.get(status)
        if recent is not None:
            pair.formed_on = self.today - dt.timedelta(days=self.rng.randint(*recent))

    def _schedule(self, pair: MentoringPair, status: PairStatus) -> list[tuple[MeetingKind,
                                                                               dt.date]]:
        """The held meetings of a pair that has got as far as `status`, by date."""
        rng, today = self.rng, self.today
        assert pair.formed_on is not None
        if status is PairStatus.FORMED:
            return []
        opening = {PairStatus.ACQUAINTANCE: 1 + (rng.random() < 0.5),
                   PairStatus.TERMINATED: 2}.get(status, 3)
        held: list[tuple[MeetingKind, dt.date]] = []
        day = pair.formed_on
        for kind in OPENING[:opening]:
            day = min(today, day + dt.timedelta(days=rng.randint(2, 5)))
            held.append((kind, day))
        if status not in (PairStatus.WORKING, PairStatus.RESULTS, PairStatus.COMPLETED):
            return held
        stop = today - dt.timedelta(days=rng.randint(0, 2))
        if status is PairStatus.WORKING:
            self.working_seen += 1
            if self.working_seen % SILENT_EVERY == 1:
                stop = today - dt.timedelta(weeks=self.silent_weeks,
                                            days=rng.randint(4, 20))
        elif status is PairStatus.RESULTS:
            stop = today - dt.timedelta(days=rng.randint(3, 8))
        else:
            stop = today - dt.timedelta(days=rng.randint(12, 20))
        low, high = CADENCE.get(pair.form.code, EMPLOYER_CADENCE)
        day += dt.timedelta(days=rng.randint(low, high))
        while day <= stop or not held[3:]:
            held.append((MeetingKind.WORKING, min(day, today)))
            day += dt.timedelta(days=rng.randint(low, high))
        if status is not PairStatus.WORKING:
            held.append((MeetingKind.FINAL, min(today, held[-1][1] + dt.timedelta(days=2))))
        return held

    def _write_journal(self, pair: MentoringPair, status: PairStatus,
                       held: list[tuple[MeetingKind, dt.date]]) -> None:
        """The pair's meetings (and planned ones ahead) and the steps of its status."""
        rng, code = self.rng, pair.form.code
        planned: list[tuple[MeetingKind, dt.date]] = []
        last = held[-1][1] if held else pair.formed_on
        assert last is not None
        if status in (PairStatus.FORMED, PairStatus.ACQUAINTANCE, PairStatus.PLANNING,
                      PairStatus.WORKING) and last >= self.today - dt.timedelta(days=14):
            following = (MeetingKind.ACQUAINTANCE if not held else
                         OPENING[len(held)] if len(held) < len(OPENING) else MeetingKind.WORKING)
            day = self.today + dt.timedelta(days=rng.randint(1, 6))
            planned = [(following, day)]
            if rng.random() < 0.5:
                planned.append((MeetingKind.WORKING if following is MeetingKind.PLANNING
                                else following, day + dt.timedelta(days=7)))
        remote = 0.35 if code not in CADENCE else 0.15
        for number, (kind, day) in enumerate([*held, *planned]):
            is_planned = number >= len(held)
            result = RESULTS[kind]
            self.work.meetings.append(dict(
                id=self.next_meeting_id, pair_id=pair.id, kind=kind, held_on=day,
                duration_minutes=rng.choice((40, 45, 60, 90) if code == TEACHER_TEACHER
                                            else (30, 40, 45)),
                topic=self.words.meeting_topics.get(kind)
                or rng.choice(self.words.work_topics[code]),
                notes="",
                format=MeetingFormat.REMOTE if rng.random() < remote else MeetingFormat.IN_PERSON,
                content="" if is_planned else CONTENT[kind],
                result="" if is_planned else (rng.choice(result) if isinstance(result, tuple)
                                              else result),
                assignment="" if is_planned or kind is MeetingKind.FINAL
                else rng.choice(ASSIGNMENTS),
                planned=is_planned))
            if not is_planned:
                self.work.attendance += [
                    dict(meeting_id=self.next_meeting_id,
                         mentee_profile_id=m.mentee_profile_id, present=rng.random() < 0.9)
                    for m in pair.members]
            self.next_meeting_id += 1

    def _step_status(self, pair: MentoringPair, held: list[tuple[MeetingKind, dt.date]],
                     status: PairStatus, changed_on: dt.date) -> None:
        """Queue the pair's status changes: each stage its meetings passed, then `status`."""
        firsts: dict[PairStatus, dt.date] = {}
        for kind, day in held:
            firsts.setdefault(STEPS_OF_KIND.get(kind, PairStatus.ACQUAINTANCE), day)
        steps = [(s, d) for s, d in firsts.items() if s is not status]
        if status is not PairStatus.FORMED:
            steps.append((status, changed_on))
        for number, (step, day) in enumerate(steps):
            while len(self.work.steps) <= number:
                self.work.steps.append([])
            self.work.steps[number].append(dict(b_pair=pair.id, b_status=step, b_on=day))

    def _write_plan(self, pair: MentoringPair, status: PairStatus, planned_on: dt.date) -> None:
        """Goals of each mentee and the common tasks; past their dates most done, some not."""
        rng, code = self.rng, pair.form.code
        finished = status in (PairStatus.RESULTS, PairStatus.COMPLETED)
        year_end = dt.date(self.year_start.year + 1, 5, 20)
        directions = DIRECTIONS.get(code, EMPLOYER_DIRECTIONS)
        order = 0
        for member in pair.members:
            self.work.plan.append(dict(
                pair_id=pair.id, kind=PlanItemKind.GOAL, sort_order=order,
                text=rng.choice(self.words.plan_goals[code]), due_on=year_end,
                done_on=planned_on + dt.timedelta(days=60)
                if status is PairStatus.COMPLETED else None,
                result="", direction=rng.choice(directions), action="",
                mentee_profile_id=member.mentee_profile_id))
            order += 1
        tasks = self.words.plan_tasks[code]
        for number, text in enumerate(rng.sample(tasks, min(4, len(tasks)))):
            due = planned_on + dt.timedelta(days=10 + 12 * number)
            done = due <= self.today and (finished or rng.random() < 0.6)
            self.work.plan.append(dict(
                pair_id=pair.id, kind=PlanItemKind.TASK, sort_order=order, text=text,
                due_on=due, done_on=due - dt.timedelta(days=rng.randint(0, 3)) if done else None,
                result=rng.choice(RESULTS[MeetingKind.WORKING]), direction=rng.choice(directions),
                action=rng.choice(ACTIONS), mentee_profile_id=None))
            order += 1
        for member in pair.members:
            member.strengths = rng.choice(STRENGTHS)
            member.growth_points = rng.choice(GROWTH_POINTS)

    def _write_notes(self, pair: MentoringPair, held: list[tuple[MeetingKind, dt.date]]) -> None:
        """An intermediate result with a mark (and feedback) once a pair has been at work."""
        rng = self.rng
        working = [day for kind, day in held if kind is MeetingKind.WORKING]
        if len(working) < 2:
            return
        self.work_pairs += 1
        if self.work_pairs % NO_NOTE_EVERY == 0:
            return
        middle = working[len(working) // 2]
        self.work.notes.append(dict(pair_id=pair.id, kind=PairNoteKind.INTERMEDIATE,
                                    written_on=middle, text=rng.choice(NOTE_TEXTS),
                                    mark=rng.randint(5, 10), mentee_profile_id=None))
        if rng.random() < 0.5:
            self.work.notes.append(dict(pair_id=pair.id, kind=PairNoteKind.MENTOR_FEEDBACK,
                                        written_on=middle, text=rng.choice(MENTOR_FEEDBACK),
                                        mark=None, mentee_profile_id=None))
        if rng.random() < 0.5 and pair.members:
            self.work.notes.append(dict(
                pair_id=pair.id, kind=PairNoteKind.MENTEE_FEEDBACK, written_on=middle,
                text=rng.choice(MENTEE_FEEDBACK), mark=rng.randint(6, 10),
                mentee_profile_id=rng.choice(pair.members).mentee_profile_id))

    def _flush_work(self, programme: Programme) -> None:
        """Write the gathered rows, step the statuses, add the materials and handouts."""
        session, work = self.session, self.work
        session.flush()
        for model, rows in ((Meeting, work.meetings), (MeetingAttendance, work.attendance),
                            (PlanItem, work.plan), (PairNote, work.notes)):
            if rows:
                session.execute(insert(_table(model)), rows)
        pair = MentoringPair.__table__.c
        for rows in work.steps:
            session.execute(
                update(_table(MentoringPair))
                .where(pair.id == bindparam("b_pair"))
                .values(status=bindparam("b_status"), status_changed_on=bindparam("b_on")),
                rows)
        self._materials(programme)

    def _materials(self, programme: Programme) -> None:
        rng = self.rng
        added_on = min(p.formed_on for p in self.pairs if p.formed_on) if self.pairs else \
            self.today
        material_ids: dict[str | None, list[int]] = {}
        for title, code, location in MATERIALS:
            material = Material(programme_id=programme.id, title=title, kind=MaterialKind.LINK,
                                location=location, added_on=added_on,
                                form_id=self.forms[code].id if code else None)
            self.session.add(material)
            self.session.flush()
            material_ids.setdefault(code, []).append(material.id)
        handouts: dict[tuple[int, int], dt.date] = {}
        for p in self.pairs:
            if p.formed_on is None:
                continue
            day = min(self.today, p.formed_on + dt.timedelta(days=rng.randint(0, 3)))
            for material_id in [*material_ids[None], *material_ids.get(p.form.code, [])]:
                handouts.setdefault((material_id, p.mentor_profile_id), day)
        if handouts:
            self.session.execute(insert(_table(MaterialHandout)), [
                dict(material_id=m, mentor_profile_id=mentor, handed_on=day)
                for (m, mentor), day in sorted(handouts.items())])


def _table(model: type[Any]) -> Table:
    """The Core table of a model (plain executemany, no ORM bookkeeping)."""
    return cast(Table, model.__table__)
