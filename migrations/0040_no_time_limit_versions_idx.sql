-- The versions without a statutory time limit (0038), found without reading every version: the handling report
-- counts their dossiers apart, and skips reading dossiers at all when there is none (reports.repository.ts).
CREATE INDEX procedure_versions_no_time_limit_idx ON procedure_versions (id) WHERE no_time_limit;
