#include "domain/parse_processing_time.h"

#include <algorithm>
#include <array>
#include <utility>

#include "domain/catalogue_text.h"
#include "domain/vn_number.h"

namespace motcua::domain {
namespace {

// Lowercase forms; the first letter is compared case-insensitively (it is ASCII in every unit word).
constexpr std::array<std::pair<std::string_view, TimeUnit>, 7> kUnits = {{
    {"ngày làm việc", TimeUnit::working_days},
    {"giờ làm việc", TimeUnit::working_hours},
    {"ngày", TimeUnit::calendar_days},
    {"giờ", TimeUnit::working_hours},
    {"tháng", TimeUnit::months},
    {"năm", TimeUnit::years},
    {"tuần", TimeUnit::unspecified},  // weeks: not a unit of the model, kept raw
}};

// The unit word at the start of s; its length in `len` (0 when none). A word must end there:
// "ngày" must not be the start of "ngàyxyz", though the flattened text may glue the next cell on with
// an uppercase letter or a digit, which is allowed.
std::optional<TimeUnit> unit_at(std::string_view s, std::size_t& len) {
  for (const auto& [word, unit] : kUnits) {
    if (text::starts_with_ci(s, word)) {
      const std::size_t n = word.size();
      if (n < s.size()) {
        const char next = s[n];
        if (next >= 'a' && next <= 'z') continue;
      }
      len = n;
      return unit;
    }
  }
  len = 0;
  return std::nullopt;
}

std::string_view strip_bullet(std::string_view s) {
  s = text::trim(s);
  while (!s.empty() && (s.front() == '-' || s.front() == '+' || s.front() == '*' || s.front() == '(' ||
                        text::is_space(s.front())))
    s.remove_prefix(1);
  if (s.starts_with("•")) s.remove_prefix(std::string_view("•").size());
  return text::trim(s);
}

std::string_view strip_time_lead(std::string_view s) {
  s = text::trim(s);
  for (std::string_view lead : {"không quá", "trong thời hạn", "tối đa", "là", "trong vòng", "trong"}) {
    if (text::starts_with_ci(s, lead) && s.size() > lead.size() && text::is_space(s[lead.size()])) {
      s = text::trim(s.substr(lead.size()));
    }
  }
  return s;
}

// Clauses of a description: split on ';', newlines and sentence ends (". " / "."+uppercase is not
// used: abbreviations like "NĐ-CP." would split badly; a plain ". " is enough here).
std::vector<std::string_view> clauses(std::string_view t) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    const bool end = i == t.size() || t[i] == ';' || t[i] == '\n' ||
                     (t[i] == '.' && i + 1 < t.size() && t[i + 1] == ' ');
    if (end) {
      auto c = text::trim(t.substr(start, i - start));
      if (!c.empty()) out.push_back(c);
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

TimeCell parse_time_cell(std::string_view cell) {
  TimeCell out;
  cell = text::trim(cell);
  std::size_t d = 0;
  while (d < cell.size() && (text::is_digit(cell[d]) || cell[d] == '.' || cell[d] == ',')) ++d;
  auto amount = parse_vn_decimal(cell.substr(0, d));
  if (!amount) return out;
  auto rest = text::trim(cell.substr(d));
  if (rest.empty()) {
    out.ok = true;
    out.amount = amount;
    return out;
  }
  std::size_t len = 0;
  auto unit = unit_at(rest, len);
  if (!unit || len != rest.size()) return out;
  out.ok = true;
  out.amount = amount;
  out.unit_given = true;
  out.unit = *unit;
  return out;
}

std::vector<Duration> find_durations(std::string_view t) {
  std::vector<Duration> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!text::is_digit(t[i]) || (i > 0 && (text::is_digit(t[i - 1]) || t[i - 1] == '/' || t[i - 1] == '.' ||
                                            t[i - 1] == ',')))
      continue;
    std::size_t d = i;
    while (d < t.size() && text::is_digit(t[d])) ++d;
    if (d + 1 < t.size() && (t[d] == '.' || t[d] == ',') && text::is_digit(t[d + 1])) {
      ++d;
      while (d < t.size() && text::is_digit(t[d])) ++d;
    }
    auto amount = parse_vn_decimal(t.substr(i, d - i));
    std::size_t q = d;
    while (q < t.size() && t[q] == ' ') ++q;
    // "05 (năm) ngày": the number spelled out in words
    if (q < t.size() && t[q] == '(') {
      const std::size_t close = text::skip_parens(t, q);
      if (close != std::string_view::npos && close - q < 40) {
        q = close;
        while (q < t.size() && t[q] == ' ') ++q;
      }
    }
    std::size_t len = 0;
    auto unit = unit_at(t.substr(q), len);
    if (amount && unit && len > 0 && q > d) out.push_back({*amount, *unit, i, q + len});
    i = d;
  }
  return out;
}

std::vector<ProcessingTime> case_times_from_text(std::string_view t, Channel channel) {
  std::vector<ProcessingTime> out;
  for (auto clause : clauses(t)) {
    auto c = strip_bullet(clause);
    const bool case_first = text::starts_with_ci(c, "Trường hợp") || text::starts_with_ci(c, "Đối với");
    if (case_first) {
      const auto colon = c.find(':');
      if (colon == std::string_view::npos) continue;
      auto after = strip_time_lead(c.substr(colon + 1));
      auto ds = find_durations(after);
      if (ds.empty() || ds.front().begin != 0 || ds.front().unit == TimeUnit::unspecified) continue;
      // Only the duration (plus "kể từ ..." or a short tail) may follow: otherwise it is a sub-step.
      auto tail = text::trim(after.substr(ds.front().end));
      if (!(tail.empty() || text::starts_with_ci(tail, "kể từ") || tail.front() == ',' || tail.front() == '.'))
        continue;
      if (ds.size() > 1) continue;
      ProcessingTime pt;
      pt.channel = channel;
      pt.amount = ds.front().amount;
      pt.unit = ds.front().unit;
      pt.condition = std::string(text::trim(c.substr(0, colon)));
      pt.raw = std::string(clause);
      pt.parsed = true;
      out.push_back(std::move(pt));
      continue;
    }
    auto lead = strip_time_lead(c);
    auto ds = find_durations(lead);
    if (ds.size() != 1 || ds.front().begin != 0 || ds.front().unit == TimeUnit::unspecified) continue;
    auto tail = text::trim(lead.substr(ds.front().end));
    std::size_t cond = std::string_view::npos;
    if (text::starts_with_ci(tail, "đối với")) cond = 0;
    else if (text::starts_with_ci(tail, "trong trường hợp")) cond = std::string_view("trong ").size();
    if (cond == std::string_view::npos) continue;
    ProcessingTime pt;
    pt.channel = channel;
    pt.amount = ds.front().amount;
    pt.unit = ds.front().unit;
    pt.condition = std::string(text::trim(tail.substr(cond)));
    pt.raw = std::string(clause);
    pt.parsed = true;
    out.push_back(std::move(pt));
  }
  return out;
}

std::vector<ProcessingTime> parse_row_times(Channel channel, std::string_view time_cell,
                                            std::string_view description, std::string_view raw,
                                            bool several_rows, bool& needs_review) {
  std::vector<ProcessingTime> out;
  const auto durations = find_durations(description);
  const auto cell_text = text::trim(time_cell);
  if (!text::is_placeholder(cell_text)) {
    ProcessingTime pt;
    pt.channel = channel;
    pt.raw = std::string(raw);
    if (several_rows) pt.condition = std::string(description);
    const auto cell = parse_time_cell(cell_text);
    if (cell.ok) {
      pt.amount = cell.amount;
      if (cell.unit_given) {
        pt.unit = cell.unit;
        pt.parsed = cell.unit != TimeUnit::unspecified;
        if (cell.unit == TimeUnit::calendar_days) {
          // The description contradicts a plain "Ngày" when it states the same number in working days.
          bool working = false, calendar = false;
          for (const auto& d : durations) {
            if (d.amount != *cell.amount) continue;
            working |= d.unit == TimeUnit::working_days;
            calendar |= d.unit == TimeUnit::calendar_days;
          }
          if (working && !calendar) {
            pt.unit = TimeUnit::unspecified;
            pt.parsed = false;
          }
        }
      } else {
        // A bare number takes the unit its own description states for the same number, if one only.
        std::optional<TimeUnit> unit;
        bool conflict = false;
        for (const auto& d : durations) {
          if (d.amount != *cell.amount || d.unit == TimeUnit::unspecified) continue;
          if (unit && *unit != d.unit) conflict = true;
          unit = d.unit;
        }
        if (unit && !conflict) {
          pt.unit = *unit;
          pt.parsed = true;
        }
      }
    }
    out.push_back(std::move(pt));
  }
  if (!several_rows) {
    for (auto& extra : case_times_from_text(description, channel)) out.push_back(std::move(extra));
  }
  // Other times in the text that look case-dependent but were not structured: leave them to a reviewer.
  const bool casey = text::contains_ci(description, "trường hợp") || text::contains_ci(description, "đối với") ||
                     text::contains_ci(description, "phức tạp") || text::contains_ci(description, "gia hạn");
  if (casey && !several_rows) {
    for (const auto& d : durations) {
      if (d.unit != TimeUnit::working_days && d.unit != TimeUnit::calendar_days && d.unit != TimeUnit::months)
        continue;
      const bool known = std::any_of(out.begin(), out.end(), [&](const ProcessingTime& p) {
        return p.amount && *p.amount == d.amount;
      });
      if (!known) needs_review = true;
    }
  }
  for (const auto& p : out)
    if (!p.parsed) needs_review = true;
  return out;
}

}  // namespace motcua::domain
