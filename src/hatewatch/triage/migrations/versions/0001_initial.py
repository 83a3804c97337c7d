"""Initial case database: teams, users, cases, history, audit chain.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "team_scopes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "team_id",
            sa.Integer,
            sa.ForeignKey("teams.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.UniqueConstraint("team_id", "kind", "value"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column(
            "team_id",
            sa.Integer,
            sa.ForeignKey("teams.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
    )

    def user_fk(name: str) -> sa.Column:
        return sa.Column(
            name,
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        )

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("message_id", sa.String(300), nullable=False),
        sa.Column("message_url", sa.String(500)),
        sa.Column("conversation_id", sa.String(300)),
        sa.Column("author_pseudonym", sa.String(100)),
        sa.Column("text", sa.Text),
        sa.Column("text_purged_at", sa.DateTime),
        sa.Column("lang", sa.String(10)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("recipient_politician_id", sa.String(200)),
        sa.Column("recipient_name", sa.String(200)),
        sa.Column("recipient_office", sa.String(100)),
        sa.Column("recipient_party", sa.String(100)),
        sa.Column("recipient_level", sa.String(30)),
        sa.Column("recipient_region", sa.String(100)),
        sa.Column("roster", sa.String(100)),
        sa.Column("thread", sa.JSON, nullable=False),
        sa.Column("priority", sa.Float, nullable=False),
        sa.Column("severity", sa.String(200), nullable=False),
        sa.Column("p_threat", sa.Float, nullable=False),
        sa.Column("model_label", sa.String(20)),
        sa.Column("model_version", sa.String(100), nullable=False),
        sa.Column("rules", sa.String(500), nullable=False),
        sa.Column("explanation", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        user_fk("assignee_id"),
        sa.Column("label", sa.String(20)),
        sa.Column("first_label", sa.String(20)),
        user_fk("first_label_by_id"),
        sa.Column("first_label_at", sa.DateTime),
        sa.Column("second_label", sa.String(20)),
        user_fk("second_label_by_id"),
        sa.Column("second_label_at", sa.DateTime),
        sa.Column("second_decision", sa.String(20)),
        sa.Column("escalations", sa.JSON, nullable=False),
        sa.Column("closure_reason", sa.String(20)),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("alerted_at", sa.DateTime),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("platform", "message_id", name="uq_cases_message"),
    )
    op.create_index("ix_cases_queue", "cases", ["status", "priority"])
    op.create_table(
        "case_recipients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("politician_id", sa.String(200), nullable=False),
        sa.Column("relation", sa.String(20)),
        sa.Column("roster", sa.String(100)),
        sa.Column("name", sa.String(200)),
        sa.Column("office", sa.String(100)),
        sa.Column("party", sa.String(100)),
        sa.Column("level", sa.String(30)),
        sa.Column("region", sa.String(100)),
        sa.UniqueConstraint("case_id", "politician_id"),
    )
    op.create_index(
        "ix_case_recipients_scope", "case_recipients", ["roster", "region", "party"]
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime, nullable=False),
        user_fk("actor_id"),
        sa.Column("actor_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20)),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_case_events_case_id", "case_events", ["case_id"])
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("case_id", sa.Integer),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_entries_case_id", "audit_entries", ["case_id"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    # append-only: the database itself refuses to change or delete audit rows
    # (someone with owner rights can drop the trigger; `hatewatch audit
    # verify` then still detects any edit through the hash chain)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entries_no_{event.lower()} "
                f"BEFORE {event} ON audit_entries BEGIN "
                "SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION hatewatch_audit_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'audit_entries is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE "
            "ON audit_entries FOR EACH ROW "
            "EXECUTE FUNCTION hatewatch_audit_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS hatewatch_audit_append_only()")
    for table in (
        "audit_head",
        "audit_entries",
        "case_events",
        "case_recipients",
        "cases",
        "users",
        "team_scopes",
        "teams",
    ):
        op.drop_table(table)
