-- Nhật ký hệ thống: append-only, each row chained to the previous one by hash.
CREATE TABLE audit_log (
  id          BIGINT PRIMARY KEY,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL,
  actor_id    BIGINT,
  actor_role  TEXT NOT NULL,
  agency_id   BIGINT,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  summary     TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  at_ms       BIGINT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target, id);
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
