// The hash chain of the audit trail (nhật ký). Pure: the same row always gives the same hash, and
// the hash covers every stored field plus the previous row's hash, so editing, deleting or
// reordering any row is detected at that row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace motcua::domain {

inline const std::string kAuditGenesisHash(64, '0');

struct AuditRecord {
  std::int64_t id = 0;
  std::string prev_hash;
  std::optional<std::int64_t> actor_id;
  std::string actor_role;
  std::optional<std::int64_t> agency_id;
  std::string action;
  std::string target;
  std::string summary;
  std::string request_id;
  std::int64_t at_ms = 0;
};

// Lower-case hex SHA-256 over a length-prefixed encoding of every field (no separator ambiguity).
std::string audit_hash(const AuditRecord& r);

}  // namespace motcua::domain
