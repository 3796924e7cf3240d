// Pinning (chốt phiên bản): a dossier is handled under the procedure version and the rule set in force
// when it was received, even if either changes while it is processed (legal-rules §11.1: "frozen on
// each dossier at reception"). Pure: the lifecycle issue stores the result on the dossier row as
// procedure_version_id + rule_set_id (+ the reception time it was computed from) and never recomputes it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/rule_set.h"

namespace motcua::domain {

// One published version of a procedure (thủ tục hành chính), as the catalogue stores it: the QĐ công bố
// gives a decision date and, when known, an effective date.
struct ProcedureVersionRef {
  std::int64_t id = 0;
  std::optional<LocalDate> effective_date;  // ngày hiệu lực
  std::optional<LocalDate> decision_date;   // ngày ban hành quyết định công bố
};

struct DossierPin {
  std::int64_t procedure_version_id = 0;
  std::string rule_set_id;
  LocalDateTime received_at;  // Vietnam local time of reception (tiếp nhận), not of submission
  bool operator==(const DossierPin&) const = default;
};

class PinningError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The version in force on a day: the latest start (effective date, else decision date) on or before it;
// on equal starts the higher id (the later import) wins. nullopt when none has started.
std::optional<std::int64_t> procedure_version_in_force(const std::vector<ProcedureVersionRef>& versions,
                                                       const LocalDate& day);

// What a dossier received at `received_at` pins. Throws PinningError when no version or no rule set is in
// force then (a reception before the procedure took effect is refused, not silently pinned to the future).
DossierPin pin_dossier(const std::vector<ProcedureVersionRef>& versions, const std::vector<RuleSet>& rule_sets,
                       const LocalDateTime& received_at);

}  // namespace motcua::domain
