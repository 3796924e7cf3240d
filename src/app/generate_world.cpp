// Loads what the dossier generator draws from: the receiving agencies with the procedures they offer and the
// officials who work there, the catalogue's versions and processing times, the demo citizen.
#include "app/generate_world.h"

#include <map>

#include "storage/agency_repo.h"

namespace motcua::app {

namespace {

std::optional<domain::TimeUnit> usable_unit(const std::string& u) {
  for (auto t : {domain::TimeUnit::working_days, domain::TimeUnit::working_hours, domain::TimeUnit::calendar_days,
                 domain::TimeUnit::months, domain::TimeUnit::years})
    if (domain::time_unit_code(t) == u) return t;
  return std::nullopt;
}

// The processing time the service would take for a channel (allowance_for in dossier_service.cpp): the
// channel's own line, else an unspecified one, else any parsed line, in source order.
std::optional<domain::ProcessingTime> allowance(const std::vector<std::pair<std::string, domain::ProcessingTime>>& lines,
                                                const std::string& want) {
  for (int pass = 0; pass < 3; ++pass)
    for (const auto& [channel, pt] : lines)
      if ((pass == 0 && channel == want) || (pass == 1 && channel == "unspecified") || pass == 2) return pt;
  return std::nullopt;
}

}  // namespace

GenWorld load_gen_world(storage::Connection& c, const BenchTree& tree,
                        const std::function<const domain::WorkflowDefinition*(const std::string&)>& workflow,
                        const std::string& default_workflow, std::vector<domain::RuleSet> rule_sets,
                        const domain::WorkingCalendar& cal) {
  GenWorld w;
  w.rule_sets = std::move(rule_sets);
  w.calendar = &cal;

  // Procedures whose every version has a usable processing time: the app refuses to receive the others
  // ("processing_time_unknown"), so no generated dossier may use them.
  std::map<std::int64_t, std::vector<std::pair<std::string, domain::ProcessingTime>>> lines;
  for (const auto& r : c.exec("SELECT version_id, channel, amount, unit, raw FROM processing_times WHERE parsed = 1 AND "
                              "amount IS NOT NULL AND amount > 0 ORDER BY version_id, position")
                           .rows) {
    const auto unit = usable_unit(r.str(3));
    if (!unit) continue;
    domain::ProcessingTime pt;
    pt.amount = r.f64(2);
    pt.unit = *unit;
    pt.parsed = true;
    pt.raw = r.str(4);
    lines[r.i64(0)].emplace_back(r.str(1), pt);
  }
  std::map<std::string, std::size_t> by_code;
  for (const auto& r : c.exec("SELECT p.code, p.current_version_id, v.id, v.decision_effective, v.decision_date FROM "
                              "procedures p JOIN procedure_versions v ON v.procedure_code = p.code ORDER BY p.code, v.id")
                           .rows) {
    const std::string code = r.str(0);
    auto [it, fresh] = by_code.emplace(code, w.procedures.size());
    if (fresh) w.procedures.push_back(GenProcedure{code, r.opt_i64(1), {}, 0, {}});
    auto& p = w.procedures[it->second];
    domain::ProcedureVersionRef v;
    v.id = r.i64(2);
    if (auto e = r.opt_str(3)) v.effective_date = domain::parse_iso_date(*e);
    if (auto e = r.opt_str(4)) v.decision_date = domain::parse_iso_date(*e);
    p.versions.push_back(v);
    if (lines.count(v.id))
      p.allowances[v.id] = {allowance(lines[v.id], "online"), allowance(lines[v.id], "postal"),
                            allowance(lines[v.id], "in_person")};
  }
  std::vector<bool> usable(w.procedures.size());
  for (std::size_t i = 0; i < w.procedures.size(); ++i) {
    auto& p = w.procedures[i];
    bool ok = p.current_version_id.has_value() && p.allowances.size() == p.versions.size();
    std::optional<std::int64_t> earliest;
    bool undated = false;
    for (const auto& v : p.versions) {
      const auto start = v.effective_date ? v.effective_date : v.decision_date;
      if (!start) undated = true;
      else {
        const auto ms = domain::local_to_epoch_ms({start->year, start->month, start->day}, 0);
        earliest = earliest ? std::min(*earliest, ms) : ms;
      }
    }
    p.earliest_ms = undated || !earliest ? 0 : *earliest;
    // Processing times of a year or more would not fit the history window: left to real dossiers.
    for (const auto& [id, a] : p.allowances)
      for (const auto& pt : a)
        if (!pt || (pt->unit == domain::TimeUnit::years) || (pt->unit == domain::TimeUnit::months && *pt->amount > 6))
          ok = false;
    usable[i] = ok;
  }

  // Officials whose grants cover each agency (a grant covers its agency's subtree).
  struct Grant { std::int64_t user; std::string role, path, name; };
  std::vector<Grant> grants;
  for (const auto& r : c.exec("SELECT g.user_id, g.role, a.path, u.full_name FROM role_grants g JOIN agencies a ON "
                              "a.id = g.agency_id JOIN users u ON u.id = g.user_id WHERE u.active = 1 AND g.role IN "
                              "('one_stop_officer', 'specialist', 'leader') ORDER BY g.user_id")
                           .rows)
    grants.push_back({r.i64(0), r.str(1), r.str(2), r.str(3)});

  for (const auto& a : tree.agencies) {
    GenAgency ga;
    ga.agency = a;
    for (const auto& r : c.exec("SELECT procedure_code, workflow_key FROM agency_services WHERE agency_id = $1 AND "
                                "active = 1 ORDER BY procedure_code",
                                {a.id})
                             .rows) {
      const auto it = by_code.find(r.str(0));
      if (it == by_code.end() || !usable[it->second]) continue;
      // As workflow_for() in the service: the configured key when it is loaded, else the default template.
      const auto* wf = r.is_null(1) ? nullptr : workflow(r.str(1));
      ga.services.emplace_back(static_cast<int>(it->second), wf ? wf : workflow(default_workflow));
    }
    for (const auto& g : grants) {
      if (!storage::path_within(a.path, g.path)) continue;
      GenPerson p{g.user, g.name};
      if (g.role == "one_stop_officer" && !ga.officer) ga.officer = p;
      if (g.role == "specialist") ga.specialists.push_back(p);
      if (g.role == "leader") ga.leaders.push_back(p);
    }
    w.agencies.push_back(std::move(ga));
  }
  // The demo citizen owns a small share of online dossiers, so "Hồ sơ của tôi" has a realistic length.
  if (const auto r = c.exec("SELECT id, full_name FROM users WHERE username = 'congdan@example.vn' AND active = 1"); !r.empty())
    w.demo_citizen = GenPerson{r.rows.front().i64(0), r.rows.front().str(1)};
  return w;
}

}  // namespace motcua::app
