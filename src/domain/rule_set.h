// Rules as dated data (bộ quy tắc theo thời gian hiệu lực). A rule set bundles the nationally set
// parameters that change when a decree or circular is replaced: the form set (TT 01/2018 → TT 03/2025),
// the dossier-code layout, the 8-working-hour reception window, the 15:00 transfer cut-off, the PAKN and
// Q&A answer deadlines and the rating scheme. Each value carries its legal source and a confidence tag
// ([C] confirmed from the text, [S] secondary source, [R] recalled, unverified) as data.
//
// Rule sets live only in data/rules/rule-sets.json, reviewed and versioned with the code, not in the
// database: they are law, not user data. A dossier stores the id of the set it pinned (pinning.h), so ids
// are never reused and a published set is never edited in place; a correction is a new set with a new
// effective date. A set is in force from its effective_from (00:00 Vietnam time) until the next set's.
#pragma once

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/dossier_code.h"

namespace motcua::domain {

enum class Confidence { confirmed, secondary, recalled };  // [C], [S], [R]
std::string_view confidence_tag(Confidence c);               // "C", "S", "R"
std::optional<Confidence> parse_confidence(std::string_view tag);

// A value with where it comes from ("TT 01/2018/TT-VPCP Điều 19") and how sure we are.
template <class T>
struct Sourced {
  T value{};
  std::string source;
  Confidence tag = Confidence::recalled;
  std::string note;
};

// Hỏi đáp answer deadlines in working days, e.g. Tuyên Quang QĐ 246/QĐ-UBND 2019 Điều 15.2.b: 3 within the
// agency's own competence, 5 when several agencies must be consulted, 10 at most in special cases.
struct QaDeadlines {
  int own_scope_days = 0;
  int inter_agency_days = 0;
  int maximum_days = 0;
  bool operator==(const QaDeadlines&) const = default;
};

// Citizen satisfaction rating (đánh giá mức độ hài lòng): the questions asked and the levels offered.
struct RatingScheme {
  std::string id;
  std::vector<std::string> questions;  // Vietnamese text, in display order
  std::vector<std::string> levels;     // best first, e.g. "Rất hài lòng", "Hài lòng", "Chưa hài lòng"
};

struct RuleSet {
  std::string id;  // stable, stored on dossiers: "tt01-2018"
  std::string name;
  Sourced<LocalDate> effective_from;
  Sourced<std::string> form_set;               // "tt01-2018" | "tt03-2025"
  Sourced<CodeFormatSpec> dossier_code;
  Sourced<int> reception_window_working_hours;  // NĐ 45/2020 Điều 11: 08 giờ làm việc
  Sourced<int> transfer_cutoff_minutes;         // NĐ 61/2018 Điều 18: 15:00 → 900
  Sourced<int> pakn_answer_working_days;        // phản ánh, kiến nghị
  Sourced<QaDeadlines> qa_answer_working_days;  // hỏi đáp
  Sourced<RatingScheme> rating_scheme;
};

// Every problem found in a rules file, each naming the file and the entry; nothing is returned when
// there is one (all or nothing).
class RuleDataError : public std::runtime_error {
 public:
  explicit RuleDataError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// Parses and validates a rule-sets file: unknown or missing keys, bad dates and times, unknown formats,
// duplicate ids, effective dates not strictly increasing (unordered or overlapping sets).
std::vector<RuleSet> parse_rule_sets(std::string_view json_text, std::string_view file_name);

// The set in force at a Vietnamese local time (sets sorted by effective_from, as parse_rule_sets
// guarantees); nullptr before the first set.
const RuleSet* rule_set_in_force(const std::vector<RuleSet>& sets, const LocalDate& date);
inline const RuleSet* rule_set_in_force(const std::vector<RuleSet>& sets, const LocalDateTime& t) {
  return rule_set_in_force(sets, t.date);
}
const RuleSet* find_rule_set(const std::vector<RuleSet>& sets, std::string_view id);

std::string format_hh_mm(int minutes);  // 900 → "15:00"

// JSON readers shared by rule_set.cpp and profile.cpp, so both files word their errors the same way.
// Each reader records a problem "<file>: <entry>: <field>: <message>" and returns nullopt on a bad value.
namespace rule_data {

class Problems {
 public:
  Problems(std::vector<std::string>& out, std::string where) : out_(&out), where_(std::move(where)) {}
  Problems at(std::string_view field) const { return Problems(*out_, where_ + ": " + std::string(field)); }
  void add(const std::string& message) const { out_->push_back(where_ + ": " + message); }
  const std::string& where() const { return where_; }

 private:
  std::vector<std::string>* out_;
  std::string where_;
};

// Reports keys outside `required` + `optional` and missing required keys.
void check_keys(const boost::json::object& o, const std::vector<std::string_view>& required,
                const std::vector<std::string_view>& optional, const Problems& p);
const boost::json::object* as_object(const boost::json::value& v, const Problems& p);
std::optional<std::string> read_string(const boost::json::value& v, const Problems& p, bool allow_empty = false);
std::optional<int> read_int(const boost::json::value& v, int min, int max, const Problems& p);
std::optional<LocalDate> read_date(const boost::json::value& v, const Problems& p);
std::optional<QaDeadlines> read_qa(const boost::json::value& v, const Problems& p);
std::optional<RatingScheme> read_rating_scheme(const boost::json::value& v, const Problems& p);

// {"value": …, "source": "…", "tag": "C|S|R", "note": "…"}; with allow_null a null value gives a Sourced
// holding nullopt ("the instrument does not set it").
template <class T, class Read>
std::optional<Sourced<T>> read_sourced(const boost::json::object& parent, std::string_view key, const Problems& p,
                                       Read read_value) {
  const Problems fp = p.at(key);
  const auto* v = parent.if_contains(key);
  if (!v) return std::nullopt;  // check_keys reported it
  const auto* o = as_object(*v, fp);
  if (!o) return std::nullopt;
  check_keys(*o, {"value", "source", "tag"}, {"note"}, fp);
  Sourced<T> out;
  bool ok = true;
  if (const auto* val = o->if_contains("value")) {
    if (auto r = read_value(*val, fp.at("value"))) out.value = std::move(*r);
    else ok = false;
  } else {
    ok = false;
  }
  if (const auto* s = o->if_contains("source")) {
    if (auto r = read_string(*s, fp.at("source"))) out.source = *r;
    else ok = false;
  }
  if (const auto* t = o->if_contains("tag")) {
    const auto tag = t->is_string() ? parse_confidence(std::string_view(t->get_string())) : std::nullopt;
    if (tag) out.tag = *tag;
    else {
      fp.at("tag").add("must be \"C\", \"S\" or \"R\"");
      ok = false;
    }
  }
  if (const auto* n = o->if_contains("note")) {
    if (auto r = read_string(*n, fp.at("note"), true)) out.note = *r;
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace rule_data

}  // namespace motcua::domain
