// Server-side sessions (phiên đăng nhập) and password-reset tokens. Only SHA-256 hashes of the tokens
// are stored, so a database leak gives nobody a usable cookie or reset link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"
#include "storage/user_repo.h"

namespace motcua::storage {

struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::int64_t expires_ms = 0;
  bool revoked = false;
};

struct NewSession {
  std::string token_hash;
  std::string csrf_token;
  std::int64_t user_id = 0;
  std::int64_t expires_ms = 0;
  std::string ip;
  std::string user_agent;
};

std::int64_t insert_session(Connection& tx, const NewSession& s, std::int64_t now_ms);
// A session with its user and the user's role grants, as every authenticated request needs them.
struct SessionHolder {
  SessionRecord session;
  UserRecord user;
  std::vector<GrantRecord> grants;
};
// One statement (one round trip on PostgreSQL) instead of three: the session, its user, their grants.
std::optional<SessionHolder> find_session_holder(Connection& c, const std::string& token_hash);
void touch_session(Connection& tx, std::int64_t session_id, std::int64_t now_ms);
void revoke_session(Connection& tx, std::int64_t session_id);
// Revokes every live session of the user except `keep` (if given); returns how many.
std::int64_t revoke_user_sessions(Connection& tx, std::int64_t user_id, std::optional<std::int64_t> keep = std::nullopt);
// Deletes sessions that expired or were revoked before `older_than_ms` (housekeeping).
std::int64_t purge_sessions(Connection& tx, std::int64_t older_than_ms);

struct ResetRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
  std::optional<std::int64_t> used_ms;
};

std::int64_t insert_password_reset(Connection& tx, const std::string& token_hash, std::int64_t user_id,
                                   std::int64_t expires_ms, std::int64_t now_ms);
std::optional<ResetRecord> find_password_reset(Connection& c, const std::string& token_hash);
// Marks every unused token of the user as used (a new request or a completed reset voids older links).
void void_password_resets(Connection& tx, std::int64_t user_id, std::int64_t now_ms);
// Marks one token used; false when it was already used (lost a race).
bool use_password_reset(Connection& tx, std::int64_t reset_id, std::int64_t now_ms);

}  // namespace motcua::storage
