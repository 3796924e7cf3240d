// Hồ Ngọc Đức's algorithm (https://www.informatik.uni-leipzig.de/~duc/amlich/), which follows Jean Meeus,
// "Astronomical Algorithms" (1998): new moons from the mean lunation plus the main periodic terms,
// solar terms from the apparent longitude of the sun. The rules of the Vietnamese calendar:
//  - a month starts on the (local, UTC+7) day of the new moon;
//  - month 11 is the month containing the winter solstice;
//  - in a year with 13 months, the first month after month 11 without a major solar term (trung khí)
//    is the leap month (tháng nhuận).
#include "domain/lunar.h"

#include <cmath>
#include <cstdio>

namespace motcua::domain {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr std::int64_t kJdOfEpoch = 2440588;  // Julian day number of 1970-01-01

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t jd_from_date(const SolarDate& d) { return days_from_civil(d) + kJdOfEpoch; }
SolarDate date_from_jd(std::int64_t jd) { return civil_from_days(jd - kJdOfEpoch); }

// Julian date (fractional, UT) of the k-th new moon after 1900-01-01 13:52 UT.
double new_moon(std::int64_t k) {
  const double T = static_cast<double>(k) / 1236.85;  // centuries since 1900-01-01
  const double T2 = T * T, T3 = T2 * T, dr = kPi / 180;
  double jd1 = 2415020.75933 + 29.53058868 * static_cast<double>(k) + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const double M = 359.2242 + 29.10535608 * static_cast<double>(k) - 0.0000333 * T2 - 0.00000347 * T3;     // sun anomaly
  const double Mpr = 306.0253 + 385.81691806 * static_cast<double>(k) + 0.0107306 * T2 + 0.00001236 * T3;  // moon anomaly
  const double F = 21.2964 + 390.67050646 * static_cast<double>(k) - 0.0016528 * T2 - 0.00000239 * T3;    // argument of latitude
  double c1 = (0.1734 - 0.000393 * T) * std::sin(M * dr) + 0.0021 * std::sin(2 * dr * M);
  c1 = c1 - 0.4068 * std::sin(Mpr * dr) + 0.0161 * std::sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * F) - 0.0051 * std::sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (M - Mpr)) + 0.0004 * std::sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * F - M)) - 0.0006 * std::sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * F - Mpr)) + 0.0005 * std::sin(dr * (2 * Mpr + M));
  const double delta_t = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
                                 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - delta_t;
}

// The local day (Julian day number) of the k-th new moon.
std::int64_t new_moon_day(std::int64_t k, double tz) {
  return static_cast<std::int64_t>(std::floor(new_moon(k) + 0.5 + tz / 24));
}

// Apparent longitude of the sun, radians in [0, 2π), at Julian date jdn.
double sun_longitude(double jdn) {
  const double T = (jdn - 2451545.0) / 36525;  // centuries since J2000
  const double T2 = T * T, dr = kPi / 180;
  const double M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const double L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  double DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * std::sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * std::sin(dr * 2 * M) + 0.000290 * std::sin(dr * 3 * M);
  double L = (L0 + DL) * dr;
  L -= kPi * 2 * std::floor(L / (kPi * 2));
  return L;
}

// The sun's longitude at the start of local day `day_number`, as one of 12 sectors of 30°
// (sector 9 starts at the winter solstice, 270°).
int sun_sector(std::int64_t day_number, double tz) {
  return static_cast<int>(std::floor(sun_longitude(static_cast<double>(day_number) - 0.5 - tz / 24) / kPi * 6));
}

constexpr double kSynodicMonth = 29.530588853;
constexpr double kFirstNewMoonJd = 2415021.076998695;

// Start (Julian day number) of lunar month 11, the month containing the winter solstice, of solar year yy.
std::int64_t lunar_month_11(int yy, double tz) {
  const double off = static_cast<double>(jd_from_date({yy, 12, 31})) - 2415021;
  const auto k = static_cast<std::int64_t>(std::floor(off / kSynodicMonth));
  std::int64_t nm = new_moon_day(k, tz);
  if (sun_sector(nm, tz) >= 9) nm = new_moon_day(k - 1, tz);
  return nm;
}

// In a 13-month year starting at month 11 (a11), the offset of the leap month: the first month whose
// start has the same sun sector as the next (no major solar term inside).
int leap_month_offset(std::int64_t a11, double tz) {
  const auto k = static_cast<std::int64_t>(std::floor((static_cast<double>(a11) - kFirstNewMoonJd) / kSynodicMonth + 0.5));
  int i = 1;
  int arc = sun_sector(new_moon_day(k + i, tz), tz);
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = sun_sector(new_moon_day(k + i, tz), tz);
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

std::int64_t days_from_civil(const SolarDate& d) {
  // Howard Hinnant's days_from_civil.
  const std::int64_t y = static_cast<std::int64_t>(d.year) - (d.month <= 2);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

SolarDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
  return kDays[month - 1];
}

bool is_valid_date(const SolarDate& d) {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

int weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

std::string format_date(const SolarDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<SolarDate> parse_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const SolarDate d{std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2))};
  if (!is_valid_date(d)) return std::nullopt;
  return d;
}

LunarDate solar_to_lunar(const SolarDate& d, double tz) {
  const std::int64_t day_number = jd_from_date(d);
  const auto k = static_cast<std::int64_t>(std::floor((static_cast<double>(day_number) - kFirstNewMoonJd) / kSynodicMonth));
  std::int64_t month_start = new_moon_day(k + 1, tz);
  if (month_start > day_number) month_start = new_moon_day(k, tz);
  std::int64_t a11 = lunar_month_11(d.year, tz);
  std::int64_t b11 = a11;
  int lunar_year = 0;
  if (a11 >= month_start) {
    lunar_year = d.year;
    a11 = lunar_month_11(d.year - 1, tz);
  } else {
    lunar_year = d.year + 1;
    b11 = lunar_month_11(d.year + 1, tz);
  }
  LunarDate out;
  out.day = static_cast<int>(day_number - month_start + 1);
  const int diff = static_cast<int>((month_start - a11) / 29);
  out.month = diff + 11;
  if (b11 - a11 > 365) {  // 13 lunar months between the two solstice months
    const int leap_diff = leap_month_offset(a11, tz);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = diff == leap_diff;
    }
  }
  if (out.month > 12) out.month -= 12;
  if (out.month >= 11 && diff < 4) lunar_year -= 1;
  out.year = lunar_year;
  return out;
}

std::optional<SolarDate> lunar_to_solar(const LunarDate& d, double tz) {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 30) return std::nullopt;
  std::int64_t a11 = 0, b11 = 0;
  if (d.month < 11) {
    a11 = lunar_month_11(d.year - 1, tz);
    b11 = lunar_month_11(d.year, tz);
  } else {
    a11 = lunar_month_11(d.year, tz);
    b11 = lunar_month_11(d.year + 1, tz);
  }
  const auto k = static_cast<std::int64_t>(std::floor(0.5 + (static_cast<double>(a11) - kFirstNewMoonJd) / kSynodicMonth));
  int off = d.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int leap_off = leap_month_offset(a11, tz);
    int leap_month = leap_off - 2;
    if (leap_month < 0) leap_month += 12;
    if (d.leap && d.month != leap_month) return std::nullopt;
    if (d.leap || off >= leap_off) off += 1;
  } else if (d.leap) {
    return std::nullopt;
  }
  const std::int64_t month_start = new_moon_day(k + off, tz);
  const SolarDate out = date_from_jd(month_start + d.day - 1);
  // Day 30 of a 29-day month would land on the next month: reject it by converting back.
  if (!(solar_to_lunar(out, tz) == d)) return std::nullopt;
  return out;
}

SolarDate tet_day(int lunar_year, double tz) { return *lunar_to_solar({lunar_year, 1, 1, false}, tz); }

}  // namespace motcua::domain
