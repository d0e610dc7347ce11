-- The Decision 766/QĐ-TTg scorecard (domain guide §7), its monthly snapshots, and portal visits.
--
-- Weights, targets and formulas are DATA: six groups and their sub-indicators. A sub-indicator's rate is
-- numerator / denominator (or 1 − numerator / denominator when `complement`), each a NAMED metric of a fixed
-- registry in code (src/modules/scorecards/scorecards.rules.ts): an administrator picks metrics and edits
-- targets and points; no SQL is ever typed by a user. Score = max_points when rate ≥ target, otherwise
-- rate × max_points / target.
CREATE TABLE scorecard_groups (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  position int NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  max_points numeric(6, 2) NOT NULL CHECK (max_points >= 0 AND max_points <= 100)
);

CREATE TABLE scorecard_indicators (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,59}$'),
  group_code text NOT NULL REFERENCES scorecard_groups (code),
  position int NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
  numerator_metric text NOT NULL CHECK (numerator_metric ~ '^[a-z][a-z0-9_]{1,59}$'),
  denominator_metric text NOT NULL CHECK (denominator_metric ~ '^[a-z][a-z0-9_]{1,59}$'),
  -- Rate = 1 − numerator / denominator (e.g. "dossiers not overdue").
  complement boolean NOT NULL DEFAULT false,
  -- Target rate as a fraction (0.8 = 80%).
  target numeric(7, 4) NOT NULL CHECK (target > 0 AND target <= 1),
  max_points numeric(6, 2) NOT NULL CHECK (max_points >= 0 AND max_points <= 100),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES accounts (id)
);
CREATE INDEX scorecard_indicators_group_idx ON scorecard_indicators (group_code, position);

INSERT INTO scorecard_groups (code, position, name, name_en, max_points) VALUES
  ('publicity', 1, 'Công khai, minh bạch', 'Publicity and transparency', 18),
  ('progress', 2, 'Tiến độ giải quyết', 'Processing progress', 20),
  ('online', 3, 'Dịch vụ công trực tuyến', 'Online public services', 12),
  ('payment', 4, 'Thanh toán trực tuyến', 'Online payment', 10),
  ('digitisation', 5, 'Số hóa hồ sơ', 'Digitisation of dossiers', 22),
  ('satisfaction', 6, 'Mức độ hài lòng', 'Satisfaction', 18);

INSERT INTO scorecard_indicators (code, group_code, position, name, name_en, numerator_metric, denominator_metric, complement, target, max_points) VALUES
  ('publicity_catalog', 'publicity', 1, 'Công khai thủ tục hành chính đầy đủ, đúng hạn trên Cổng Dịch vụ công quốc gia',
    'Procedures published completely and on time on the National Public Service Portal', 'publicity_published', 'publicity_required', false, 1, 9),
  ('publicity_progress', 'publicity', 2, 'Đồng bộ, công khai tiến độ giải quyết hồ sơ trên Cổng Dịch vụ công quốc gia',
    'Dossier progress synchronised and published on the National Public Service Portal', 'publicity_synced', 'publicity_required', false, 1, 9),
  ('progress_on_time', 'progress', 1, 'Hồ sơ giải quyết đúng hạn và đang giải quyết trong hạn',
    'Dossiers resolved on time and in progress within the deadline', 'handled_in_time', 'handled', false, 1, 20),
  ('online_provision', 'online', 1, 'Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình hoặc một phần',
    'Procedures offered as full or partial online services', 'procedures_online', 'procedures_in_scope', false, 0.8, 6),
  ('online_dossiers', 'online', 2, 'Hồ sơ tiếp nhận trực tuyến',
    'Dossiers received online', 'received_online', 'received', false, 0.5, 6),
  ('online_payment', 'payment', 1, 'Hồ sơ có phí, lệ phí được thanh toán trực tuyến',
    'Dossiers with fees paid online', 'fee_paid_online', 'fee_dossiers', false, 1, 10),
  ('digitisation', 'digitisation', 1, 'Hồ sơ được số hóa và trả kết quả điện tử',
    'Dossiers digitised with an electronic result', 'resolved_digitised_e_result', 'resolved', false, 0.8, 22),
  ('satisfaction_overdue', 'satisfaction', 1, 'Hồ sơ không quá hạn (100% trừ tỷ lệ hồ sơ quá hạn)',
    'Dossiers not overdue (100% minus the overdue rate)', 'handled_overdue', 'handled', true, 1, 9),
  ('satisfaction_complaints', 'satisfaction', 2, 'Hồ sơ không bị phản ánh, kiến nghị (100% trừ tỷ lệ hồ sơ bị phản ánh)',
    'Dossiers without complaints (100% minus the complaint rate)', 'complaints', 'handled', true, 1, 9);

-- The scorecard of an agency (with its subtree) for a month, as computed: the past stays as it was even when
-- the weights change later. Written by the month-end job and on demand; the current month is computed live.
CREATE TABLE scorecard_snapshots (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  -- First day of the month (Vietnam calendar).
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  points numeric(6, 2) NOT NULL,
  max_points numeric(6, 2) NOT NULL,
  result jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, month)
);
CREATE INDEX scorecard_snapshots_month_idx ON scorecard_snapshots (month);

-- Portal page views per day (Vietnam calendar). Nothing about the visitor is kept: no address, no cookie.
CREATE TABLE portal_visits (
  day date PRIMARY KEY,
  views bigint NOT NULL DEFAULT 0 CHECK (views >= 0)
);
