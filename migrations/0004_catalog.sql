-- Catalog additions: the file name of a form template is kept even before its file is uploaded
-- (the interchange format carries names, not files), and at most one draft per procedure.
ALTER TABLE procedure_documents ADD COLUMN template_name text CHECK (template_name IS NULL OR length(template_name) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX procedure_versions_one_draft ON procedure_versions (procedure_id) WHERE status = 'draft';
