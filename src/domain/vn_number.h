// Numbers as written in Vietnamese administrative text: "05", "0.5"/"0,5" (durations), "50.000",
// "50,000", "1.500.000 đồng", "2,000,000 Việt Nam Đồng", "Miễn phí" (money). Pure functions on text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace motcua::domain {

// A small decimal such as a duration: "5", "05", "0.5", "0,5", "1.5". Anything else → empty.
std::optional<double> parse_vn_decimal(std::string_view text);

// A whole number with optional thousand separators, used consistently: "15000000", "50.000", "50,000",
// "1.500.000", "2,000,000". "1.5" or "50,00" (a group not of 3 digits) → empty (not a money amount).
std::optional<std::int64_t> parse_vn_grouped_int(std::string_view text);

// An amount in VND: a grouped number followed by a currency word ("Việt Nam Đồng", "VNĐ", "VND",
// "đồng", "Đồng", "đ"), or "Miễn phí" (→ 0). A bare number without currency, USD, or any other text
// → empty: the caller keeps the raw text.
std::optional<std::int64_t> parse_vnd_amount(std::string_view text);

}  // namespace motcua::domain
