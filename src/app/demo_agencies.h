// The demo agency tree (cây cơ quan mẫu) of Sơn La after the 2025 merger, for `motcua seed --demo`,
// `make run` and the access-matrix tests (an official of commune A must not act on commune B).
#pragma once

#include <cstdint>
#include <string>

#include "storage/agency_repo.h"
#include "storage/db.h"

namespace motcua::app {

struct DemoAgencies {
  std::int64_t root = 0;          // UBND tỉnh Sơn La
  std::int64_t so_tu_phap = 0;    // Sở Tư pháp
  std::int64_t ttphvhcc = 0;      // Trung tâm Phục vụ hành chính công tỉnh
  std::int64_t xa_a = 0;          // UBND phường Tô Hiệu (commune A)
  std::int64_t xa_a_mot_cua = 0;  // its Bộ phận một cửa
  std::int64_t xa_b = 0;          // UBND xã Mai Sơn (commune B)
  std::int64_t xa_b_mot_cua = 0;  // its Bộ phận một cửa
};

// Creates whatever is missing (found again by QCVN 102 code), inside the caller's transaction, with an
// audit row per created agency. Running it again returns the same ids and changes nothing.
DemoAgencies seed_demo_agencies(storage::Connection& tx);

// Creates an agency on the system's behalf (seed, benchmark generator) with its "agency.create" audit row;
// `source` names the command in the row.
std::int64_t create_agency_as_system(storage::Connection& tx, const storage::AgencyFields& f, const std::string& source,
                                     std::int64_t now_ms);

}  // namespace motcua::app
