#include "domain/dossier_code.h"

#include <cstdio>

#include "domain/agency.h"

namespace motcua::domain {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Howard Hinnant's days_from_civil inverse: days since 1970-01-01 → civil date.
LocalDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

std::string date_part(const LocalDate& d, CodeDatePattern p) {
  char buf[16];
  if (p == CodeDatePattern::yymmdd)
    std::snprintf(buf, sizeof buf, "%02d%02d%02d", d.year % 100, d.month, d.day);
  else
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

void check_date_and_seq(const LocalDate& date, std::int64_t seq) {
  if (!date.valid())
    throw DossierCodeError(DossierCodeError::Kind::invalid_date,
                           "dossier code date " + date.iso() + " is not a valid date in 2000-2099");
  if (seq < 1)
    throw DossierCodeError(DossierCodeError::Kind::invalid_sequence,
                           "dossier code sequence must be 1 or more, got " + std::to_string(seq));
}

std::string digits_of_level1(std::string_view qd20_code) {
  // QĐ 20/2020: the first group is the level-1 unit, a letter and two digits (H52).
  return std::string(qd20_code.substr(1, 2));
}

}  // namespace

bool LocalDate::valid() const {
  return year >= 2000 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string LocalDate::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<LocalDate> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!all_digits(t.substr(0, 4)) || !all_digits(t.substr(5, 2)) || !all_digits(t.substr(8, 2))) return std::nullopt;
  LocalDate d{to_int(t.substr(0, 4)), to_int(t.substr(5, 2)), to_int(t.substr(8, 2))};
  if (!d.valid()) return std::nullopt;
  return d;
}

std::optional<int> parse_hh_mm(std::string_view t) {
  if (t.size() != 5 || t[2] != ':' || !all_digits(t.substr(0, 2)) || !all_digits(t.substr(3, 2))) return std::nullopt;
  const int h = to_int(t.substr(0, 2)), m = to_int(t.substr(3, 2));
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

LocalDateTime vietnam_local_time(std::int64_t epoch_ms) {
  std::int64_t s = epoch_ms / 1000;
  if (epoch_ms % 1000 < 0) --s;  // floor for instants before 1970
  s += kVietnamUtcOffsetSeconds;
  std::int64_t days = s / 86400;
  std::int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  return {civil_from_days(days), static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60),
          static_cast<int>(rem % 60)};
}

std::string_view code_format_id(CodeFormat f) { return f == CodeFormat::tt01_2018 ? "tt01-2018" : "tt03-2025"; }

std::optional<CodeFormat> parse_code_format(std::string_view id) {
  if (id == "tt01-2018") return CodeFormat::tt01_2018;
  if (id == "tt03-2025") return CodeFormat::tt03_2025;
  return std::nullopt;
}

std::string_view code_date_pattern_id(CodeDatePattern p) { return p == CodeDatePattern::yymmdd ? "YYMMDD" : "YYYYMMDD"; }

std::optional<CodeDatePattern> parse_code_date_pattern(std::string_view id) {
  if (id == "YYMMDD") return CodeDatePattern::yymmdd;
  if (id == "YYYYMMDD") return CodeDatePattern::yyyymmdd;
  return std::nullopt;
}

SequenceKey sequence_key(std::int64_t agency_id, const LocalDate& date) {
  if (!date.valid())
    throw DossierCodeError(DossierCodeError::Kind::invalid_date, "sequence day " + date.iso() + " is not a valid date");
  return {agency_id, date.iso()};
}

std::string format_sequence(std::int64_t seq, int min_digits) {
  std::string s = std::to_string(seq);
  if (static_cast<int>(s.size()) < min_digits) s.insert(0, static_cast<std::size_t>(min_digits) - s.size(), '0');
  return s;
}

std::string format_tt01_code(std::string_view qcvn102_code, const LocalDate& date, std::int64_t seq,
                             CodeDatePattern pattern, int min_digits) {
  if (!is_valid_qcvn102_code(qcvn102_code))
    throw DossierCodeError(DossierCodeError::Kind::invalid_identifier,
                           "'" + std::string(qcvn102_code) + "' is not a QCVN 102:2016 agency code (000.00.20.H12)");
  check_date_and_seq(date, seq);
  return std::string(qcvn102_code) + "-" + date_part(date, pattern) + "-" + format_sequence(seq, min_digits);
}

std::string format_tt03_code(std::string_view qd20_code, std::string_view system_digits, const LocalDate& date,
                             std::int64_t seq, CodeDatePattern pattern, int min_digits) {
  if (!is_valid_qd20_code(qd20_code))
    throw DossierCodeError(DossierCodeError::Kind::invalid_identifier,
                           "'" + std::string(qd20_code) + "' is not a QĐ 20/2020 agency code (H12.20)");
  if (system_digits.size() != 2 || !all_digits(system_digits))
    throw DossierCodeError(DossierCodeError::Kind::invalid_spec,
                           "the AA part of a TT 03/2025 code must be 2 digits, got '" + std::string(system_digits) + "'");
  check_date_and_seq(date, seq);
  return std::string(qd20_code) + "-" + date_part(date, pattern) + "-" + std::string(system_digits) +
         format_sequence(seq, min_digits < 4 ? 4 : min_digits);
}

std::string agency_code_for(const AgencyIdentifiers& agency, const CodeFormatSpec& spec) {
  const bool tt01 = spec.format == CodeFormat::tt01_2018;
  const auto& code = tt01 ? agency.qcvn102_code : agency.qd20_code;
  if (!code || code->empty())
    throw DossierCodeError(DossierCodeError::Kind::missing_identifier,
                           "agency '" + agency.name + "' has no " +
                               (tt01 ? "QCVN 102:2016 code (qcvn102_code), needed by TT 01/2018 Điều 19"
                                     : "QĐ 20/2020 code (qd20_code), needed by TT 03/2025 Điều 13.3") +
                               "; set it in the agency catalogue before receiving dossiers");
  if (tt01 ? !is_valid_qcvn102_code(*code) : !is_valid_qd20_code(*code))
    throw DossierCodeError(DossierCodeError::Kind::invalid_identifier,
                           "agency '" + agency.name + "' has an invalid " + (tt01 ? "QCVN 102" : "QĐ 20") + " code '" +
                               *code + "'");
  return *code;
}

std::string format_dossier_code(const AgencyIdentifiers& agency, const LocalDate& date, std::int64_t seq,
                                const CodeFormatSpec& spec) {
  const std::string code = agency_code_for(agency, spec);
  if (spec.format == CodeFormat::tt01_2018)
    return format_tt01_code(code, date, seq, spec.date_pattern, spec.min_sequence_digits);
  const std::string aa = spec.system_digits.empty() ? digits_of_level1(code) : spec.system_digits;
  return format_tt03_code(code, aa, date, seq, spec.date_pattern, spec.min_sequence_digits);
}

std::optional<ParsedDossierCode> parse_dossier_code(std::string_view code) {
  const auto last = code.rfind('-');
  if (last == std::string_view::npos || last == 0) return std::nullopt;
  const auto mid = code.rfind('-', last - 1);
  if (mid == std::string_view::npos || mid == 0) return std::nullopt;
  const std::string_view agency = code.substr(0, mid);
  const std::string_view date = code.substr(mid + 1, last - mid - 1);
  const std::string_view tail = code.substr(last + 1);
  if (!all_digits(date) || !all_digits(tail)) return std::nullopt;

  ParsedDossierCode p;
  if (agency[0] >= '0' && agency[0] <= '9') {
    if (!is_valid_qcvn102_code(agency)) return std::nullopt;
    p.format = CodeFormat::tt01_2018;
  } else {
    if (!is_valid_qd20_code(agency)) return std::nullopt;
    p.format = CodeFormat::tt03_2025;
  }
  p.agency_code = std::string(agency);
  if (date.size() == 6) {
    p.date_pattern = CodeDatePattern::yymmdd;
    p.date = {2000 + to_int(date.substr(0, 2)), to_int(date.substr(2, 2)), to_int(date.substr(4, 2))};
  } else if (date.size() == 8) {
    p.date_pattern = CodeDatePattern::yyyymmdd;
    p.date = {to_int(date.substr(0, 4)), to_int(date.substr(4, 2)), to_int(date.substr(6, 2))};
  } else {
    return std::nullopt;
  }
  if (!p.date.valid()) return std::nullopt;
  std::string_view seq = tail;
  if (p.format == CodeFormat::tt03_2025) {
    if (tail.size() < 6) return std::nullopt;  // AA + at least 4 digits
    p.system_digits = std::string(tail.substr(0, 2));
    seq = tail.substr(2);
  } else if (tail.size() < 4) {
    return std::nullopt;
  }
  if (seq.size() > 18) return std::nullopt;
  // Widened sequences carry no leading zero beyond the minimum width; accept any value ≥ 1.
  std::int64_t v = 0;
  for (char c : seq) v = v * 10 + (c - '0');
  if (v < 1) return std::nullopt;
  p.sequence = v;
  return p;
}

}  // namespace motcua::domain
