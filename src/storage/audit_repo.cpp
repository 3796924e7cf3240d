#include "storage/audit_repo.h"

#include "domain/audit_chain.h"

namespace motcua::storage {

namespace {
Value opt(const std::optional<std::int64_t>& v) { return v ? Value{*v} : Value{nullptr}; }

domain::AuditRecord record_from(const Row& r) {
  domain::AuditRecord a;
  a.id = r.i64(0);
  a.prev_hash = r.str(1);
  a.actor_id = r.opt_i64(3);
  a.actor_role = r.str(4);
  a.agency_id = r.opt_i64(5);
  a.action = r.str(6);
  a.target = r.str(7);
  a.summary = r.str(8);
  a.request_id = r.str(9);
  a.at_ms = r.i64(10);
  return a;
}
}  // namespace

std::int64_t append_audit(Connection& tx, const AuditEntry& e) {
  // Appends are serialised so two transactions never chain onto the same previous row. SQLite's
  // writer already holds the database lock; PostgreSQL takes a transaction-scoped advisory lock.
  if (tx.dialect() == Dialect::postgres) tx.exec("SELECT pg_advisory_xact_lock(7270001)");
  auto last = tx.exec("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  domain::AuditRecord r;
  r.id = last.empty() ? 1 : last.rows[0].i64(0) + 1;
  r.prev_hash = last.empty() ? domain::kAuditGenesisHash : last.rows[0].str(1);
  r.actor_id = e.actor_id;
  r.actor_role = e.actor_role;
  r.agency_id = e.agency_id;
  r.action = e.action;
  r.target = e.target;
  r.summary = e.summary;
  r.request_id = e.request_id;
  r.at_ms = e.at_ms;
  const std::string hash = domain::audit_hash(r);
  tx.exec(
      "INSERT INTO audit_log (id, prev_hash, hash, actor_id, actor_role, agency_id, action, target, summary, "
      "request_id, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {r.id, r.prev_hash, hash, opt(r.actor_id), r.actor_role, opt(r.agency_id), r.action, r.target, r.summary,
       r.request_id, r.at_ms});
  return r.id;
}

AuditVerifyResult verify_audit(Db& db) {
  AuditVerifyResult out;
  std::string expected_prev = domain::kAuditGenesisHash;
  std::int64_t expected_id = 1;
  std::int64_t after = 0;
  constexpr std::int64_t kBatch = 5000;
  for (;;) {
    auto res = db.read([&](Connection& c) {
      return c.exec(
          "SELECT id, prev_hash, hash, actor_id, actor_role, agency_id, action, target, summary, request_id, at_ms "
          "FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
          {after, kBatch});
    });
    for (const auto& row : res.rows) {
      const auto rec = record_from(row);
      const std::string stored_hash = row.str(2);
      ++out.rows_checked;
      std::string reason;
      if (rec.id != expected_id)
        reason = "row " + std::to_string(expected_id) + " is missing (next row is " + std::to_string(rec.id) + ")";
      else if (rec.prev_hash != expected_prev)
        reason = "prev_hash does not match the hash of the row before";
      else if (domain::audit_hash(rec) != stored_hash)
        reason = "the row's content does not match its hash";
      if (!reason.empty()) {
        out.ok = false;
        out.first_bad_id = rec.id;
        out.reason = reason;
        return out;
      }
      expected_prev = stored_hash;
      expected_id = rec.id + 1;
      after = rec.id;
    }
    if (static_cast<std::int64_t>(res.rows.size()) < kBatch) break;
  }
  return out;
}

}  // namespace motcua::storage
