#include "storage/session_repo.h"

namespace motcua::storage {

std::int64_t insert_session(Connection& tx, const NewSession& s, std::int64_t now_ms) {
  return tx
      .exec("INSERT INTO sessions (token_hash, csrf_token, user_id, created_ms, last_seen_ms, expires_ms, ip, "
            "user_agent, revoked) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, 0) RETURNING id",
            {s.token_hash, s.csrf_token, s.user_id, now_ms, s.expires_ms, s.ip, s.user_agent.substr(0, 300)})
      .one()
      .i64(0);
}

std::optional<SessionHolder> find_session_holder(Connection& c, const std::string& token_hash) {
  // One row per grant (one row with null grant columns for a user without any), in grant order.
  auto res = c.exec(std::string("SELECT s.id, s.user_id, s.csrf_token, s.created_ms, s.last_seen_ms, s.expires_ms, "
                                "s.revoked, ") +
                        kUserColumns + ", " + kGrantColumns +
                        " FROM sessions s JOIN users u ON u.id = s.user_id "
                        "LEFT JOIN role_grants g ON g.user_id = s.user_id LEFT JOIN agencies a ON a.id = g.agency_id "
                        "WHERE s.token_hash = $1 ORDER BY g.id",
                    {token_hash});
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows.front();
  constexpr std::size_t kUserAt = 7, kGrantAt = kUserAt + kUserColumnCount;
  SessionHolder h{SessionRecord{r.i64(0), r.i64(1), r.str(2), r.i64(3), r.i64(4), r.i64(5), r.i64(6) != 0},
                  user_from(r, kUserAt), {}};
  for (const auto& row : res.rows)
    if (!row.is_null(kGrantAt)) h.grants.push_back(grant_from(row, kGrantAt));
  return h;
}

void touch_session(Connection& tx, std::int64_t session_id, std::int64_t now_ms) {
  tx.exec("UPDATE sessions SET last_seen_ms = $2 WHERE id = $1 AND last_seen_ms < $2", {session_id, now_ms});
}

void revoke_session(Connection& tx, std::int64_t session_id) {
  tx.exec("UPDATE sessions SET revoked = 1 WHERE id = $1", {session_id});
}

std::int64_t revoke_user_sessions(Connection& tx, std::int64_t user_id, std::optional<std::int64_t> keep) {
  return tx
      .exec("UPDATE sessions SET revoked = 1 WHERE user_id = $1 AND revoked = 0 AND id <> $2",
            {user_id, keep.value_or(std::int64_t{0})})
      .affected;
}

std::int64_t purge_sessions(Connection& tx, std::int64_t older_than_ms) {
  return tx.exec("DELETE FROM sessions WHERE expires_ms < $1 OR (revoked = 1 AND last_seen_ms < $1)", {older_than_ms})
      .affected;
}

std::int64_t insert_password_reset(Connection& tx, const std::string& token_hash, std::int64_t user_id,
                                   std::int64_t expires_ms, std::int64_t now_ms) {
  return tx
      .exec("INSERT INTO password_resets (token_hash, user_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4) "
            "RETURNING id",
            {token_hash, user_id, now_ms, expires_ms})
      .one()
      .i64(0);
}

std::optional<ResetRecord> find_password_reset(Connection& c, const std::string& token_hash) {
  auto res = c.exec("SELECT id, user_id, created_ms, expires_ms, used_ms FROM password_resets WHERE token_hash = $1",
                    {token_hash});
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows.front();
  return ResetRecord{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.opt_i64(4)};
}

void void_password_resets(Connection& tx, std::int64_t user_id, std::int64_t now_ms) {
  tx.exec("UPDATE password_resets SET used_ms = $2 WHERE user_id = $1 AND used_ms IS NULL", {user_id, now_ms});
}

bool use_password_reset(Connection& tx, std::int64_t reset_id, std::int64_t now_ms) {
  return tx.exec("UPDATE password_resets SET used_ms = $2 WHERE id = $1 AND used_ms IS NULL", {reset_id, now_ms})
             .affected == 1;
}

}  // namespace motcua::storage
