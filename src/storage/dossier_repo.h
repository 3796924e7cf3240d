// Hồ sơ in the database: the current state on the dossiers row (optimistic lock on `version`), one
// append-only dossier_history row per transition, the satellite tables (supplement requests, sub-cases,
// payments, results, receipts), the work queues and the tracking lookups. Every function runs on the
// caller's connection, so writes join the caller's transaction (the service's one write per action).
// Authorisation is the caller's job; the queue and search functions take the scope as agency paths.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/dossier.h"
#include "domain/dossier_clock.h"
#include "storage/db.h"

namespace motcua::storage {

// A lost optimistic-lock race (the row's version moved) or a claim of an already claimed dossier. The
// service maps it to 409.
class DossierConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DossierRecord {
  std::int64_t id = 0;
  std::optional<std::string> code;
  std::string qr_token;
  std::string procedure_code;
  std::optional<std::int64_t> procedure_version_id;
  std::optional<std::string> rule_set_id;
  std::int64_t agency_id = 0;          // receiving agency
  std::int64_t current_agency_id = 0;  // where it is now
  std::string workflow_key;
  std::string state;                   // "draft" before submission
  std::optional<int> status;           // 1–10; null for a draft
  std::string channel = "online";      // domain::channel_code
  std::string delivery = "online";     // domain::delivery_code
  std::string applicant_kind = "citizen";  // citizen | organisation
  std::optional<std::int64_t> owner_user_id;
  std::string applicant_name;
  std::optional<std::string> applicant_id_number;
  std::optional<std::string> applicant_phone;
  std::optional<std::string> applicant_email;
  std::optional<std::string> applicant_address;
  std::optional<std::int64_t> submitted_by_user_id;
  std::optional<std::string> submitted_by_role;
  std::optional<std::string> on_behalf_authorisation;
  std::string eform_data = "{}";
  domain::DossierFlags flags;  // supplement_used / apology_issued are the supplement_used / apology_used columns
  std::optional<std::int64_t> assignee_user_id;
  std::optional<std::int64_t> submitted_at_ms;
  std::optional<std::int64_t> received_at_ms;
  std::optional<std::int64_t> due_at_ms;
  std::optional<std::int64_t> metric_due_at_ms;
  std::optional<std::int64_t> original_due_at_ms;
  std::optional<std::int64_t> step_due_at_ms;
  std::optional<std::int64_t> reception_deadline_ms;
  std::optional<std::int64_t> clock_paused_at_ms;
  domain::DossierClock clock;
  std::optional<std::int64_t> completed_at_ms;
  std::optional<std::int64_t> returned_at_ms;
  std::optional<std::string> timeliness;  // early | on_time | late
  std::int64_t version = 1;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;

  // Copies the clock's dues into the indexed columns (due, metric due, step due, paused since, completed).
  void mirror_clock();
};

// The clock as JSON text and back (the `clock` column). Unknown or missing keys read as defaults.
std::string clock_to_json(const domain::DossierClock& clock);
domain::DossierClock clock_from_json(const std::string& text);

// A random, unguessable token for the public QR link (24 random bytes, base64url, 32 characters).
std::string new_qr_token();

// Inserts the row (id, qr_token when empty, version, created/updated are set here) and returns the id.
std::int64_t insert_dossier(Connection& tx, DossierRecord& d, std::int64_t now_ms);

std::optional<DossierRecord> load_dossier(Connection& c, std::int64_t id);
std::optional<DossierRecord> load_dossier_by_code(Connection& c, const std::string& code);
std::optional<DossierRecord> load_dossier_by_qr_token(Connection& c, const std::string& token);

// Writes every mutable column of `d` when the row still has `d.version`, and bumps the version (d.version
// and d.updated_ms are updated). Throws DossierConflict when the row moved meanwhile.
void update_dossier(Connection& tx, DossierRecord& d, std::int64_t now_ms);

// Quá trình xử lý, one immutable row per transition.
struct HistoryEntry {
  std::int64_t id = 0;
  std::int64_t dossier_id = 0;
  std::int64_t seq = 0;  // assigned by append_history
  std::optional<std::int64_t> actor_user_id;
  std::string actor_name;
  std::string actor_role;
  std::optional<std::int64_t> actor_agency_id;
  std::string action;
  std::optional<std::string> from_state;
  std::string to_state;
  std::optional<int> from_status;
  std::optional<int> to_status;
  std::optional<std::string> reason;
  std::string clock_effect = "none";
  std::optional<std::int64_t> due_before_ms;
  std::optional<std::int64_t> due_after_ms;
  std::optional<std::int64_t> step_due_after_ms;  // NgayKetThucTheoQuyDinh of the step entered
  std::string note = "{}";                         // JSON: the action's details (history text, form, items…)
  std::int64_t at_ms = 0;
};
std::int64_t append_history(Connection& tx, HistoryEntry& e);
std::vector<HistoryEntry> list_history(Connection& c, std::int64_t dossier_id);

// --- satellite tables --------------------------------------------------------------------------------

struct SupplementItem {
  std::string component;  // thành phần hồ sơ
  std::string reason;
};
std::int64_t insert_supplement_request(Connection& tx, std::int64_t dossier_id, const std::vector<SupplementItem>& items,
                                       std::optional<std::int64_t> requested_by, std::int64_t now_ms);
std::int64_t count_supplement_requests(Connection& c, std::int64_t dossier_id);
// Stamps the open request as answered; returns false when there was none.
bool mark_supplement_resubmitted(Connection& tx, std::int64_t dossier_id, std::int64_t now_ms);

struct Consultation {
  std::int64_t id = 0;
  std::int64_t dossier_id = 0;
  std::int64_t from_agency_id = 0;
  std::int64_t to_agency_id = 0;
  std::string question;
  std::int64_t due_at_ms = 0;
  std::string status = "open";  // open | answered
  std::optional<std::string> answer;
  std::optional<std::int64_t> asked_by;
  std::optional<std::int64_t> answered_by;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> answered_ms;
};
std::int64_t insert_consultation(Connection& tx, Consultation& c);
std::optional<Consultation> load_consultation(Connection& c, std::int64_t id);
std::vector<Consultation> list_consultations(Connection& c, std::int64_t dossier_id);
std::int64_t count_open_consultations(Connection& c, std::int64_t dossier_id);
// Only an open one; returns false when it was already answered.
bool answer_consultation(Connection& tx, std::int64_t id, const std::string& answer, std::int64_t answered_by,
                         std::int64_t now_ms);

std::int64_t insert_payment(Connection& tx, std::int64_t dossier_id, std::int64_t amount_vnd, const std::string& method,
                            std::optional<std::int64_t> recorded_by, std::int64_t now_ms);
std::int64_t insert_result(Connection& tx, std::int64_t dossier_id, const std::string& title,
                           const std::optional<std::string>& sha256, std::optional<std::int64_t> issued_by,
                           std::int64_t now_ms);
std::int64_t insert_receipt(Connection& tx, std::int64_t dossier_id, const std::string& code, std::int64_t now_ms,
                            const std::string& data_json);

struct Attachment {
  std::int64_t id = 0;
  std::int64_t dossier_id = 0;
  std::string component_key;
  std::string filename;
  std::string content_type;
  std::string sha256;
  std::int64_t size = 0;
  bool digitised = false;  // số hóa: a paper component scanned at the counter
  std::optional<std::int64_t> uploaded_by;
  std::int64_t at_ms = 0;
  std::optional<std::int64_t> page_count;  // pages of the file (TT 01/2023 Điều 8); null when it has none
};
std::int64_t insert_attachment(Connection& tx, Attachment& a);
std::vector<Attachment> list_attachments(Connection& c, std::int64_t dossier_id);

// --- queues ------------------------------------------------------------------------------------------

// A work-queue filter. Scope: the dossier's current agency lies in one of `agency_paths` (subtree prefix
// match on agencies.path); empty paths = nothing (never "everything" by accident).
struct QueueFilter {
  std::vector<std::string> agency_paths;
  std::vector<std::string> states;  // any of these workflow states (empty = any)
  std::vector<int> statuses;        // any of these statuses (empty = any)
  bool unassigned_only = false;
  std::optional<std::int64_t> assignee_user_id;
  std::optional<std::int64_t> assignee_or_unassigned;  // this user's or nobody's (the specialist's pick list)
  std::optional<std::int64_t> due_before_ms;  // due_at_ms < this (overdue: now; due soon: the 1-day threshold)
  std::optional<std::int64_t> due_not_before_ms;  // due_at_ms >= this
  bool running_clock_only = false;  // excludes paused clocks (a paused dossier is neither overdue nor due soon)
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};

struct DossierSummary {
  std::int64_t id = 0;
  std::optional<std::string> code;
  std::string procedure_code;
  std::string procedure_name;
  std::string applicant_name;
  std::string state;
  std::optional<int> status;
  std::int64_t current_agency_id = 0;
  std::optional<std::int64_t> assignee_user_id;
  std::optional<std::int64_t> submitted_at_ms;
  std::optional<std::int64_t> received_at_ms;
  std::optional<std::int64_t> due_at_ms;
  std::optional<std::int64_t> step_due_at_ms;
  std::optional<std::int64_t> reception_deadline_ms;
  std::optional<std::int64_t> clock_paused_at_ms;  // waiting for the citizen (payment, supplement)
  std::optional<std::int64_t> completed_at_ms;
  // Filled by the service for dossiers awaiting reception: none | reminder | overdue (NĐ 45/2020 Điều 11).
  std::optional<std::string> reception_alert;
  // Filled by the service in queues: "overdue" | "due_soon" (within one working day) | nullopt, on the legal
  // due with the same predicates as the overdue and due_soon queues (dossier_clock.h).
  std::optional<std::string> deadline;
};

struct DossierPage {
  std::vector<DossierSummary> items;
  std::int64_t total = 0;
};

// Sorted by step due (then overall due, then id); dossiers without a due date last.
DossierPage list_queue(Connection& c, const QueueFilter& f);

// Consultations addressed to agencies in scope (hồ sơ xin ý kiến đến), open ones first by due date.
std::vector<Consultation> list_consultations_received(Connection& c, const std::vector<std::string>& agency_paths,
                                                      bool open_only, std::int64_t limit = 100);

// Nhận xử lý: sets the assignee only when nobody holds the dossier; false when someone already does.
bool claim_dossier(Connection& tx, std::int64_t id, std::int64_t user_id, std::int64_t expected_version,
                   std::int64_t now_ms);

// The citizen's own dossiers, newest first.
DossierPage list_owned(Connection& c, std::int64_t owner_user_id, std::int64_t page = 1, std::int64_t per_page = 50);

// Lookup by CCCD (exact) or by name (vn_fold, substring), within `agency_paths` (receiving or current
// agency in scope) unless owner_user_id is set (then only that owner's dossiers).
struct DossierSearch {
  std::optional<std::string> id_number;
  std::optional<std::string> name;
  std::vector<std::string> agency_paths;
  std::optional<std::int64_t> owner_user_id;
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};
DossierPage search_dossiers(Connection& c, const DossierSearch& s);

}  // namespace motcua::storage
