-- Refused (unauthenticated) payment messages are logged at most 100 a minute: the cap counts them through this index.
CREATE INDEX payment_callbacks_refused_idx ON payment_callbacks (received_at) WHERE outcome IN ('bad_signature', 'malformed');
