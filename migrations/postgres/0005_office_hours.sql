-- Giờ làm việc per agency and effective date (legal-rules §9.3: set by each UBND tỉnh, with summer/winter
-- variants). An agency without a row uses its nearest ancestor's, then data/calendar/office-hours.json.
-- hours is the JSON of domain::OfficeHours (sessions, saturday_reception, saturday_counts_for_deadlines),
-- validated by storage/office_hours_repo.h before it is written. Text, as on SQLite, so one SQL serves both.
CREATE TABLE agency_office_hours (
  agency_id      BIGINT NOT NULL REFERENCES agencies(id),
  effective_from TEXT NOT NULL CHECK (effective_from ~ '^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$'),
  hours          TEXT NOT NULL,
  updated_ms     BIGINT NOT NULL,
  PRIMARY KEY (agency_id, effective_from)
);
