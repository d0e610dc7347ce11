-- The officers' queues read the open dossiers (statuses 1, 2, 4, 5, 6 and 9: not yet received, in handling,
-- waiting on the applicant, result ready) of an agency subtree, nearest due date first. A year of an agency holds
-- ~100,000 dossiers of which a few thousand are open: a partial index keeps the queue off the full table.
CREATE INDEX dossiers_open_idx ON dossiers (agency_id, due_at) WHERE status IN (1, 2, 4, 5, 6, 9);
