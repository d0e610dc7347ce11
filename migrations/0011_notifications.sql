-- Notifications, messages between the applicant and the agency, ratings, and per-consumer outbox delivery.
--
-- Outbox consumers (the acknowledgement mailer, the notifications, later the national-portal sync) each process
-- every outbox message exactly once: a consumer claims the messages it has not yet seen (FOR UPDATE SKIP LOCKED)
-- and writes its delivery row in the same transaction as its effects (the primary key forbids a second one).
CREATE TABLE outbox_deliveries (
  consumer text NOT NULL CHECK (consumer ~ '^[a-z][a-z0-9_.-]{0,62}$'),
  outbox_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, outbox_id)
);
CREATE INDEX outbox_topic_idx ON outbox (topic, id);

-- In-app notifications (thông báo) of an account: one row per recipient.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  dossier_id uuid REFERENCES dossiers (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('dossier.submitted', 'dossier.status', 'dossier.message')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  body text NOT NULL CHECK (length(body) <= 2000),
  -- Path inside the site (e.g. /ho-so/{id}); never an external address.
  link text CHECK (link IS NULL OR link ~ '^/[^/]'),
  -- The outbox message it came from (NULL when written directly, e.g. for a message from the agency).
  outbox_id bigint,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  read_at timestamptz
);
CREATE INDEX notifications_account_idx ON notifications (account_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (account_id) WHERE read_at IS NULL;

-- Outgoing SMS (outbox): queued in the transaction of the event, sent by the sms.deliver job through the gateway.
-- The row id is sent as the gateway's idempotency key, so a retry after a lost answer never sends twice.
CREATE TABLE sms_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_number text NOT NULL CHECK (to_number ~ '^\+?[0-9]{8,15}$'),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz
);
CREATE INDEX sms_messages_pending_idx ON sms_messages (created_at) WHERE status = 'pending';

-- Messages between the applicant (or their organisation) and the agency handling the dossier.
CREATE TABLE dossier_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES accounts (id),
  from_applicant boolean NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- When the other side first read it.
  read_at timestamptz
);
CREATE INDEX dossier_messages_dossier_idx ON dossier_messages (dossier_id, created_at, id);

-- Rating criteria (Decree 61/2018, art. 31 evaluation points), kept as data. options: a JSON array of
-- {"value": "...", "vi": "...", "en": "...", "score": n}.
CREATE TABLE rating_criteria (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,40}$'),
  position int NOT NULL UNIQUE,
  question_vi text NOT NULL,
  question_en text NOT NULL,
  options jsonb NOT NULL CHECK (jsonb_typeof(options) = 'array' AND jsonb_array_length(options) >= 2),
  active boolean NOT NULL DEFAULT true
);

INSERT INTO rating_criteria (code, position, question_vi, question_en, options) VALUES
  ('on_time', 1, 'Hồ sơ có được giải quyết và trả kết quả đúng hẹn không?', 'Was the dossier resolved and the result returned on time?',
   '[{"value": "early", "vi": "Sớm hơn ngày hẹn", "en": "Before the appointment", "score": 2},
     {"value": "on_time", "vi": "Đúng ngày hẹn", "en": "On the appointment day", "score": 2},
     {"value": "late", "vi": "Trễ hẹn", "en": "Late", "score": 0}]'),
  ('visits', 2, 'Ông/bà đã phải liên hệ, đi lại cơ quan giải quyết bao nhiêu lần để hoàn thiện hồ sơ?', 'How many times did you have to contact or visit the agency to complete the dossier?',
   '[{"value": "none", "vi": "Không lần nào (chỉ nộp và nhận kết quả)", "en": "None (only submission and result)", "score": 2},
     {"value": "once", "vi": "1 lần", "en": "Once", "score": 1},
     {"value": "more", "vi": "Từ 2 lần trở lên", "en": "Twice or more", "score": 0}]'),
  ('attitude', 3, 'Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận và giải quyết hồ sơ?', 'How was the attitude of the officials who guided you, received and handled the dossier?',
   '[{"value": "courteous", "vi": "Lịch sự, tận tình", "en": "Courteous and helpful", "score": 2},
     {"value": "acceptable", "vi": "Bình thường", "en": "Acceptable", "score": 1},
     {"value": "troublesome", "vi": "Gây phiền hà, sách nhiễu", "en": "Obstructive or harassing", "score": 0}]'),
  ('guidance', 4, 'Hướng dẫn, yêu cầu bổ sung hồ sơ có rõ ràng, đầy đủ và một lần không?', 'Were the guidance and any supplement request clear, complete and given at once?',
   '[{"value": "clear", "vi": "Rõ ràng, đầy đủ, một lần", "en": "Clear, complete, at once", "score": 2},
     {"value": "partly", "vi": "Chưa thật rõ ràng", "en": "Not entirely clear", "score": 1},
     {"value": "unclear", "vi": "Không rõ ràng, phải bổ sung nhiều lần", "en": "Unclear, several supplements needed", "score": 0}]'),
  ('satisfaction', 5, 'Mức độ hài lòng chung của ông/bà về việc giải quyết hồ sơ?', 'Overall, how satisfied are you with how the dossier was handled?',
   '[{"value": "very_satisfied", "vi": "Rất hài lòng", "en": "Very satisfied", "score": 2},
     {"value": "satisfied", "vi": "Hài lòng", "en": "Satisfied", "score": 1},
     {"value": "dissatisfied", "vi": "Không hài lòng", "en": "Dissatisfied", "score": 0}]');

-- One rating per dossier, given by the applicant (or a member of their organisation) after the result (9 or 10).
CREATE TABLE dossier_ratings (
  dossier_id uuid PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts (id),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  score int NOT NULL CHECK (score >= 0),
  max_score int NOT NULL CHECK (max_score >= score),
  comment text CHECK (comment IS NULL OR length(comment) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_ratings_agency_idx ON dossier_ratings (agency_id, created_at);

CREATE TABLE dossier_rating_answers (
  dossier_id uuid NOT NULL REFERENCES dossier_ratings (dossier_id) ON DELETE CASCADE,
  criterion_code text NOT NULL REFERENCES rating_criteria (code),
  option_value text NOT NULL,
  score int NOT NULL,
  PRIMARY KEY (dossier_id, criterion_code)
);


-- Messages handled before this migration: the acknowledgement mailer marked them processed; the notifications
-- consumer starts with the messages written from now on.
INSERT INTO outbox_deliveries (consumer, outbox_id, delivered_at)
  SELECT 'receipts', id, processed_at FROM outbox WHERE processed_at IS NOT NULL;
INSERT INTO outbox_deliveries (consumer, outbox_id, delivered_at)
  SELECT 'notifications', id, now() FROM outbox;
