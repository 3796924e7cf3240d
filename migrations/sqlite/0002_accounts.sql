-- Accounts (tài khoản), role grants (phân quyền), server-side sessions, password resets and the mail outbox.
-- Times are epoch milliseconds; flags are 0/1 integers (same as PostgreSQL).

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Lowercased e-mail or normalised phone for citizens/organisations, the chosen login for officials.
  username TEXT NOT NULL UNIQUE,
  account_type TEXT NOT NULL CHECK (account_type IN ('citizen', 'organisation', 'official')),
  full_name TEXT NOT NULL,
  email TEXT UNIQUE,
  phone TEXT UNIQUE,
  id_number TEXT,            -- CCCD / số định danh cá nhân, 12 digits
  tax_code TEXT,             -- mã số thuế
  organisation_name TEXT,
  search_text TEXT NOT NULL DEFAULT '',  -- vn_fold(full name, username, e-mail, phone) for ?q=
  password_hash TEXT NOT NULL,  -- argon2id PHC string
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until_ms INTEGER,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);

CREATE TABLE role_grants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  agency_id INTEGER REFERENCES agencies(id),  -- null only for the citizen role
  created_ms INTEGER NOT NULL,
  UNIQUE (user_id, role, agency_id)
);
CREATE INDEX role_grants_user ON role_grants(user_id);
CREATE INDEX role_grants_agency ON role_grants(agency_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 hex of the cookie value; the token itself is never stored
  csrf_token TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,      -- absolute expiry; idle expiry is last_seen_ms + config
  ip TEXT,
  user_agent TEXT,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_ms);

CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms INTEGER
);
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  delivered_ms INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_ms IS NULL;
