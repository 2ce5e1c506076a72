"""The questions the board asks before a mentee is moved or given a mentor: which mentee of a
group and where to, which mentor with a free place, which of the best-suited mentors. Each
returns the curator's choice (None when cancelled or nothing fits, said in a message); the board
then makes the move, so it can be undone."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services.matching import run as match_run
from nastavnik_desktop.services.pairs import PairCard, UnmatchedMentee
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.mentor_choice import MentorChoiceDialog

TO_BASE = "В базу — без наставника"


def target_label(card: PairCard) -> str:
    mentees = ", ".join(m.short_name for m in card.mentees) or "нет наставляемых"
    return (f"{card.mentor_short_name} — {PAIR_STATUS_LABELS[card.status]} "
            f"({mentees}; мест: {card.capacity})")


def ask_mentee_move(parent: QWidget, card: PairCard,
                    cards: Sequence[PairCard]) -> tuple[int, int | None] | None:
    """Which mentee of `card` goes to which active pair of the same form (None: to the base):
    (mentee profile id, pair id or None)."""
    if not card.mentees or not card.is_active:
        return None
    mentee = card.mentees[0]
    if len(card.mentees) > 1:
        names = [f"{m.short_name}, {m.place}" if m.place else m.short_name
                 for m in card.mentees]
        chosen, ok = QInputDialog.getItem(parent, "Перенести наставляемого",
                                          "Кого перенести:", names, 0, False)
        if not ok:
            return None
        mentee = card.mentees[names.index(chosen)]
    targets = [c for c in cards if c.is_active and c.form_id == card.form_id and c.id != card.id]
    labels = [TO_BASE, *(target_label(c) for c in targets)]
    chosen, ok = QInputDialog.getItem(parent, "Перенести наставляемого",
                                      f"Куда перенести: {mentee.short_name}?", labels, 0, False)
    if not ok:
        return None
    index = labels.index(chosen)
    return mentee.mentee_profile_id, None if index == 0 else targets[index - 1].id


def ask_mentor(parent: QWidget, db: Database, mentee: UnmatchedMentee) -> int | None:
    """An admitted mentor of the mentee's form with a free place: his profile id."""
    options = messages.guarded(parent, lambda: pairs_service.mentor_options(
        db, mentee.mentee_profile_id))
    if options is None:
        return None
    if not options:
        messages.show_info(parent, f"Для наставляемого {mentee.short_name} нет допущенного "
                           "наставника той же формы со свободным местом.")
        return None
    labels = [f"{o.short_name}{', ' + o.place if o.place else ''} — свободно мест: "
              f"{o.free_places}" for o in options]
    chosen, ok = QInputDialog.getItem(parent, "Назначить наставника",
                                      f"Наставник для: {mentee.short_name}", labels, 0, False)
    return options[labels.index(chosen)].mentor_profile_id if ok else None


def ask_suggested_mentor(parent: QWidget, db: Database, programme_id: int,
                         mentee: UnmatchedMentee) -> int | None:
    """One of the mentors ranked by compatibility with the mentee: his profile id."""
    suggestions = messages.guarded(parent, lambda: match_run.suggest_mentors(
        db, programme_id, mentee.mentee_profile_id))
    if suggestions is None:
        return None
    if not suggestions:
        messages.show_info(parent, f"Для наставляемого {mentee.short_name} нет допущенного "
                           "наставника той же формы со свободным местом, с которым пара "
                           "разрешена. Назначить наставника можно вручную (Ctrl+Enter).")
        return None
    place = f", {mentee.place}" if mentee.place else ""
    dialog = MentorChoiceDialog(
        "Предложить наставника",
        f"Наставляемый: {mentee.name}{place}. Лучшие по совместимости наставники со "
        "свободным местом (веса — как в последнем подборе пар):", suggestions, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.chosen()
    return None if chosen is None else chosen.mentor_profile_id
