"""Why the growth figures are missing on a date — no entry or exit round held yet, or nobody
answered it: one rule (`gap_note`), worded by each reader (`SCREEN_GAPS` for the window and
the CLI, the report's own for paper)."""

from __future__ import annotations

from typing import NamedTuple


class GapTexts(NamedTuple):
    """The sentences of `gap_note`: neither round held; no entry round, no entry answers; no
    exit round, no exit answers; the exit side taken from an intermediate round."""

    no_rounds: str
    no_entry_round: str
    no_entry_answers: str
    no_exit_round: str
    no_exit_answers: str
    interim: str
    """No exit round yet: the exit side is the intermediate rounds' (`Growth.interim`)."""


SCREEN_GAPS = GapTexts(
    no_rounds=("Входной и итоговый опросы ещё не проводились: средние баллы и их изменение "
               "считаются по ответам на анкеты опросов (вкладка «Опросы»)."),
    no_entry_round="Входной опрос не проводился: изменение баллов посчитать не с чем.",
    no_entry_answers="На входной опрос ещё никто не ответил.",
    no_exit_round=("Итоговый опрос ещё не проводился: видны только ожидания участников, "
                   "изменение считается по итоговым анкетам."),
    no_exit_answers="На итоговый опрос ещё никто не ответил.",
    interim=("Итогового опроса ещё не было: «итоговая» оценка и изменение здесь — по "
             "промежуточному опросу, то есть результат на сегодня."))


def gap_note(texts: GapTexts, *, entry_rounds: int, exit_rounds: int, entry_respondents: int,
             exit_respondents: int, interim: bool = False) -> str:
    """Why the entry → exit changes are missing, in the words of `texts` («» when entry and
    exit rounds have answers); `interim`: the exit side is an intermediate round's."""
    if entry_rounds == 0 and exit_rounds == 0:
        return texts.no_rounds
    parts = []
    if entry_rounds == 0:
        parts.append(texts.no_entry_round)
    elif entry_respondents == 0:
        parts.append(texts.no_entry_answers)
    if interim and exit_respondents:
        parts.append(texts.interim)
    elif exit_rounds == 0:
        parts.append(texts.no_exit_round)
    elif exit_respondents == 0:
        parts.append(texts.no_exit_answers)
    return " ".join(parts)
