"""Pairs and groups: the one home of their rules and their writes.

- `rules`: what «at work» means for a pair and a mentee, and the hard rules every writer checks;
- `writer`: the rows — a new pair or group with its mentees, joining and leaving a pair;
- `moves`: the curator's moves on the board, each one transaction (status, close, reopen, move a
  mentee, give a mentee a mentor);
- `history`: what a move changed, to undo and redo it exactly;
- `board`: what the board «Пары и группы» shows (frozen records);
- `card`: the pair card's header and the curator's writes from it (status by hand, notes);
- `journal`: the meeting journal of a pair — many meetings at once, edits and deletions (undoable
  like moves), the status following the journal, the pairs silent for weeks.

The board page and the wizards use the names below; matching (`services.matching.apply`) writes
its proposals through `writer.create_pair`.
"""

from nastavnik_desktop.services.pairs.board import (
    BOARD_STATUSES,
    BOARD_TABLES,
    CardMentee,
    MentorOption,
    PairCard,
    UnmatchedMentee,
    board,
    mentor_options,
    pairs_touched,
    silent_weeks,
    stepped,
    unmatched_mentees,
    with_cards_read,
)
from nastavnik_desktop.services.pairs.card import (
    PairCardData,
    PersonPair,
    edit_notes,
    follow_journal_again,
    pair_card,
    person_pairs,
    set_status_by_curator,
)
from nastavnik_desktop.services.pairs.history import BoardChange, redo, undo
from nastavnik_desktop.services.pairs.journal import (
    MEETING_CYCLE,
    MEETING_FORMAT_LABELS,
    Attendance,
    Journal,
    MeetingEntry,
    MeetingFormat,
    MeetingRecord,
    SilentPair,
    add_meetings,
    confirm_held,
    delete_meeting,
    delete_meetings,
    edit_meeting,
    journal,
    silent_pairs,
)
from nastavnik_desktop.services.pairs.moves import (
    assign_to_mentor,
    close_pair,
    move_mentee,
    move_status,
    reopen_pair,
)
from nastavnik_desktop.services.pairs.rules import ACTIVE_STATUSES

__all__ = [
    "ACTIVE_STATUSES",
    "BOARD_STATUSES",
    "BOARD_TABLES",
    "MEETING_CYCLE",
    "MEETING_FORMAT_LABELS",
    "Attendance",
    "BoardChange",
    "CardMentee",
    "Journal",
    "MeetingEntry",
    "MeetingFormat",
    "MeetingRecord",
    "MentorOption",
    "PairCard",
    "PairCardData",
    "PersonPair",
    "SilentPair",
    "UnmatchedMentee",
    "add_meetings",
    "assign_to_mentor",
    "board",
    "close_pair",
    "confirm_held",
    "delete_meeting",
    "delete_meetings",
    "edit_meeting",
    "edit_notes",
    "follow_journal_again",
    "journal",
    "mentor_options",
    "move_mentee",
    "move_status",
    "pair_card",
    "pairs_touched",
    "person_pairs",
    "redo",
    "reopen_pair",
    "set_status_by_curator",
    "silent_pairs",
    "silent_weeks",
    "stepped",
    "undo",
    "unmatched_mentees",
    "with_cards_read",
]
