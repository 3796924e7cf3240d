#include "domain/pinning.h"

namespace motcua::domain {

std::optional<std::int64_t> procedure_version_in_force(const std::vector<ProcedureVersionRef>& versions,
                                                       const LocalDate& day) {
  const ProcedureVersionRef* best = nullptr;
  LocalDate best_start;
  for (const auto& v : versions) {
    const auto start = v.effective_date ? v.effective_date : v.decision_date;
    if (!start || day < *start) continue;
    if (!best || best_start < *start || (*start == best_start && v.id > best->id)) {
      best = &v;
      best_start = *start;
    }
  }
  if (!best) return std::nullopt;
  return best->id;
}

DossierPin pin_dossier(const std::vector<ProcedureVersionRef>& versions, const std::vector<RuleSet>& rule_sets,
                       const LocalDateTime& received_at) {
  const auto version = procedure_version_in_force(versions, received_at.date);
  if (!version)
    throw PinningError("no version of the procedure is in force on " + received_at.date.iso() +
                       " (every version starts later or has neither an effective nor a decision date)");
  const RuleSet* rules = rule_set_in_force(rule_sets, received_at);
  if (!rules) throw PinningError("no rule set is in force on " + received_at.date.iso());
  return {*version, rules->id, received_at};
}

}  // namespace motcua::domain
