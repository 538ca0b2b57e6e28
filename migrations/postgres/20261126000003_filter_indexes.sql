-- Indexes for the readers' filters and facet counts (measured with 10,000 incidents: see BENCHMARKS.md).
CREATE INDEX incidents_by_category ON incidents (status, category, sort_key DESC, id DESC);
CREATE INDEX incidents_by_kind ON incidents (status, kind);
CREATE INDEX incidents_by_region ON incidents (status, region);
CREATE INDEX claims_by_category ON claims (status, category, sort_key DESC, id DESC);
CREATE INDEX claims_by_verdict ON claims (status, verdict);
