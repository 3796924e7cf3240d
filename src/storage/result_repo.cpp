#include "storage/result_repo.h"

namespace motcua::storage {

namespace {

Value opt(const std::optional<std::int64_t>& v) { return v ? Value{*v} : Value{nullptr}; }
Value opt(const std::optional<std::string>& v) { return v ? Value{*v} : Value{nullptr}; }

constexpr const char* kSelect =
    "SELECT r.id, r.dossier_id, r.title, r.sha256, r.issued_by, r.at_ms, r.verify_code, r.agency_id, "
    "r.issuer_code, r.key_id, r.signature, r.signed_at_ms, d.code, d.procedure_code, d.applicant_name, "
    "d.applicant_kind, a.name "
    "FROM results r JOIN dossiers d ON d.id = r.dossier_id LEFT JOIN agencies a ON a.id = r.agency_id ";

ResultRecord result_of(const Row& row) {
  ResultRecord r;
  std::size_t i = 0;
  r.id = row.i64(i++);
  r.dossier_id = row.i64(i++);
  r.title = row.str(i++);
  r.sha256 = row.opt_str(i++);
  r.issued_by = row.opt_i64(i++);
  r.at_ms = row.i64(i++);
  r.verify_code = row.opt_str(i++);
  r.agency_id = row.opt_i64(i++);
  r.issuer_code = row.opt_str(i++);
  r.key_id = row.opt_str(i++);
  r.signature = row.opt_str(i++);
  r.signed_at_ms = row.opt_i64(i++);
  r.dossier_code = row.opt_str(i++);
  r.procedure_code = row.str(i++);
  r.applicant_name = row.str(i++);
  r.applicant_kind = row.str(i++);
  r.agency_name = row.opt_str(i++);
  return r;
}

std::optional<ResultRecord> one(Connection& c, const char* where, const Value& param) {
  const auto res = c.exec(std::string(kSelect) + where, {param});
  if (const Row* r = res.first()) return result_of(*r);
  return std::nullopt;
}

}  // namespace

void set_result_signing(Connection& tx, std::int64_t result_id, const ResultSigning& s) {
  tx.exec("UPDATE results SET verify_code = $2, agency_id = $3, issuer_code = $4, key_id = $5, signature = $6, "
          "signed_at_ms = $7 WHERE id = $1",
          {result_id, s.verify_code, s.agency_id, s.issuer_code, opt(s.key_id), opt(s.signature),
           opt(s.signed_at_ms)});
}

std::optional<ResultRecord> load_result(Connection& c, std::int64_t result_id) {
  return one(c, "WHERE r.id = $1", result_id);
}

std::optional<ResultRecord> load_result_by_verify_code(Connection& c, const std::string& verify_code) {
  return one(c, "WHERE r.verify_code = $1", verify_code);
}

std::vector<ResultRecord> list_results(Connection& c, std::int64_t dossier_id) {
  std::vector<ResultRecord> out;
  for (const auto& r : c.exec(std::string(kSelect) + "WHERE r.dossier_id = $1 ORDER BY r.id", {dossier_id}).rows)
    out.push_back(result_of(r));
  return out;
}

}  // namespace motcua::storage
