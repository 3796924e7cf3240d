// The working calendar and the deadline engine. Every rule test names its article: BLLĐ 2019 Điều 111.3
// (nghỉ bù) and 112 (holidays), BLDS 2015 Điều 147–148 (counting periods), NĐ 61/2018 Điều 18 (15:00
// cut-off), NĐ 45/2020 Điều 11 (08 giờ làm việc). The published calendars are the files in data/calendar.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "app/data_dir.h"
#include "calendar_fixture.h"
#include "domain/calendar.h"

namespace motcua::domain {
namespace {

namespace fs = std::filesystem;
using namespace testing;

// The whole effect of a year on working days: weekdays that are off and Saturdays/Sundays that are worked.
struct YearEffect {
  std::set<std::string> weekdays_off;
  std::set<std::string> weekend_worked;
};
YearEffect effect(const WorkingCalendar& c, int year) {
  YearEffect e;
  for (std::int64_t d = days_from_civil({year, 1, 1}); d < days_from_civil({year + 1, 1, 1}); ++d) {
    const int w = weekday(d);
    const bool weekend = w == 0 || w == 6;
    if (!weekend && !c.is_working_day(d)) e.weekdays_off.insert(format_date(civil_from_days(d)));
    if (weekend && c.is_working_day(d)) e.weekend_worked.insert(format_date(civil_from_days(d)));
  }
  return e;
}

// ---- the published days off (legal-rules §9.2) ----

TEST(CalendarTest, Published2025DaysOffBlld2019Dieu112AndSwaps) {
  // Tết Ất Tỵ 25/01–02/02 (weekdays 27–31/01), Giỗ Tổ Mon 07/04, 30/4–04/05 with 02/05 swapped for
  // Sat 26/04, Quốc khánh Mon 01/09 + Tue 02/09 (CV 8726/VPCP-KGVX, TB 6150/TB-BLĐTBXH).
  const YearEffect e = effect(cal(), 2025);
  EXPECT_EQ(e.weekdays_off, (std::set<std::string>{"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
                                                   "2025-01-31", "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02",
                                                   "2025-09-01", "2025-09-02"}));
  EXPECT_EQ(e.weekend_worked, (std::set<std::string>{"2025-04-26"}));
  EXPECT_TRUE(bundled_calendar().year(2025).published);
}

TEST(CalendarTest, Published2026DaysOffBlld2019Dieu111_3And112) {
  // legal-rules §9.2: Tết 16–20/02, Giỗ Tổ Sun 26/4 → nghỉ bù Mon 27/4 (Điều 111.3), 30/4, 1/5,
  // Quốc khánh 1/9 + 2/9 with 31/8 off and Sat 22/8 worked; plus the Tết Dương lịch swap (2/1 off,
  // Sat 10/1 worked) announced on 25/12/2025.
  const YearEffect e = effect(cal(), 2026);
  EXPECT_EQ(e.weekdays_off, (std::set<std::string>{"2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18",
                                                   "2026-02-19", "2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01",
                                                   "2026-08-31", "2026-09-01", "2026-09-02"}));
  EXPECT_EQ(e.weekend_worked, (std::set<std::string>{"2026-01-10", "2026-08-22"}));
  EXPECT_TRUE(bundled_calendar().year(2026).published);
}

TEST(CalendarTest, Year2027FileIsUnverifiedBlld2019Dieu111_3And112) {
  // No announcement yet: Tết Đinh Mùi by the default rule (29 Chạp + mùng 1–4, mùng 1–2 on the weekend →
  // nghỉ bù 10–11/02), Giỗ Tổ Fri 16/4, 1/5 Sat → nghỉ bù Mon 3/5, Quốc khánh Thu 2/9 + Fri 3/9.
  const YearEffect e = effect(cal(), 2027);
  EXPECT_EQ(e.weekdays_off, (std::set<std::string>{"2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",
                                                   "2027-02-11", "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02",
                                                   "2027-09-03"}));
  EXPECT_TRUE(e.weekend_worked.empty());
  const YearCalendar& y = bundled_calendar().year(2027);
  EXPECT_FALSE(y.published);
  bool any_unverified = false;
  for (const auto& d : y.days_off) any_unverified |= !d.verified;
  EXPECT_TRUE(any_unverified);
}

TEST(CalendarTest, HolidayNamesAreListed) {
  const YearCalendar& y = bundled_calendar().year(2026);
  std::map<std::string, std::string> names;
  for (const auto& d : y.days_off) names[format_date(d.date)] = d.name;
  EXPECT_EQ(names["2026-02-16"], "Tết Nguyên đán");
  EXPECT_EQ(names["2026-04-26"], "Giỗ Tổ Hùng Vương");  // on a Sunday, still listed
  EXPECT_EQ(names["2026-04-27"], "Nghỉ bù Giỗ Tổ Hùng Vương");
  EXPECT_EQ(names["2026-09-02"], "Quốc khánh");
}

TEST(CalendarTest, ComputedYearWithoutFileBlld2019Dieu111_3) {
  // 2028 has no file, so the rules apply: Giỗ Tổ Tue 04/04; 30/4 is a Sunday → nghỉ bù Tue 02/05,
  // because Mon 01/05 is itself a holiday.
  const YearEffect e = effect(cal(), 2028);
  EXPECT_TRUE(e.weekdays_off.count("2028-05-01"));
  EXPECT_TRUE(e.weekdays_off.count("2028-05-02"));
  EXPECT_TRUE(e.weekdays_off.count("2028-04-04"));
  EXPECT_FALSE(bundled_calendar().year(2028).from_file);
}

// ---- add_working_days (legal-rules §9.4) ----

TEST(CalendarTest, DossierOnAHolidayCountsFromTheNextWorkingDayBlds2015Dieu147) {
  // Thu 30/4/2026 is a holiday, Fri 1/5 too: reception counts on Mon 4/5; 3 working days → Thu 7/5.
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-04-30 10:00"), 3)), "2026-05-07 17:00");
  EXPECT_EQ(fmt(cal().next_working_start(at("2026-04-30 10:00"))), "2026-05-04 07:30");
}

TEST(CalendarTest, DossierOnASaturdayCountsFromMondayBlds2015Dieu147) {
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-07 09:00"), 1)), "2026-03-10 17:00");
}

TEST(CalendarTest, SaturdayReceptionDoesNotMakeSaturdayAWorkingDay) {
  // legal-rules §9.3 [R]: the week is Mon–Fri (QĐ 188/1999/QĐ-TTg); where the province opens the one-stop
  // desk on Saturday mornings, those dossiers count from the next working day.
  OfficeHours h = default_office_hours();
  h.saturday_reception = {{7 * 60 + 30, 11 * 60 + 30}};
  const WorkingCalendar c(bundled_calendar(), h);
  EXPECT_FALSE(c.is_working_time(at("2026-03-07 09:00")));
  EXPECT_EQ(fmt(c.add_working_days(at("2026-03-07 09:00"), 1)), "2026-03-10 17:00");
  // Where the province says Saturday counts, Saturday morning is working time and closes at 11:30.
  h.saturday_counts_for_deadlines = true;
  const WorkingCalendar s(bundled_calendar(), h);
  EXPECT_TRUE(s.is_working_time(at("2026-03-07 09:00")));
  EXPECT_EQ(fmt(s.add_working_days(at("2026-03-06 10:00"), 1)), "2026-03-07 11:30");
  EXPECT_EQ(fmt(s.add_working_days(at("2026-03-07 09:00"), 1)), "2026-03-09 17:00");
}

TEST(CalendarTest, DossierAfterOfficeHoursCountsFromTheNextOpening) {
  // legal-rules §9.4 step 1: t0 is the next working start when reception is outside working hours.
  EXPECT_EQ(fmt(cal().next_working_start(at("2026-03-10 17:30"))), "2026-03-11 07:30");
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-10 17:30"), 1)), "2026-03-12 17:00");
  // During the lunch break: the afternoon session of the same day.
  EXPECT_EQ(fmt(cal().next_working_start(at("2026-03-10 12:00"))), "2026-03-10 13:30");
}

TEST(CalendarTest, CutOffAt1500Nd61_2018Dieu18) {
  // 14:59: received today, day 1 is tomorrow. 15:01: received as of the next working day.
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 14:59"), 1)), "2026-03-13 17:00");
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 15:01"), 1)), "2026-03-16 17:00");
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 15:00"), 1)), "2026-03-13 17:00");  // "sau 15 giờ"
  DeadlineRules off;
  off.cutoff_enabled = false;
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 15:01"), 1, off)), "2026-03-13 17:00");
  DeadlineRules at16;
  at16.cutoff_minute = 16 * 60;
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 15:01"), 1, at16)), "2026-03-13 17:00");
}

TEST(CalendarTest, FridayAfter1501BeforeQuocKhanhNd61Dieu18Blld112) {
  // Fri 28/8/2026 15:01 → received as of Thu 3/9 (31/8 swap, 1/9 and 2/9 Quốc khánh) → 1 day: Fri 4/9.
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-08-28 15:01"), 1)), "2026-09-04 17:00");
}

TEST(CalendarTest, WorkingSaturdayCountsAfterASwap) {
  // Sat 22/8/2026 is a làm bù day (CV 9859/VPCP-KGVX, BNV CV 8764/BNV-CVL; legal-rules §9.2): a dossier of
  // Fri 21/8 is due on it.
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-08-21 10:00"), 1)), "2026-08-22 17:00");
  EXPECT_TRUE(cal().is_working_time(at("2026-08-22 08:00")));
}

TEST(CalendarTest, DeadlineAcrossTetBlld2019Dieu112) {
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-02-13 10:00"), 1)), "2026-02-23 17:00");
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-02-13 10:00"), 5)), "2026-02-27 17:00");
}

TEST(CalendarTest, ZeroDaysIsTheEndOfTheReceptionDay) {
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 09:00"), 0)), "2026-03-12 17:00");
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 16:00"), 0)), "2026-03-13 17:00");
}

TEST(CalendarTest, DeadlineLandingOnAWeekendMovesToMondayBlds2015Dieu148) {
  // 5 calendar days from Mon 2/3/2026 end on Sat 7/3 → the next working day, Mon 9/3.
  EXPECT_EQ(fmt(cal().add_calendar_days(at("2026-03-02 10:00"), 5)), "2026-03-09 17:00");
  // Landing on a nghỉ bù (Mon 27/4/2026) moves to Tue 28/4.
  EXPECT_EQ(fmt(cal().add_calendar_days(at("2026-04-22 10:00"), 5)), "2026-04-28 17:00");
  // Landing on a working day stays.
  EXPECT_EQ(fmt(cal().add_calendar_days(at("2026-03-02 10:00"), 3)), "2026-03-05 17:00");
}

// ---- add_working_hours (NĐ 45/2020 Điều 11: 08 giờ làm việc) ----

TEST(CalendarTest, EightWorkingHoursNd45_2020Dieu11) {
  // Office day = 7.5 h (07:30–11:30, 13:30–17:00).
  EXPECT_EQ(fmt(cal().add_working_hours(at("2026-03-10 07:30"), 8)), "2026-03-11 08:00");
  // Across the lunch break.
  EXPECT_EQ(fmt(cal().add_working_hours(at("2026-03-10 10:00"), 2)), "2026-03-10 14:00");
  // Submitted during lunch, on a Saturday, or at night: counted from the next working period.
  EXPECT_EQ(fmt(cal().add_working_hours(at("2026-03-10 12:00"), 1)), "2026-03-10 14:30");
  EXPECT_EQ(fmt(cal().add_working_hours(at("2026-03-07 09:00"), 8)), "2026-03-10 08:00");
  EXPECT_EQ(fmt(cal().add_working_hours(at("2026-03-09 22:00"), 8)), "2026-03-11 08:00");
  // Across Tết Bính Ngọ.
  EXPECT_EQ(fmt(cal().add_working_hours(at("2026-02-13 16:00"), 8)), "2026-02-23 16:30");
  // A period ending exactly at closing time ends there.
  EXPECT_EQ(fmt(cal().add_working_minutes(at("2026-03-10 13:30"), 210)), "2026-03-10 17:00");
  EXPECT_EQ(fmt(cal().add_working_minutes(at("2026-03-10 09:00"), 150)), "2026-03-10 11:30");
}

TEST(CalendarTest, WorkingTimeBetween) {
  EXPECT_EQ(cal().working_time_between(at("2026-02-13 16:00"), at("2026-02-23 09:30")), 180);
  EXPECT_EQ(cal().working_time_between(at("2026-02-23 09:30"), at("2026-02-13 16:00")), -180);
  EXPECT_EQ(cal().working_time_between(at("2026-03-10 11:00"), at("2026-03-10 14:00")), 60);
  EXPECT_EQ(cal().working_time_between(at("2026-03-09 00:00"), at("2026-03-16 00:00")), 5 * 450);
}

TEST(CalendarTest, IsWorkingTime) {
  EXPECT_TRUE(cal().is_working_time(at("2026-03-10 07:30")));
  EXPECT_FALSE(cal().is_working_time(at("2026-03-10 11:30")));
  EXPECT_FALSE(cal().is_working_time(at("2026-03-10 12:30")));
  EXPECT_FALSE(cal().is_working_time(at("2026-03-10 17:00")));
  EXPECT_FALSE(cal().is_working_time(at("2026-04-27 09:00")));  // nghỉ bù, BLLĐ 2019 Điều 111.3
  EXPECT_FALSE(cal().is_working_time(at("2026-03-08 09:00")));  // Sunday
}

TEST(CalendarTest, UsesVietnamTimeWhateverTheServerTimeZone) {
  // 14:59 in Hà Nội is 07:59 UTC; the machine's TZ must not matter.
  EXPECT_EQ(at("2026-03-12 14:59"), 1773302340000);
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "America/New_York", 1);
  tzset();
  EXPECT_EQ(fmt(cal().add_working_days(at("2026-03-12 15:01"), 1)), "2026-03-16 17:00");
  EXPECT_EQ(fmt(1773302340000), "2026-03-12 14:59");
  if (old) setenv("TZ", saved.c_str(), 1); else unsetenv("TZ");
  tzset();
}

TEST(CalendarTest, BadInputGivesClearErrors) {
  EXPECT_THROW(cal().add_working_days(at("2026-03-12 09:00"), -1), CalendarError);
  EXPECT_THROW(cal().add_working_minutes(at("2026-03-12 09:00"), -5), CalendarError);
  try {
    cal().add_working_days(at("2040-03-12 09:00"), 1);
    FAIL();
  } catch (const CalendarRangeError& e) {
    EXPECT_NE(std::string(e.what()).find("2020–2035"), std::string::npos) << e.what();
  }
  EXPECT_THROW(cal().add_working_days(at("2035-12-31 09:00"), 10), CalendarRangeError);
  EXPECT_FALSE(parse_local_datetime("2026-02-30 10:00").has_value());
  EXPECT_FALSE(parse_local_datetime("2026-02-10 25:00").has_value());
  EXPECT_FALSE(parse_local_datetime("2026-02-10").has_value());
}

TEST(CalendarTest, TableAgreesWithADayByDayLoop) {
  // The naive loop and the table agree over a whole year of start times.
  const WorkingCalendar& c = cal();
  for (std::int64_t d = days_from_civil({2026, 1, 1}); d < days_from_civil({2027, 1, 1}); ++d) {
    const std::int64_t t = d * kMsPerDay - kVietnamOffsetMs + 10 * 3'600'000;  // 10:00
    std::int64_t day = local_day(c.next_working_start(t));
    for (int k = 0; k < 7;) {
      ++day;
      if (c.is_working_day(day)) ++k;
    }
    ASSERT_EQ(c.add_working_days(t, 7), c.closing_time(day)) << fmt(t);
  }
}

// ---- invalid data files: clear errors, nothing half-loaded ----

std::string error_of(const std::string& origin, const std::string& text) {
  try {
    parse_calendar_year_file(origin, text);
  } catch (const CalendarDataError& e) {
    return e.what();
  }
  return "";
}

TEST(CalendarTest, InvalidYearFilesNameFileAndEntry) {
  const std::string head = R"({"year": 2026, "status": "published", )";
  EXPECT_NE(error_of("2026.json", head + R"("holidays": []})").find("unknown key \"holidays\""), std::string::npos);
  const std::string bad_date = error_of("2026.json", head + R"("days_off": [{"date": "2026-02-30", "name": "x", "kind": "swap"}]})");
  EXPECT_NE(bad_date.find("2026.json"), std::string::npos) << bad_date;
  EXPECT_NE(bad_date.find("days_off[0]"), std::string::npos) << bad_date;
  EXPECT_NE(bad_date.find("bad date"), std::string::npos) << bad_date;
  EXPECT_NE(error_of("2026.json", head + R"("working_days": [{"date": "2025-08-22", "name": "x"}]})").find("outside the file's year"),
            std::string::npos);
  EXPECT_NE(error_of("2026.json", head + R"("days_off": [{"date": "2026-08-31", "name": "a", "kind": "swap"},
                                                         {"date": "2026-08-31", "name": "b", "kind": "swap"}]})")
                .find("duplicate date 2026-08-31"),
            std::string::npos);
  EXPECT_NE(error_of("2026.json", head + R"("days_off": [{"date": "2026-08-31", "name": "a", "kind": "nghỉ"}]})").find("unknown kind"),
            std::string::npos);
  EXPECT_NE(error_of("2026.json", head + R"("days_off": [{"date": "2026-08-31", "name": "a", "kind": "swap", "extra": 1}]})")
                .find("days_off[0] (2026-08-31): unknown key \"extra\""),
            std::string::npos);
  EXPECT_NE(error_of("2026.json", head + R"("tet_days": ["2026-02-16"]})").find("5 days"), std::string::npos);
  EXPECT_NE(error_of("2026.json", head + R"("national_day_adjacent": "2026-09-05"})").find("2/9"), std::string::npos);
  EXPECT_NE(error_of("2027.json", head + "\"note\": \"\"}").find("file name says 2027"), std::string::npos);
  EXPECT_NE(error_of("2026.json", R"({"year": 2026, "status": "maybe"})").find("status"), std::string::npos);
  EXPECT_NE(error_of("2026.json", "{not json").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("2026.json", head + R"("days_off": [{"date": "2026-08-31", "name": "a", "kind": "swap"}],
                                            "working_days": [{"date": "2026-08-31", "name": "b"}]})")
                .find("both"),
            std::string::npos);
}

TEST(CalendarTest, LoadingIsAllOrNothing) {
  const auto dir = app::find_data_dir("calendar");
  ASSERT_TRUE(dir);
  const std::string good = slurp(fs::path(*dir) / "calendar" / "2026.json");
  const std::string bad = R"({"year": 2027, "status": "published", "days_off": [{"date": "2027-13-01", "name": "x", "kind": "swap"}]})";
  try {
    load_calendar_data(HolidayRules{}, {{"2026.json", good}, {"2027.json", bad}}, 2025, 2028);
    FAIL() << "a bad file must fail the whole load";
  } catch (const CalendarDataError& e) {
    EXPECT_NE(std::string(e.what()).find("2027.json"), std::string::npos);
  }
  // Two files for one year.
  EXPECT_THROW(load_calendar_data(HolidayRules{}, {{"a/2026.json", good}, {"b/2026.json", good}}, 2025, 2028),
               CalendarDataError);
  // A working day that is already a working day is a mistake in the file, reported at build time.
  const std::string pointless = R"({"year": 2026, "status": "published", "working_days": [{"date": "2026-03-10", "name": "x"}]})";
  try {
    load_calendar_data(HolidayRules{}, {{"2026.json", pointless}}, 2025, 2028);
    FAIL();
  } catch (const CalendarDataError& e) {
    EXPECT_NE(std::string(e.what()).find("already a working day"), std::string::npos) << e.what();
  }
}

TEST(CalendarTest, OfficeHoursFileValidation) {
  const OfficeHours h = parse_office_hours("office-hours.json", R"({"sessions": [{"start": "07:00", "end": "11:00"},
      {"start": "13:00", "end": "17:00"}], "saturday_reception": [{"start": "07:30", "end": "11:30"}]})");
  EXPECT_EQ(h.sessions.size(), 2u);
  EXPECT_FALSE(h.saturday_counts_for_deadlines);
  EXPECT_EQ(parse_office_hours("x", office_hours_to_json(h)), h);
  auto err = [](const std::string& text) {
    try {
      parse_office_hours("office-hours.json", text);
    } catch (const CalendarDataError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(err(R"({"sessions": [{"start": "07:00", "end": "12:00"}, {"start": "11:00", "end": "17:00"}]})").find("overlapping"),
            std::string::npos);
  EXPECT_NE(err(R"({"sessions": [{"start": "17:00", "end": "07:00"}]})").find("start before end"), std::string::npos);
  EXPECT_NE(err(R"({"sessions": [{"start": "7:00", "end": "11:00"}]})").find("bad start time"), std::string::npos);
  EXPECT_NE(err(R"({"sessions": []})").find("at least one"), std::string::npos);
  EXPECT_NE(err(R"({"sessions": [{"start": "07:00", "end": "11:00"}], "lunch": 1})").find("unknown key"), std::string::npos);
  EXPECT_NE(err(R"({"sessions": [{"start": "07:00", "end": "11:00"}], "saturday_counts_for_deadlines": true})")
                .find("saturday_reception"),
            std::string::npos);
  // The bundled default file.
  const auto dir = app::find_data_dir("calendar");
  ASSERT_TRUE(dir);
  const OfficeHours def = parse_office_hours("office-hours.json", slurp(fs::path(*dir) / "calendar" / "office-hours.json"));
  EXPECT_EQ(def.sessions, default_office_hours().sessions);
  EXPECT_TRUE(def.saturday_reception.empty());
}

}  // namespace
}  // namespace motcua::domain
