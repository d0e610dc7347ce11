-- The language an account reads its e-mail, SMS and in-app notifications in (issue 11): set at registration from
-- the request's negotiated language, changed on the account page. Vietnamese for every account that exists.
ALTER TABLE accounts ADD COLUMN locale text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en'));

-- In-app notifications keep what they say as a message and its parameters ({"key": …, "params": {…}}), rendered
-- in the reader's language when the list is shown; title and body hold the text in the recipient's language at the
-- time of writing (rows written before this migration, and notifications without a message, show those).
ALTER TABLE notifications ADD COLUMN message jsonb CHECK (message IS NULL OR jsonb_typeof(message) = 'object');
