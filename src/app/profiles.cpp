#include "app/profiles.h"

#include "app/data_dir.h"
#include "app/data_files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace motcua::app {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "(none)" : s;
}

template <class T>
json::object sourced_meta(const domain::Sourced<T>& s, const char* from) {
  json::object o{{"source", s.source}, {"tag", std::string(domain::confidence_tag(s.tag))}, {"from", from}};
  if (!s.note.empty()) o["note"] = s.note;
  return o;
}

json::value opt_str(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::object qa_json(const domain::QaDeadlines& q) {
  return {{"own_scope", q.own_scope_days}, {"inter_agency", q.inter_agency_days}, {"maximum", q.maximum_days}};
}

json::object rating_json(const domain::RatingScheme& r) {
  json::array qs, ls;
  for (const auto& q : r.questions) qs.push_back(json::value(q));
  for (const auto& l : r.levels) ls.push_back(json::value(l));
  return {{"id", r.id}, {"questions", std::move(qs)}, {"levels", std::move(ls)}};
}

json::object code_spec_json(const domain::CodeFormatSpec& s) {
  return {{"format", std::string(domain::code_format_id(s.format))},
          {"date_pattern", std::string(domain::code_date_pattern_id(s.date_pattern))},
          {"min_sequence_digits", s.min_sequence_digits},
          {"system_digits", s.system_digits}};
}

}  // namespace

std::string rules_data_dir(const std::string& from) {
  if (!from.empty()) return from;
  if (auto d = find_data_dir(kRuleSetsFile)) return *d;
  throw std::runtime_error(std::string("cannot find the bundled data folder (") + kRuleSetsFile +
                           "); set MOTCUA_SOURCE_DIR to the source tree");
}

std::vector<domain::RuleSet> load_rule_sets(const std::string& data_dir) {
  const fs::path path = fs::path(data_dir) / kRuleSetsFile;
  return domain::parse_rule_sets(read_data_file(path), path.string());
}

std::vector<std::string> list_profile_keys(const std::string& data_dir) {
  std::vector<std::string> keys;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(data_dir) / kProfilesDir, ec))
    if (e.path().extension() == ".json") keys.push_back(e.path().stem().string());
  std::sort(keys.begin(), keys.end());
  return keys;
}

UnknownProfileError::UnknownProfileError(const std::string& key, const std::vector<std::string>& known)
    : std::runtime_error("unknown province profile '" + key + "'; known profiles: " + join(known)) {}

domain::Profile load_profile(const std::string& data_dir, const std::string& key) {
  const auto known = list_profile_keys(data_dir);
  // Only a listed key becomes a path, so "../x" never escapes the folder.
  if (std::find(known.begin(), known.end(), key) == known.end()) throw UnknownProfileError(key, known);
  const fs::path path = fs::path(data_dir) / kProfilesDir / (key + ".json");
  return domain::parse_profile(read_data_file(path), path.string(), key);
}

std::vector<std::string> check_rules_data(const std::string& data_dir) {
  std::vector<std::string> problems;
  auto collect = [&](auto&& f) {
    try {
      f();
    } catch (const domain::RuleDataError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    } catch (const std::exception& e) {
      problems.push_back(e.what());
    }
  };
  collect([&] { load_rule_sets(data_dir); });
  const auto keys = list_profile_keys(data_dir);
  if (keys.empty()) problems.push_back((fs::path(data_dir) / kProfilesDir).string() + ": no profile files");
  for (const auto& k : keys) {
    if (!domain::is_valid_profile_key(k))
      problems.push_back((fs::path(data_dir) / kProfilesDir / (k + ".json")).string() +
                         ": file name must be lowercase letters, digits and dashes");
    else
      collect([&] { load_profile(data_dir, k); });
  }
  return problems;
}

json::object rule_set_json(const domain::RuleSet& r) {
  auto field = [](auto value, const auto& s) {
    json::object o{{"value", std::move(value)}, {"source", s.source}, {"tag", std::string(domain::confidence_tag(s.tag))}};
    if (!s.note.empty()) o["note"] = s.note;
    return o;
  };
  return {{"id", r.id},
          {"name", r.name},
          {"effective_from", field(json::value(r.effective_from.value.iso()), r.effective_from)},
          {"form_set", field(json::value(r.form_set.value), r.form_set)},
          {"dossier_code", field(json::value(code_spec_json(r.dossier_code.value)), r.dossier_code)},
          {"reception_window_working_hours",
           field(json::value(r.reception_window_working_hours.value), r.reception_window_working_hours)},
          {"transfer_cutoff", field(json::value(domain::format_hh_mm(r.transfer_cutoff_minutes.value)), r.transfer_cutoff_minutes)},
          {"pakn_answer_working_days", field(json::value(r.pakn_answer_working_days.value), r.pakn_answer_working_days)},
          {"qa_answer_working_days", field(json::value(qa_json(r.qa_answer_working_days.value)), r.qa_answer_working_days)},
          {"rating_scheme", field(json::value(rating_json(r.rating_scheme.value)), r.rating_scheme)}};
}

json::object profile_json(const domain::Profile& p, const domain::RuleSet* rules) {
  json::object sources;
  sources["instrument"] = sourced_meta(p.instrument, "profile");
  sources["effective_from"] = sourced_meta(p.effective_from, "profile");
  sources["effective_until"] = sourced_meta(p.effective_until, "profile");
  sources["province_code_2025"] = sourced_meta(p.province_code_2025, "profile");
  sources["province_code_legacy"] = sourced_meta(p.province_code_legacy, "profile");
  sources["hotline"] = sourced_meta(p.hotline, "profile");
  sources["portal_host"] = sourced_meta(p.portal_host, "profile");
  sources["officer_site_host"] = sourced_meta(p.officer_site_host, "profile");
  json::object o{{"key", p.key},
                 {"name", p.name},
                 {"instrument", p.instrument.value},
                 {"province_code_2025", opt_str(p.province_code_2025.value)},
                 {"province_code_legacy", opt_str(p.province_code_legacy.value)},
                 {"effective_from", p.effective_from.value.iso()},
                 {"effective_until", p.effective_until.value ? json::value(p.effective_until.value->iso()) : json::value(nullptr)},
                 {"merged_into_province_code_2025", opt_str(p.merged_into_province_code_2025.value)},
                 {"hotline", opt_str(p.hotline.value)},
                 {"portal_host", p.portal_host.value},
                 {"officer_site_host", opt_str(p.officer_site_host.value)},
                 {"note", p.note}};
  // Deadlines and rating: the profile's value, else the rule set in force.
  auto pick = [&](const char* name, const auto& own, const auto& from_rules, auto to_json) {
    if (own.value) {
      o[name] = to_json(*own.value);
      sources[name] = sourced_meta(own, "profile");
    } else if (rules) {
      o[name] = to_json(from_rules.value);
      sources[name] = sourced_meta(from_rules, "rule_set");
    } else {
      o[name] = nullptr;
      sources[name] = sourced_meta(own, "profile");
    }
  };
  pick("pakn_answer_working_days", p.pakn_answer_working_days, rules ? rules->pakn_answer_working_days : domain::Sourced<int>{},
       [](int d) { return json::value(d); });
  pick("qa_answer_working_days", p.qa_answer_working_days,
       rules ? rules->qa_answer_working_days : domain::Sourced<domain::QaDeadlines>{},
       [](const domain::QaDeadlines& q) { return json::value(qa_json(q)); });
  pick("rating_scheme", p.rating_scheme, rules ? rules->rating_scheme : domain::Sourced<domain::RatingScheme>{},
       [](const domain::RatingScheme& r) { return json::value(rating_json(r)); });
  o["rule_set"] = rules ? json::value(rules->id) : json::value(nullptr);
  o["sources"] = std::move(sources);
  return o;
}

domain::LocalDate vietnam_today(std::int64_t now_ms) { return domain::vietnam_local_time(now_ms).date; }

}  // namespace motcua::app
