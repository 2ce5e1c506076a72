"""The person card's «История в программе по годам» as rich text: each school year the person
took part in (`people.person_history`), the latest first — role, form, pair or group with its
partners (a link with the pair's id), status, result, awards."""

from __future__ import annotations

import html
from collections.abc import Sequence

from nastavnik_desktop.services.people.card import MENTEE_ROLE, HistoryYear


def history_html(history: Sequence[HistoryYear]) -> str:
    """The years of `history` as the card shows them (rich text, a link per pair)."""
    blocks = []
    for year in history:
        lines = [f"<b>{year.school_year}</b>" + (" (архив)" if year.archived else "")]
        for part in year.parts:
            what = [part.role]
            if part.form:
                what.append(html.escape(part.form))
            if part.pair_id is not None:
                pair = f'<a href="{part.pair_id}">{html.escape(part.pair)}</a>'
                if part.partners:
                    who = "наставник" if part.role == MENTEE_ROLE else (
                        "наставляемые" if len(part.partners) > 1 else "наставляемый")
                    names = ", ".join(html.escape(name).replace(" ", "&nbsp;")
                                      for name in part.partners)
                    pair += f", {who}: {names}"
                what.append(pair)
            else:
                what.append("в базе, без пары")
            what.append(html.escape(part.status))
            lines.append(" · ".join(what))
            if part.result:
                lines.append(f"Результат: {html.escape(part.result)}")
        if year.awards:
            awards = html.escape('; '.join(year.awards)).replace('№ ', '№&nbsp;')
            lines.append(f"Награды: {awards}")
        blocks.append("<br>".join(lines))
    return "<br><br>".join(blocks)
