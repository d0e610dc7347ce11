-- E-form field kinds (issue 15).
-- Officer-only fields of an e-form (`x-officer`: the receipt number, the count of copies…) are filled by staff at the
-- counter's intake or on the officer's dossier page, never by the applicant: their answers are kept beside the
-- applicant's (form_data, validated with the applicant's schema) in their own column.
ALTER TABLE dossiers ADD COLUMN officer_data jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_officer_data_object CHECK (jsonb_typeof(officer_data) = 'object');

-- A document required only in some cases ("nếu có…"): the condition, shown to the applicant; online submission does
-- not require a file for it (dossiers.rules.ts isDocumentRequired).
ALTER TABLE procedure_documents ADD COLUMN condition text;
ALTER TABLE procedure_documents ADD CONSTRAINT procedure_documents_condition_text CHECK (condition IS NULL OR length(condition) BETWEEN 1 AND 500);
