"""Numbers of the school's orders: one home for the series, the next free number and the rule
that a number is used once in a calendar year.

A number is a counter with whatever the school writes around it: «45-о» (counter 45, suffix
«-о»), «01-07/12» (prefix «01-07/», counter 12). The next free number of a series is the
highest counter used in the calendar year with the same prefix and suffix, plus one («1» in a
year with none). `series_for` is the one place that says which series an order of a kind
takes: the series the curator set for that kind in the settings (`settings.ORDER_SERIES`,
read nowhere else), or else the pattern of the school's last numbered order of the kinds
without a series of their own.

Numbers are the school's, not a programme's: every numbered document of the database counts
(`NUMBERED_KINDS` — the orders, and the Положение and the programme whose number is that of
the order approving them). The documents of stage 1 of one programme may share a number (the
launch order approves the Положение); any other two documents with one number in one year are
refused with the name of the one that has it.

`resolve` is what `documents` asks before an order is built: the number the curator typed
(checked), or the order of that kind the programme already has (printed again under its
number — not a new document), or the next free one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.models import IssuedDocument, Programme
from nastavnik_desktop.errors import ValidationError

ORDER_KINDS = ("order_launch", "order_pairs", "order_awards")
"""Documents that are orders of the school: each gets a number of its series."""
APPROVED_KINDS = ("regulation", "programme")
"""Documents recorded at stage 1 under the number of the order that approved them."""
NUMBERED_KINDS = ORDER_KINDS + APPROVED_KINDS
"""Every document whose number is a number of the school's orders."""
STAGE1_KINDS = ("order_launch", "regulation", "programme")
"""Within one programme these may carry one number: the launch order approves the others."""

_COUNTER = re.compile(r"(\d+)(?!.*\d)")
# letters a curator types in Latin by mistake in «12-о», «5-од»: compared as Cyrillic
_LOOKALIKES = str.maketrans("aeopcxyk", "аеорсхук")


@dataclass(frozen=True)
class Series:
    """How the numbers of a series read: `prefix` + counter (zero-padded to `width`) +
    `suffix`."""

    prefix: str = ""
    suffix: str = ""
    width: int = 0

    def format(self, counter: int) -> str:
        return f"{self.prefix}{counter:0{self.width}d}{self.suffix}"

    def counter_of(self, number: str) -> int | None:
        """The counter of `number` if it belongs to this series."""
        parsed = parse_number(number)
        if parsed is None or (parsed[0], parsed[2]) != (self.prefix, self.suffix):
            return None
        return parsed[1]


ORDER_KIND_TITLES = {"order_launch": "О запуске программы наставничества",
                     "order_pairs": "О закреплении наставнических пар (групп)",
                     "order_awards": "О награждении"}
"""Each kind of order as the settings name it."""
MAX_WIDTH = 6
_MAX_AFFIX = 20


def checked_series(kind: str, prefix: str, suffix: str, width: int) -> Series:
    """The series the curator typed for `kind`, or a ValidationError saying which part is
    wrong and why: the counter must stay the last digits of the number (`parse_number`)."""
    title = ORDER_KIND_TITLES.get(kind)
    if title is None:
        raise ValidationError(f"Неизвестный вид приказа «{kind}».")
    where = f"Нумерация приказов «{title}»"
    prefix, suffix = prefix.strip(), suffix.strip()
    for part, text in (("начало номера", prefix), ("окончание номера", suffix)):
        if len(text) > _MAX_AFFIX:
            raise ValidationError(f"{where}: {part} — не длиннее {_MAX_AFFIX} знаков.")
        if "№" in text:
            raise ValidationError(f"{where}: {part} без знака «№» — он печатается сам.")
    if any(c.isdigit() for c in suffix):
        raise ValidationError(f"{where}: в окончании номера («{suffix}») не должно быть цифр — "
                              "по последним цифрам номера программа находит порядковый номер.")
    if prefix[-1:].isdigit():
        raise ValidationError(f"{where}: начало номера («{prefix}») не должно кончаться цифрой "
                              "— она слилась бы с порядковым номером; добавьте после неё "
                              "дефис или косую черту («01-07/»).")
    if not 0 <= width <= MAX_WIDTH:
        raise ValidationError(f"{where}: число знаков порядкового номера — от 0 до "
                              f"{MAX_WIDTH} (0 — без ведущих нулей).")
    return Series(prefix, suffix, width)


@dataclass(frozen=True)
class ResolvedNumber:
    """The number an order is printed with, its date, and the register row it already has
    (None: a new document)."""

    number: str
    issued_on: dt.date
    document_id: int | None


def parse_number(number: str) -> tuple[str, int, str, int] | None:
    """(prefix, counter, suffix, width) of a number: its last run of digits is the counter;
    width is kept only when the school pads it with zeros («007»). None without digits."""
    text = tidy(number)
    match = _COUNTER.search(text)
    if match is None:
        return None
    digits = match.group(1)
    width = len(digits) if digits.startswith("0") and len(digits) > 1 else 0
    return text[:match.start()], int(digits), text[match.end():], width


def tidy(number: str) -> str:
    """The number as typed, with its spaces collapsed and «№» dropped."""
    return " ".join(number.replace("№", " ").split())


def same_number(first: str, second: str) -> bool:
    """«12-О» is «12-о», and so is «12-o» typed in Latin."""
    return _key(first) == _key(second)


def series_for(session: Session, kind: str, year: int) -> Series:
    """The series an order of `kind` issued in `year` is numbered in: the one set for `kind`
    in the settings (`settings.ORDER_SERIES`), else the pattern of the school's last numbered
    order of a kind without a series of its own («45-о» → «…-о»), or bare numbers when there
    is none yet."""
    own = settings.load(session, settings.ORDER_SERIES)
    chosen = own.get(kind)
    if chosen is not None:
        return Series(chosen["prefix"], chosen["suffix"], chosen["width"])
    rows = session.execute(select(IssuedDocument.number).where(
        IssuedDocument.kind.in_(NUMBERED_KINDS), IssuedDocument.kind.not_in(list(own)),
        IssuedDocument.number != "").order_by(
        IssuedDocument.issued_on.desc().nulls_last(), IssuedDocument.id.desc())).scalars()
    for number in rows:
        parsed = parse_number(number)
        if parsed is not None:
            prefix, _counter, suffix, width = parsed
            return Series(prefix, suffix, width)
    return Series()


def next_free_number(session: Session, kind: str, day: dt.date) -> str:
    """The next free number of the series of `kind` in the calendar year of `day`."""
    series = series_for(session, kind, day.year)
    used = [series.counter_of(number) for number in _numbers_of_year(session, day.year)]
    return series.format(max((c for c in used if c is not None), default=0) + 1)


def number_holder(session: Session, number: str, day: dt.date, *, kind: str,
                  programme_id: int | None,
                  exclude_id: int | None = None) -> IssuedDocument | None:
    """The document that already has `number` in the calendar year of `day` and may not share
    it with a document of `kind` of the programme (None: the number is free for it)."""
    rows = session.scalars(select(IssuedDocument).where(
        IssuedDocument.kind.in_(NUMBERED_KINDS), IssuedDocument.number != "",
        extract("year", IssuedDocument.issued_on) == day.year).order_by(IssuedDocument.id))
    for row in rows:
        if row.id == exclude_id or not same_number(row.number, number):
            continue
        if row.programme_id == programme_id and kind in STAGE1_KINDS \
                and row.kind in STAGE1_KINDS:
            continue
        return row
    return None


def refusal(session: Session, holder: IssuedDocument, number: str, kind: str,
            day: dt.date) -> str:
    """Why `number` cannot be given: the document that has it, and a free one to take."""
    when = f" от {holder.issued_on:%d.%m.%Y}" if holder.issued_on else ""
    year = ""
    if holder.programme_id is not None:
        programme = session.get(Programme, holder.programme_id)
        year = f" (программа {programme.school_year} учебного года)" if programme else ""
    return (f"Номер {tidy(number)} в {day.year} году уже присвоен документу "
            f"«{holder.title or holder.kind}»{when}{year}. Укажите другой номер, например "
            f"{next_free_number(session, kind, day)}.")


def check_free(session: Session, number: str, day: dt.date, *, kind: str,
               programme_id: int | None, exclude_id: int | None = None) -> None:
    """Refuse (ValidationError) a number another document has in the year of `day`."""
    holder = number_holder(session, number, day, kind=kind, programme_id=programme_id,
                           exclude_id=exclude_id)
    if holder is not None:
        raise ValidationError(refusal(session, holder, number, kind, day))


def number_problem(session: Session, programme_id: int, kind: str, number: str,
                   day: dt.date) -> str | None:
    """What is wrong with `number` typed for an order of `kind` on `day` (None: it will be
    taken — free, or the number of the programme's order of that kind printed again on its
    own date)."""
    if not tidy(number):
        return "Укажите номер приказа: он печатается в реквизитах."
    if parse_number(number) is None:
        return f"В номере «{tidy(number)}» нет цифр: укажите номер приказа, например 12-о."
    row = _registered(session, programme_id, kind, number, day)
    if row is not None:  # that order printed again, with its own date
        if row.issued_on is None or row.issued_on == day:
            return None
        return (f"Приказ № {tidy(number)} уже издан {row.issued_on:%d.%m.%Y} и напечатается "
                f"снова с этой датой: укажите её. Чтобы издать новый приказ, укажите другой "
                f"номер, например {next_free_number(session, kind, day)}.")
    holder = number_holder(session, number, day, kind=kind, programme_id=programme_id)
    return None if holder is None else refusal(session, holder, number, kind, day)


def proposed(session: Session, programme_id: int, kind: str,
             day: dt.date) -> tuple[str, dt.date]:
    """The number and date to offer for an order of `kind`: the programme's order of the kind
    with its own date when it has one, else the next free number on `day`."""
    row = _latest(session, programme_id, kind)
    if row is not None and row.number:
        return row.number, row.issued_on or day
    return next_free_number(session, kind, day), day


def resolve(session: Session, programme_id: int, kind: str, number: str | None,
            day: dt.date | None, *, document_id: int | None = None) -> ResolvedNumber:
    """The number and date an order of `kind` is printed with, and its register row.

    `document_id` (printing a registered order again): its own number and date. A typed
    `number`: that one when free (ValidationError naming the holder otherwise); if it is the
    number of the programme's order of that kind, that order is printed again (with its own
    date). No number: the programme's order of that kind again, or the next free number for
    a first one."""
    if document_id is not None:
        row = session.get(IssuedDocument, document_id)
        if row is None:
            raise ValidationError("Документ не найден в реестре: возможно, его удалили.")
        when = row.issued_on or day or dt.date.today()
        return ResolvedNumber(row.number or next_free_number(session, kind, when), when,
                              row.id)
    if number is not None and tidy(number):
        when = day or dt.date.today()
        row = _registered(session, programme_id, kind, number, day)
        if row is not None:  # that order printed again: its own date
            return ResolvedNumber(row.number, row.issued_on or when, row.id)
        problem = number_problem(session, programme_id, kind, number, when)
        if problem is not None:
            raise ValidationError(problem)
        return ResolvedNumber(tidy(number), when, None)
    row = _latest(session, programme_id, kind)
    if row is not None:
        when = row.issued_on or day or dt.date.today()
        return ResolvedNumber(row.number or next_free_number(session, kind, when), when, row.id)
    when = day or dt.date.today()
    return ResolvedNumber(next_free_number(session, kind, when), when, None)


def recorded_number(session: Session, programme_id: int, kind: str) -> str:
    """The number last recorded for a document of `kind` in the programme, or ""."""
    return session.scalars(select(IssuedDocument.number).where(
        IssuedDocument.programme_id == programme_id, IssuedDocument.kind == kind,
        IssuedDocument.number != "").order_by(IssuedDocument.id.desc())).first() or ""


def _latest(session: Session, programme_id: int, kind: str) -> IssuedDocument | None:
    return session.scalars(select(IssuedDocument).where(
        IssuedDocument.programme_id == programme_id, IssuedDocument.kind == kind).order_by(
        IssuedDocument.id.desc())).first()


def _registered(session: Session, programme_id: int, kind: str, number: str,
                day: dt.date | None) -> IssuedDocument | None:
    """The programme's order of `kind` under `number` (in the year of `day` when given)."""
    rows = session.scalars(select(IssuedDocument).where(
        IssuedDocument.programme_id == programme_id, IssuedDocument.kind == kind).order_by(
        IssuedDocument.id.desc()))
    for row in rows:
        if same_number(row.number, number) and (
                day is None or row.issued_on is None or row.issued_on.year == day.year):
            return row
    return None


def _numbers_of_year(session: Session, year: int) -> list[str]:
    return list(session.scalars(select(IssuedDocument.number).where(
        IssuedDocument.kind.in_(NUMBERED_KINDS), IssuedDocument.number != "",
        extract("year", IssuedDocument.issued_on) == year)))


def _key(number: str) -> str:
    return tidy(number).casefold().translate(_LOOKALIKES).replace(" ", "")
