-- Feedback: the officers' inbox by agency, the reminder job, the public list of published answers and the
-- Decision 766 count of dossiers with complaints (by the dossier's agency and the month received).
CREATE INDEX feedback_agency_status ON feedback (agency_id, status, due_at);
CREATE INDEX feedback_open_due ON feedback (due_at) WHERE status IN ('received', 'assigned');
CREATE INDEX feedback_published ON feedback (published_at DESC) WHERE status = 'published';
CREATE INDEX feedback_complaints ON feedback (received_at, dossier_id) WHERE is_complaint AND dossier_id IS NOT NULL;
CREATE INDEX feedback_dossier ON feedback (dossier_id) WHERE dossier_id IS NOT NULL;
