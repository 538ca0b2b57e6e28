-- Which stems the search rows (incidents_fts, claims_fts) were made with: backend/src/search, STEMS_VERSION.
-- Rows indexed before this migration have version 1 (Snowball only). Whenever the recorded version is not the
-- program's own, the program rebuilds every search row on start (Db::migrate → refresh_search_index), so
-- existing databases get Kazakh word forms without a manual step.
INSERT INTO meta (key, value) VALUES ('search_stems', 1);
