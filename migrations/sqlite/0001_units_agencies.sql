-- Administrative units (đơn vị hành chính) in two schemes, the 2025 merger mapping, and the agency tree (cơ quan).
-- Times are epoch milliseconds; flags are 0/1 integers (same as PostgreSQL).

-- scheme '2025': tỉnh → xã (2-level government since 01/07/2025); 'legacy': tỉnh → huyện → xã (before).
-- Codes are GSO codes: 2 digits (province), 3 (district), 5 (commune), so they never collide within a scheme.
CREATE TABLE admin_units (
  scheme TEXT NOT NULL CHECK (scheme IN ('2025', 'legacy')),
  code TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  name TEXT NOT NULL,
  full_name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  code_name TEXT NOT NULL DEFAULT '',
  parent_code TEXT,            -- same scheme; null for provinces
  kind TEXT NOT NULL,          -- tỉnh, thành phố, quận, huyện, thị xã, xã, phường, thị trấn, đặc khu
  search_text TEXT NOT NULL,   -- vn_fold(full_name): lowercase, no diacritics
  PRIMARY KEY (scheme, code)
);
CREATE INDEX admin_units_parent ON admin_units(scheme, parent_code, code);
CREATE INDEX admin_units_level ON admin_units(scheme, level, code);

-- Legacy commune (or an island district without communes) → the 2025 commune(s) it became.
-- A divided commune has several rows, each with divided = 1.
CREATE TABLE unit_successors (
  legacy_code TEXT NOT NULL,
  new_code TEXT NOT NULL,
  divided INTEGER NOT NULL DEFAULT 0 CHECK (divided IN (0, 1)),
  PRIMARY KEY (legacy_code, new_code)
);
CREATE INDEX unit_successors_new ON unit_successors(new_code);

-- AUTOINCREMENT: an id named in the audit trail ("agency:7") is never reused.
CREATE TABLE agencies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  parent_id INTEGER REFERENCES agencies(id),
  path TEXT NOT NULL,          -- ids from the root, e.g. '/1/7/42/'; a subtree is "path LIKE '/1/7/%'"
  kind TEXT NOT NULL,          -- domain::AgencyKind code
  name TEXT NOT NULL,
  short_name TEXT,
  qcvn102_code TEXT UNIQUE,    -- QCVN 102:2016, e.g. 000.00.00.H52
  qd20_code TEXT UNIQUE,       -- QĐ 20/2020, e.g. H52.15
  -- The administrative unit the agency serves; checked by the API, not a foreign key, so agencies
  -- can be seeded before the units are imported.
  unit_scheme TEXT CHECK (unit_scheme IN ('2025', 'legacy')),
  unit_code TEXT,
  address TEXT,
  phone TEXT,
  email TEXT,
  hotline TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  search_text TEXT NOT NULL DEFAULT '',  -- vn_fold(name + short_name), for the list filter q
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  CHECK ((unit_scheme IS NULL) = (unit_code IS NULL))
);
CREATE INDEX agencies_path ON agencies(path);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE INDEX agencies_unit ON agencies(unit_scheme, unit_code);
