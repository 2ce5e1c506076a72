"""The reference lists the curator edits in «Настройки → Справочники»: the forms of mentoring,
the role models of each form, the mentees' requests (pupils' and teachers') and the selection
criteria of mentors.

One home for them:

- **What is offered** for a new choice: `forms_offered`, `role_models_offered`,
  `requests_offered`, `criteria_offered` — the visible items in the curator's order under
  their current names, plus the items given in `keep` (already chosen where the caller shows
  them), even when hidden. Every wizard, page and paper that offers these lists calls them.
- **The editor's read model** (`read_list`): each item with «из методологии», its
  methodology wording, whether it is hidden and what uses it (counted through every foreign key
  pointing at the list's table, so a new table that refers to a list is counted without a
  change here).
- **The writes**, each one transaction with `audit.record`: rename, hide/show, add, move,
  delete (only an added item nothing uses — a seeded item is never deleted: the seeding at
  every open, `data/reference.py`, would bring it back), and «вернуть как в методологии»
  (`restore_methodology`). Each write returns the list's state before and after
  (`ListState`); `put_state` writes a state back — the undo and the redo of every change.

A name may not repeat another item's name in the same list, nor the methodology's wording of
another item: «вернуть как в методологии» gives every seeded item its wording back, and the
seeding knows an item by either name.
"""

from nastavnik_desktop.services.reference_lists.read import (
    CRITERIA,
    FORMS,
    NAME_LIMIT,
    PUPIL_REQUESTS,
    TEACHER_REQUESTS,
    ListKind,
    ListRef,
    ReferenceItem,
    ReferenceList,
    criteria_offered,
    forms_offered,
    item_order,
    list_title,
    read_list,
    requests_offered,
    role_models_of,
    role_models_offered,
    uses_text,
)
from nastavnik_desktop.services.reference_lists.writes import (
    Change,
    ItemState,
    ListState,
    RestorePlan,
    add_item,
    delete_item,
    move_item,
    put_state,
    rename_item,
    restore_methodology,
    restore_plan,
    set_hidden,
)

__all__ = [
    "CRITERIA", "FORMS", "NAME_LIMIT", "PUPIL_REQUESTS", "TEACHER_REQUESTS",
    "Change", "ItemState", "ListKind", "ListRef", "ListState", "ReferenceItem", "ReferenceList",
    "RestorePlan", "add_item", "criteria_offered", "delete_item", "forms_offered", "item_order",
    "list_title", "move_item", "put_state", "read_list", "rename_item", "requests_offered",
    "restore_methodology", "restore_plan", "role_models_of", "role_models_offered",
    "set_hidden", "uses_text",
]
