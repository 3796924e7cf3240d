// Counts for the portal's public statistics: nothing that identifies a dossier or a person.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct PublicCounts {
  std::int64_t received = 0;          // received_at on or after `since`
  std::int64_t resolved = 0;          // completed on or after `since`
  std::int64_t resolved_on_time = 0;  // of those, classed early or on time (QĐ 766, stored at completion)
};
PublicCounts count_since(Connection& c, std::int64_t since_ms);

struct ProcedureUse {
  std::string code;
  std::string name;
  std::int64_t dossiers = 0;
};
// The procedures with the most dossiers submitted on or after `since`, most first.
std::vector<ProcedureUse> most_used_procedures(Connection& c, std::int64_t since_ms, int limit);

}  // namespace motcua::storage
