// The public tracking lookup (TT 01/2018 Điều 16): the few columns anyone holding a dossier's code or QR
// token may see, with the procedure's name, in one indexed read. It does not load the whole dossier row
// (e-form data, clock JSON) nor any history: the answer costs one unique-index seek on dossiers plus two
// primary-key seeks, whatever the number of dossiers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/db.h"

namespace motcua::storage {

struct PublicTrackingRow {
  std::string code;
  std::string procedure_code;
  std::string procedure_name;  // of the pinned version, else the current one, else the procedure code
  std::string applicant_name;  // as stored: the caller masks it
  std::string applicant_kind;
  std::optional<int> status;   // null while a draft
  std::optional<std::int64_t> submitted_at_ms, received_at_ms, due_at_ms, completed_at_ms, returned_at_ms;
};

std::optional<PublicTrackingRow> find_tracking_by_code(Connection& c, const std::string& code);
std::optional<PublicTrackingRow> find_tracking_by_qr_token(Connection& c, const std::string& token);

}  // namespace motcua::storage
