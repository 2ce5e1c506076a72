"""The audit log: one row per user action, written in the same transaction as the change.

`record` notes who made it (`actor`: the login name of the account the program runs under) and
what was done. A summary names no person: a pair is «пара № 12», a person «человек № 345»
(`pairs.rules.pair_number`, `person_number`) — the undo text on the screen may name them, the log
does not, so the log can be shown and exported without personal data.

`audit_lines` is the read model of the «Журнал изменений» tab; `export_audit` writes the lines as
.xlsx (`reports/audit_log.py`) or CSV for `exchange.stick.deliver`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import getpass
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import AuditEntry
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.text import capitalised, format_date

_ACTOR_LENGTH = 100


@functools.cache
def current_actor() -> str:
    """The login name of this account; never fails ("" when the system cannot say)."""
    try:
        name = getpass.getuser()
    except Exception:
        name = os.environ.get("USERNAME", "") or os.environ.get("USER", "")
    return name[:_ACTOR_LENGTH]


def record(session: Session, action: str, entity: str, entity_id: int | None,
           summary: str, **details: Any) -> None:
    session.add(AuditEntry(action=action, entity=entity, entity_id=entity_id, summary=summary,
                           actor=current_actor(),
                           details_json=json.dumps(details, ensure_ascii=False, default=str)))


def person_number(person_id: int | None) -> str:
    """A person as the log names him: by number, never by name."""
    return f"человек № {person_id}" if person_id is not None else "человек"


# --- the read model ------------------------------------------------------------------------

ACTION_LABELS: dict[str, str] = {
    "create": "Создание", "update": "Изменение", "delete": "Удаление",
    "import": "Загрузка из таблицы", "erase": "Удаление данных человека",
    "issue": "Выдача наград или документа", "reissue": "Повторная печать",
    "annul": "Аннулирование наград", "restore": "Восстановление наград",
    "undo": "Отмена действия", "redo": "Повтор действия",
    "assign": "Назначение в пару", "move_mentee": "Перевод наставляемого",
    "move_status": "Статус пары", "close": "Расторжение пары", "reopen": "Возобновление пары",
    "follow_journal": "Статус пары по журналу", "edit_notes": "Заметки о паре",
    "add_meetings": "Встречи: запись", "edit_meeting": "Встречи: изменение",
    "delete_meeting": "Встречи: удаление", "confirm_held": "Встречи: проведены",
    "add_pair_note": "Контроль и отзывы: запись", "edit_pair_note": "Контроль и отзывы: правка",
    "delete_pair_note": "Контроль и отзывы: удаление",
    "plan_add": "План: добавление", "plan_edit": "План: изменение",
    "plan_delete": "План: удаление", "plan_done": "План: выполнение",
    "plan_due": "План: сроки", "plan_fill": "План по шаблону",
    "plan_strengths": "План: сильные стороны",
    "plan_template_rename": "Шаблон плана: название", "plan_template_items": "Шаблон плана",
    "plan_template_copy": "Шаблон плана: копия", "plan_template_hide": "Шаблон плана: скрытие",
    "plan_template_delete": "Шаблон плана: удаление",
    "plan_template_reset": "Шаблон плана: как в методичке",
    "add_exclusions": "Запреты пар", "remove_exclusions": "Запреты пар сняты",
    "matching_rule": "Правило подбора",
    "add_material": "Материалы: ссылка", "add_materials": "Материалы: добавление",
    "attach_materials": "Материалы: прикрепление", "rename_material": "Материалы: название",
    "delete_materials": "Материалы: удаление", "hand_out_materials": "Материалы: выдача",
    "revoke_materials": "Материалы: отмена выдачи",
    "questionnaire_create": "Анкета: создание", "questionnaire_rename": "Анкета: название",
    "questionnaire_scope": "Анкета: кто заполняет",
    "questionnaire_questions": "Анкета: вопросы", "questionnaire_copy": "Анкета: копия",
    "questionnaire_hide": "Анкета: скрытие", "questionnaire_delete": "Анкета: удаление",
    "questionnaire_reset": "Анкета: как в методичке",
    "questionnaire_round_create": "Опрос: назначение",
    "questionnaire_round_edit": "Опрос: изменение",
    "questionnaire_round_delete": "Опрос: удаление",
    "answers_save": "Ответы на анкету", "answers_save_many": "Ответы на анкеты",
    "answers_delete": "Ответы: удаление",
    "swot_add": "SWOT: добавление", "swot_edit": "SWOT: изменение",
    "swot_delete": "SWOT: удаление", "swot_restore": "SWOT: возврат",
    "swot_move": "SWOT: перемещение", "monitoring_conclusions": "Выводы мониторинга",
    "stage6": "Этап 6", "stage7": "Этап 7",
    "reference_rename": "Справочник: название", "reference_hide": "Справочник: скрытие",
    "reference_show": "Справочник: показ", "reference_add": "Справочник: добавление",
    "reference_move": "Справочник: порядок", "reference_delete": "Справочник: удаление",
    "reference_reset": "Справочник: как в методологии",
    "reference_undo": "Справочник: отмена или повтор",
    "app_password_set": "Пароль на вход установлен", "app_password_change": "Пароль изменён",
    "app_password_clear": "Пароль на вход снят", "idle_lock": "Блокировка при бездействии",
}
"""Russian names of the actions; an action not listed here is shown as «Изменение»."""


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, "Изменение")


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: dt.datetime
    """Local time of the computer."""
    action: str
    action_label: str
    entity: str
    entity_id: int | None
    summary: str
    actor: str

    @property
    def at_text(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M}"


def _local(stored: dt.datetime) -> dt.datetime:
    """`at` is written by SQLite's CURRENT_TIMESTAMP, in UTC."""
    return stored.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _stored(day: dt.date) -> dt.datetime:
    """The UTC moment the local `day` begins, as `at` is stored."""
    start = dt.datetime.combine(day, dt.time()).astimezone()
    return start.astimezone(dt.UTC).replace(tzinfo=None)


def audit_lines(db: Database, *, since: dt.date | None = None, until: dt.date | None = None,
                action: str | None = None, actor: str | None = None,
                search: str = "") -> list[AuditLine]:
    """The log's entries, newest first: made on `since` … `until` (local days, both included),
    of one `action`, by one `actor`, with `search` in the summary, the action or the actor
    (letter case ignored)."""
    column = AuditEntry.__table__.c
    query = select(column.id, column.at, column.action, column.entity, column.entity_id,
                   column.summary, column.actor).order_by(column.at.desc(), column.id.desc())
    if since is not None:
        query = query.where(column.at >= _stored(since))
    if until is not None:
        query = query.where(column.at < _stored(until + dt.timedelta(days=1)))
    if action:
        query = query.where(column.action == action)
    if actor is not None:
        query = query.where(column.actor == actor)
    needle = search.strip().casefold()
    with db.reading() as session:
        rows = session.execute(query).all()
    lines = [AuditLine(row.id, _local(row.at), row.action, action_label(row.action), row.entity,
                       row.entity_id, capitalised(row.summary or ""), row.actor or "")
             for row in rows]
    if needle:
        lines = [line for line in lines
                 if needle in f"{line.summary}\n{line.action_label}\n{line.actor}".casefold()]
    return lines


def audit_actors(db: Database) -> list[str]:
    """Who made the entries of the log (for the filter «Кто»)."""
    column = AuditEntry.__table__.c
    with db.reading() as session:
        return sorted(str(name) for name in session.scalars(
            select(column.actor).distinct()))


def audit_actions(db: Database) -> list[tuple[str, str]]:
    """(action, its label) of the entries in the log, by label."""
    column = AuditEntry.__table__.c
    with db.reading() as session:
        actions = session.scalars(select(column.action).distinct()).all()
    return sorted(((action, action_label(action)) for action in actions),
                  key=lambda pair: pair[1])


# --- the export ----------------------------------------------------------------------------

AUDIT_HEADERS = ("№", "Когда", "Кто", "Действие", "Что сделано")


def period_text(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f"С {format_date(since)} по {format_date(until)}"
    if since:
        return f"С {format_date(since)}"
    if until:
        return f"По {format_date(until)}"
    return "За всё время"


def audit_csv(lines: Sequence[AuditLine]) -> bytes:
    """The lines for a spreadsheet: UTF-8 with a BOM, «;» between the columns."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(AUDIT_HEADERS)
    for line in lines:
        writer.writerow((line.id, line.at_text, line.actor, line.action_label,
                         _csv_text(line.summary)))
    return out.getvalue().encode("utf-8-sig")


def _csv_text(text: str) -> str:
    """A text a spreadsheet will not take for a formula (see reports/workbook.py)."""
    from nastavnik_desktop.reports.workbook import looks_like_formula

    return f"'{text}" if looks_like_formula(text) else text


def audit_xlsx(lines: Sequence[AuditLine], path: Path, *, school: str, period: str) -> Path:
    from nastavnik_desktop.reports.audit_log import AuditRow, audit_workbook

    return audit_workbook([AuditRow(line.id, line.at_text, line.actor, line.action_label,
                                    line.summary) for line in lines],
                          path, school=school, period=period)


def audit_file_name(day: dt.date, fmt: str) -> str:
    return f"Журнал изменений {day:%Y-%m-%d}.{fmt}"


def export_audit(db: Database, folder: Path, lines: Sequence[AuditLine], *, fmt: str,
                 school: str, period: str, today: dt.date,
                 now: dt.datetime | None = None) -> Path:
    """Write `lines` as .xlsx or .csv (`fmt`) into `folder` through `exchange.stick.deliver`
    (verified, on the history of exports); the path written."""
    import tempfile

    from nastavnik_desktop.services.exchange import history, stick

    name = audit_file_name(today, fmt)
    notes = f"{period}; записей: {len(lines)}"
    if fmt == "csv":
        return stick.deliver(db, folder, name, audit_csv(lines), kind=history.AUDIT,
                             notes=notes, now=now).path
    with tempfile.TemporaryDirectory(prefix="nastavnik-audit-") as work:
        made = audit_xlsx(lines, Path(work) / "audit.xlsx", school=school, period=period)
        return stick.deliver(db, folder, name, made, kind=history.AUDIT, notes=notes,
                             now=now).path
