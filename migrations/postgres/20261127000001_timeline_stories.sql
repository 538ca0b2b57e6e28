-- PostgreSQL twin of migrations/sqlite/20261127000001_timeline_stories.sql: every incident on the timeline
-- (month_lo / month_hi), and stories.
ALTER TABLE incidents ADD COLUMN month_lo TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN month_hi TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE incidents SET
    month_lo = substr(sort_key, 1, 4) || '-' || CASE WHEN substr(sort_key, 6, 2) = '00' THEN '01' ELSE substr(sort_key, 6, 2) END,
    month_hi = substr(sort_key, 1, 4) || '-' || CASE WHEN substr(sort_key, 6, 2) = '00' THEN '12' ELSE substr(sort_key, 6, 2) END;
CREATE INDEX incidents_by_months ON incidents (status, month_lo, month_hi, category);

CREATE TABLE stories (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    status       TEXT   NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
    kind         TEXT   NOT NULL,
    stage        TEXT   NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL,
    doc          TEXT   NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    published_at TEXT,
    author_id    BIGINT REFERENCES users (id),
    submitted_by BIGINT REFERENCES users (id),
    origin       TEXT
);
CREATE INDEX stories_by_status_date ON stories (status, sort_key DESC, id DESC);

CREATE TABLE story_steps (
    story_seq   BIGINT NOT NULL REFERENCES stories (seq) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    stage       TEXT   NOT NULL,
    incident_id TEXT COLLATE "C" REFERENCES incidents (id),
    claim_id    TEXT COLLATE "C" REFERENCES claims (id),
    sort_key    TEXT COLLATE "C",
    PRIMARY KEY (story_seq, position)
);
CREATE INDEX story_steps_by_incident ON story_steps (incident_id, stage, story_seq);
CREATE INDEX story_steps_by_claim ON story_steps (claim_id, stage, story_seq);

CREATE TABLE stories_fts (
    rowid BIGINT PRIMARY KEY REFERENCES stories (seq) ON DELETE CASCADE,
    body  TSVECTOR NOT NULL
);
CREATE INDEX stories_fts_body ON stories_fts USING GIN (body);

ALTER TABLE revisions DROP CONSTRAINT revisions_item_kind_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_item_kind_check CHECK (item_kind IN ('incident', 'claim', 'story'));
