-- Bộ đếm mã số hồ sơ: one row per receiving agency and Vietnamese local day (TT 01/2018/TT-VPCP Điều 19,
-- "số thứ tự hồ sơ tiếp nhận trong ngày"). The day is the full 'YYYY-MM-DD', never day+month alone.
-- The row is incremented by an upsert inside the reception transaction (storage/dossier_code_repo.h),
-- so a rolled-back reception gives its number back and the sequence has no gap.
-- Rule sets are not stored here: they are validated data files (data/rules/rule-sets.json, see
-- domain/rule_set.h); a dossier will store the rule_set_id it pinned.
CREATE TABLE dossier_code_counters (
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  day       TEXT NOT NULL CHECK (length(day) = 10 AND day GLOB '2[0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  last_seq  INTEGER NOT NULL CHECK (last_seq >= 1),
  PRIMARY KEY (agency_id, day)
);
