#include "domain/rule_set.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace motcua::domain {

namespace json = boost::json;

std::string_view confidence_tag(Confidence c) {
  switch (c) {
    case Confidence::confirmed: return "C";
    case Confidence::secondary: return "S";
    case Confidence::recalled: return "R";
  }
  return "R";
}

std::optional<Confidence> parse_confidence(std::string_view tag) {
  if (tag == "C") return Confidence::confirmed;
  if (tag == "S") return Confidence::secondary;
  if (tag == "R") return Confidence::recalled;
  return std::nullopt;
}

namespace {
std::string join_problems(const std::vector<std::string>& problems) {
  std::string s = problems.size() == 1 ? "invalid rule data:" : std::to_string(problems.size()) + " problems in rule data:";
  for (const auto& p : problems) s += "\n  " + p;
  return s;
}
}  // namespace

RuleDataError::RuleDataError(std::vector<std::string> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

std::string format_hh_mm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

namespace rule_data {

void check_keys(const json::object& o, const std::vector<std::string_view>& required,
                const std::vector<std::string_view>& optional, const Problems& p) {
  for (const auto& kv : o) {
    const std::string_view k = kv.key();
    if (std::find(required.begin(), required.end(), k) == required.end() &&
        std::find(optional.begin(), optional.end(), k) == optional.end())
      p.add("unknown key \"" + std::string(k) + "\"");
  }
  for (auto k : required)
    if (!o.contains(k)) p.add("missing key \"" + std::string(k) + "\"");
}

const json::object* as_object(const json::value& v, const Problems& p) {
  if (!v.is_object()) {
    p.add("must be an object");
    return nullptr;
  }
  return &v.get_object();
}

std::optional<std::string> read_string(const json::value& v, const Problems& p, bool allow_empty) {
  if (!v.is_string() || (!allow_empty && v.get_string().empty())) {
    p.add(allow_empty ? "must be a string" : "must be a non-empty string");
    return std::nullopt;
  }
  return std::string(v.get_string());
}

std::optional<int> read_int(const json::value& v, int min, int max, const Problems& p) {
  if (!v.is_int64() || v.get_int64() < min || v.get_int64() > max) {
    p.add("must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(v.get_int64());
}

std::optional<LocalDate> read_date(const json::value& v, const Problems& p) {
  std::optional<LocalDate> d;
  if (v.is_string()) d = parse_iso_date(std::string_view(v.get_string()));
  if (!d) p.add("must be a real date written YYYY-MM-DD (2000-2099), got " + json::serialize(v));
  return d;
}

std::optional<QaDeadlines> read_qa(const json::value& v, const Problems& p) {
  const auto* o = as_object(v, p);
  if (!o) return std::nullopt;
  check_keys(*o, {"own_scope", "inter_agency", "maximum"}, {}, p);
  QaDeadlines q;
  bool ok = o->size() == 3;
  auto one = [&](const char* k, int& out) {
    if (const auto* x = o->if_contains(k)) {
      if (auto r = read_int(*x, 1, 60, p.at(k))) out = *r;
      else ok = false;
    } else {
      ok = false;
    }
  };
  one("own_scope", q.own_scope_days);
  one("inter_agency", q.inter_agency_days);
  one("maximum", q.maximum_days);
  if (ok && !(q.own_scope_days <= q.inter_agency_days && q.inter_agency_days <= q.maximum_days)) {
    p.add("must satisfy own_scope <= inter_agency <= maximum");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return q;
}

std::optional<RatingScheme> read_rating_scheme(const json::value& v, const Problems& p) {
  const auto* o = as_object(v, p);
  if (!o) return std::nullopt;
  check_keys(*o, {"id", "questions", "levels"}, {}, p);
  RatingScheme r;
  bool ok = true;
  if (const auto* id = o->if_contains("id")) {
    if (auto s = read_string(*id, p.at("id"))) r.id = *s;
    else ok = false;
  } else {
    ok = false;
  }
  auto list = [&](const char* k, std::vector<std::string>& out, std::size_t min, std::size_t max) {
    const auto* x = o->if_contains(k);
    if (!x) {
      ok = false;
      return;
    }
    if (!x->is_array() || x->get_array().size() < min || x->get_array().size() > max) {
      p.at(k).add("must be a list of " + std::to_string(min) + " to " + std::to_string(max) + " texts");
      ok = false;
      return;
    }
    for (std::size_t i = 0; i < x->get_array().size(); ++i) {
      if (auto s = read_string(x->get_array()[i], p.at(std::string(k) + "[" + std::to_string(i) + "]"))) out.push_back(*s);
      else ok = false;
    }
  };
  list("questions", r.questions, 1, 10);
  list("levels", r.levels, 2, 10);
  if (!ok) return std::nullopt;
  return r;
}

}  // namespace rule_data

namespace {

using rule_data::Problems;

std::optional<CodeFormatSpec> read_code_spec(const json::value& v, const Problems& p) {
  const auto* o = rule_data::as_object(v, p);
  if (!o) return std::nullopt;
  rule_data::check_keys(*o, {"format", "date_pattern", "min_sequence_digits"}, {"system_digits"}, p);
  CodeFormatSpec s;
  bool ok = o->contains("format") && o->contains("date_pattern") && o->contains("min_sequence_digits");
  if (const auto* f = o->if_contains("format")) {
    const auto r = f->is_string() ? parse_code_format(std::string_view(f->get_string())) : std::nullopt;
    if (r) s.format = *r;
    else {
      p.at("format").add("must be \"tt01-2018\" or \"tt03-2025\"");
      ok = false;
    }
  }
  if (const auto* d = o->if_contains("date_pattern")) {
    const auto r = d->is_string() ? parse_code_date_pattern(std::string_view(d->get_string())) : std::nullopt;
    if (r) s.date_pattern = *r;
    else {
      p.at("date_pattern").add("must be \"YYMMDD\" or \"YYYYMMDD\"");
      ok = false;
    }
  }
  if (const auto* m = o->if_contains("min_sequence_digits")) {
    if (auto r = rule_data::read_int(*m, 4, 9, p.at("min_sequence_digits"))) s.min_sequence_digits = *r;
    else ok = false;
  }
  if (const auto* a = o->if_contains("system_digits")) {
    auto r = rule_data::read_string(*a, p.at("system_digits"), true);
    if (r && !r->empty() && (r->size() != 2 || !std::isdigit((unsigned char)(*r)[0]) || !std::isdigit((unsigned char)(*r)[1]))) {
      p.at("system_digits").add("must be two digits (the AA of TT 03/2025 Điều 13.3) or empty to derive it");
      r.reset();
    }
    if (r) s.system_digits = *r;
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return s;
}

const std::vector<std::string_view> kRuleSetKeys = {
    "id", "name", "effective_from", "form_set", "dossier_code", "reception_window_working_hours",
    "transfer_cutoff", "pakn_answer_working_days", "qa_answer_working_days", "rating_scheme"};

std::optional<RuleSet> read_rule_set(const json::value& v, const Problems& p) {
  const auto* o = rule_data::as_object(v, p);
  if (!o) return std::nullopt;
  rule_data::check_keys(*o, kRuleSetKeys, {"note"}, p);
  RuleSet r;
  bool ok = true;
  auto take = [&](auto opt, auto& out) {
    if (opt) out = std::move(*opt);
    else ok = false;
  };
  if (const auto* id = o->if_contains("id")) take(rule_data::read_string(*id, p.at("id")), r.id);
  else ok = false;
  if (const auto* n = o->if_contains("name")) take(rule_data::read_string(*n, p.at("name")), r.name);
  else ok = false;
  if (const auto* n = o->if_contains("note")) {
    if (!rule_data::read_string(*n, p.at("note"), true)) ok = false;
  }
  take(rule_data::read_sourced<LocalDate>(*o, "effective_from", p, rule_data::read_date), r.effective_from);
  take(rule_data::read_sourced<std::string>(*o, "form_set", p,
                                            [](const json::value& x, const Problems& fp) -> std::optional<std::string> {
                                              if (x.is_string() && (x.get_string() == "tt01-2018" || x.get_string() == "tt03-2025"))
                                                return std::string(x.get_string());
                                              fp.add("must be \"tt01-2018\" or \"tt03-2025\"");
                                              return std::nullopt;
                                            }),
       r.form_set);
  take(rule_data::read_sourced<CodeFormatSpec>(*o, "dossier_code", p, read_code_spec), r.dossier_code);
  take(rule_data::read_sourced<int>(*o, "reception_window_working_hours", p,
                                    [](const json::value& x, const Problems& fp) { return rule_data::read_int(x, 1, 80, fp); }),
       r.reception_window_working_hours);
  take(rule_data::read_sourced<int>(*o, "transfer_cutoff", p,
                                    [](const json::value& x, const Problems& fp) -> std::optional<int> {
                                      std::optional<int> m;
                                      if (x.is_string()) m = parse_hh_mm(std::string_view(x.get_string()));
                                      if (!m) fp.add("must be a time of day written HH:MM (00:00-23:59), got " + json::serialize(x));
                                      return m;
                                    }),
       r.transfer_cutoff_minutes);
  take(rule_data::read_sourced<int>(*o, "pakn_answer_working_days", p,
                                    [](const json::value& x, const Problems& fp) { return rule_data::read_int(x, 1, 90, fp); }),
       r.pakn_answer_working_days);
  take(rule_data::read_sourced<QaDeadlines>(*o, "qa_answer_working_days", p, rule_data::read_qa), r.qa_answer_working_days);
  take(rule_data::read_sourced<RatingScheme>(*o, "rating_scheme", p, rule_data::read_rating_scheme), r.rating_scheme);
  for (auto k : kRuleSetKeys)
    if (!o->contains(k)) ok = false;
  if (!ok) return std::nullopt;
  if (r.dossier_code.value.format == CodeFormat::tt01_2018 && !r.dossier_code.value.system_digits.empty()) {
    p.at("dossier_code").add("system_digits applies only to the tt03-2025 format");
    return std::nullopt;
  }
  return r;
}

}  // namespace

std::vector<RuleSet> parse_rule_sets(std::string_view json_text, std::string_view file_name) {
  const std::string file(file_name);
  std::vector<std::string> problems;
  boost::system::error_code ec;
  const json::value doc = json::parse(json_text, ec);
  if (ec) throw RuleDataError({file + ": not valid JSON: " + ec.message()});
  const Problems root(problems, file);
  const auto* o = rule_data::as_object(doc, root);
  if (!o) throw RuleDataError(problems);
  rule_data::check_keys(*o, {"rule_sets"}, {"about"}, root);
  const auto* list = o->if_contains("rule_sets");
  if (list && (!list->is_array() || list->get_array().empty())) {
    root.at("rule_sets").add("must be a non-empty list");
    list = nullptr;
  }
  std::vector<RuleSet> sets;
  if (list) {
    std::set<std::string> ids;
    const auto& arr = list->get_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      std::string where = "rule_sets[" + std::to_string(i) + "]";
      if (arr[i].is_object())
        if (const auto* id = arr[i].get_object().if_contains("id"); id && id->is_string())
          where += " (" + std::string(id->get_string()) + ")";
      const Problems p(problems, file + ": " + where);
      auto r = read_rule_set(arr[i], p);
      if (!r) continue;
      if (!ids.insert(r->id).second) p.at("id").add("duplicate id \"" + r->id + "\"");
      if (!sets.empty()) {
        const auto& prev = sets.back();
        if (r->effective_from.value == prev.effective_from.value)
          p.at("effective_from").add("overlaps " + prev.id + ": both take effect on " + r->effective_from.value.iso());
        else if (r->effective_from.value < prev.effective_from.value)
          p.at("effective_from").add(r->effective_from.value.iso() + " is before " + prev.id + "'s " +
                                     prev.effective_from.value.iso() + "; list sets in order of effective date");
      }
      sets.push_back(std::move(*r));
    }
  }
  if (!problems.empty()) throw RuleDataError(problems);
  return sets;
}

const RuleSet* rule_set_in_force(const std::vector<RuleSet>& sets, const LocalDate& date) {
  const RuleSet* found = nullptr;
  for (const auto& s : sets)
    if (s.effective_from.value <= date) found = &s;
  return found;
}

const RuleSet* find_rule_set(const std::vector<RuleSet>& sets, std::string_view id) {
  for (const auto& s : sets)
    if (s.id == id) return &s;
  return nullptr;
}

}  // namespace motcua::domain
