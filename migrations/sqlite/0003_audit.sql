-- Nhật ký hệ thống: append-only, each row chained to the previous one by hash.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL,
  actor_id    INTEGER,
  actor_role  TEXT NOT NULL,
  agency_id   INTEGER,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  summary     TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  at_ms       INTEGER NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target, id);
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
