// The mix of generated benchmark dossiers (data/bench/dossier-mix.json) as validated data: status, channel,
// delivery and attachment shares, years of history, workflow shares and how busy agencies are. Every
// problem is reported at once, before anything is written.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::app {

using Shares = std::vector<std::pair<std::string, double>>;  // in file order, so a seed gives the same draws

struct DossierMix {
  double years_of_history = 3;
  Shares outcomes;       // state keys (returned, completed, not_received, withdrawn, stopped), "active", "draft"
  double withdrawn_after_reception = 0.4;
  Shares active_states;  // relative weights of the active state keys
  double active_assigned = 0.7;
  Shares timeliness;     // early, on_time, late
  Shares channels;       // online, counter, postal, third_party
  Shares delivery;       // online, post, counter
  Shares applicant_kind; // citizen, organisation
  Shares attachments_per_dossier;  // "1".."5"
  long long attachment_min_bytes = 51200;
  long long attachment_max_bytes = 2097152;
  Shares workflows;      // workflow keys, for agency services that do not name one yet
  double commune_zipf_exponent = 1.0;
  double procedure_zipf_exponent = 1.0;
  double demo_commune_a = 0.05;
  double demo_commune_b = 0.015;
  double province_centre = 0.1;
  double demo_citizen_owner = 0.002;
};

// Parses and checks the file: known keys only, shares in [0, 1] summing to 1 (±0.001), state keys that
// some loaded workflow has, workflow keys that are loaded. Throws std::runtime_error listing every problem.
DossierMix parse_dossier_mix(std::string_view origin, std::string_view json_text,
                             const std::vector<std::string>& state_keys, const std::vector<std::string>& workflow_keys);

// data/bench/dossier-mix.json, found like the other data files (find_data_dir).
std::string default_dossier_mix_path();

}  // namespace motcua::app
