-- The signer's own certificate for outgoing documents (issue 19): in the demo (no SIGNING_P12_PATH) a person who
-- signs gets a certificate from the demo CA on their first signature, kept with the other demo keys; the agency's
-- certificate then adds the seal signature. A configured PKCS#12 signs for both, as for the results.
ALTER TABLE signing_keys ADD COLUMN account_id uuid REFERENCES accounts (id) ON DELETE CASCADE;
ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_kind_check;
ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_check;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_kind_check CHECK (kind IN ('ca', 'agency', 'person'));
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_owner_check CHECK (
  (kind = 'ca' AND agency_id IS NULL AND account_id IS NULL)
  OR (kind = 'agency' AND agency_id IS NOT NULL AND account_id IS NULL)
  OR (kind = 'person' AND agency_id IS NULL AND account_id IS NOT NULL));
CREATE UNIQUE INDEX signing_keys_account_key ON signing_keys (account_id) WHERE account_id IS NOT NULL;
