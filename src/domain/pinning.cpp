#include "domain/pinning.h"

namespace motcua::domain {

// The latest dated version already in force. A version with neither date (the national catalogue
// publishes none for most procedures) counts as in force since always, below any dated one that has
// started; among several undated versions the last imported (highest id) wins.
std::optional<std::int64_t> procedure_version_in_force(const std::vector<ProcedureVersionRef>& versions,
                                                       const LocalDate& day) {
  const ProcedureVersionRef* best = nullptr;
  LocalDate best_start;
  const ProcedureVersionRef* undated = nullptr;
  for (const auto& v : versions) {
    const auto start = v.effective_date ? v.effective_date : v.decision_date;
    if (!start) {
      if (!undated || v.id > undated->id) undated = &v;
      continue;
    }
    if (day < *start) continue;
    if (!best || best_start < *start || (*start == best_start && v.id > best->id)) {
      best = &v;
      best_start = *start;
    }
  }
  if (best) return best->id;
  if (undated) return undated->id;
  return std::nullopt;
}

DossierPin pin_dossier(const std::vector<ProcedureVersionRef>& versions, const std::vector<RuleSet>& rule_sets,
                       const LocalDateTime& received_at) {
  const auto version = procedure_version_in_force(versions, received_at.date);
  if (!version)
    throw PinningError("no version of the procedure is in force on " + received_at.date.iso() +
                       " (every dated version starts later)");
  const RuleSet* rules = rule_set_in_force(rule_sets, received_at);
  if (!rules) throw PinningError("no rule set is in force on " + received_at.date.iso());
  return {*version, rules->id, received_at};
}

}  // namespace motcua::domain
