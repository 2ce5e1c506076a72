"""The people area: the one place that creates and changes a person.

- `persons` — the one writer of `Person` rows and the ФИО rules every path shares;
- `consent` — who is a minor, the parent's-consent rule, the one writer of `Consent` rows;
- `mentors` — the one writer of `MentorProfile` rows (a person entering the mentor base);
- `mentees` — the one writer of `MenteeProfile` rows (a person entering the mentee base);
- `bases` — the mentee and mentor bases as read models, and taking people out of a base;
- `card` — the person card, read and saved;
- `declension` — the ФИО in the cases documents need;
- `erasure` — erasing people from the school (152-ФЗ) everywhere their data lives; imported as
  `services.people.erasure`, not re-exported here (it calls `services.pairs`, which imports this
  package).

What the screens use is exposed here.
"""

from nastavnik_desktop.services.people.bases import (
    BASE_TABLES,
    BASE_TITLES,
    BaseKind,
    BaseRow,
    MenteeRow,
    MentorRow,
    mentee_base,
    mentor_base,
    people_shown_with,
    remove_from_base,
    status_label,
)
from nastavnik_desktop.services.people.card import (
    PersonCard,
    get_person,
    person_history,
    save_person,
)
from nastavnik_desktop.services.people.consent import (
    CONSENT_STATE_LABELS,
    ConsentInfo,
    ConsentState,
    age_on,
    consent_state,
    is_minor,
    needs_parent_consent,
)
from nastavnik_desktop.services.people.declension import DeclinedName
from nastavnik_desktop.services.people.persons import (
    MAX_EXPERIENCE,
    MAX_NAME_LENGTH,
    NewPerson,
    name_problems,
    sex_mismatch,
    signer_name_problem,
)

__all__ = [
    "BASE_TABLES",
    "BASE_TITLES",
    "CONSENT_STATE_LABELS",
    "MAX_EXPERIENCE",
    "MAX_NAME_LENGTH",
    "BaseKind",
    "BaseRow",
    "ConsentInfo",
    "ConsentState",
    "DeclinedName",
    "MenteeRow",
    "MentorRow",
    "NewPerson",
    "PersonCard",
    "age_on",
    "consent_state",
    "get_person",
    "is_minor",
    "mentee_base",
    "mentor_base",
    "name_problems",
    "needs_parent_consent",
    "people_shown_with",
    "person_history",
    "remove_from_base",
    "save_person",
    "sex_mismatch",
    "signer_name_problem",
    "status_label",
]
