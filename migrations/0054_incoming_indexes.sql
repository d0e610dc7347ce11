-- Incoming documents: the register by agency and date, the open ones by deadline (reminders, overdue list), search
-- by any field accent-free (pg_trgm over search_text), an assignee's list, the history of one document, and an
-- electronic package received once per agency.
CREATE INDEX incoming_documents_register ON incoming_documents (agency_id, received_at DESC);
CREATE INDEX incoming_documents_open_deadline ON incoming_documents (deadline_at) WHERE status IN ('assigned', 'in_progress');
CREATE INDEX incoming_documents_search ON incoming_documents USING gin (search_text gin_trgm_ops);
CREATE UNIQUE INDEX incoming_documents_package ON incoming_documents (agency_id, package_id) WHERE package_id IS NOT NULL;
CREATE INDEX incoming_assignees_account ON incoming_assignees (account_id, incoming_id);
CREATE INDEX incoming_events_document ON incoming_events (incoming_id, id);
