-- Kết quả điện tử có ký số (NĐ 45/2020 Điều 14): each agency's Ed25519 keys and each result's signature.
-- Private keys are never in the database: they live in files under the keys directory (app/agency_keys.h).
-- Kept parallel with migrations/postgres/0008_result_signing.sql.

-- An agency's signing keys. At most one is active (the one that signs); a retired key still verifies what
-- it signed; a revoked key makes everything it signed show as revoked.
CREATE TABLE agency_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  key_id TEXT NOT NULL UNIQUE,               -- derived from the public key (domain/result_signature.h)
  algorithm TEXT NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
  public_key TEXT NOT NULL UNIQUE,           -- base64 of the 32-byte Ed25519 public key
  status TEXT NOT NULL CHECK (status IN ('active', 'retired', 'revoked')),
  created_ms INTEGER NOT NULL,
  retired_ms INTEGER,
  revoked_ms INTEGER,
  revoked_reason TEXT,
  CHECK ((status = 'revoked') = (revoked_ms IS NOT NULL AND revoked_reason IS NOT NULL))
);
CREATE UNIQUE INDEX agency_keys_one_active ON agency_keys(agency_id) WHERE status = 'active';
CREATE INDEX agency_keys_agency ON agency_keys(agency_id);

-- The signing fields of a result. Results recorded before this migration have none (not verifiable).
ALTER TABLE results ADD COLUMN verify_code TEXT;     -- random, unguessable: /verify/{code}, the QR target
ALTER TABLE results ADD COLUMN agency_id INTEGER REFERENCES agencies(id);  -- the issuing agency
ALTER TABLE results ADD COLUMN issuer_code TEXT;     -- the agency code as signed (codes may be edited later)
ALTER TABLE results ADD COLUMN key_id TEXT REFERENCES agency_keys(key_id);  -- null: recorded unsigned
ALTER TABLE results ADD COLUMN signature TEXT;       -- base64 of the 64-byte Ed25519 signature
ALTER TABLE results ADD COLUMN signed_at_ms INTEGER;
CREATE UNIQUE INDEX results_verify_code ON results(verify_code);
CREATE INDEX results_key ON results(key_id);
