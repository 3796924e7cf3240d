// Nhật ký (audit trail): append-only, hash-chained. Each row stores the hash of the previous row, so
// changing or deleting any row breaks the chain at that row (`motcua audit verify`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/db.h"

namespace motcua::storage {

struct AuditEntry {
  std::optional<std::int64_t> actor_id;  // null for anonymous actions (registration, reset request)
  std::string actor_role;                // role code, or "anonymous" / "system"
  std::optional<std::int64_t> agency_id;
  std::string action;                    // dotted verb, e.g. "user.create", "agency.update", "session.login"
  std::string target;                    // e.g. "user:42", "agency:7"
  std::string summary;                   // old -> new, JSON text, secrets never included
  std::string request_id;
  std::int64_t at_ms = 0;
};

// Appends one row inside the caller's write transaction (so the change and its audit row commit
// together). Returns the new row id.
std::int64_t append_audit(Connection& tx, const AuditEntry& e);

struct AuditVerifyResult {
  bool ok = true;
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_bad_id;  // the first row whose hash or link does not match
  std::string reason;
};

AuditVerifyResult verify_audit(Db& db);

}  // namespace motcua::storage
