// The Vietnamese lunar calendar at UTC+7 (Hồ Ngọc Đức's algorithm). Tết and Giỗ Tổ Hùng Vương are
// statutory holidays (BLLĐ 2019 Điều 112.1.b and 112.1.e), so their solar dates must be right.
#include <gtest/gtest.h>

#include "domain/lunar.h"

namespace motcua::domain {
namespace {

TEST(LunarTest, TetNguyenDanBlld2019Dieu112) {
  EXPECT_EQ(tet_day(2025), (SolarDate{2025, 1, 29}));
  EXPECT_EQ(tet_day(2026), (SolarDate{2026, 2, 17}));
  EXPECT_EQ(tet_day(2027), (SolarDate{2027, 2, 6}));
  EXPECT_EQ(tet_day(2024), (SolarDate{2024, 2, 10}));
}

TEST(LunarTest, Tet2030DiffersFromTheChineseCalendar) {
  // The new moon of 2 Feb 2030 falls at about 16:07 UTC: 23:07 in Hà Nội, 00:07 on 3 Feb in Beijing.
  EXPECT_EQ(tet_day(2030), (SolarDate{2030, 2, 2}));
  EXPECT_EQ(tet_day(2030, 8.0), (SolarDate{2030, 2, 3}));
}

TEST(LunarTest, GioToHungVuong10Thang3AmLichBlld2019Dieu112) {
  EXPECT_EQ(lunar_to_solar({2026, 3, 10, false}), (SolarDate{2026, 4, 26}));
  EXPECT_EQ(lunar_to_solar({2025, 3, 10, false}), (SolarDate{2025, 4, 7}));
  EXPECT_EQ(lunar_to_solar({2027, 3, 10, false}), (SolarDate{2027, 4, 16}));
}

TEST(LunarTest, SolarToLunar) {
  EXPECT_EQ(solar_to_lunar({2026, 2, 17}), (LunarDate{2026, 1, 1, false}));
  EXPECT_EQ(solar_to_lunar({2026, 2, 16}), (LunarDate{2025, 12, 29, false}));  // 29 tháng Chạp Ất Tỵ
  EXPECT_EQ(solar_to_lunar({2024, 2, 9}), (LunarDate{2023, 12, 30, false}));
  EXPECT_EQ(solar_to_lunar({2025, 9, 2}), (LunarDate{2025, 7, 11, false}));
}

TEST(LunarTest, LeapMonths) {
  // 2023: tháng 2 nhuận from 22/3/2023; 2025: tháng 6 nhuận from 25/7/2025.
  EXPECT_EQ(solar_to_lunar({2023, 3, 22}), (LunarDate{2023, 2, 1, true}));
  EXPECT_EQ(solar_to_lunar({2023, 2, 20}), (LunarDate{2023, 2, 1, false}));
  EXPECT_EQ(lunar_to_solar({2023, 2, 1, true}), (SolarDate{2023, 3, 22}));
  EXPECT_EQ(solar_to_lunar({2025, 7, 25}), (LunarDate{2025, 6, 1, true}));
  EXPECT_EQ(lunar_to_solar({2025, 6, 1, true}), (SolarDate{2025, 7, 25}));
  // A leap flag on a month that is not leap that year does not exist.
  EXPECT_FALSE(lunar_to_solar({2026, 6, 1, true}).has_value());
  EXPECT_FALSE(lunar_to_solar({2025, 5, 1, true}).has_value());
}

TEST(LunarTest, Day30OfA29DayMonthDoesNotExist) {
  // Tháng Chạp Ất Tỵ has 29 days (Tết Bính Ngọ is the day after 29 Chạp).
  EXPECT_FALSE(lunar_to_solar({2025, 12, 30, false}).has_value());
  EXPECT_FALSE(lunar_to_solar({2026, 13, 1, false}).has_value());
}

TEST(LunarTest, RoundTripOverThirtyYears) {
  for (std::int64_t d = days_from_civil({2000, 1, 1}); d < days_from_civil({2030, 1, 1}); d += 3) {
    const SolarDate s = civil_from_days(d);
    const LunarDate l = solar_to_lunar(s);
    ASSERT_EQ(lunar_to_solar(l), s) << format_date(s);
  }
}

TEST(LunarTest, CivilDates) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(civil_from_days(days_from_civil({2026, 2, 28}) + 1), (SolarDate{2026, 3, 1}));
  EXPECT_EQ(weekday(days_from_civil({2026, 2, 16})), 1);  // Monday
  EXPECT_EQ(parse_date("2026-02-17"), (SolarDate{2026, 2, 17}));
  EXPECT_FALSE(parse_date("2026-02-29").has_value());
  EXPECT_FALSE(parse_date("2026-2-17").has_value());
  EXPECT_TRUE(parse_date("2028-02-29").has_value());
}

}  // namespace
}  // namespace motcua::domain
