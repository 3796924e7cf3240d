#include "domain/parse_method_table.h"

#include <array>
#include <optional>
#include <utility>

#include "domain/catalogue_text.h"

namespace motcua::domain {
namespace {

constexpr std::string_view kHeader = "Hình thức nộpThời gianPhí, lệ phíMô tả";
constexpr std::string_view kNoInfo = "Không có thông tin";

constexpr std::array<std::pair<std::string_view, Channel>, 3> kChannels = {{
    {"Trực tiếp", Channel::in_person},
    {"Trực tuyến", Channel::online},
    {"Dịch vụ bưu chính", Channel::postal},
}};

// Longest first, so "Ngày làm việc" wins over "Ngày".
constexpr std::array<std::string_view, 7> kTimeUnits = {"Ngày làm việc", "Giờ làm việc", "Ngày", "Giờ",
                                                        "Tháng", "Năm", "Tuần"};
constexpr std::array<std::string_view, 5> kCurrencies = {"Việt Nam Đồng", "VNĐ", "USD", "Đồng", "đồng"};

struct RowHead {
  MethodRow row;
  std::size_t end = 0;
};

std::size_t match_digits(std::string_view s, std::size_t p) {
  std::size_t q = p;
  while (q < s.size() && text::is_digit(s[q])) ++q;
  return q;
}

// A fee cell at p: returns its end, or npos.
std::size_t match_fee_cell(std::string_view s, std::size_t p, bool allow_no_info) {
  auto rest = s.substr(p);
  if (rest.starts_with("Miễn phí")) return p + std::string_view("Miễn phí").size();
  if (allow_no_info && rest.starts_with(kNoInfo)) return p + kNoInfo.size();
  std::size_t q = p;
  if (q < s.size() && text::is_digit(s[q])) {
    while (q < s.size() && (text::is_digit(s[q]) || s[q] == ',' || s[q] == '.')) ++q;
    if (q < s.size() && s[q] == ' ') ++q;
  }
  for (auto cur : kCurrencies) {
    if (s.substr(q).starts_with(cur)) {
      // A bare currency word ("VNĐ") only counts when no digits preceded it and it is not the
      // lowercase "đồng" of running text.
      if (q == p && cur == "đồng") return std::string_view::npos;
      return q + cur.size();
    }
  }
  return std::string_view::npos;
}

std::optional<RowHead> match_row_head(std::string_view s, std::size_t p) {
  RowHead head;
  std::size_t q = std::string_view::npos;
  for (const auto& [word, channel] : kChannels) {
    if (s.substr(p).starts_with(word)) {
      head.row.channel = channel;
      q = p + word.size();
      break;
    }
  }
  if (q == std::string_view::npos) return std::nullopt;
  // Time cell.
  const std::size_t time_start = q;
  if (s.substr(q).starts_with(kNoInfo)) {
    q += kNoInfo.size();
  } else {
    std::size_t d = match_digits(s, q);
    if (d == q) return std::nullopt;
    if (d + 1 < s.size() && (s[d] == '.' || s[d] == ',') && text::is_digit(s[d + 1])) d = match_digits(s, d + 1);
    q = d;
    std::size_t u = q < s.size() && s[q] == ' ' ? q + 1 : q;
    for (auto unit : kTimeUnits) {
      if (s.substr(u).starts_with(unit)) {
        q = u + unit.size();
        break;
      }
    }
  }
  head.row.time_cell = std::string(s.substr(time_start, q - time_start));
  // Fee cells: at least one; several amounts may follow each other, each with its "(note)".
  bool first = true;
  for (;;) {
    std::size_t f = match_fee_cell(s, q, first);
    if (f == std::string_view::npos) break;
    MethodFeeCell cell{std::string(s.substr(q, f - q)), {}};
    q = f;
    const bool no_info = cell.cell == kNoInfo;
    if (!no_info && q < s.size() && s[q] == '(') {
      const std::size_t close = text::skip_parens(s, q);
      // Unbalanced parentheses: the note runs to the end of the text.
      const std::size_t note_end = close == std::string_view::npos ? s.size() : close - 1;
      cell.note = std::string(s.substr(q + 1, note_end - q - 1));
      q = close == std::string_view::npos ? s.size() : close;
    }
    head.row.fees.push_back(std::move(cell));
    first = false;
    if (no_info) break;
  }
  if (first) return std::nullopt;
  head.end = q;
  return head;
}

}  // namespace

Channel parse_channel(std::string_view t) {
  t = text::trim(t);
  for (const auto& [word, channel] : kChannels)
    if (text::starts_with_ci(t, word) && t.size() == word.size()) return channel;
  return Channel::unspecified;
}

MethodTable split_dvcqg_method_table(std::string_view src) {
  MethodTable table;
  std::string_view s = text::trim(src);
  if (!s.starts_with(kHeader)) {
    table.unparsed = std::string(s);
    return table;
  }
  table.header_found = true;
  s.remove_prefix(kHeader.size());
  std::size_t p = 0;
  std::optional<RowHead> current;
  std::size_t row_start = 0;
  while (p < s.size()) {
    auto head = match_row_head(s, p);
    if (!head) {
      ++p;
      continue;
    }
    if (current) {
      current->row.description = std::string(text::trim(s.substr(current->end, p - current->end)));
      current->row.raw = std::string(s.substr(row_start, p - row_start));
      table.rows.push_back(std::move(current->row));
    } else if (p > 0) {
      table.unparsed = std::string(text::trim(s.substr(0, p)));
    }
    row_start = p;
    p = head->end;
    current = std::move(head);
  }
  if (current) {
    current->row.description = std::string(text::trim(s.substr(std::min(current->end, s.size()))));
    current->row.raw = std::string(s.substr(row_start));
    table.rows.push_back(std::move(current->row));
  } else {
    table.unparsed = std::string(text::trim(s));
  }
  return table;
}

}  // namespace motcua::domain
