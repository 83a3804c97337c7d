"""The message store: an embedded DuckDB file (placeholder: schema only)."""

from __future__ import annotations

#: The store's tables. Timestamps are naive UTC. This DDL is the contract
#: between collectors, scoring, exposure analysis and reports.
SCHEMA = """
CREATE TABLE IF NOT EXISTS roster_people (
    roster          VARCHAR NOT NULL,   -- roster name, e.g. 'tk2021'
    politician_id   VARCHAR NOT NULL,   -- stable id, unique within the roster
    name            VARCHAR NOT NULL,
    gender          VARCHAR NOT NULL,   -- female | male | other | unknown
    PRIMARY KEY (roster, politician_id)
);
CREATE TABLE IF NOT EXISTS roster_spells (
    roster          VARCHAR NOT NULL,
    politician_id   VARCHAR NOT NULL,
    office          VARCHAR NOT NULL,   -- controlled vocabulary, roster.OFFICES
    level           VARCHAR NOT NULL,   -- national | provincial | municipal | water_board | eu
    party           VARCHAR,
    region          VARCHAR,            -- municipality or province
    start_date      DATE,
    end_date        DATE                -- NULL: still in office
);
CREATE TABLE IF NOT EXISTS roster_handles (
    roster          VARCHAR NOT NULL,
    politician_id   VARCHAR NOT NULL,
    platform        VARCHAR NOT NULL,   -- twitter | bluesky | mastodon
    handle          VARCHAR NOT NULL,   -- lower case, no leading @
    PRIMARY KEY (roster, platform, handle)
);
CREATE TABLE IF NOT EXISTS messages (
    platform          VARCHAR NOT NULL,
    message_id        VARCHAR NOT NULL,
    conversation_id   VARCHAR,
    created_at        TIMESTAMP NOT NULL,
    author_id         VARCHAR NOT NULL, -- keyed HMAC, never the raw id
    text              VARCHAR,          -- NULL once purged
    lang              VARCHAR,
    in_reply_to       VARCHAR,
    collector         VARCHAR NOT NULL,
    collector_version VARCHAR NOT NULL,
    query             VARCHAR,
    retrieved_at      TIMESTAMP NOT NULL,
    text_purged_at    TIMESTAMP,
    PRIMARY KEY (platform, message_id)
);
CREATE TABLE IF NOT EXISTS message_recipients (
    platform        VARCHAR NOT NULL,
    message_id      VARCHAR NOT NULL,
    politician_id   VARCHAR NOT NULL,
    relation        VARCHAR NOT NULL,   -- mention | reply | quote
    PRIMARY KEY (platform, message_id, politician_id, relation)
);
CREATE TABLE IF NOT EXISTS scores (
    platform        VARCHAR NOT NULL,
    message_id      VARCHAR NOT NULL,
    model_version   VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,   -- hate | threat | neutral
    p_hate          DOUBLE NOT NULL,
    p_threat        DOUBLE NOT NULL,
    p_neutral       DOUBLE NOT NULL,
    scored_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (platform, message_id, model_version)
);
CREATE TABLE IF NOT EXISTS collection_runs (
    run_id            VARCHAR PRIMARY KEY,
    collector         VARCHAR NOT NULL,
    collector_version VARCHAR NOT NULL,
    query             VARCHAR,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL, -- running | finished | failed | interrupted
    n_messages        BIGINT NOT NULL DEFAULT 0,
    checkpoint        VARCHAR           -- JSON; collectors resume from the last one
);
"""
