// Kết quả giải quyết (results) with their signing fields (migration 0008): the verification code printed in
// the QR, the issuing agency, and the Ed25519 signature by its key (domain/result_signature.h). The row is
// inserted by the complete action (dossier_repo.h insert_result) and signed in the same transaction.
// Every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct ResultSigning {
  std::string verify_code;
  std::int64_t agency_id = 0;        // the issuing agency (the dossier's current agency at completion)
  std::string issuer_code;           // its code as signed ("" when it has none)
  std::optional<std::string> key_id;       // null: recorded unsigned (no file)
  std::optional<std::string> signature;    // base64
  std::optional<std::int64_t> signed_at_ms;
};

struct ResultRecord {
  std::int64_t id = 0;
  std::int64_t dossier_id = 0;
  std::string title;
  std::optional<std::string> sha256;
  std::optional<std::int64_t> issued_by;
  std::int64_t at_ms = 0;
  // Signing; all null on results recorded before migration 0008.
  std::optional<std::string> verify_code;
  std::optional<std::int64_t> agency_id;
  std::optional<std::string> issuer_code;
  std::optional<std::string> key_id;
  std::optional<std::string> signature;
  std::optional<std::int64_t> signed_at_ms;
  // Joined for display.
  std::optional<std::string> dossier_code;
  std::string procedure_code;
  std::string applicant_name;
  std::string applicant_kind;
  std::optional<std::string> agency_name;  // the issuing agency's name today
};

void set_result_signing(Connection& tx, std::int64_t result_id, const ResultSigning& s);
std::optional<ResultRecord> load_result(Connection& c, std::int64_t result_id);
std::optional<ResultRecord> load_result_by_verify_code(Connection& c, const std::string& verify_code);
// A dossier's results, oldest first.
std::vector<ResultRecord> list_results(Connection& c, std::int64_t dossier_id);

}  // namespace motcua::storage
