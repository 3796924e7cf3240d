#include "domain/profile.h"

#include <cctype>

#include "domain/agency.h"

namespace motcua::domain {

namespace json = boost::json;
using rule_data::Problems;

int Profile::effective_pakn_answer_working_days(const RuleSet& rules) const {
  return pakn_answer_working_days.value.value_or(rules.pakn_answer_working_days.value);
}

QaDeadlines Profile::effective_qa_answer_working_days(const RuleSet& rules) const {
  return qa_answer_working_days.value.value_or(rules.qa_answer_working_days.value);
}

const RatingScheme& Profile::effective_rating_scheme(const RuleSet& rules) const {
  return rating_scheme.value ? *rating_scheme.value : rules.rating_scheme.value;
}

bool Profile::in_force_on(const LocalDate& d) const {
  return effective_from.value <= d && (!effective_until.value || d <= *effective_until.value);
}

bool is_valid_host_name(std::string_view h) {
  if (h.empty() || h.size() > 253 || h.front() == '.' || h.back() == '.' || h.find('.') == std::string_view::npos)
    return false;
  std::size_t label = 0;
  char prev = '.';
  for (char c : h) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
    if (c == '.') {
      if (prev == '.' || prev == '-') return false;
      label = 0;
    } else {
      if (c == '-' && prev == '.') return false;
      if (++label > 63) return false;
    }
    prev = c;
  }
  return prev != '-';
}

bool is_valid_profile_key(std::string_view k) {
  if (k.empty() || k.size() > 40 || k.front() == '-' || k.back() == '-') return false;
  char prev = 'a';
  for (char c : k) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    if (c == '-' && prev == '-') return false;
    prev = c;
  }
  return true;
}

namespace {

// Reads a value that may be null; `read` handles the non-null case.
template <class T, class Read>
auto nullable(Read read) {
  return [read](const json::value& v, const Problems& p) -> std::optional<std::optional<T>> {
    if (v.is_null()) return std::optional<T>{};
    auto r = read(v, p);
    if (!r) return std::nullopt;
    return std::optional<T>(std::move(*r));
  };
}

std::optional<std::string> read_host(const json::value& v, const Problems& p) {
  if (v.is_string() && is_valid_host_name(std::string_view(v.get_string()))) return std::string(v.get_string());
  p.add("must be a lowercase host name without scheme or path (dichvucong.sonla.gov.vn), got " + json::serialize(v));
  return std::nullopt;
}

std::optional<std::string> read_province_code(const json::value& v, const Problems& p) {
  if (v.is_string() && v.get_string().size() == 2 && std::isdigit((unsigned char)v.get_string()[0]) &&
      std::isdigit((unsigned char)v.get_string()[1]))
    return std::string(v.get_string());
  p.add("must be a two-digit province code (\"14\"), got " + json::serialize(v));
  return std::nullopt;
}

std::optional<std::string> read_phone(const json::value& v, const Problems& p) {
  if (v.is_string() && is_valid_phone(std::string_view(v.get_string()))) return std::string(v.get_string());
  p.add("must be a Vietnamese phone number or short hotline (1022), got " + json::serialize(v));
  return std::nullopt;
}

const std::vector<std::string_view> kProfileKeys = {
    "key", "name", "instrument", "province_code_2025", "province_code_legacy", "effective_from",
    "effective_until", "merged_into_province_code_2025", "hotline", "portal_host", "officer_site_host",
    "pakn_answer_working_days", "qa_answer_working_days", "rating_scheme"};

}  // namespace

Profile parse_profile(std::string_view json_text, std::string_view file_name, std::string_view expected_key) {
  const std::string file(file_name);
  std::vector<std::string> problems;
  boost::system::error_code ec;
  const json::value doc = json::parse(json_text, ec);
  if (ec) throw RuleDataError({file + ": not valid JSON: " + ec.message()});
  const Problems p(problems, file);
  const auto* o = rule_data::as_object(doc, p);
  if (!o) throw RuleDataError(problems);
  rule_data::check_keys(*o, kProfileKeys, {"about", "note"}, p);

  Profile r;
  auto take = [](auto opt, auto& out) {
    if (opt) out = std::move(*opt);
  };
  if (const auto* k = o->if_contains("key")) {
    if (auto s = rule_data::read_string(*k, p.at("key"))) {
      if (!is_valid_profile_key(*s)) p.at("key").add("must be lowercase letters, digits and dashes, got \"" + *s + "\"");
      else if (*s != expected_key)
        p.at("key").add("is \"" + *s + "\" but the file is named for \"" + std::string(expected_key) + "\"");
      r.key = *s;
    }
  }
  if (const auto* n = o->if_contains("name")) take(rule_data::read_string(*n, p.at("name")), r.name);
  if (const auto* n = o->if_contains("note")) take(rule_data::read_string(*n, p.at("note"), true), r.note);
  auto str = [](const json::value& v, const Problems& fp) { return rule_data::read_string(v, fp); };
  take(rule_data::read_sourced<std::string>(*o, "instrument", p, str), r.instrument);
  take(rule_data::read_sourced<std::optional<std::string>>(*o, "province_code_2025", p,
                                                           nullable<std::string>(read_province_code)),
       r.province_code_2025);
  take(rule_data::read_sourced<std::optional<std::string>>(*o, "province_code_legacy", p,
                                                           nullable<std::string>(read_province_code)),
       r.province_code_legacy);
  take(rule_data::read_sourced<LocalDate>(*o, "effective_from", p, rule_data::read_date), r.effective_from);
  take(rule_data::read_sourced<std::optional<LocalDate>>(*o, "effective_until", p,
                                                         nullable<LocalDate>(rule_data::read_date)),
       r.effective_until);
  take(rule_data::read_sourced<std::optional<std::string>>(*o, "merged_into_province_code_2025", p,
                                                           nullable<std::string>(read_province_code)),
       r.merged_into_province_code_2025);
  take(rule_data::read_sourced<std::optional<std::string>>(*o, "hotline", p, nullable<std::string>(read_phone)),
       r.hotline);
  take(rule_data::read_sourced<std::string>(*o, "portal_host", p, read_host), r.portal_host);
  take(rule_data::read_sourced<std::optional<std::string>>(*o, "officer_site_host", p,
                                                           nullable<std::string>(read_host)),
       r.officer_site_host);
  take(rule_data::read_sourced<std::optional<int>>(
           *o, "pakn_answer_working_days", p,
           nullable<int>([](const json::value& v, const Problems& fp) { return rule_data::read_int(v, 1, 90, fp); })),
       r.pakn_answer_working_days);
  take(rule_data::read_sourced<std::optional<QaDeadlines>>(*o, "qa_answer_working_days", p,
                                                           nullable<QaDeadlines>(rule_data::read_qa)),
       r.qa_answer_working_days);
  take(rule_data::read_sourced<std::optional<RatingScheme>>(*o, "rating_scheme", p,
                                                            nullable<RatingScheme>(rule_data::read_rating_scheme)),
       r.rating_scheme);
  if (r.effective_until.value && *r.effective_until.value < r.effective_from.value)
    p.at("effective_until").add(r.effective_until.value->iso() + " is before effective_from " +
                                r.effective_from.value.iso());
  if (r.merged_into_province_code_2025.value && !r.effective_until.value)
    p.at("effective_until").add("must be set when merged_into_province_code_2025 is");
  if (!problems.empty()) throw RuleDataError(problems);
  return r;
}

}  // namespace motcua::domain
