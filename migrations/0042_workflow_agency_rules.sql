-- Liên thông targets resolved at run time (issue 15): a workflow step may carry an agency RULE instead of a fixed
-- agency (handling.routing.ts). NULL: the step's agency is fixed as before (workflow_steps.agency_id, NULL = the
-- dossier's own agency); otherwise one of
--   {"kind": "eform_address", "field": "landAddress"}  the agency whose administrative unit is the commune of that
--                                                       address field of the dossier's e-form data;
--   {"kind": "eform_option", "field": "district", "options": [{"value": "a", "agencyCode": "H59.20.01.01"}, …]}
--                                                       the agency mapped to the option chosen in that field.
-- A rule step has no fixed agency.
ALTER TABLE workflow_steps
  ADD COLUMN agency_rule jsonb,
  ADD CONSTRAINT workflow_steps_agency_rule_check CHECK (
    agency_rule IS NULL
    OR (jsonb_typeof(agency_rule) = 'object' AND agency_rule ->> 'kind' IN ('eform_address', 'eform_option') AND agency_id IS NULL)
  );

-- The administrative unit an agency serves: the five-digit code of the General Statistics Office of its commune
-- (xã, phường, đặc khu; address_communes.code, the official list of 1 July 2025). At most one active agency per unit.
ALTER TABLE agencies
  ADD COLUMN admin_unit_code text CHECK (admin_unit_code ~ '^[0-9]{5}$');
CREATE UNIQUE INDEX agencies_admin_unit_idx ON agencies (admin_unit_code) WHERE active AND admin_unit_code IS NOT NULL;
