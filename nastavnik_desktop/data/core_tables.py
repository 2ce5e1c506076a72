"""The columns read before the ORM is loaded, as lightweight Core table clauses.

The first screen («Обзор» with its figures, the programme in the status bar, whether the file is
the demo school) and the settings are read with these: importing the ORM and the mapped classes
costs ~75 ms, the larger part of the start-up budget (benchmarks/startup.py), so the window
is shown first and the models load afterwards (ui/warmup.py). The schema itself lives in the
mapped classes (`core_models.py`, `models.py`); each clause here names only the columns its
readers use, and tests/unit/data/test_core_tables.py holds them to the mapped tables (names and
types), so a renamed or retyped column fails there and not on a curator's screen.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, Integer, String, Text, column, table

school = table(
    "school",
    column("id", Integer), column("full_name", String), column("short_name", String),
)
programme = table(
    "programme",
    column("id", Integer), column("school_id", Integer), column("school_year", String),
    column("status", String),
)
stage_progress = table(
    "stage_progress",
    column("programme_id", Integer), column("stage", Integer), column("status", String),
)
person = table(
    "person",
    column("id", Integer), column("category", String), column("archived", Boolean),
    column("archived_on", Date), column("class_name", String), column("birth_date", Date),
    column("position", String), column("subject", String), column("experience_years", Integer),
)
mentee_profile = table(
    "mentee_profile",
    column("id", Integer), column("programme_id", Integer), column("person_id", Integer),
)
mentor_profile = table(
    "mentor_profile",
    column("id", Integer), column("programme_id", Integer), column("person_id", Integer),
    column("status", String),
)
mentoring_pair = table(
    "mentoring_pair",
    column("id", Integer), column("programme_id", Integer), column("status", String),
    column("formed_on", Date), column("ended_on", Date), column("status_changed_on", Date),
    column("mentor_profile_id", Integer), column("form_id", Integer),
)
meeting = table(
    "meeting",
    column("id", Integer), column("pair_id", Integer), column("held_on", Date),
    column("planned", Boolean),
)
pair_mentee = table(
    "pair_mentee",
    column("id", Integer), column("pair_id", Integer), column("mentee_profile_id", Integer),
    column("joined_on", Date), column("left_on", Date),
)
roadmap_item = table(
    "roadmap_item",
    column("id", Integer), column("programme_id", Integer), column("stage", Integer),
    column("sort_order", Integer), column("title", Text), column("due_on", Date),
    column("done_on", Date), column("responsible_text", String),
)
app_setting = table(
    "app_setting",
    column("key", String), column("value_json", Text),
)

ALL = (school, programme, stage_progress, person, mentee_profile, mentor_profile,
       mentoring_pair, meeting, pair_mentee, roadmap_item, app_setting)
