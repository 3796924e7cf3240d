// The benchmark dossier generator: draws dossiers from the mix (app/dossier_mix.h) over the agency tree and
// the catalogue, deterministically from a seed, and replays each one's path through its real workflow
// definition with the real clock (start, pause, step deadlines, completion and timeliness), pinning and
// dossier-code rules. Pure: the world is loaded by the caller, rows go back in batches for storage.
//
// Paths are the shortest in the definition from submission to the target state, checked once with
// domain::decide(), so every generated dossier sits in a state the app can act on. The history is abridged
// to the submission, the reception and the last transition (1–3 rows; the last row's to_status is the
// dossier's status); drafts have none, as in the app.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/bench_tree.h"
#include "app/dossier_mix.h"
#include "domain/calendar.h"
#include "domain/pinning.h"
#include "domain/rule_set.h"
#include "domain/workflow.h"
#include "storage/dossier_bulk.h"
#include "storage/dossier_repo.h"

namespace motcua::app {

struct GenPerson {
  std::int64_t id = 0;
  std::string name;
};

struct GenProcedure {
  std::string code;
  std::optional<std::int64_t> current_version_id;
  std::vector<domain::ProcedureVersionRef> versions;
  std::int64_t earliest_ms = 0;  // the first day a version is in force (0: undated, always)
  // Processing time per version for online / postal / in-person, chosen like the service's allowance_for.
  std::map<std::int64_t, std::array<std::optional<domain::ProcessingTime>, 3>> allowances;
};

struct GenAgency {
  BenchAgency agency;
  double weight = 0;
  std::vector<std::pair<int, const domain::WorkflowDefinition*>> services;  // procedure index, workflow
  std::optional<GenPerson> officer;          // a one-stop officer working there (history actor)
  std::vector<GenPerson> specialists, leaders;  // officials whose grants cover it (assignees)
};

struct GenWorld {
  std::vector<GenAgency> agencies;
  std::vector<GenProcedure> procedures;
  std::vector<domain::RuleSet> rule_sets;
  const domain::WorkingCalendar* calendar = nullptr;  // the default office hours on the national calendar
  std::optional<GenPerson> demo_citizen;
};

struct GenBatch {
  std::vector<storage::DossierRecord> dossiers;
  std::vector<storage::HistoryEntry> history;
  std::vector<storage::Attachment> attachments;
  struct Supplement {
    std::int64_t dossier_id;
    std::vector<storage::SupplementItem> items;
    std::optional<std::int64_t> requested_by;
    std::int64_t at_ms;
  };
  std::vector<Supplement> supplements;       // one per dossier waiting for a supplement
  std::vector<storage::CodeCounter> counters;  // the (agency, day) counters this batch moved, distinct
  void clear() { *this = GenBatch{}; }
};

class DossierGenerator {
 public:
  // `until_ms`: every generated time lies before it (the start of today, Vietnam time, by default).
  // `counters`: the code counters as they stand, so generated codes continue each day's sequence.
  DossierGenerator(const GenWorld& world, const DossierMix& mix, std::uint64_t seed, std::int64_t until_ms,
                   const std::vector<storage::CodeCounter>& counters);

  // n dossiers with ids first_id, first_id + 1, … appended to `out`.
  void generate(std::int64_t first_id, std::int64_t n, GenBatch& out);

 private:
  struct Step {
    std::string action;
    const domain::WorkflowAction* def = nullptr;
    domain::Transition t;
  };
  using Plan = std::vector<Step>;  // from the submission to the target state
  const Plan& plan(const domain::WorkflowDefinition& def, const std::string& target, bool via_reception);
  void one(std::int64_t id, GenBatch& out);

  const GenWorld& world_;
  const DossierMix& mix_;
  std::mt19937_64 rng_;
  std::int64_t until_ms_;
  std::int64_t from_ms_;
  std::map<std::string, Plan> plans_;  // "<workflow>/<target>[/r]"
  std::vector<double> agency_cum_;
  std::vector<std::vector<double>> service_cum_;  // per agency, Zipf over its services
  std::unordered_map<std::int64_t, std::int64_t> counters_;  // agency index × day → last sequence
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> batch_counters_;
};

}  // namespace motcua::app
