-- Editorial workflow: people, their sessions, every saved revision, the audit log, partner sites, and a data
-- version that every content write bumps (cache busting for readers). Times that are compared are Unix seconds
-- (BIGINT); times that are only shown are RFC 3339 text.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    role          TEXT   NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash TEXT   NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    TEXT   NOT NULL,
    updated_at    TEXT   NOT NULL
);

-- Sessions live in the database so that every replica sees the same ones; user_id allows "log out everywhere".
CREATE TABLE sessions (
    id         TEXT   PRIMARY KEY,
    data       TEXT   NOT NULL,
    expires_at BIGINT NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed and successful sign-ins, for rate limits shared by all replicas.
CREATE TABLE login_attempts (
    id      INTEGER PRIMARY KEY,
    at      BIGINT NOT NULL,
    email   TEXT   NOT NULL,
    ip      TEXT   NOT NULL,
    success BIGINT NOT NULL
);
CREATE INDEX login_attempts_by_email ON login_attempts (email, at);
CREATE INDEX login_attempts_by_ip ON login_attempts (ip, at);

CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    item_kind  TEXT   NOT NULL CHECK (item_kind IN ('incident', 'claim')),
    item_id    TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    status     TEXT   NOT NULL,
    doc        TEXT   NOT NULL,
    author_id  BIGINT REFERENCES users (id),
    created_at TEXT   NOT NULL,
    note       TEXT   NOT NULL,
    UNIQUE (item_kind, item_id, version)
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT   NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action   TEXT   NOT NULL,
    target   TEXT,
    detail   TEXT   NOT NULL,
    ip       TEXT
);

CREATE TABLE partners (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    domains    TEXT NOT NULL,
    contact    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT   PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('data_version', 1);

ALTER TABLE incidents ADD COLUMN author_id BIGINT REFERENCES users (id);
ALTER TABLE incidents ADD COLUMN submitted_by BIGINT REFERENCES users (id);
ALTER TABLE incidents ADD COLUMN origin TEXT;
ALTER TABLE claims ADD COLUMN author_id BIGINT REFERENCES users (id);
ALTER TABLE claims ADD COLUMN submitted_by BIGINT REFERENCES users (id);
ALTER TABLE claims ADD COLUMN origin TEXT;
