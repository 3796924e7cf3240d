#include "domain/units.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "domain/vn_fold.h"

namespace motcua::domain {

namespace json = boost::json;

std::string_view unit_scheme_code(UnitScheme s) { return s == UnitScheme::current ? "2025" : "legacy"; }

std::optional<UnitScheme> parse_unit_scheme(std::string_view code) {
  if (code == "2025") return UnitScheme::current;
  if (code == "legacy") return UnitScheme::legacy;
  return std::nullopt;
}

std::string_view unit_level_code(UnitLevel l) {
  switch (l) {
    case UnitLevel::province: return "province";
    case UnitLevel::district: return "district";
    case UnitLevel::commune: return "commune";
  }
  return "commune";
}

std::optional<UnitLevel> parse_unit_level(std::string_view code) {
  for (auto l : {UnitLevel::province, UnitLevel::district, UnitLevel::commune})
    if (unit_level_code(l) == code) return l;
  return std::nullopt;
}

namespace {

struct KindRule {
  std::string_view kind;  // canonical, lower-case Vietnamese
  UnitLevel level;
};

// Longer prefixes first so "thị xã" is not taken for "xã". A "thành phố" is a province or a district.
constexpr std::array<KindRule, 10> kKinds = {{
    {"thành phố", UnitLevel::province},
    {"thành phố", UnitLevel::district},
    {"thị trấn", UnitLevel::commune},
    {"thị xã", UnitLevel::district},
    {"đặc khu", UnitLevel::commune},
    {"phường", UnitLevel::commune},
    {"huyện", UnitLevel::district},
    {"quận", UnitLevel::district},
    {"tỉnh", UnitLevel::province},
    {"xã", UnitLevel::commune},
}};

std::size_t code_length(UnitLevel l) {
  return l == UnitLevel::province ? 2 : l == UnitLevel::district ? 3 : 5;
}

std::string where(UnitLevel level, std::string_view code) {
  return std::string(unit_level_code(level)) + " " + (code.empty() ? "?" : std::string(code));
}

// The kind is the full name's prefix ("Phường" in "Phường Ba Đình"), matched case- and accent-insensitively
// because the source has one "xã" in lower case.
std::string unit_kind(std::string_view full_name, UnitLevel level, std::string_view code) {
  const std::string folded = vn_fold(full_name);
  for (const auto& k : kKinds) {
    if (k.level != level) continue;
    const std::string prefix = vn_fold(k.kind) + " ";
    if (folded.starts_with(prefix)) return std::string(k.kind);
  }
  throw UnitDataError(where(level, code) + ": cannot tell its kind from the name \"" + std::string(full_name) + "\"");
}

std::string required_string(const json::object& o, std::string_view key, UnitLevel level, std::string_view code) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->as_string().empty())
    throw UnitDataError(where(level, code) + ": missing or empty \"" + std::string(key) + "\"");
  return std::string(v->as_string());
}

std::string optional_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::object& as_object(const json::value& v, UnitLevel level) {
  if (!v.is_object()) throw UnitDataError("a " + std::string(unit_level_code(level)) + " record is not a JSON object");
  return v.as_object();
}

AdminUnit make_unit(const json::object& o, UnitScheme scheme, UnitLevel level,
                    const std::optional<std::string>& parent) {
  AdminUnit u;
  u.scheme = scheme;
  u.level = level;
  const auto* code = o.if_contains("Code");
  const std::string code_hint = code && code->is_string() ? std::string(code->as_string()) : "";
  u.code = required_string(o, "Code", level, code_hint);
  if (u.code.size() != code_length(level) ||
      !std::all_of(u.code.begin(), u.code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw UnitDataError(where(level, u.code) + ": the code must have " + std::to_string(code_length(level)) +
                        " digits");
  u.name = required_string(o, "Name", level, u.code);
  u.full_name = required_string(o, "FullName", level, u.code);
  u.name_en = optional_string(o, "NameEn");
  u.code_name = optional_string(o, "CodeName");
  u.parent_code = parent;
  u.kind = unit_kind(u.full_name, level, u.code);
  u.search_text = vn_fold(u.full_name);
  return u;
}

// The child's own link to its parent (ProvinceCode / DistrictCode) must agree with the nesting.
void check_parent_link(const json::object& o, std::string_view key, const AdminUnit& child, const std::string& parent) {
  const auto* v = o.if_contains(key);
  if (v && v->is_string() && v->as_string() != parent)
    throw UnitDataError(where(child.level, child.code) + ": " + std::string(key) + " is " +
                        std::string(v->as_string()) + " but it is listed under " + parent);
}

const json::array* children(const json::object& o, std::string_view key, const AdminUnit& parent, bool null_ok) {
  const auto* v = o.if_contains(key);
  if (v && v->is_array()) return &v->as_array();
  if (null_ok && (!v || v->is_null())) return nullptr;
  throw UnitDataError(where(parent.level, parent.code) + ": \"" + std::string(key) + "\" is not a list");
}

json::array parse_top_array(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) throw UnitDataError("invalid JSON: " + ec.message());
  if (!root.is_array()) throw UnitDataError("the JSON document is not a list of provinces");
  return std::move(root.as_array());
}

void add_unit(UnitTree& tree, std::unordered_set<std::string>& seen, AdminUnit u) {
  if (!seen.insert(u.code).second) throw UnitDataError(where(u.level, u.code) + ": duplicate code");
  switch (u.level) {
    case UnitLevel::province: ++tree.provinces; break;
    case UnitLevel::district: ++tree.districts; break;
    case UnitLevel::commune: ++tree.communes; break;
  }
  tree.units.push_back(std::move(u));
}

// RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> parse_csv_records(std::string_view text, std::vector<std::size_t>& lines) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t record_line = 1;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    if (!(record.size() == 1 && record[0].empty() && !field_started)) {
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      record_line = ++line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) throw UnitDataError("CSV line " + std::to_string(record_line) + ": unterminated quoted field");
  if (field_started || !field.empty() || !record.empty()) end_record();
  return records;
}

bool parse_flag(const std::string& s, std::size_t line, std::string_view column) {
  if (s == "True" || s == "true" || s == "1") return true;
  if (s == "False" || s == "false" || s == "0" || s.empty()) return false;
  throw UnitDataError("CSV line " + std::to_string(line) + ": " + std::string(column) + " is \"" + s +
                      "\", expected True or False");
}

// "157.0" or "157" → "00157" (the CSV went through pandas, which made the codes floats).
std::string gso_code(const std::string& s, std::size_t width, std::size_t line, std::string_view column) {
  std::string_view digits = s;
  if (const auto dot = digits.find('.'); dot != std::string_view::npos) {
    const auto frac = digits.substr(dot + 1);
    if (!std::all_of(frac.begin(), frac.end(), [](char c) { return c == '0'; }))
      throw UnitDataError("CSV line " + std::to_string(line) + ": " + std::string(column) + " \"" + s +
                          "\" is not a whole number");
    digits = digits.substr(0, dot);
  }
  if (digits.empty() || digits.size() > width ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw UnitDataError("CSV line " + std::to_string(line) + ": " + std::string(column) + " \"" + s +
                        "\" is not a code of at most " + std::to_string(width) + " digits");
  return std::string(width - digits.size(), '0') + std::string(digits);
}

}  // namespace

UnitTree parse_units_2025(std::string_view json_text) {
  UnitTree tree;
  tree.scheme = UnitScheme::current;
  std::unordered_set<std::string> seen;
  for (const auto& pv : parse_top_array(json_text)) {
    const auto& po = as_object(pv, UnitLevel::province);
    AdminUnit province = make_unit(po, UnitScheme::current, UnitLevel::province, std::nullopt);
    const std::string pcode = province.code;
    const auto* wards = children(po, "Wards", province, false);
    add_unit(tree, seen, std::move(province));
    for (const auto& wv : *wards) {
      const auto& wo = as_object(wv, UnitLevel::commune);
      AdminUnit ward = make_unit(wo, UnitScheme::current, UnitLevel::commune, pcode);
      check_parent_link(wo, "ProvinceCode", ward, pcode);
      add_unit(tree, seen, std::move(ward));
    }
  }
  return tree;
}

UnitTree parse_units_legacy(std::string_view json_text) {
  UnitTree tree;
  tree.scheme = UnitScheme::legacy;
  std::unordered_set<std::string> seen;
  for (const auto& pv : parse_top_array(json_text)) {
    const auto& po = as_object(pv, UnitLevel::province);
    AdminUnit province = make_unit(po, UnitScheme::legacy, UnitLevel::province, std::nullopt);
    const std::string pcode = province.code;
    const auto* districts = children(po, "District", province, false);
    add_unit(tree, seen, std::move(province));
    for (const auto& dv : *districts) {
      const auto& d = as_object(dv, UnitLevel::district);
      AdminUnit district = make_unit(d, UnitScheme::legacy, UnitLevel::district, pcode);
      check_parent_link(d, "ProvinceCode", district, pcode);
      const std::string dcode = district.code;
      const auto* wards = children(d, "Ward", district, true);  // island districts have none
      add_unit(tree, seen, std::move(district));
      if (!wards) continue;
      for (const auto& wv : *wards) {
        const auto& wo = as_object(wv, UnitLevel::commune);
        AdminUnit ward = make_unit(wo, UnitScheme::legacy, UnitLevel::commune, dcode);
        check_parent_link(wo, "DistrictCode", ward, dcode);
        add_unit(tree, seen, std::move(ward));
      }
    }
  }
  return tree;
}

std::vector<MergerRow> parse_merger_csv(std::string_view csv_text) {
  std::vector<std::size_t> lines;
  const auto records = parse_csv_records(csv_text, lines);
  if (records.empty()) throw UnitDataError("the merger CSV is empty");

  std::map<std::string, std::size_t, std::less<>> col;
  for (std::size_t i = 0; i < records[0].size(); ++i) col.emplace(records[0][i], i);
  auto index = [&](std::string_view name) {
    const auto it = col.find(name);
    if (it == col.end()) throw UnitDataError("the merger CSV has no column \"" + std::string(name) + "\"");
    return it->second;
  };
  const std::size_t c_district = index("districtCode"), c_ward = index("wardCode"),
                    c_divided = index("isDividedWard"), c_new_code = index("newWardCode"),
                    c_new_name = index("newWard"), c_new_province = index("newProvinceCode");

  std::vector<MergerRow> rows;
  rows.reserve(records.size() - 1);
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    const std::size_t line = lines[r];
    if (rec.size() != records[0].size())
      throw UnitDataError("CSV line " + std::to_string(line) + ": " + std::to_string(rec.size()) +
                          " fields, the header has " + std::to_string(records[0].size()));
    MergerRow row;
    row.line = line;
    if (rec[c_ward].empty()) {
      row.legacy_level = UnitLevel::district;
      row.legacy_code = gso_code(rec[c_district], 3, line, "districtCode");
    } else {
      row.legacy_code = gso_code(rec[c_ward], 5, line, "wardCode");
    }
    row.new_code = gso_code(rec[c_new_code], 5, line, "newWardCode");
    row.new_full_name = rec[c_new_name];
    row.new_province_code = gso_code(rec[c_new_province], 2, line, "newProvinceCode");
    row.divided = parse_flag(rec[c_divided], line, "isDividedWard");
    rows.push_back(std::move(row));
  }
  return rows;
}

SuccessorResolution resolve_successors(const std::vector<MergerRow>& rows, const UnitTree& current,
                                       const UnitTree& legacy) {
  std::unordered_set<std::string> new_communes;
  std::map<std::pair<std::string, std::string>, std::string> by_name;  // (province, folded full name) → code
  for (const auto& u : current.units) {
    if (u.level != UnitLevel::commune) continue;
    new_communes.insert(u.code);
    by_name.emplace(std::make_pair(*u.parent_code, u.search_text), u.code);
  }
  std::unordered_map<std::string, UnitLevel> old_units;
  for (const auto& u : legacy.units) old_units.emplace(u.code, u.level);

  SuccessorResolution out;
  std::map<std::pair<std::string, std::string>, bool> pairs;  // sorted and unique
  for (const auto& row : rows) {
    const auto old = old_units.find(row.legacy_code);
    if (old == old_units.end() || old->second != row.legacy_level) {
      out.unresolved.push_back("CSV line " + std::to_string(row.line) + ": legacy " +
                               std::string(unit_level_code(row.legacy_level)) + " " + row.legacy_code +
                               " is not in the legacy tree");
      continue;
    }
    std::string new_code;
    if (new_communes.contains(row.new_code)) {
      new_code = row.new_code;
      ++out.by_code;
    } else if (const auto it = by_name.find({row.new_province_code, vn_fold(row.new_full_name)}); it != by_name.end()) {
      new_code = it->second;
      ++out.by_name;
    } else {
      out.unresolved.push_back("CSV line " + std::to_string(row.line) + ": new commune " + row.new_code + " \"" +
                               row.new_full_name + "\" is not in the 2025 tree");
      continue;
    }
    bool& divided = pairs[{row.legacy_code, new_code}];
    divided = divided || row.divided;
  }
  out.successors.reserve(pairs.size());
  for (const auto& [key, divided] : pairs) out.successors.push_back({key.first, key.second, divided});
  return out;
}

std::vector<std::string> check_expected_counts(const UnitTree& current, const UnitTree& legacy) {
  std::vector<std::string> out;
  auto expect = [&](std::string_view what, std::size_t found, std::size_t expected) {
    if (found != expected)
      out.push_back("expected " + std::to_string(expected) + " " + std::string(what) + ", found " +
                    std::to_string(found));
  };
  expect("provinces in the 2025 tree", current.provinces, kExpectedProvinces2025);
  expect("communes in the 2025 tree", current.communes, kExpectedCommunes2025);
  expect("districts in the 2025 tree", current.districts, 0);
  expect("provinces in the legacy tree", legacy.provinces, kExpectedProvincesLegacy);
  expect("districts in the legacy tree", legacy.districts, kExpectedDistrictsLegacy);
  expect("communes in the legacy tree", legacy.communes, kExpectedCommunesLegacy);
  return out;
}

}  // namespace motcua::domain
