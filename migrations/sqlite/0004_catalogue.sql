-- The procedure catalogue (danh mục thủ tục hành chính) as versioned data, and which agency offers which
-- procedure (agency_services). Times are epoch milliseconds; flags are 0/1 integers (same as PostgreSQL).
--
-- Version key: a procedure (mã TTHC) gets a new version each time a ministry publishes it again in a new
-- publishing decision (quyết định công bố, so_quyet_dinh), which is when its legal content changes. So
-- version_key = the decision number as the source prints it (whitespace collapsed), '' when the source has
-- none. Importing the same code and decision again updates that version in place (or leaves it unchanged,
-- by content_hash); a new decision number adds a version and makes it the current one.

CREATE TABLE procedures (
  code TEXT PRIMARY KEY,             -- mã TTHC, e.g. '1.004194'
  current_version_id INTEGER REFERENCES procedure_versions(id),  -- the version shown and searched (set right after the first version)
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);

CREATE TABLE procedure_versions (
  id INTEGER PRIMARY KEY,            -- also the rowid the FTS index refers to
  procedure_code TEXT NOT NULL REFERENCES procedures(code),
  version_key TEXT NOT NULL,         -- the publishing decision number (see above)
  name TEXT NOT NULL,
  sector TEXT NOT NULL DEFAULT '',   -- lĩnh vực
  sector_folded TEXT NOT NULL DEFAULT '',  -- vn_fold(sector), for the ?sector= filter
  levels TEXT NOT NULL DEFAULT '[]', -- JSON array of "bo" | "tinh" | "xa" | "khac" | "huyen"
  procedure_type TEXT NOT NULL DEFAULT '',
  online_level TEXT NOT NULL DEFAULT 'unknown' CHECK (online_level IN ('full', 'partial', 'none', 'unknown')),
  legacy_online_level INTEGER,       -- mức độ 2/3/4 before NĐ 42/2022
  steps TEXT NOT NULL DEFAULT '',
  results TEXT NOT NULL DEFAULT '',
  subjects TEXT NOT NULL DEFAULT '',
  conditions TEXT NOT NULL DEFAULT '',
  legal_bases TEXT NOT NULL DEFAULT '',
  agencies TEXT NOT NULL DEFAULT '',
  decision_number TEXT NOT NULL DEFAULT '',
  decision_date TEXT,                -- YYYY-MM-DD
  decision_effective TEXT,           -- YYYY-MM-DD
  source TEXT NOT NULL DEFAULT '',   -- 'dvcqg' | 'bqp'
  source_url TEXT NOT NULL DEFAULT '',
  review_flags TEXT NOT NULL DEFAULT '[]',  -- JSON array of field names kept verbatim, to be reviewed
  -- Search key: vn_fold(name code sector) reduced to [a-z0-9] words separated by one space, so the FTS5
  -- tokenizer here and PostgreSQL's 'simple' parser cut it into the same words.
  search_text TEXT NOT NULL,
  name_key TEXT NOT NULL,            -- the same reduction of the name alone, for ranking
  content_hash TEXT NOT NULL,        -- SHA-256 of the canonical JSON of the parsed procedure
  imported_ms INTEGER NOT NULL,
  UNIQUE (procedure_code, version_key)
);
CREATE INDEX procedure_versions_sector ON procedure_versions(sector_folded);

CREATE TABLE processing_times (      -- thời hạn giải quyết
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  channel TEXT NOT NULL,             -- in_person | online | postal | unspecified
  amount REAL,
  unit TEXT NOT NULL,                -- working_days | working_hours | calendar_days | months | years | unspecified
  condition TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL DEFAULT '',
  parsed INTEGER NOT NULL CHECK (parsed IN (0, 1))
);
CREATE INDEX processing_times_version ON processing_times(version_id, position);

CREATE TABLE fees (                  -- phí, lệ phí
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,                -- fee | charge | free | unspecified
  amount_vnd INTEGER,
  per_case INTEGER NOT NULL CHECK (per_case IN (0, 1)),
  description TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL DEFAULT '',
  parsed INTEGER NOT NULL CHECK (parsed IN (0, 1))
);
CREATE INDEX fees_version ON fees(version_id, position);

CREATE TABLE dossier_components (    -- thành phần hồ sơ
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  originals INTEGER NOT NULL DEFAULT 0,
  copies INTEGER NOT NULL DEFAULT 0,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  form_template TEXT NOT NULL DEFAULT '',
  allowed_types TEXT NOT NULL DEFAULT '[]',  -- JSON array
  raw TEXT NOT NULL DEFAULT '',
  parsed INTEGER NOT NULL CHECK (parsed IN (0, 1))
);
CREATE INDEX dossier_components_version ON dossier_components(version_id, position);

-- Which agency offers which procedure: level, workflow, e-form, a promised time shorter than the legal one
-- (Hà Nam Điều 10.1c; checked by the application against the legal time) and the fee account.
CREATE TABLE agency_services (
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  procedure_code TEXT NOT NULL REFERENCES procedures(code),
  level TEXT NOT NULL CHECK (level IN ('bo', 'tinh', 'xa', 'khac', 'huyen')),
  workflow_key TEXT,
  eform_key TEXT,
  promised_time_amount REAL CHECK (promised_time_amount IS NULL OR promised_time_amount > 0),
  promised_time_unit TEXT CHECK (promised_time_unit IN ('working_days', 'working_hours', 'calendar_days', 'months', 'years')),
  fee_account TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (agency_id, procedure_code),
  CHECK ((promised_time_amount IS NULL) = (promised_time_unit IS NULL))
);
CREATE INDEX agency_services_procedure ON agency_services(procedure_code, agency_id);

-- Full-text index over search_text (external content: the text lives only in procedure_versions).
-- remove_diacritics 2 is a safety net; the application already folds (đ → d included) before indexing and
-- before querying.
CREATE VIRTUAL TABLE procedure_search USING fts5(
  search_text, content = 'procedure_versions', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER procedure_search_insert AFTER INSERT ON procedure_versions BEGIN
  INSERT INTO procedure_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER procedure_search_delete AFTER DELETE ON procedure_versions BEGIN
  INSERT INTO procedure_search(procedure_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER procedure_search_update AFTER UPDATE OF search_text ON procedure_versions BEGIN
  INSERT INTO procedure_search(procedure_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO procedure_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
