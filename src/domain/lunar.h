// The Vietnamese lunar calendar (âm lịch), computed astronomically at UTC+7 with Hồ Ngọc Đức's algorithm
// (mean new moons corrected by the main periodic terms, and the sun's longitude for the solar terms).
// The Chinese calendar runs the same algorithm at UTC+8, so when a new moon falls between 16:00 and 17:00
// UTC the two calendars start the month on different days: Tết 2030 is 2 Feb in Vietnam, 3 Feb in China.
// Pure: no I/O, no time zone of the machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace motcua::domain {

// A proleptic Gregorian date (dương lịch).
struct SolarDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const SolarDate&) const = default;
  auto operator<=>(const SolarDate&) const = default;
};

// Days since 1970-01-01 (negative before); the index used by every table of the working calendar.
std::int64_t days_from_civil(const SolarDate& d);
SolarDate civil_from_days(std::int64_t days);
bool is_valid_date(const SolarDate& d);
int days_in_month(int year, int month);
// 0 = Sunday (Chủ nhật), 1 = Monday (Thứ Hai) ... 6 = Saturday (Thứ Bảy).
int weekday(std::int64_t days);
std::string format_date(const SolarDate& d);               // "2026-02-17"
std::optional<SolarDate> parse_date(const std::string& s);  // strict "YYYY-MM-DD", valid day

struct LunarDate {
  int year = 0;   // the lunar year, named by the solar year in which it mostly falls (Tết 2026 = 1/1/2026 âm)
  int month = 1;  // 1..12
  int day = 1;    // 1..30
  bool leap = false;  // tháng nhuận
  bool operator==(const LunarDate&) const = default;
};

// The Vietnamese time zone for the lunar calendar: UTC+7 (giờ Hà Nội).
inline constexpr double kVietnamTimeZone = 7.0;

LunarDate solar_to_lunar(const SolarDate& d, double time_zone = kVietnamTimeZone);
// nullopt when the date does not exist (a leap flag on a month that is not the leap month of that year,
// or day 30 of a 29-day month).
std::optional<SolarDate> lunar_to_solar(const LunarDate& d, double time_zone = kVietnamTimeZone);

// Tết Nguyên đán (1 tháng Giêng) of the given lunar year, as a solar date.
SolarDate tet_day(int lunar_year, double time_zone = kVietnamTimeZone);

}  // namespace motcua::domain
