#include "storage/document_repo.h"

namespace motcua::storage {

std::optional<ReceiptRow> load_receipt(Connection& c, std::int64_t dossier_id) {
  auto r = c.exec("SELECT id, code, issued_at_ms, data FROM receipts WHERE dossier_id = $1", {dossier_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return ReceiptRow{row.i64(0), row.str(1), row.i64(2), row.str(3)};
}

std::optional<SupplementRequestRow> load_supplement_request(Connection& c, std::int64_t dossier_id) {
  auto r = c.exec(
      "SELECT id, items, requested_by, at_ms, resubmitted_at_ms FROM supplement_requests WHERE dossier_id = $1",
      {dossier_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return SupplementRequestRow{row.i64(0), row.str(1), row.opt_i64(2), row.i64(3), row.opt_i64(4)};
}

std::int64_t book_sequence(Connection& c, std::int64_t agency_id, std::int64_t year_start_ms, std::int64_t received_at_ms,
                           std::int64_t dossier_id) {
  return c.exec(
              "SELECT COUNT(*) FROM dossiers WHERE agency_id = $1 AND received_at_ms >= $2 AND "
              "(received_at_ms < $3 OR (received_at_ms = $3 AND id <= $4))",
              {agency_id, year_start_ms, received_at_ms, dossier_id})
      .one()
      .i64(0);
}

std::int64_t count_received(Connection& c, std::int64_t agency_id, std::int64_t from_ms, std::int64_t to_ms) {
  return c.exec(
              "SELECT COUNT(*) FROM dossiers WHERE agency_id = $1 AND received_at_ms >= $2 AND received_at_ms < $3 "
              "AND code IS NOT NULL",
              {agency_id, from_ms, to_ms})
      .one()
      .i64(0);
}

std::vector<BookRow> list_book(Connection& c, std::int64_t agency_id, std::int64_t from_ms, std::int64_t to_ms,
                               std::int64_t limit) {
  auto r = c.exec(
      "SELECT d.id, d.code, d.procedure_code, COALESCE(pv.name, d.procedure_code), d.applicant_name, "
      "d.applicant_address, d.applicant_phone, a.name, d.received_at_ms, d.due_at_ms, "
      "(SELECT MIN(h.at_ms) FROM dossier_history h WHERE h.dossier_id = d.id AND h.action = 'transfer'), "
      "d.completed_at_ms, d.returned_at_ms, d.status, d.timeliness "
      "FROM dossiers d JOIN agencies a ON a.id = d.current_agency_id "
      "LEFT JOIN procedures p ON p.code = d.procedure_code "
      "LEFT JOIN procedure_versions pv ON pv.id = COALESCE(d.procedure_version_id, p.current_version_id) "
      "WHERE d.agency_id = $1 AND d.received_at_ms >= $2 AND d.received_at_ms < $3 AND d.code IS NOT NULL "
      "ORDER BY d.received_at_ms, d.id LIMIT $4",
      {agency_id, from_ms, to_ms, limit});
  std::vector<BookRow> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    BookRow b;
    b.id = row.i64(0);
    b.code = row.str(1);
    b.procedure_code = row.str(2);
    b.procedure_name = row.str(3);
    b.applicant_name = row.str(4);
    b.applicant_address = row.opt_str(5);
    b.applicant_phone = row.opt_str(6);
    b.handling_agency_name = row.str(7);
    b.received_at_ms = row.i64(8);
    b.due_at_ms = row.opt_i64(9);
    b.transferred_at_ms = row.opt_i64(10);
    b.completed_at_ms = row.opt_i64(11);
    b.returned_at_ms = row.opt_i64(12);
    if (auto s = row.opt_i64(13)) b.status = static_cast<int>(*s);
    b.timeliness = row.opt_str(14);
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace motcua::storage
