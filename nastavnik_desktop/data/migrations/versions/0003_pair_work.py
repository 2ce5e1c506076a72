"""Stage 6, the pairs' work: meeting columns, the plan's direction/action/mentee, strengths,
plan templates, the status history, control notes and methodical materials

- `meeting` gets `format`, `content`, `result`, `assignment` (kept before as JSON in `notes` by
  the first journal service — moved out here) and `planned` (scheduled, not yet held);
- `mentoring_pair` gets `status_by_curator` (the journal no longer moves a status the curator
  set) and `notes` (the curator's notes on the pair);
- `pair_mentee` gets `strengths` and `growth_points`;
- `plan_item` gets `direction`, `action` and `mentee_profile_id` (a goal of one mentee);
- new tables `plan_template`/`plan_template_item`, `pair_status_change` (filled by triggers on
  every insert and status update of `mentoring_pair`, so every writer — board, journal, card,
  undo — leaves its trace), `pair_note`, `material`, `material_handout`.

Plain ADD COLUMN only, no table rebuild: dropping `meeting` or `mentoring_pair` to rebuild it
would fire the cascades of their children. The history starts with each existing pair's current
status on the day it took it.

Revision ID: 0003_pair_work
Revises: 0002_name_accusative
Create Date: 2026-12-06 02:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_pair_work"
down_revision = "0002_name_accusative"
branch_labels = None
depends_on = None

_PAIR_STATUS = sa.Enum("formed", "acquaintance", "planning", "working", "results", "completed",
                       "terminated", name="pair_status", native_enum=False,
                       create_constraint=True, length=24)
_PLAN_ITEM_KIND = sa.Enum("goal", "task", name="plan_item_kind", native_enum=False,
                          create_constraint=True, length=24)

STATUS_TRIGGERS = {
    "pair_status_history_insert": "AFTER INSERT ON mentoring_pair",
    "pair_status_history_update":
        "AFTER UPDATE OF status ON mentoring_pair WHEN NEW.status IS NOT OLD.status",
}
_STATUS_TRIGGER_SQL = """
CREATE TRIGGER {name} {event}
BEGIN
    INSERT INTO pair_status_change (pair_id, status, changed_on, by_curator)
    VALUES (NEW.id, NEW.status,
            COALESCE(NEW.status_changed_on, NEW.formed_on, date('now', 'localtime')),
            NEW.status_by_curator);
END
"""


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    op.add_column("meeting", sa.Column(
        "format", sa.Enum("in_person", "remote", name="meeting_format", native_enum=False,
                          create_constraint=False, length=24),
        nullable=False, server_default="in_person"))
    for name in ("content", "result", "assignment"):
        op.add_column("meeting", _text(name))
    op.add_column("meeting", sa.Column("planned", sa.Boolean(), nullable=False,
                                       server_default="0"))
    op.execute("""
        UPDATE meeting SET
            format = CASE json_extract(notes, '$.format') WHEN 'remote' THEN 'remote'
                     ELSE 'in_person' END,
            content = COALESCE(json_extract(notes, '$.content'), ''),
            result = COALESCE(json_extract(notes, '$.result'), ''),
            assignment = COALESCE(json_extract(notes, '$.assignment'), ''),
            notes = ''
        WHERE json_valid(notes) AND json_type(notes) = 'object'
    """)
    op.execute("UPDATE meeting SET content = notes, notes = '' WHERE notes <> ''")

    op.add_column("mentoring_pair", sa.Column("status_by_curator", sa.Boolean(), nullable=False,
                                              server_default="0"))
    op.add_column("mentoring_pair", _text("notes"))
    op.add_column("pair_mentee", _text("strengths"))
    op.add_column("pair_mentee", _text("growth_points"))
    # Nothing refers to plan_item, so it alone may be rebuilt (Alembic's batch mode) to take a
    # foreign key; SQLite has no ALTER for one.
    with op.batch_alter_table("plan_item") as batch:
        batch.add_column(_text("direction"))
        batch.add_column(_text("action"))
        batch.add_column(sa.Column("mentee_profile_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_plan_item_mentee_profile_id_mentee_profile"),
                                 "mentee_profile", ["mentee_profile_id"], ["id"],
                                 ondelete="SET NULL")

    op.create_table(
        "plan_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("role_model_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("is_seeded", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["form_id"], ["mentoring_form.id"],
                                name=op.f("fk_plan_template_form_id_mentoring_form"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["role_model_id"], ["role_model.id"],
                                name=op.f("fk_plan_template_role_model_id_role_model"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_template")),
    )
    op.create_index(op.f("ix_plan_template_form_id"), "plan_template", ["form_id"])
    op.create_table(
        "plan_template_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("kind", _PLAN_ITEM_KIND, nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("direction", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("due_after_days", sa.Integer(), nullable=True),
        sa.CheckConstraint("due_after_days IS NULL OR due_after_days >= 0",
                           name=op.f("ck_plan_template_item_due_after_days_positive")),
        sa.ForeignKeyConstraint(["template_id"], ["plan_template.id"],
                                name=op.f("fk_plan_template_item_template_id_plan_template"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_template_item")),
    )
    op.create_index(op.f("ix_plan_template_item_template_id"), "plan_template_item",
                    ["template_id"])

    op.create_table(
        "pair_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("status", _PAIR_STATUS, nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("by_curator", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["pair_id"], ["mentoring_pair.id"],
                                name=op.f("fk_pair_status_change_pair_id_mentoring_pair"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_status_change")),
    )
    op.create_index(op.f("ix_pair_status_change_pair_id"), "pair_status_change", ["pair_id"])
    op.execute("""
        INSERT INTO pair_status_change (pair_id, status, changed_on, by_curator)
        SELECT id, status, COALESCE(status_changed_on, formed_on, date(created_at)), 0
        FROM mentoring_pair ORDER BY id
    """)
    for name, event in STATUS_TRIGGERS.items():
        op.execute(_STATUS_TRIGGER_SQL.format(name=name, event=event))

    op.create_table(
        "pair_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("intermediate", "mentor_feedback", "mentee_feedback",
                                  name="pair_note_kind", native_enum=False,
                                  create_constraint=True, length=24), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("mark", sa.Integer(), nullable=True),
        sa.Column("mentee_profile_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("mark IS NULL OR mark BETWEEN 1 AND 10",
                           name=op.f("ck_pair_note_mark_range")),
        sa.ForeignKeyConstraint(["pair_id"], ["mentoring_pair.id"],
                                name=op.f("fk_pair_note_pair_id_mentoring_pair"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentee_profile_id"], ["mentee_profile.id"],
                                name=op.f("fk_pair_note_mentee_profile_id_mentee_profile"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_note")),
    )
    op.create_index(op.f("ix_pair_note_pair_id"), "pair_note", ["pair_id"])

    op.create_table(
        "material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.Enum("file", "link", name="material_kind", native_enum=False,
                                  create_constraint=True, length=24), nullable=False),
        sa.Column("location", sa.String(length=2000), nullable=False),
        sa.Column("original_name", sa.String(length=500), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=True),
        sa.Column("role_model_id", sa.Integer(), nullable=True),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"],
                                name=op.f("fk_material_programme_id_programme"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["form_id"], ["mentoring_form.id"],
                                name=op.f("fk_material_form_id_mentoring_form"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["role_model_id"], ["role_model.id"],
                                name=op.f("fk_material_role_model_id_role_model"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pair_id"], ["mentoring_pair.id"],
                                name=op.f("fk_material_pair_id_mentoring_pair"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material")),
    )
    op.create_index(op.f("ix_material_programme_id"), "material", ["programme_id"])
    op.create_index(op.f("ix_material_pair_id"), "material", ["pair_id"])
    op.create_table(
        "material_handout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.Column("mentor_profile_id", sa.Integer(), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["material_id"], ["material.id"],
                                name=op.f("fk_material_handout_material_id_material"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentor_profile_id"], ["mentor_profile.id"],
                                name=op.f("fk_material_handout_mentor_profile_id_mentor_profile"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_handout")),
        sa.UniqueConstraint("material_id", "mentor_profile_id",
                            name=op.f("uq_material_handout_material_id_mentor_profile_id")),
    )
    op.create_index(op.f("ix_material_handout_material_id"), "material_handout",
                    ["material_id"])
    op.create_index(op.f("ix_material_handout_mentor_profile_id"), "material_handout",
                    ["mentor_profile_id"])


def downgrade() -> None:
    for name in STATUS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("material_handout", "material", "pair_note", "pair_status_change",
                  "plan_template_item", "plan_template"):
        op.drop_table(table)
    with op.batch_alter_table("plan_item") as batch:
        batch.drop_constraint(op.f("fk_plan_item_mentee_profile_id_mentee_profile"),
                              type_="foreignkey")
        for column in ("mentee_profile_id", "action", "direction"):
            batch.drop_column(column)
    for table, columns in (("pair_mentee", ("growth_points", "strengths")),
                           ("mentoring_pair", ("notes", "status_by_curator")),
                           ("meeting", ("planned", "assignment", "result", "content",
                                        "format"))):
        for column in columns:
            op.drop_column(table, column)
