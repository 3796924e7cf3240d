// Loading the rules data files: the dated rule sets (data/rules/rule-sets.json) and the province
// profiles (data/profiles/<key>.json), found like the bundled units (import_units.h), plus their JSON views
// for the CLI and the API.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/profile.h"
#include "domain/rule_set.h"

namespace motcua::app {

inline constexpr const char* kRuleSetsFile = "rules/rule-sets.json";
inline constexpr const char* kProfilesDir = "profiles";

// `from` empty = the bundled folder; throws std::runtime_error when there is none.
std::string rules_data_dir(const std::string& from = "");

// Throws domain::RuleDataError (every problem, naming the file) or std::runtime_error (unreadable).
std::vector<domain::RuleSet> load_rule_sets(const std::string& data_dir);

// Keys of data/profiles/*.json, sorted.
std::vector<std::string> list_profile_keys(const std::string& data_dir);

class UnknownProfileError : public std::runtime_error {
 public:
  UnknownProfileError(const std::string& key, const std::vector<std::string>& known);
};

// Loads one profile; UnknownProfileError (listing the known keys) when there is no such file.
domain::Profile load_profile(const std::string& data_dir, const std::string& key);

// Validates the rule sets and every profile; returns every problem (empty = all valid).
std::vector<std::string> check_rules_data(const std::string& data_dir);

// JSON views. profile_json shows the effective values (the profile's, else the rule set's) with the source
// and confidence tag of each, "from": "profile" | "rule_set".
boost::json::object rule_set_json(const domain::RuleSet& r);
boost::json::object profile_json(const domain::Profile& p, const domain::RuleSet* rules_today);

// Today's date in Vietnam (UTC+7) from the wall clock.
domain::LocalDate vietnam_today(std::int64_t now_ms);

}  // namespace motcua::app
