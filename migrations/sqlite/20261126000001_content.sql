-- Incidents and claims are stored as their validated JSON document (`doc`, the shared crate's IncidentInput /
-- ClaimInput) plus the columns that filters, facets and ordering need. The columns are derived from `doc` on every
-- write by the data layer; nothing else writes them.

CREATE TABLE incidents (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
    category     TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    region       TEXT,
    date_lo      TEXT    NOT NULL, -- first day the date can mean, YYYY-MM-DD
    date_hi      TEXT    NOT NULL, -- last day of the span, 9999-12-31 when ongoing
    sort_key     TEXT    NOT NULL, -- PartialDate::sort_key: YYYY-MM-DD with 00 for unknown parts
    doc          TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    published_at TEXT
);
CREATE INDEX incidents_by_status_date ON incidents (status, sort_key DESC, id DESC);

CREATE TABLE incident_platforms (
    incident_seq INTEGER NOT NULL REFERENCES incidents (seq) ON DELETE CASCADE,
    platform     TEXT    NOT NULL,
    PRIMARY KEY (incident_seq, platform)
) WITHOUT ROWID;
CREATE INDEX incident_platforms_by_platform ON incident_platforms (platform, incident_seq);

CREATE TABLE claims (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
    category     TEXT    NOT NULL,
    verdict      TEXT    NOT NULL, -- a verdict's name, or 'unrated'
    date_lo      TEXT    NOT NULL,
    date_hi      TEXT    NOT NULL,
    sort_key     TEXT    NOT NULL,
    doc          TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    published_at TEXT
);
CREATE INDEX claims_by_status_date ON claims (status, sort_key DESC, id DESC);

CREATE TABLE claim_incidents (
    claim_seq   INTEGER NOT NULL REFERENCES claims (seq) ON DELETE CASCADE,
    incident_id TEXT    NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (claim_seq, incident_id)
) WITHOUT ROWID;
CREATE INDEX claim_incidents_by_incident ON claim_incidents (incident_id, claim_seq);

-- Full-text search over stemmed text (see backend/src/search.rs); rowid = incidents.seq / claims.seq.
CREATE VIRTUAL TABLE incidents_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE claims_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
