// Mã số hồ sơ (dossier codes): the two legal layouts, the daily sequence key and parsing. Pure: the
// counter itself lives in storage/dossier_code_repo.h.
//
//   TT 01/2018/TT-VPCP Điều 19:            <QCVN 102 code>-YYMMDD-XXXX     000.00.20.H12-240315-0007
//   TT 03/2025/TT-VPCP Điều 13.3 (added by TT 04/2025/TT-VPCP):
//                                          <QĐ 20/2020 code>-<date>-AAXXXX G09.20-20260609-0092637
//
// The day of a code is the Vietnamese local date of reception (Asia/Ho_Chi_Minh, fixed UTC+7, no DST),
// whatever the server's time zone. The sequence restarts every day per receiving agency and is keyed by
// the full date: OpenCPS keyed it by unpadded day+month, so 1 Nov ("111") and 11 Jan ("111") shared one
// counter.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::domain {

// A civil date in Vietnam (ngày theo giờ Việt Nam).
struct LocalDate {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const LocalDate&) const = default;
  bool valid() const;        // a real Gregorian date, years 2000–2099 (YYMMDD cannot say more)
  std::string iso() const;   // "2024-11-01"
};

struct LocalDateTime {
  LocalDate date;
  int hour = 0;
  int minute = 0;
  int second = 0;
  auto operator<=>(const LocalDateTime&) const = default;
};

// Strict "YYYY-MM-DD" (zero-padded, a real date); nullopt otherwise.
std::optional<LocalDate> parse_iso_date(std::string_view text);
// Strict "HH:MM" (00:00–23:59) as minutes after midnight; nullopt otherwise.
std::optional<int> parse_hh_mm(std::string_view text);

// Vietnam has used UTC+7 without daylight saving since 1975; a fixed offset is exact for every date
// this system handles and does not depend on the server's TZ or tzdata.
inline constexpr std::int64_t kVietnamUtcOffsetSeconds = 7 * 3600;
LocalDateTime vietnam_local_time(std::int64_t epoch_ms);

enum class CodeFormat { tt01_2018, tt03_2025 };
std::string_view code_format_id(CodeFormat f);  // "tt01-2018", "tt03-2025"
std::optional<CodeFormat> parse_code_format(std::string_view id);

enum class CodeDatePattern { yymmdd, yyyymmdd };
std::string_view code_date_pattern_id(CodeDatePattern p);  // "YYMMDD", "YYYYMMDD"
std::optional<CodeDatePattern> parse_code_date_pattern(std::string_view id);

// How codes look under one rule set (data: data/rules/rule-sets.json).
struct CodeFormatSpec {
  CodeFormat format = CodeFormat::tt01_2018;
  // TT 01/2018 Điều 19 says YYMMDD; the one observed TT 03/2025 code uses YYYYMMDD, so it is data.
  CodeDatePattern date_pattern = CodeDatePattern::yymmdd;
  int min_sequence_digits = 4;  // XXXX; more digits are used when the day needs them (never truncated)
  // TT 03/2025 only: AA, "2 digits taken from the identifier of the agency that owns the system". Empty =
  // derive from the receiving agency's QĐ 20 level-1 group (H52 → "52"), the province that runs a
  // provincial system [R: the text was not retrieved].
  std::string system_digits;
  bool operator==(const CodeFormatSpec&) const = default;
};

// The identifier codes of the receiving agency (mã định danh); either may be missing in the catalogue.
struct AgencyIdentifiers {
  std::string name;  // for error messages
  std::optional<std::string> qcvn102_code;  // QCVN 102:2016, "000.00.20.H12"
  std::optional<std::string> qd20_code;     // QĐ 20/2020/QĐ-TTg, "H12.20"
};

class DossierCodeError : public std::runtime_error {
 public:
  enum class Kind { missing_identifier, invalid_identifier, invalid_date, invalid_sequence, invalid_spec };
  DossierCodeError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The counter key: agency id + full local date "YYYY-MM-DD", never day+month alone.
struct SequenceKey {
  std::int64_t agency_id = 0;
  std::string day;
  bool operator==(const SequenceKey&) const = default;
};
SequenceKey sequence_key(std::int64_t agency_id, const LocalDate& date);

// Zero-padded to `min_digits`; a day with more dossiers than that widens the field (10000 → "10000")
// instead of wrapping or failing: a unique, sortable code matters more than the nominal width.
std::string format_sequence(std::int64_t seq, int min_digits);

// TT 01/2018 Điều 19: "000.00.20.H12-240315-0007".
std::string format_tt01_code(std::string_view qcvn102_code, const LocalDate& date, std::int64_t seq,
                             CodeDatePattern pattern = CodeDatePattern::yymmdd, int min_digits = 4);
// TT 03/2025 Điều 13.3: "<QĐ 20 code>-<date>-AA<seq ≥4 digits>".
std::string format_tt03_code(std::string_view qd20_code, std::string_view system_digits, const LocalDate& date,
                             std::int64_t seq, CodeDatePattern pattern = CodeDatePattern::yyyymmdd,
                             int min_digits = 4);

// Checks the agency has the identifier the spec needs (throws DossierCodeError naming the agency and
// the missing code) and returns the agency code part.
std::string agency_code_for(const AgencyIdentifiers& agency, const CodeFormatSpec& spec);
// The full code for the given agency, day and sequence under `spec`.
std::string format_dossier_code(const AgencyIdentifiers& agency, const LocalDate& date, std::int64_t seq,
                                const CodeFormatSpec& spec);

struct ParsedDossierCode {
  CodeFormat format = CodeFormat::tt01_2018;
  std::string agency_code;
  LocalDate date;
  CodeDatePattern date_pattern = CodeDatePattern::yymmdd;
  std::string system_digits;  // TT 03/2025 only
  std::int64_t sequence = 0;
};

// Recognises both layouts (a QCVN 102 code starts with a digit, a QĐ 20 code with a letter), checks the
// agency code, the calendar date and the sequence (≥ 1, ≥ 4 digits). nullopt when it is not a code.
std::optional<ParsedDossierCode> parse_dossier_code(std::string_view code);

}  // namespace motcua::domain
