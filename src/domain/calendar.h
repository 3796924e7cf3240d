// The working calendar (lịch làm việc) and the deadline engine (tính thời hạn giải quyết).
//
// Time is epoch milliseconds (UTC), read in Vietnam time by the fixed +07:00 offset: Vietnam has had no
// daylight saving since 1975, so the server's own time zone never enters the computation.
//
// Three layers, each data where the law leaves a choice (legal-rules §9):
//  1. HolidayRules: BLLĐ 2019 Điều 112 (statutory holidays), Điều 111.3 (nghỉ bù), weekly rest days.
//  2. CalendarYearFile (data/calendar/YYYY.json): what the Thủ tướng / Bộ Nội vụ announced for a year:
//     which 5 Tết days, the day next to 2/9, swaps (hoán đổi) and working Saturdays (làm bù). A year file
//     overrides the computation; years without a file are computed and marked unpublished.
//  3. OfficeHours: per agency and date (storage/office_hours_repo.h), default data/calendar/office-hours.json.
// WorkingCalendar precomputes per-day tables over a range of years so every query is O(1) or O(log n).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/lunar.h"

namespace motcua::domain {

// Bad input to the engine (a negative count, an unparsable time).
class CalendarError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// A moment or a result outside the precomputed years.
class CalendarRangeError : public CalendarError {
 public:
  using CalendarError::CalendarError;
};
// An invalid calendar or office-hours data file; the message names the file and the entry.
class CalendarDataError : public CalendarError {
 public:
  using CalendarError::CalendarError;
};

// ---- Vietnam time -------------------------------------------------------------------------------------

inline constexpr std::int64_t kMsPerMinute = 60'000;
inline constexpr std::int64_t kMsPerDay = 86'400'000;
inline constexpr std::int64_t kVietnamOffsetMs = 7 * 3'600'000;  // UTC+07:00, no DST

// The Vietnam-local day (days since 1970-01-01) of an instant, and the milliseconds since local midnight.
std::int64_t local_day(std::int64_t epoch_ms);
std::int64_t local_ms_of_day(std::int64_t epoch_ms);
// The instant of a Vietnam-local date and minute of day.
std::int64_t local_to_epoch_ms(const SolarDate& date, int minute_of_day);
// "YYYY-MM-DD HH:MM" (also "YYYY-MM-DDTHH:MM") in Vietnam time; nullopt when malformed or not a real time.
std::optional<std::int64_t> parse_local_datetime(std::string_view text);
std::string format_local_datetime(std::int64_t epoch_ms);  // "YYYY-MM-DD HH:MM" in Vietnam time
// "Thứ Hai" ... "Chủ nhật" for weekday() 0..6.
std::string_view weekday_name_vi(int weekday);

// ---- Holidays -----------------------------------------------------------------------------------------

enum class DayOffKind {
  holiday,       // ngày lễ, tết (BLLĐ 2019 Điều 112.1)
  compensatory,  // nghỉ bù (Điều 111.3): a holiday fell on a weekly rest day
  swap,          // hoán đổi: a working day given off, made up by a working Saturday
  other,         // any other day off decided for the civil service
};
std::string_view day_off_kind_code(DayOffKind k);  // "holiday" | "compensatory" | "swap" | "other"
std::optional<DayOffKind> parse_day_off_kind(std::string_view code);

struct NamedDay {
  SolarDate date;
  std::string name;  // Vietnamese, e.g. "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương"
  DayOffKind kind = DayOffKind::holiday;
  bool verified = true;  // false: computed by rule or marked [R] in the data file
  std::string note;
};

// The rules that are the same every year. Defaults follow BLLĐ 2019; every field can be changed.
struct HolidayRules {
  struct Fixed {
    int month, day;
    std::string name;
  };
  // Điều 112.1 a, c, d, đ (the second Quốc khánh day is chosen per year, see national_day_adjacent).
  std::vector<Fixed> fixed = {{1, 1, "Tết Dương lịch"},
                              {4, 30, "Ngày Chiến thắng"},
                              {5, 1, "Ngày Quốc tế lao động"},
                              {9, 2, "Quốc khánh"}};
  // Điều 112.1.b: 5 days of Tết Âm lịch; without a year file, this many days before mùng 1 and the rest after.
  int tet_days = 5;
  int tet_days_before_new_year = 1;
  // Điều 112.1.e: Giỗ Tổ Hùng Vương, 10/3 âm lịch.
  bool hung_kings_day = true;
  // Điều 111.3: a holiday on a weekly rest day gives nghỉ bù on the next working day.
  bool compensate_weekend_holidays = true;
  // Weekly rest days of the civil service (bit w = weekday w, 0 = Sunday): Saturday and Sunday under the
  // 40-hour week (QĐ 188/1999/QĐ-TTg [R]).
  unsigned weekly_rest_mask = (1u << 0) | (1u << 6);
};

// One data/calendar/YYYY.json, validated.
struct CalendarYearFile {
  std::string origin;  // file name, for messages
  int year = 0;
  bool published = false;  // "status": "published" | "unverified"
  std::vector<std::string> sources;
  std::string note;
  std::vector<SolarDate> tet_days;                // empty: the default rule
  std::optional<SolarDate> national_day_adjacent;  // 1/9 or 3/9; none: the default rule
  std::vector<NamedDay> days_off;                  // extra days off (swaps, decided nghỉ bù)
  std::vector<NamedDay> working_days;              // extra working days (làm bù Saturdays)
};

// Parses and validates one year file. Throws CalendarDataError naming `origin` and the entry on unknown
// keys, bad or out-of-year dates, duplicates, and a "year" that differs from a "YYYY.json" file name.
CalendarYearFile parse_calendar_year_file(std::string_view origin, std::string_view json_text);

// The days off and extra working days of one year, as the engine uses them.
struct YearCalendar {
  int year = 0;
  bool published = false;  // a year file exists with status "published"
  bool from_file = false;
  std::vector<std::string> sources;
  std::vector<NamedDay> days_off;      // sorted; statutory holidays on a weekend are listed too
  std::vector<NamedDay> working_days;  // sorted
};

class CalendarData {
 public:
  // Computes every year in [first_year, last_year] (widened to cover the files) and applies the files.
  // All-or-nothing: throws CalendarDataError (naming the file) before anything is returned.
  static CalendarData build(const HolidayRules& rules, std::span<const CalendarYearFile> files, int first_year,
                            int last_year);

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  const HolidayRules& rules() const { return rules_; }
  const YearCalendar& year(int y) const;  // throws CalendarRangeError outside the range

  // Day (days since 1970-01-01) → the named day off, or nullptr. Weekly rest days are not listed here.
  const NamedDay* day_off(std::int64_t day) const;
  bool is_extra_working_day(std::int64_t day) const;
  bool is_weekly_rest(std::int64_t day) const { return (rules_.weekly_rest_mask >> weekday(day)) & 1u; }

 private:
  HolidayRules rules_;
  int first_year_ = 0;
  int last_year_ = -1;
  std::vector<YearCalendar> years_;
  std::map<std::int64_t, NamedDay> off_;
  std::map<std::int64_t, bool> extra_working_;
};

// Parses every file first, then builds: one bad file and nothing is loaded. files = (origin, text) pairs.
CalendarData load_calendar_data(const HolidayRules& rules, const std::vector<std::pair<std::string, std::string>>& files,
                                int first_year, int last_year);

// ---- Office hours -------------------------------------------------------------------------------------

struct Session {
  int start_minute = 0;  // minutes after local midnight
  int end_minute = 0;    // exclusive
  bool operator==(const Session&) const = default;
};

// Giờ làm việc of one agency (legal-rules §9.3: set by each UBND tỉnh [R]).
struct OfficeHours {
  std::vector<Session> sessions;            // Monday–Friday and làm bù days, e.g. 07:30–11:30, 13:30–17:00
  std::vector<Session> saturday_reception;  // Saturday-morning reception (tiếp nhận sáng thứ Bảy); empty = none
  // Whether those Saturday sessions count as working time for deadlines. Usually not: a dossier received on
  // Saturday counts from the next working day (legal-rules §9.3 [R]); set true only where the province says so.
  bool saturday_counts_for_deadlines = false;
  std::string basis;  // where the schedule comes from
  bool verified = false;
  bool operator==(const OfficeHours&) const = default;
};

inline constexpr std::size_t kMaxSessionsPerDay = 4;

OfficeHours default_office_hours();  // 07:30–11:30, 13:30–17:00, no Saturday reception
// Throws CalendarDataError: empty sessions, start >= end, overlapping or unsorted sessions, more than 4.
void validate_office_hours(const OfficeHours& hours, std::string_view origin = "office hours");
OfficeHours parse_office_hours(std::string_view origin, std::string_view json_text);
std::string office_hours_to_json(const OfficeHours& hours);
std::optional<int> parse_hhmm(std::string_view text);  // "07:30" → 450; "24:00" allowed
std::string format_hhmm(int minute_of_day);

// ---- The engine ---------------------------------------------------------------------------------------

// Per-procedure deadline options (legal-rules §3.4, §9.4).
struct DeadlineRules {
  // NĐ 61/2018 Điều 18: a dossier received after 15:00 is handled from the next working day. Many
  // procedures use it for the appointment date too; it is a per-procedure choice.
  bool cutoff_enabled = true;
  int cutoff_minute = 15 * 60;
};

class WorkingCalendar {
 public:
  WorkingCalendar(const CalendarData& data, const OfficeHours& hours);

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  const OfficeHours& office_hours() const { return hours_; }

  bool is_working_day(std::int64_t day) const;
  // Inside a working session of a working day (lunch break and Saturday reception excluded unless
  // Saturday counts for deadlines).
  bool is_working_time(std::int64_t t_ms) const;
  // t itself when it is working time, else the start of the next working session.
  std::int64_t next_working_start(std::int64_t t_ms) const;
  // The closing time (end of the last session) of a working day.
  std::int64_t closing_time(std::int64_t day) const;

  // N ngày làm việc (legal-rules §9.4): t0 outside working time moves to the next working start; after
  // the cut-off, reception counts on the next working day; counting starts the day after reception
  // (BLDS 2015 Điều 147); the due moment is the closing time of the N-th working day. n = 0: the end of
  // the reception day. Throws CalendarError for n < 0, CalendarRangeError outside the years.
  std::int64_t add_working_days(std::int64_t t0_ms, std::int64_t n, const DeadlineRules& rules = {}) const;
  // N ngày (calendar days): the last day is reception day + n; a last day that is not a working day moves
  // to the next working day (BLDS 2015 Điều 148); due at its closing time.
  std::int64_t add_calendar_days(std::int64_t t0_ms, std::int64_t n, const DeadlineRules& rules = {}) const;
  // Working minutes/hours across lunch breaks and days off (NĐ 45/2020 Điều 11: 08 giờ làm việc). A period
  // that ends exactly at a closing time ends there, not at the next opening.
  std::int64_t add_working_minutes(std::int64_t t0_ms, std::int64_t minutes) const;
  std::int64_t add_working_hours(std::int64_t t0_ms, std::int64_t hours) const {
    return add_working_minutes(t0_ms, hours * 60);
  }
  // Working time from a to b, in whole minutes (negative when b < a).
  std::int64_t working_time_between(std::int64_t a_ms, std::int64_t b_ms) const;

 private:
  struct DaySchedule {
    int count = 0;
    std::array<std::int64_t, kMaxSessionsPerDay> start{};  // ms after local midnight
    std::array<std::int64_t, kMaxSessionsPerDay> end{};
    std::int64_t total = 0;  // working ms in the day
  };

  std::size_t index_of_day(std::int64_t day) const;  // throws CalendarRangeError
  std::int64_t working_position(std::int64_t t_ms) const;  // working ms from the range start to t
  [[noreturn]] void out_of_range(std::string_view what) const;

  OfficeHours hours_;
  int first_year_ = 0;
  int last_year_ = 0;
  std::int64_t first_day_ = 0;
  std::int64_t day_count_ = 0;
  std::array<DaySchedule, 3> schedules_{};   // 0: day off, 1: ordinary working day, 2: working Saturday
  std::vector<std::uint8_t> schedule_of_;    // per day: index into schedules_
  std::vector<std::int32_t> rank_;           // per day (+1): working days strictly before it
  std::vector<std::int32_t> working_days_;   // the k-th working day, as an index from first_day_
  std::vector<std::int64_t> cum_ms_;         // per day (+1): working ms strictly before it
};

}  // namespace motcua::domain
