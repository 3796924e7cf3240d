// Enum <-> code tables: one way to name enum values in data files, JSON and the database.
#pragma once

#include <iterator>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace motcua::domain {

// A table is any range of std::pair<Enum, std::string_view> (std::array or a plain array).
template <class Table>
using TableEnum = std::remove_cvref_t<decltype(std::begin(std::declval<const Table&>())->first)>;

// The value whose code is `code`, or nullopt.
template <class Table>
std::optional<TableEnum<Table>> value_of(const Table& table, std::string_view code) {
  for (const auto& [value, name] : table)
    if (name == code) return value;
  return std::nullopt;
}

// The code of `value`, or "" when the table lacks it.
template <class Table>
std::string_view code_of(const Table& table, TableEnum<Table> value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "";
}

}  // namespace motcua::domain
