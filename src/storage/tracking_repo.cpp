#include "storage/tracking_repo.h"

namespace motcua::storage {

namespace {

// The WHERE column is one of the two unique ones (dossiers.code, dossiers.qr_token). The name comes from the
// pinned version, or the current one before pinning; a procedure without either falls back to its code.
constexpr const char* kSelect =
    "SELECT d.code, d.procedure_code, pv.name, d.applicant_name, d.applicant_kind, d.status, d.submitted_at_ms, "
    "d.received_at_ms, d.due_at_ms, d.completed_at_ms, d.returned_at_ms FROM dossiers d "
    "LEFT JOIN procedures p ON p.code = d.procedure_code "
    "LEFT JOIN procedure_versions pv ON pv.id = COALESCE(d.procedure_version_id, p.current_version_id) ";
const std::string kByCode = std::string(kSelect) + "WHERE d.code = $1";
const std::string kByToken = std::string(kSelect) + "WHERE d.qr_token = $1";

std::optional<PublicTrackingRow> find(Connection& c, std::string_view sql, const std::string& key) {
  const Value param{key};
  const auto res = c.exec(sql, std::span<const Value>(&param, 1));
  const Row* r = res.first();
  if (!r) return std::nullopt;
  PublicTrackingRow t;
  t.code = r->opt_str(0).value_or("");
  t.procedure_code = r->str(1);
  t.procedure_name = r->is_null(2) ? t.procedure_code : r->str(2);
  t.applicant_name = r->str(3);
  t.applicant_kind = r->str(4);
  if (auto s = r->opt_i64(5)) t.status = static_cast<int>(*s);
  t.submitted_at_ms = r->opt_i64(6);
  t.received_at_ms = r->opt_i64(7);
  t.due_at_ms = r->opt_i64(8);
  t.completed_at_ms = r->opt_i64(9);
  t.returned_at_ms = r->opt_i64(10);
  return t;
}

}  // namespace

std::optional<PublicTrackingRow> find_tracking_by_code(Connection& c, const std::string& code) {
  return find(c, kByCode, code);
}

std::optional<PublicTrackingRow> find_tracking_by_qr_token(Connection& c, const std::string& token) {
  return find(c, kByToken, token);
}

}  // namespace motcua::storage
