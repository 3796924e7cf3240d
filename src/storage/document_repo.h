// The reads behind the printed forms (src/app/documents.h): the stored receipt and supplement request of a
// dossier, its number in the year's book, and the rows of the Sổ theo dõi hồ sơ for a receiving unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct ReceiptRow {
  std::int64_t id = 0;
  std::string code;
  std::int64_t issued_at_ms = 0;
  std::string data = "{}";  // JSON written at reception
};
std::optional<ReceiptRow> load_receipt(Connection& c, std::int64_t dossier_id);

struct SupplementRequestRow {
  std::int64_t id = 0;
  std::string items = "[]";  // JSON [{"component", "reason"}]
  std::optional<std::int64_t> requested_by;
  std::int64_t at_ms = 0;
  std::optional<std::int64_t> resubmitted_at_ms;
};
std::optional<SupplementRequestRow> load_supplement_request(Connection& c, std::int64_t dossier_id);

// How many dossiers the receiving agency received from `year_start_ms` up to and including this one
// (received_at, then id): its số thứ tự in the year's book (TT 01/2018 Điều 10: numbered from 01 each year).
std::int64_t book_sequence(Connection& c, std::int64_t agency_id, std::int64_t year_start_ms, std::int64_t received_at_ms,
                           std::int64_t dossier_id);

struct BookRow {
  std::int64_t id = 0;
  std::string code;
  std::string procedure_code;
  std::string procedure_name;
  std::string applicant_name;
  std::optional<std::string> applicant_address;
  std::optional<std::string> applicant_phone;
  std::string handling_agency_name;  // the dossier's current agency
  std::int64_t received_at_ms = 0;
  std::optional<std::int64_t> due_at_ms;
  std::optional<std::int64_t> transferred_at_ms;  // first transfer to the competent agency
  std::optional<std::int64_t> completed_at_ms;    // the result came back from the handling agency
  std::optional<std::int64_t> returned_at_ms;
  std::optional<int> status;
  std::optional<std::string> timeliness;
};
// How many dossiers the agency received (a code was given) in [from_ms, to_ms).
std::int64_t count_received(Connection& c, std::int64_t agency_id, std::int64_t from_ms, std::int64_t to_ms);

// Dossiers received at the agency in [from_ms, to_ms), in reception order; at most `limit` rows.
std::vector<BookRow> list_book(Connection& c, std::int64_t agency_id, std::int64_t from_ms, std::int64_t to_ms,
                               std::int64_t limit);

}  // namespace motcua::storage
