// Khóa ký số của cơ quan: generation, rotation and revocation of the agencies' Ed25519 keys, and the
// signing of issued results (NĐ 45/2020 Điều 14). The public half and the status are rows (storage/
// agency_key_repo.h); the private half is a file (app/key_files.h). Every change appends an audit row.
//
// Lifecycle of a key: active (signs; at most one per agency) → retired by a rotation (still verifies what
// it signed) → revoked (what it signed shows as revoked, whatever the mathematics says). An agency gets
// its first key from `motcua keys init` at set-up, or lazily at its first signing; after its active key
// is revoked, the next signing (or a rotation) makes a new one.
//
// A key file is written before its row, so a row never names a missing file; a transaction that rolls
// back leaves an unreferenced file (never published, so never trusted).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/key_files.h"
#include "storage/agency_key_repo.h"
#include "storage/audit_repo.h"
#include "storage/db.h"

namespace motcua::app {

class AgencyKeys {
 public:
  AgencyKeys(storage::Db& db, KeyFiles files, std::function<std::int64_t()> now_ms)
      : db_(db), files_(std::move(files)), now_ms_(std::move(now_ms)) {}

  // The agency's active key, generated (file, row, audit "agency_key.create") when it has none. Runs in
  // the caller's transaction. `who` carries the audit actor fields (actor, role, agency, request id).
  storage::AgencyKeyRecord ensure_active(storage::Connection& tx, std::int64_t agency_id,
                                         const storage::AuditEntry& who, const std::string& why);

  // Signs result `result_id` (just inserted by the complete action, in `tx`) for the issuing agency with
  // its active key, and gives it a verification code. A result without a file gets the code but no
  // signature. Returns the code. Throws ApiError 503 "signing_unavailable" when the key file cannot be used.
  std::string sign_result(storage::Connection& tx, std::int64_t result_id, std::int64_t agency_id,
                          const storage::AuditEntry& who);

  struct Rotation {
    std::optional<storage::AgencyKeyRecord> retired;
    storage::AgencyKeyRecord active;
  };
  // A new active key for the agency; the old one (if any) is retired. Own transaction, one audit row
  // "agency_key.rotate" with the reason. ApiError 404 for an unknown agency, 409 when a concurrent
  // rotation won, 422 on "reason" (required, ≤ 500 characters).
  Rotation rotate(std::int64_t agency_id, const std::string& reason, const storage::AuditEntry& who);
  // active|retired → revoked, with the reason (required). Own transaction, one audit row
  // "agency_key.revoke". ApiError 404 unknown key, 409 "key_already_revoked", 422 on "reason".
  storage::AgencyKeyRecord revoke(const std::string& key_id, const std::string& reason, const storage::AuditEntry& who);
  // A key for every open agency that has no active one (each its own transaction); returns the new keys.
  std::vector<storage::AgencyKeyRecord> init_all(const storage::AuditEntry& who);

  const KeyFiles& files() const { return files_; }

 private:
  storage::AgencyKeyRecord new_key_file(std::int64_t agency_id);  // writes the file; the row is the caller's
  storage::Db& db_;
  KeyFiles files_;
  std::function<std::int64_t()> now_ms_;
};

// The key files as configured: [signing] keys_dir (default <data_dir>/keys) and key_encryption_key.
KeyFiles configured_key_files(const Config& config);

// The audit actor for command-line changes (`motcua keys ...`).
storage::AuditEntry cli_actor();

}  // namespace motcua::app
