"""The schema revisions and tables this program knows, readable without importing Alembic.

Tests check that HEAD_REVISION is the head of `data/migrations` and that OUR_TABLES holds every
table of the models.
"""

HEAD_REVISION = "0008_reference_seeds"
KNOWN_REVISIONS = frozenset({"0001_initial", "0002_name_accusative", "0003_pair_work",
                              "0004_questionnaires", "0005_monitoring",
                              "0006_awards", "0007_exchange",
                              "0008_reference_seeds"})

OUR_TABLES = frozenset({
    "alembic_version", "school", "programme", "stage_progress", "person", "mentee_profile",
    "mentor_profile", "mentoring_pair", "pair_mentee", "app_setting", "audit_log", "team_member",
    "programme_form", "programme_role_model", "programme_event", "roadmap_item",
    "mentoring_form", "role_model", "mentee_request", "selection_criterion", "consent",
    "mentee_profile_request", "mentor_profile_request", "mentor_criterion_score",
    "matching_exclusion", "plan_item", "meeting", "meeting_attendance", "questionnaire_template",
    "question", "questionnaire_response", "answer", "swot_entry", "issued_document",
    "certificate", "plan_template", "plan_template_item", "pair_status_change", "pair_note",
    "material", "material_handout", "question_choice", "questionnaire_round", "answer_choice",
    "practice_case", "case_photo", "export_record",
})
"""Every table any revision of «Наставник» has made: a file holding only these (and no revision)
is one of ours whose first start was cut short."""

MARKER_TABLES = frozenset({"person", "programme"})
"""Tables that tell a «Наставник» database (maybe of a newer version) from another program's
database that also uses Alembic."""
