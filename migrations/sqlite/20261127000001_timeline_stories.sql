-- Every incident on the timeline, and stories.
--
-- month_lo / month_hi: the first and the last month (YYYY-MM) an incident may have happened in: one month for a
-- date known to the day or month, several for a year or a period ("sometime within", e.g. a digest's six months).
-- Derived from `doc` on every write, like the other columns; here filled in for existing rows from their sort key
-- (which, before periods existed, was the date's).
ALTER TABLE incidents ADD COLUMN month_lo TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN month_hi TEXT NOT NULL DEFAULT '';
UPDATE incidents SET
    month_lo = substr(sort_key, 1, 4) || '-' || CASE WHEN substr(sort_key, 6, 2) = '00' THEN '01' ELSE substr(sort_key, 6, 2) END,
    month_hi = substr(sort_key, 1, 4) || '-' || CASE WHEN substr(sort_key, 6, 2) = '00' THEN '12' ELSE substr(sort_key, 6, 2) END;
CREATE INDEX incidents_by_months ON incidents (status, month_lo, month_hi, category);

-- A story (a court case, a law) links incidents and claims in order, each step with a stage. Stored like the other
-- items: the validated document (shared::StoryInput) plus derived columns. `sort_key` is the latest date among its
-- steps (their own, else their linked item's), kept current by the data layer when a step or a linked item changes.
CREATE TABLE stories (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
    kind         TEXT    NOT NULL,
    stage        TEXT    NOT NULL, -- the last step's stage: where the story stands
    sort_key     TEXT    NOT NULL,
    doc          TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    published_at TEXT,
    author_id    BIGINT REFERENCES users (id),
    submitted_by BIGINT REFERENCES users (id),
    origin       TEXT
);
CREATE INDEX stories_by_status_date ON stories (status, sort_key DESC, id DESC);

CREATE TABLE story_steps (
    story_seq   INTEGER NOT NULL REFERENCES stories (seq) ON DELETE CASCADE,
    position    INTEGER NOT NULL, -- from 1, in the story's order
    stage       TEXT    NOT NULL,
    incident_id TEXT    REFERENCES incidents (id),
    claim_id    TEXT    REFERENCES claims (id),
    sort_key    TEXT,             -- the step's own date, when it has one
    PRIMARY KEY (story_seq, position)
) WITHOUT ROWID;
CREATE INDEX story_steps_by_incident ON story_steps (incident_id, stage, story_seq);
CREATE INDEX story_steps_by_claim ON story_steps (claim_id, stage, story_seq);

CREATE VIRTUAL TABLE stories_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');

-- Revisions of stories too: SQLite cannot change a CHECK constraint, so the table is rebuilt with its rows.
CREATE TABLE revisions_new (
    id         INTEGER PRIMARY KEY,
    item_kind  TEXT   NOT NULL CHECK (item_kind IN ('incident', 'claim', 'story')),
    item_id    TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    status     TEXT   NOT NULL,
    doc        TEXT   NOT NULL,
    author_id  BIGINT REFERENCES users (id),
    created_at TEXT   NOT NULL,
    note       TEXT   NOT NULL,
    UNIQUE (item_kind, item_id, version)
);
INSERT INTO revisions_new (id, item_kind, item_id, version, status, doc, author_id, created_at, note)
    SELECT id, item_kind, item_id, version, status, doc, author_id, created_at, note FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
