// Administrative units (đơn vị hành chính): the 2025 2-level tree (tỉnh → xã), the legacy 3-level tree
// (tỉnh → huyện → xã) and the 2025 merger mapping (sáp nhập) from legacy communes to new ones.
// Pure parsing and checking of the source texts; the caller reads the files and stores the result.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

enum class UnitScheme { current, legacy };  // stored as "2025" | "legacy"
enum class UnitLevel { province, district, commune };

std::string_view unit_scheme_code(UnitScheme s);  // "2025" | "legacy"
std::optional<UnitScheme> parse_unit_scheme(std::string_view code);
std::string_view unit_level_code(UnitLevel l);     // "province" | "district" | "commune"
std::optional<UnitLevel> parse_unit_level(std::string_view code);

struct AdminUnit {
  UnitScheme scheme = UnitScheme::current;
  UnitLevel level = UnitLevel::province;
  std::string code;       // GSO code: 2 digits (province), 3 (district), 5 (commune)
  std::string name;       // "Ba Đình"
  std::string full_name;  // "Phường Ba Đình"
  std::string name_en;
  std::string code_name;  // "ba_dinh"
  std::optional<std::string> parent_code;
  std::string kind;         // lower-case Vietnamese: tỉnh, thành phố, quận, huyện, thị xã, xã, phường, thị trấn, đặc khu
  std::string search_text;  // vn_fold(full_name)

  bool operator==(const AdminUnit&) const = default;
};

struct UnitTree {
  UnitScheme scheme = UnitScheme::current;
  std::vector<AdminUnit> units;  // parents before their children
  std::size_t provinces = 0;
  std::size_t districts = 0;
  std::size_t communes = 0;
};

// A source text that does not have the expected shape; the message names the record.
class UnitDataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// thanglequoc/vietnamese-provinces-database simplified JSON: [{Code, Name, …, Wards:[…]}].
UnitTree parse_units_2025(std::string_view json_text);
// The same project's pre-2025 JSON: [{…, District:[{…, Ward:[…] | null}]}].
UnitTree parse_units_legacy(std::string_view json_text);

// One row of vietnamadminunits' convert_legacy_2025_simple.csv.
struct MergerRow {
  std::size_t line = 0;           // 1-based line in the CSV, for messages
  std::string legacy_code;        // 5-digit commune, or 3-digit district for island districts without communes
  UnitLevel legacy_level = UnitLevel::commune;
  std::string new_code;           // 5-digit 2025 commune code as written in the CSV
  std::string new_full_name;      // "Phường Hồng Hà"
  std::string new_province_code;  // 2 digits
  bool divided = false;           // the legacy commune was split between several new ones
};

std::vector<MergerRow> parse_merger_csv(std::string_view csv_text);

struct UnitSuccessor {
  std::string legacy_code;
  std::string new_code;
  bool divided = false;

  bool operator==(const UnitSuccessor&) const = default;
};

struct SuccessorResolution {
  std::vector<UnitSuccessor> successors;  // unique (legacy_code, new_code), sorted
  std::size_t by_code = 0;                // rows whose new code is in the 2025 tree
  std::size_t by_name = 0;                // rows resolved by the new commune's name within its province
  std::vector<std::string> unresolved;    // one message per row that matched nothing
};

// Checks every row against both trees. The mapping is older than the 2025 tree (codes changed later,
// e.g. Xã Ba Chẽ 06970 → 06978), so an unknown new code falls back to the name within the province.
SuccessorResolution resolve_successors(const std::vector<MergerRow>& rows, const UnitTree& current,
                                       const UnitTree& legacy);

// The counts of the bundled sources (issue acceptance): 34 → 3,321 and 63 → 696 → 10,035.
inline constexpr std::size_t kExpectedProvinces2025 = 34;
inline constexpr std::size_t kExpectedCommunes2025 = 3321;
inline constexpr std::size_t kExpectedProvincesLegacy = 63;
inline constexpr std::size_t kExpectedDistrictsLegacy = 696;
inline constexpr std::size_t kExpectedCommunesLegacy = 10035;

// One message per count that differs (empty when all match).
std::vector<std::string> check_expected_counts(const UnitTree& current, const UnitTree& legacy);

}  // namespace motcua::domain
