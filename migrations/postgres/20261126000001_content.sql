-- PostgreSQL twin of migrations/sqlite/20261126000001_content.sql: same tables, same columns, same meaning.
-- Ids and sort keys use the "C" collation so that ordering (and keyset paging) is byte order, as in SQLite.

CREATE TABLE incidents (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    status       TEXT   NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
    category     TEXT   NOT NULL,
    kind         TEXT   NOT NULL,
    region       TEXT,
    date_lo      TEXT COLLATE "C" NOT NULL,
    date_hi      TEXT COLLATE "C" NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL,
    doc          TEXT   NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    published_at TEXT
);
CREATE INDEX incidents_by_status_date ON incidents (status, sort_key DESC, id DESC);

CREATE TABLE incident_platforms (
    incident_seq BIGINT NOT NULL REFERENCES incidents (seq) ON DELETE CASCADE,
    platform     TEXT   NOT NULL,
    PRIMARY KEY (incident_seq, platform)
);
CREATE INDEX incident_platforms_by_platform ON incident_platforms (platform, incident_seq);

CREATE TABLE claims (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    status       TEXT   NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
    category     TEXT   NOT NULL,
    verdict      TEXT   NOT NULL,
    date_lo      TEXT COLLATE "C" NOT NULL,
    date_hi      TEXT COLLATE "C" NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL,
    doc          TEXT   NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    published_at TEXT
);
CREATE INDEX claims_by_status_date ON claims (status, sort_key DESC, id DESC);

CREATE TABLE claim_incidents (
    claim_seq   BIGINT NOT NULL REFERENCES claims (seq) ON DELETE CASCADE,
    incident_id TEXT COLLATE "C" NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (claim_seq, incident_id)
);
CREATE INDEX claim_incidents_by_incident ON claim_incidents (incident_id, claim_seq);

-- Full-text search over the same stemmed words as SQLite (backend/src/search.rs), stored as lexemes directly
-- (array_to_tsvector), so results do not depend on the server's text-search parser or locale.
CREATE TABLE incidents_fts (
    rowid BIGINT PRIMARY KEY REFERENCES incidents (seq) ON DELETE CASCADE,
    body  TSVECTOR NOT NULL
);
CREATE INDEX incidents_fts_body ON incidents_fts USING GIN (body);

CREATE TABLE claims_fts (
    rowid BIGINT PRIMARY KEY REFERENCES claims (seq) ON DELETE CASCADE,
    body  TSVECTOR NOT NULL
);
CREATE INDEX claims_fts_body ON claims_fts USING GIN (body);
