// Khóa ký số của cơ quan: the public half of each agency's Ed25519 keys and their status (the private half
// is a file, app/agency_keys.h). At most one active key per agency (a partial unique index); rotation
// retires it, revocation marks it revoked with a reason. Every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct AgencyKeyRecord {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string key_id;
  std::string algorithm = "ed25519";
  std::string public_key;  // base64
  std::string status;      // domain::KeyStatus code
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> retired_ms;
  std::optional<std::int64_t> revoked_ms;
  std::optional<std::string> revoked_reason;
  // Joined from agencies, for listings.
  std::string agency_name;
  std::optional<std::string> agency_code;  // QCVN 102 code (mã định danh), else the QĐ 20 code
};

// Inserts an active key unless the agency already has one (then nothing happens and false is returned:
// another transaction won the race; the caller reads active_key again).
bool insert_active_key(Connection& tx, const AgencyKeyRecord& k);
std::optional<AgencyKeyRecord> active_key(Connection& c, std::int64_t agency_id);
std::optional<AgencyKeyRecord> find_key(Connection& c, const std::string& key_id);
// Every key, ordered by agency path then creation (the published list).
std::vector<AgencyKeyRecord> list_keys(Connection& c);
// Ids of open agencies (active = 1) with no active key (for `motcua keys init`).
std::vector<std::int64_t> agencies_without_active_key(Connection& c);
// active → retired; false when the key was not active.
bool retire_key(Connection& tx, const std::string& key_id, std::int64_t now_ms);
// active|retired → revoked; false when it was already revoked (or absent).
bool revoke_key(Connection& tx, const std::string& key_id, const std::string& reason, std::int64_t now_ms);

}  // namespace motcua::storage
