-- A change to a published item waits here until a second person publishes it: readers keep `doc` until then.
-- `pending_by` proposed it (and so may not publish it); the editors' form shows `pending_doc`.
ALTER TABLE incidents ADD COLUMN pending_doc TEXT;
ALTER TABLE incidents ADD COLUMN pending_by BIGINT REFERENCES users (id);
ALTER TABLE incidents ADD COLUMN pending_at TEXT;
ALTER TABLE claims ADD COLUMN pending_doc TEXT;
ALTER TABLE claims ADD COLUMN pending_by BIGINT REFERENCES users (id);
ALTER TABLE claims ADD COLUMN pending_at TEXT;
ALTER TABLE stories ADD COLUMN pending_doc TEXT;
ALTER TABLE stories ADD COLUMN pending_by BIGINT REFERENCES users (id);
ALTER TABLE stories ADD COLUMN pending_at TEXT;
