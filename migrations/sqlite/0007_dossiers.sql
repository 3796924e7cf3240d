-- Hồ sơ (dossiers) and their lifecycle: the current state lives on the dossier row, every transition is
-- appended to dossier_history (never updated), and the satellite tables hold what an action produced
-- (supplement requests, consultations, payments, results, receipts, attachments).
-- Times are epoch milliseconds; flags are 0/1 integers; JSON is text (same as PostgreSQL).

CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,      -- never reused: "dossier:42" appears in the audit trail
  code TEXT UNIQUE,                          -- mã số hồ sơ (TT 01/2018 Điều 19), null until reception
  qr_token TEXT NOT NULL UNIQUE,             -- random, unguessable; the code is sequential and printed
  procedure_code TEXT NOT NULL REFERENCES procedures(code),
  procedure_version_id INTEGER REFERENCES procedure_versions(id),  -- pinned at reception (domain/pinning.h)
  rule_set_id TEXT,                          -- pinned at reception (data/rules/rule-sets.json id)
  agency_id INTEGER NOT NULL REFERENCES agencies(id),          -- receiving agency (nơi tiếp nhận)
  current_agency_id INTEGER NOT NULL REFERENCES agencies(id),  -- where the dossier is now
  workflow_key TEXT NOT NULL,
  state TEXT NOT NULL,                       -- workflow state (internal step), e.g. 'draft', 'reception'
  status INTEGER CHECK (status BETWEEN 1 AND 10),  -- TrangThaiHoSo; null while a draft
  channel TEXT NOT NULL CHECK (channel IN ('online', 'counter', 'postal', 'third_party')),
  delivery TEXT NOT NULL CHECK (delivery IN ('online', 'post', 'counter')),
  applicant_kind TEXT NOT NULL DEFAULT 'citizen' CHECK (applicant_kind IN ('citizen', 'organisation')),
  owner_user_id INTEGER REFERENCES users(id),     -- the account that owns it; null for a paper-only applicant
  applicant_name TEXT NOT NULL,
  applicant_name_folded TEXT NOT NULL,       -- vn_fold(applicant_name), for the name lookup
  applicant_id_number TEXT,                  -- CCCD / số định danh / mã số thuế
  applicant_phone TEXT,
  applicant_email TEXT,
  applicant_address TEXT,
  submitted_by_user_id INTEGER REFERENCES users(id),  -- who keyed it in (officer, postal staff, third party)
  submitted_by_role TEXT,
  on_behalf_authorisation TEXT,              -- giấy ủy quyền / the authorisation the third party holds
  eform_data TEXT NOT NULL DEFAULT '{}',
  flag_payment_pending INTEGER NOT NULL DEFAULT 0 CHECK (flag_payment_pending IN (0, 1)),
  flag_waiting_for_citizen INTEGER NOT NULL DEFAULT 0 CHECK (flag_waiting_for_citizen IN (0, 1)),
  flag_open_consultations INTEGER NOT NULL DEFAULT 0 CHECK (flag_open_consultations IN (0, 1)),
  supplement_used INTEGER NOT NULL DEFAULT 0 CHECK (supplement_used IN (0, 1)),
  apology_used INTEGER NOT NULL DEFAULT 0 CHECK (apology_used IN (0, 1)),
  assignee_user_id INTEGER REFERENCES users(id),
  submitted_at_ms INTEGER,
  received_at_ms INTEGER,
  due_at_ms INTEGER,                         -- legal due (NĐ 61/2018 Điều 19), restarted after a supplement, moved by pauses and the apology
  metric_due_at_ms INTEGER,                  -- QĐ 766 NgayHenTra: set at the first start, not restarted by a supplement
  original_due_at_ms INTEGER,                -- NgayHenTra before a re-appointment (hẹn lại), kept for scoring
  step_due_at_ms INTEGER,                    -- due date of the current step (the queue sort key)
  reception_deadline_ms INTEGER,             -- NĐ 45/2020 Điều 11: 8 working hours to receive an online dossier
  clock_paused_at_ms INTEGER,  -- the clock is paused since (supplement, payment); null = running
  clock TEXT NOT NULL DEFAULT '{}',          -- domain::DossierClock as JSON (pauses, supplements); the *_ms columns mirror it for indexes
  completed_at_ms INTEGER,                   -- NgayKetThucXuLy
  returned_at_ms INTEGER,                    -- NgayTra
  timeliness TEXT CHECK (timeliness IN ('early', 'on_time', 'late')),
  version INTEGER NOT NULL DEFAULT 1,        -- optimistic lock: every UPDATE checks and bumps it
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX dossiers_queue ON dossiers(current_agency_id, state, step_due_at_ms);
CREATE INDEX dossiers_status_due ON dossiers(status, due_at_ms);
CREATE INDEX dossiers_owner ON dossiers(owner_user_id);
CREATE INDEX dossiers_applicant_id ON dossiers(applicant_id_number);
CREATE INDEX dossiers_applicant_name ON dossiers(applicant_name_folded);
CREATE INDEX dossiers_assignee ON dossiers(assignee_user_id);

-- Quá trình xử lý: one immutable row per transition, complete enough to replay as DVCQG progress packets
-- (NguoiXuLy = actor, ChucDanh = actor_role, PhongBanXuLy = actor_agency_id, ThoiDiemXuLy = at_ms,
-- NoiDungXuLy = action + reason, TrangThai = to_status, NgayKetThucTheoQuyDinh = step_due_after_ms).
CREATE TABLE dossier_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  seq INTEGER NOT NULL,                      -- 1, 2, … per dossier
  actor_user_id INTEGER,
  actor_name TEXT NOT NULL DEFAULT '',
  actor_role TEXT NOT NULL,
  actor_agency_id INTEGER,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  from_status INTEGER,
  to_status INTEGER,
  reason TEXT,
  clock_effect TEXT NOT NULL DEFAULT 'none',
  due_before_ms INTEGER,
  due_after_ms INTEGER,
  step_due_after_ms INTEGER,
  note TEXT NOT NULL DEFAULT '{}',
  at_ms INTEGER NOT NULL,
  UNIQUE (dossier_id, seq)
);
CREATE TRIGGER dossier_history_no_update BEFORE UPDATE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;
CREATE TRIGGER dossier_history_no_delete BEFORE DELETE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;

-- Thành phần hồ sơ: files are stored by SHA-256 (storage/blob_store.h); digitised = scanned at the counter.
CREATE TABLE dossier_attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  component_key TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  digitised INTEGER NOT NULL DEFAULT 0 CHECK (digitised IN (0, 1)),
  uploaded_by INTEGER REFERENCES users(id),
  at_ms INTEGER NOT NULL
);
CREATE INDEX dossier_attachments_dossier ON dossier_attachments(dossier_id, component_key);

-- Phiếu yêu cầu bổ sung (Mẫu 02): at most one per dossier (NĐ 61/2018 Điều 15.3 "một lần").
CREATE TABLE supplement_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
  items TEXT NOT NULL,                       -- JSON [{"component": …, "reason": …}]
  requested_by INTEGER REFERENCES users(id),
  at_ms INTEGER NOT NULL,
  resubmitted_at_ms INTEGER
);

-- Lấy ý kiến (consultation sub-cases) with their own deadlines; the main dossier cannot finish while one is open.
CREATE TABLE consultations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  from_agency_id INTEGER NOT NULL REFERENCES agencies(id),
  to_agency_id INTEGER NOT NULL REFERENCES agencies(id),
  question TEXT NOT NULL,
  due_at_ms INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  answer TEXT,
  asked_by INTEGER REFERENCES users(id),
  answered_by INTEGER REFERENCES users(id),
  created_ms INTEGER NOT NULL,
  answered_ms INTEGER
);
CREATE INDEX consultations_dossier ON consultations(dossier_id, status);
CREATE INDEX consultations_inbox ON consultations(to_agency_id, status, due_at_ms);

-- Nghĩa vụ tài chính: a payment recorded at the counter is enough to resume the clock.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  amount_vnd INTEGER NOT NULL CHECK (amount_vnd >= 0),
  method TEXT NOT NULL CHECK (method IN ('counter')),
  recorded_by INTEGER REFERENCES users(id),
  at_ms INTEGER NOT NULL
);
CREATE INDEX payments_dossier ON payments(dossier_id);

-- Kết quả giải quyết: the issued document(s), the file (if uploaded) by SHA-256.
CREATE TABLE results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  title TEXT NOT NULL,
  sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
  issued_by INTEGER REFERENCES users(id),
  at_ms INTEGER NOT NULL
);
CREATE INDEX results_dossier ON results(dossier_id);

-- Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01): one per received dossier.
CREATE TABLE receipts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
  code TEXT NOT NULL,
  issued_at_ms INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
