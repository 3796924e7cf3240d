#include "domain/vn_number.h"

#include <array>
#include <limits>

#include "domain/catalogue_text.h"

namespace motcua::domain {

std::optional<double> parse_vn_decimal(std::string_view text) {
  text = text::trim(text);
  if (text.empty() || text.size() > 12) return std::nullopt;
  double whole = 0, frac = 0, scale = 1;
  bool in_frac = false, any_digit = false, frac_digit = false;
  for (char c : text) {
    if (text::is_digit(c)) {
      any_digit = true;
      if (in_frac) {
        scale /= 10;
        frac += (c - '0') * scale;
        frac_digit = true;
      } else {
        whole = whole * 10 + (c - '0');
      }
    } else if ((c == '.' || c == ',') && !in_frac && any_digit) {
      in_frac = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any_digit || (in_frac && !frac_digit)) return std::nullopt;
  return whole + frac;
}

std::optional<std::int64_t> parse_vn_grouped_int(std::string_view text) {
  text = text::trim(text);
  if (text.empty() || !text::is_digit(text.front()) || !text::is_digit(text.back())) return std::nullopt;
  char sep = 0;
  std::size_t group_len = 0, first_group = 0;
  bool seen_sep = false;
  std::int64_t value = 0;
  for (char c : text) {
    if (text::is_digit(c)) {
      if (value > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return std::nullopt;
      value = value * 10 + (c - '0');
      ++group_len;
    } else if (c == '.' || c == ',') {
      if (sep != 0 && c != sep) return std::nullopt;  // "1.500,00": not a VND amount
      if (!seen_sep) {
        if (group_len == 0 || group_len > 3) return std::nullopt;
        first_group = group_len;
      } else if (group_len != 3) {
        return std::nullopt;
      }
      sep = c;
      seen_sep = true;
      group_len = 0;
    } else {
      return std::nullopt;
    }
  }
  (void)first_group;
  if (seen_sep && group_len != 3) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_vnd_amount(std::string_view text) {
  text = text::trim(text);
  if (text::starts_with_ci(text, "Miễn phí") && text::trim(text.substr(std::string_view("Miễn phí").size())).empty())
    return 0;
  static constexpr std::array<std::string_view, 7> kCurrency = {"Việt Nam Đồng", "VNĐ", "VND", "đồng", "Đồng",
                                                                "đ", "Đ"};
  for (auto cur : kCurrency) {
    if (text.size() > cur.size() && text.substr(text.size() - cur.size()) == cur) {
      return parse_vn_grouped_int(text.substr(0, text.size() - cur.size()));
    }
  }
  return std::nullopt;
}

}  // namespace motcua::domain
