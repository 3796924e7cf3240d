#include "app/dossier_mix.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "app/data_dir.h"
#include "domain/dossier.h"

namespace motcua::app {

namespace json = boost::json;

namespace {

class Checker {
 public:
  explicit Checker(std::string_view origin) : origin_(origin) {}
  void fail(const std::string& path, const std::string& msg) { problems_.push_back(origin_ + ": " + path + ": " + msg); }
  bool ok() const { return problems_.empty(); }
  std::string report() const {
    std::string s = "the dossier mix is invalid (" + std::to_string(problems_.size()) + " problem(s)):";
    for (const auto& p : problems_) s += "\n  " + p;
    return s;
  }

  double number(const json::object& o, std::string_view key, double lo, double hi, double def, bool required = true) {
    const auto* v = o.if_contains(key);
    if (!v) {
      if (required) fail(std::string(key), "missing");
      return def;
    }
    if (!v->is_number()) {
      fail(std::string(key), "must be a number");
      return def;
    }
    const double d = v->to_number<double>();
    if (!(d >= lo && d <= hi)) fail(std::string(key), "must lie in [" + fmt(lo) + ", " + fmt(hi) + "]");
    return d;
  }

  // Shares: an object of key → number ≥ 0. `normalised`: they must sum to 1 (weights otherwise).
  Shares shares(const json::object& o, std::string_view key, bool normalised,
                const std::function<bool(const std::string&)>& known, const std::string& expected) {
    Shares out;
    const auto* v = o.if_contains(key);
    if (!v || !v->is_object() || v->as_object().empty()) {
      fail(std::string(key), "must be a non-empty object of shares");
      return out;
    }
    double sum = 0;
    for (const auto& [k, x] : v->as_object()) {
      const std::string name(k);
      const std::string path = std::string(key) + "." + name;
      if (!known(name)) fail(path, "unknown key (expected " + expected + ")");
      if (!x.is_number() || x.to_number<double>() < 0 || (normalised && x.to_number<double>() > 1)) {
        fail(path, normalised ? "must be a share in [0, 1]" : "must be a weight >= 0");
        continue;
      }
      out.emplace_back(name, x.to_number<double>());
      sum += x.to_number<double>();
    }
    if (normalised && std::fabs(sum - 1.0) > 0.001) fail(std::string(key), "shares sum to " + fmt(sum) + ", not 1");
    if (!normalised && sum <= 0) fail(std::string(key), "weights sum to 0");
    return out;
  }

 private:
  static std::string fmt(double d) {
    std::string s = std::to_string(d);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  std::string origin_;
  std::vector<std::string> problems_;
};

bool in(const std::vector<std::string>& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); }

}  // namespace

DossierMix parse_dossier_mix(std::string_view origin, std::string_view text, const std::vector<std::string>& state_keys,
                             const std::vector<std::string>& workflow_keys) {
  boost::system::error_code ec;
  const auto root = json::parse(text, ec);
  if (ec || !root.is_object())
    throw std::runtime_error(std::string(origin) + ": not a JSON object" + (ec ? " (" + ec.message() + ")" : ""));
  const auto& o = root.as_object();
  static const std::set<std::string> kKeys = {
      "about", "years_of_history", "outcomes", "withdrawn_after_reception", "active_states", "active_assigned",
      "timeliness", "channels", "delivery", "applicant_kind", "attachments_per_dossier", "attachment_size_bytes",
      "workflows", "agencies", "demo_citizen_owner"};
  Checker c(origin);
  for (const auto& [k, v] : o)
    if (!kKeys.count(std::string(k))) c.fail(std::string(k), "unknown key");

  DossierMix m;
  m.years_of_history = c.number(o, "years_of_history", 0.1, 20, 3);
  static const std::vector<std::string> kFinal = {"returned", "completed", "not_received", "withdrawn", "stopped"};
  m.outcomes = c.shares(o, "outcomes", true,
                        [&](const std::string& k) { return k == "active" || k == "draft" || (in(kFinal, k) && in(state_keys, k)); },
                        "active, draft, returned, completed, not_received, withdrawn, stopped");
  m.withdrawn_after_reception = c.number(o, "withdrawn_after_reception", 0, 1, 0.4);
  m.active_states = c.shares(o, "active_states", false,
                             [&](const std::string& k) { return in(state_keys, k) && !in(kFinal, k); },
                             "a non-final state key of data/workflows");
  m.active_assigned = c.number(o, "active_assigned", 0, 1, 0.7);
  m.timeliness = c.shares(o, "timeliness", true,
                          [](const std::string& k) { return k == "early" || k == "on_time" || k == "late"; },
                          "early, on_time, late");
  m.channels = c.shares(o, "channels", true,
                        [](const std::string& k) { return domain::parse_intake_channel(k).has_value(); },
                        "online, counter, postal, third_party");
  m.delivery = c.shares(o, "delivery", true,
                        [](const std::string& k) { return domain::parse_result_delivery(k).has_value(); },
                        "online, post, counter");
  m.applicant_kind = c.shares(o, "applicant_kind", true,
                              [](const std::string& k) { return k == "citizen" || k == "organisation"; },
                              "citizen, organisation");
  m.attachments_per_dossier = c.shares(o, "attachments_per_dossier", true,
                                       [](const std::string& k) { return k.size() == 1 && k[0] >= '1' && k[0] <= '5'; },
                                       "\"1\" to \"5\"");
  if (const auto* s = o.if_contains("attachment_size_bytes"); s && s->is_object()) {
    m.attachment_min_bytes = static_cast<long long>(c.number(s->as_object(), "min", 1, 1e9, 51200));
    m.attachment_max_bytes = static_cast<long long>(c.number(s->as_object(), "max", 1, 1e9, 2097152));
    if (m.attachment_min_bytes > m.attachment_max_bytes) c.fail("attachment_size_bytes", "min is above max");
  } else {
    c.fail("attachment_size_bytes", "must be an object {min, max}");
  }
  m.workflows = c.shares(o, "workflows", true, [&](const std::string& k) { return in(workflow_keys, k); },
                         "a loaded workflow key");
  if (const auto* a = o.if_contains("agencies"); a && a->is_object()) {
    const auto& ao = a->as_object();
    m.commune_zipf_exponent = c.number(ao, "commune_zipf_exponent", 0, 4, 1);
    m.procedure_zipf_exponent = c.number(ao, "procedure_zipf_exponent", 0, 4, 1);
    m.demo_commune_a = c.number(ao, "demo_commune_a", 0, 1, 0.05);
    m.demo_commune_b = c.number(ao, "demo_commune_b", 0, 1, 0.015);
    m.province_centre = c.number(ao, "province_centre", 0, 1, 0.1);
    if (m.demo_commune_a + m.demo_commune_b + m.province_centre > 0.9)
      c.fail("agencies", "the fixed shares leave less than 10% for the other communes");
  } else {
    c.fail("agencies", "must be an object");
  }
  m.demo_citizen_owner = c.number(o, "demo_citizen_owner", 0, 1, 0.002);
  if (!c.ok()) throw std::runtime_error(c.report());
  return m;
}

std::string default_dossier_mix_path() {
  const auto dir = find_data_dir("bench");
  if (!dir) throw std::runtime_error("cannot find data/bench; set MOTCUA_SOURCE_DIR to the source tree or pass --mix FILE");
  return (std::filesystem::path(*dir) / "bench" / "dossier-mix.json").string();
}

}  // namespace motcua::app
