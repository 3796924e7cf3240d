// Allocation of mã số hồ sơ (dossier codes): the daily per-agency counter in dossier_code_counters.
//
// Atomic on both backends with one statement,
//   INSERT … VALUES (agency, day, 1) ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = last_seq + 1
//   RETURNING last_seq
// run inside the caller's write transaction (the reception): PostgreSQL takes the row lock, so a second
// process allocating for the same agency and day waits for the first transaction to end and then sees
// its number (READ COMMITTED re-reads the updated row); SQLite has a single writer. Because the counter
// moves in the same transaction as the dossier row, a rolled-back reception rolls the number back too:
// no gap, no duplicate. The price is that receptions of one agency on one day commit one after another,
// which is what a numbered register (sổ theo dõi hồ sơ) implies anyway; keep reception transactions short.
#pragma once

#include <cstdint>
#include <string>

#include "domain/dossier_code.h"
#include "storage/db.h"

namespace motcua::storage {

// The next sequence number of the agency on that Vietnamese local day (1 for the first dossier).
std::int64_t next_dossier_sequence(Connection& tx, std::int64_t agency_id, const domain::LocalDate& day);

// Checks the agency has the identifier `spec` needs (throws domain::DossierCodeError before touching the
// counter, so a refused allocation consumes nothing), allocates the next number and formats the code.
std::string allocate_dossier_code(Connection& tx, std::int64_t agency_id, const domain::AgencyIdentifiers& agency,
                                  const domain::LocalDate& day, const domain::CodeFormatSpec& spec);

// Loads the agency's identifiers (throws domain::DossierCodeError when the agency does not exist), then
// allocates as above.
std::string allocate_dossier_code(Connection& tx, std::int64_t agency_id, const domain::LocalDate& day,
                                  const domain::CodeFormatSpec& spec);

// The last number handed out (0 when none), for reports and tests.
std::int64_t last_dossier_sequence(Connection& c, std::int64_t agency_id, const domain::LocalDate& day);

}  // namespace motcua::storage
