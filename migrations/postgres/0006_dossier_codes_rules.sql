-- Bộ đếm mã số hồ sơ: one row per receiving agency and Vietnamese local day (TT 01/2018/TT-VPCP Điều 19,
-- "số thứ tự hồ sơ tiếp nhận trong ngày"). The day is the full 'YYYY-MM-DD', never day+month alone.
-- The row is incremented by INSERT … ON CONFLICT DO UPDATE inside the reception transaction: the row
-- lock serialises concurrent receptions of one agency and day across every server process, and a
-- rolled-back reception gives its number back, so the sequence has no gap.
-- Rule sets are not stored here: they are validated data files (data/rules/rule-sets.json, see
-- domain/rule_set.h); a dossier will store the rule_set_id it pinned.
CREATE TABLE dossier_code_counters (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  day       TEXT NOT NULL CHECK (day ~ '^2[0-9]{3}-[01][0-9]-[0-3][0-9]$'),
  last_seq  BIGINT NOT NULL CHECK (last_seq >= 1),
  PRIMARY KEY (agency_id, day)
);
