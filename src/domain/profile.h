// Province profiles (hồ sơ cấu hình tỉnh): what differs between provinces running the same system,
// taken from each province's regulation (quy chế) on its HTTT giải quyết TTHC: hotline, portal and
// officer-site host names, PAKN and Q&A answer deadlines, the rating scheme, effective dates. Data files
// in data/profiles/<key>.json; every value names its source article and a confidence tag.
//
// A value the instrument does not set is null and the rule set in force supplies it (effective_*()).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/rule_set.h"

namespace motcua::domain {

struct Profile {
  std::string key;   // file stem, "son-la"
  std::string name;  // "Tỉnh Sơn La"
  Sourced<std::string> instrument;                           // "QĐ 19/2024/QĐ-UBND"
  Sourced<std::optional<std::string>> province_code_2025;    // GSO code after NQ 202/2025/QH15, "14"
  Sourced<std::optional<std::string>> province_code_legacy;  // GSO code of the 63-province scheme
  Sourced<LocalDate> effective_from;
  Sourced<std::optional<LocalDate>> effective_until;         // last day, e.g. before a merger
  Sourced<std::optional<std::string>> merged_into_province_code_2025;
  Sourced<std::optional<std::string>> hotline;               // đường dây nóng / tổng đài
  Sourced<std::string> portal_host;                          // Cổng DVC for citizens
  Sourced<std::optional<std::string>> officer_site_host;     // one-stop back office for officials
  Sourced<std::optional<int>> pakn_answer_working_days;
  Sourced<std::optional<QaDeadlines>> qa_answer_working_days;
  Sourced<std::optional<RatingScheme>> rating_scheme;
  std::string note;

  // The profile's value, else the rule set's.
  int effective_pakn_answer_working_days(const RuleSet& rules) const;
  QaDeadlines effective_qa_answer_working_days(const RuleSet& rules) const;
  const RatingScheme& effective_rating_scheme(const RuleSet& rules) const;
  bool in_force_on(const LocalDate& d) const;
};

// A lowercase DNS host name, no scheme, port or path ("motcua.sonla.gov.vn").
bool is_valid_host_name(std::string_view host);
// Profile keys: lowercase ASCII letters, digits and single dashes ("tuyen-quang").
bool is_valid_profile_key(std::string_view key);

// Parses and validates one profile file; `expected_key` is the file stem, which the "key" must equal.
// Throws RuleDataError listing every problem, each prefixed with the file name.
Profile parse_profile(std::string_view json_text, std::string_view file_name, std::string_view expected_key);

}  // namespace motcua::domain
