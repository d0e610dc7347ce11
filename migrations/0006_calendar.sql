-- Working-day calendar: the yearly official schedule that overrides the computed holidays date by date,
-- and the working hours of each agency (defaults 08:00–17:00, lunch 12:00–13:00, same-day cut-off 15:00
-- when an agency has no row).
CREATE TABLE calendar_year_entries (
  year int NOT NULL CHECK (year BETWEEN 1900 AND 2100),
  date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'tet', 'compensatory', 'extra_day_off', 'working_saturday', 'working_day')),
  name text NOT NULL CHECK (length(name) <= 200),
  created_by uuid REFERENCES accounts (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (year, date),
  CHECK (extract(year FROM date) = year)
);

CREATE TABLE agency_working_hours (
  agency_id uuid PRIMARY KEY REFERENCES agencies (id),
  opens text NOT NULL DEFAULT '08:00' CHECK (opens ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  closes text NOT NULL DEFAULT '17:00' CHECK (closes ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  lunch_start text DEFAULT '12:00' CHECK (lunch_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  lunch_end text DEFAULT '13:00' CHECK (lunch_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  same_day_cutoff text NOT NULL DEFAULT '15:00' CHECK (same_day_cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  updated_by uuid REFERENCES accounts (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (opens < closes),
  CHECK ((lunch_start IS NULL) = (lunch_end IS NULL))
);
