-- The e-form of a procedure version: a JSON Schema (the subset catalog.eform.ts accepts) and presentation
-- hints (labels, hints, widgets, order, prefill sources). NULL means the form generated from the version.
-- Like the rest of a version's content, they are frozen once the version is published.
-- Type json (not jsonb): the order of the properties is the order of the questions and must be kept as written.
ALTER TABLE procedure_versions
  ADD COLUMN form_schema json CHECK (form_schema IS NULL OR json_typeof(form_schema) = 'object'),
  ADD COLUMN form_ui json CHECK (form_ui IS NULL OR json_typeof(form_ui) = 'object');
