-- The dossier history keeps what happened as a message key and its parameters ({"key": "timeline.accept",
-- "params": {…}}: dates as ISO strings, amounts as numbers, notes and reasons as written), rendered in the reader's
-- language when the history is shown (src/modules/kernel/timeline.ts). `content` keeps the Vietnamese text: rows
-- written before this migration have only that (and are shown with it); new rows still write it for the readers of
-- the text (the fallback of the printouts' reasons, exports, the national portal sync).
ALTER TABLE dossier_events ADD COLUMN message jsonb
  CHECK (message IS NULL OR (jsonb_typeof(message) = 'object' AND jsonb_typeof(message -> 'key') = 'string'
                             AND (NOT message ? 'params' OR jsonb_typeof(message -> 'params') = 'object')));
