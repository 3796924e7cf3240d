#include "storage/dossier_bulk.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "domain/vn_fold.h"

namespace motcua::storage {

namespace {

// SQLite allows 32,766 parameters per statement (3.32+), PostgreSQL 65,535: stay under the smaller.
constexpr std::size_t kMaxParams = 30000;
// More rows per statement stops paying off well before the limit (rounded down to a power of two).
constexpr std::size_t kMaxRowsPerStatement = 64;

Value opt(const std::optional<std::int64_t>& v) { return v ? Value{*v} : Value{nullptr}; }
Value opt(const std::optional<std::string>& v) { return v ? Value{*v} : Value{nullptr}; }
Value opt(const std::optional<int>& v) { return v ? Value{std::int64_t{*v}} : Value{nullptr}; }
Value b01(bool b) { return std::int64_t{b ? 1 : 0}; }

// "INSERT INTO t (cols) VALUES ($1, …), (…)" for `rows` rows, then `tail`.
std::string insert_sql(const std::string& head, std::size_t ncols, std::size_t rows, const std::string& tail) {
  std::string sql = head + " VALUES ";
  std::size_t n = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t c = 0; c < ncols; ++c, ++n) {
      if (c) sql += ", ";
      sql += "$" + std::to_string(n);
    }
    sql += ")";
  }
  return sql + tail;
}

}  // namespace

// Statements of a power-of-two number of rows (the largest first): a handful of SQL texts, each prepared once
// per connection and reused by every batch. Preparing is the expensive part (SQLite resolves "$N" names in
// O(n²)), so remainders must not produce a new text per batch. The text cache is for one thread (the writer).
void insert_many(Connection& tx, const std::string& head, std::size_t ncols, const std::vector<Value>& flat,
                 const std::string& tail) {
  static std::map<std::tuple<std::string, std::size_t, std::string>, std::string> texts;
  const std::size_t rows = flat.size() / ncols;
  std::size_t per = 1;
  while (per * 2 <= kMaxRowsPerStatement && per * 2 * ncols <= kMaxParams) per *= 2;
  for (std::size_t r = 0; r < rows;) {
    std::size_t k = per;
    while (k > rows - r) k /= 2;
    auto& sql = texts[{head, k, tail}];
    if (sql.empty()) sql = insert_sql(head, ncols, k, tail);
    tx.exec(sql, std::span<const Value>(flat.data() + r * ncols, k * ncols));
    r += k;
  }
}

std::int64_t reserve_dossier_ids(Connection& tx, std::int64_t n) {
  if (tx.dialect() == Dialect::sqlite) {
    // AUTOINCREMENT keeps the highest id ever handed out in sqlite_sequence: moving it past the block reserves
    // the block for transactions that commit later, and the server's own inserts continue above it.
    const auto r = tx.exec(
        "SELECT COALESCE((SELECT MAX(id) FROM dossiers), 0), "
        "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'dossiers'), 0)");
    const std::int64_t first = std::max(r.one().i64(0), r.one().i64(1)) + 1;
    if (tx.exec("UPDATE sqlite_sequence SET seq = $1 WHERE name = 'dossiers'", {first + n - 1}).affected == 0)
      tx.exec("INSERT INTO sqlite_sequence (name, seq) VALUES ('dossiers', $1)", {first + n - 1});
    return first;
  }
  // nextval hands out the first id; setval moves the sequence to the block's last one.
  const std::int64_t first =
      tx.exec("SELECT GREATEST(nextval(pg_get_serial_sequence('dossiers', 'id')), "
              "(SELECT COALESCE(MAX(id), 0) + 1 FROM dossiers))")
          .one()
          .i64(0);
  tx.exec("SELECT setval(pg_get_serial_sequence('dossiers', 'id'), $1)", {first + n - 1});
  return first;
}

void insert_dossiers_bulk(Connection& tx, const std::vector<DossierRecord>& rows) {
  static const std::string head =
      "INSERT INTO dossiers (id, code, qr_token, procedure_code, procedure_version_id, rule_set_id, agency_id, "
      "current_agency_id, workflow_key, state, status, channel, delivery, applicant_kind, owner_user_id, "
      "applicant_name, applicant_name_folded, applicant_id_number, applicant_phone, applicant_email, "
      "applicant_address, submitted_by_user_id, submitted_by_role, on_behalf_authorisation, eform_data, "
      "flag_payment_pending, flag_waiting_for_citizen, flag_open_consultations, supplement_used, apology_used, "
      "assignee_user_id, submitted_at_ms, received_at_ms, due_at_ms, metric_due_at_ms, original_due_at_ms, "
      "step_due_at_ms, reception_deadline_ms, clock_paused_at_ms, clock, completed_at_ms, returned_at_ms, "
      "timeliness, version, created_ms, updated_ms)";
  constexpr std::size_t kCols = 46;
  std::vector<Value> v;
  v.reserve(rows.size() * kCols);
  for (const auto& d : rows) {
    v.insert(v.end(), {d.id, opt(d.code), d.qr_token, d.procedure_code, opt(d.procedure_version_id),
                       opt(d.rule_set_id), d.agency_id, d.current_agency_id, d.workflow_key, d.state, opt(d.status),
                       d.channel, d.delivery, d.applicant_kind, opt(d.owner_user_id), d.applicant_name,
                       domain::vn_fold(d.applicant_name), opt(d.applicant_id_number), opt(d.applicant_phone),
                       opt(d.applicant_email), opt(d.applicant_address), opt(d.submitted_by_user_id),
                       opt(d.submitted_by_role), opt(d.on_behalf_authorisation), d.eform_data,
                       b01(d.flags.payment_pending), b01(d.flags.waiting_for_citizen),
                       b01(d.flags.open_consultations), b01(d.flags.supplement_used), b01(d.flags.apology_issued),
                       opt(d.assignee_user_id), opt(d.submitted_at_ms), opt(d.received_at_ms), opt(d.due_at_ms),
                       opt(d.metric_due_at_ms), opt(d.original_due_at_ms), opt(d.step_due_at_ms),
                       opt(d.reception_deadline_ms), opt(d.clock_paused_at_ms), clock_to_json(d.clock),
                       opt(d.completed_at_ms), opt(d.returned_at_ms), opt(d.timeliness), d.version, d.created_ms,
                       d.updated_ms});
  }
  insert_many(tx, head, kCols, v);
}

void insert_history_bulk(Connection& tx, const std::vector<HistoryEntry>& rows) {
  static const std::string head =
      "INSERT INTO dossier_history (dossier_id, seq, actor_user_id, actor_name, actor_role, actor_agency_id, action, "
      "from_state, to_state, from_status, to_status, reason, clock_effect, due_before_ms, due_after_ms, "
      "step_due_after_ms, note, at_ms)";
  constexpr std::size_t kCols = 18;
  std::vector<Value> v;
  v.reserve(rows.size() * kCols);
  for (const auto& h : rows)
    v.insert(v.end(), {h.dossier_id, h.seq, opt(h.actor_user_id), h.actor_name, h.actor_role, opt(h.actor_agency_id),
                       h.action, opt(h.from_state), h.to_state, opt(h.from_status), opt(h.to_status), opt(h.reason),
                       h.clock_effect, opt(h.due_before_ms), opt(h.due_after_ms), opt(h.step_due_after_ms), h.note,
                       h.at_ms});
  insert_many(tx, head, kCols, v);
}

void insert_attachments_bulk(Connection& tx, const std::vector<Attachment>& rows) {
  static const std::string head =
      "INSERT INTO dossier_attachments (dossier_id, component_key, filename, content_type, sha256, size, digitised, "
      "uploaded_by, at_ms, page_count)";
  constexpr std::size_t kCols = 10;
  std::vector<Value> v;
  v.reserve(rows.size() * kCols);
  for (const auto& a : rows)
    v.insert(v.end(), {a.dossier_id, a.component_key, a.filename, a.content_type, a.sha256, a.size,
                       b01(a.digitised), opt(a.uploaded_by), a.at_ms, opt(a.page_count)});
  insert_many(tx, head, kCols, v);
}

void raise_code_counters(Connection& tx, const std::vector<CodeCounter>& counters) {
  std::vector<Value> v;
  v.reserve(counters.size() * 3);
  for (const auto& c : counters) v.insert(v.end(), {c.agency_id, c.day, c.last_seq});
  // CASE instead of MAX()/GREATEST(): the one spelling both dialects accept.
  insert_many(tx, "INSERT INTO dossier_code_counters (agency_id, day, last_seq)", 3, v,
              " ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = CASE WHEN excluded.last_seq > "
              "dossier_code_counters.last_seq THEN excluded.last_seq ELSE dossier_code_counters.last_seq END");
}

std::vector<CodeCounter> load_code_counters(Connection& c, const std::vector<std::int64_t>& agency_ids) {
  std::vector<CodeCounter> out;
  for (const auto id : agency_ids)
    for (const auto& r : c.exec("SELECT agency_id, day, last_seq FROM dossier_code_counters WHERE agency_id = $1", {id}).rows)
      out.push_back({r.i64(0), r.str(1), r.i64(2)});
  return out;
}

std::vector<std::string> drop_secondary_dossier_indexes(Connection& tx) {
  const bool sqlite = tx.dialect() == Dialect::sqlite;
  const auto res = tx.exec(sqlite ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                    "AND sql NOT LIKE 'CREATE UNIQUE%' "
                                    "AND tbl_name IN ('dossiers', 'dossier_history', 'dossier_attachments') ORDER BY name"
                                  : "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                                    "AND indexdef NOT LIKE 'CREATE UNIQUE%' "
                                    "AND tablename IN ('dossiers', 'dossier_history', 'dossier_attachments') ORDER BY indexname");
  std::vector<std::string> recreate;
  for (const auto& r : res.rows) {
    tx.exec_script("DROP INDEX " + r.str(0));
    recreate.push_back(r.str(1));
  }
  return recreate;
}

void create_indexes(Connection& tx, const std::vector<std::string>& statements) {
  for (const auto& s : statements) tx.exec_script(s);
}

}  // namespace motcua::storage
