#include "storage/agency_key_repo.h"

namespace motcua::storage {

namespace {

constexpr const char* kSelect =
    "SELECT k.id, k.agency_id, k.key_id, k.algorithm, k.public_key, k.status, k.created_ms, k.retired_ms, "
    "k.revoked_ms, k.revoked_reason, a.name, COALESCE(a.qcvn102_code, a.qd20_code) "
    "FROM agency_keys k JOIN agencies a ON a.id = k.agency_id ";

AgencyKeyRecord key_of(const Row& r) {
  AgencyKeyRecord k;
  std::size_t i = 0;
  k.id = r.i64(i++);
  k.agency_id = r.i64(i++);
  k.key_id = r.str(i++);
  k.algorithm = r.str(i++);
  k.public_key = r.str(i++);
  k.status = r.str(i++);
  k.created_ms = r.i64(i++);
  k.retired_ms = r.opt_i64(i++);
  k.revoked_ms = r.opt_i64(i++);
  k.revoked_reason = r.opt_str(i++);
  k.agency_name = r.str(i++);
  k.agency_code = r.opt_str(i++);
  return k;
}

std::optional<AgencyKeyRecord> one_key(Connection& c, const std::string& where, std::initializer_list<Value> params) {
  const auto res = c.exec(std::string(kSelect) + where, params);
  if (const Row* r = res.first()) return key_of(*r);
  return std::nullopt;
}

}  // namespace

bool insert_active_key(Connection& tx, const AgencyKeyRecord& k) {
  // ON CONFLICT covers the one-active-key index: a concurrent first signing for the same agency waits for
  // the other transaction and then inserts nothing, instead of failing the whole action.
  return !tx.exec("INSERT INTO agency_keys (agency_id, key_id, algorithm, public_key, status, created_ms) "
                  "VALUES ($1, $2, 'ed25519', $3, 'active', $4) ON CONFLICT DO NOTHING RETURNING id",
                  {k.agency_id, k.key_id, k.public_key, k.created_ms})
              .empty();
}

std::optional<AgencyKeyRecord> active_key(Connection& c, std::int64_t agency_id) {
  return one_key(c, "WHERE k.agency_id = $1 AND k.status = 'active'", {agency_id});
}

std::optional<AgencyKeyRecord> find_key(Connection& c, const std::string& key_id) {
  return one_key(c, "WHERE k.key_id = $1", {key_id});
}

std::vector<AgencyKeyRecord> list_keys(Connection& c) {
  std::vector<AgencyKeyRecord> out;
  for (const auto& r : c.exec(std::string(kSelect) + "ORDER BY a.path, k.created_ms, k.id").rows)
    out.push_back(key_of(r));
  return out;
}

std::vector<std::int64_t> agencies_without_active_key(Connection& c) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.exec("SELECT a.id FROM agencies a WHERE a.active = 1 AND NOT EXISTS (SELECT 1 FROM agency_keys k WHERE "
                              "k.agency_id = a.id AND k.status = 'active') ORDER BY a.path")
                           .rows)
    out.push_back(r.i64(0));
  return out;
}

bool retire_key(Connection& tx, const std::string& key_id, std::int64_t now_ms) {
  return tx.exec("UPDATE agency_keys SET status = 'retired', retired_ms = $2 WHERE key_id = $1 AND status = 'active'",
                 {key_id, now_ms})
             .affected == 1;
}

bool revoke_key(Connection& tx, const std::string& key_id, const std::string& reason, std::int64_t now_ms) {
  return tx.exec("UPDATE agency_keys SET status = 'revoked', revoked_ms = $2, revoked_reason = $3 "
                 "WHERE key_id = $1 AND status <> 'revoked'",
                 {key_id, now_ms, reason})
             .affected == 1;
}

}  // namespace motcua::storage
