// The working calendar: table lookups (domain::WorkingCalendar) against a naive day-by-day loop over the
// same CalendarData, in the same run, so the table shows the ratio. Target: add_working_days ≥ 20M ops/s
// (Release build).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "domain/calendar.h"

namespace {

using namespace motcua::domain;

const CalendarData& data() {
  // The 2026 published calendar (legal-rules §9.2) over the computed years around it.
  static const CalendarData d = [] {
    const std::string y2026 = R"({"year": 2026, "status": "published",
      "tet_days": ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"],
      "national_day_adjacent": "2026-09-01",
      "days_off": [{"date": "2026-08-31", "name": "Hoán đổi", "kind": "swap"}],
      "working_days": [{"date": "2026-08-22", "name": "Làm bù"}]})";
    return load_calendar_data(HolidayRules{}, {{"2026.json", y2026}}, 2000, 2099);
  }();
  return d;
}

const WorkingCalendar& table() {
  static const WorkingCalendar c(data(), default_office_hours());
  return c;
}

// Random reception times in 2025–2027, any minute of any day (nights, weekends, holidays included).
const std::vector<std::int64_t>& starts() {
  static const std::vector<std::int64_t> v = [] {
    std::mt19937_64 rng(42);
    const std::int64_t from = local_to_epoch_ms({2025, 1, 1}, 0);
    const std::int64_t to = local_to_epoch_ms({2028, 1, 1}, 0);
    std::uniform_int_distribution<std::int64_t> minute(0, (to - from) / kMsPerMinute);
    std::vector<std::int64_t> out(4096);
    for (auto& t : out) t = from + minute(rng) * kMsPerMinute;
    return out;
  }();
  return v;
}

// The straightforward implementation: look every day up in the holiday maps and walk forward.
struct Naive {
  const CalendarData& d;
  OfficeHours h = default_office_hours();
  DeadlineRules rules;

  bool working_day(std::int64_t day) const {
    if (d.is_extra_working_day(day)) return true;
    return !d.day_off(day) && !d.is_weekly_rest(day);
  }
  bool working_time(std::int64_t t) const {
    const std::int64_t day = local_day(t);
    if (!working_day(day)) return false;
    const std::int64_t m = local_ms_of_day(t) / kMsPerMinute;
    for (const auto& s : h.sessions)
      if (m >= s.start_minute && m < s.end_minute) return true;
    return false;
  }
  std::int64_t next_start(std::int64_t t) const {
    std::int64_t day = local_day(t);
    const std::int64_t m = local_ms_of_day(t) / kMsPerMinute;
    if (working_day(day)) {
      for (const auto& s : h.sessions) {
        if (m < s.start_minute) return local_to_epoch_ms(civil_from_days(day), s.start_minute);
        if (m < s.end_minute) return t;
      }
    }
    do ++day;
    while (!working_day(day));
    return local_to_epoch_ms(civil_from_days(day), h.sessions.front().start_minute);
  }
  std::int64_t add_working_days(std::int64_t t0, int n) const {
    const std::int64_t t = next_start(t0);
    std::int64_t day = local_day(t);
    if (local_ms_of_day(t) > rules.cutoff_minute * kMsPerMinute) {
      do ++day;
      while (!working_day(day));
    }
    for (int k = 0; k < n;) {
      ++day;
      if (working_day(day)) ++k;
    }
    return local_to_epoch_ms(civil_from_days(day), h.sessions.back().end_minute);
  }
  std::int64_t add_working_minutes(std::int64_t t0, std::int64_t minutes) const {
    std::int64_t day = local_day(t0);
    std::int64_t m = local_ms_of_day(t0) / kMsPerMinute;
    for (;; ++day, m = 0) {
      if (!working_day(day)) continue;
      for (const auto& s : h.sessions) {
        const std::int64_t from = std::max<std::int64_t>(m, s.start_minute);
        if (from >= s.end_minute) continue;
        if (minutes <= s.end_minute - from) return local_to_epoch_ms(civil_from_days(day), static_cast<int>(from + minutes));
        minutes -= s.end_minute - from;
      }
    }
  }
};

const Naive& naive() {
  static const Naive n{data(), default_office_hours(), DeadlineRules{}};
  return n;
}

void BM_AddWorkingDays_Table(benchmark::State& state) {
  const auto& c = table();
  const auto& s = starts();
  const auto n = state.range(0);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.add_working_days(s[i++ & 4095], n));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays_Table)->Arg(5)->Arg(20)->Arg(60);

void BM_AddWorkingDays_Naive(benchmark::State& state) {
  const auto& c = naive();
  const auto& s = starts();
  const auto n = static_cast<int>(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.add_working_days(s[i++ & 4095], n));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays_Naive)->Arg(5)->Arg(20)->Arg(60);

void BM_AddWorkingHours_Table(benchmark::State& state) {
  const auto& c = table();
  const auto& s = starts();
  const auto h = state.range(0);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.add_working_hours(s[i++ & 4095], h));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingHours_Table)->Arg(8)->Arg(80);

void BM_AddWorkingHours_Naive(benchmark::State& state) {
  const auto& c = naive();
  const auto& s = starts();
  const auto h = state.range(0);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.add_working_minutes(s[i++ & 4095], h * 60));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingHours_Naive)->Arg(8)->Arg(80);

void BM_IsWorkingTime_Table(benchmark::State& state) {
  const auto& c = table();
  const auto& s = starts();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.is_working_time(s[i++ & 4095]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsWorkingTime_Table);

void BM_IsWorkingTime_Naive(benchmark::State& state) {
  const auto& c = naive();
  const auto& s = starts();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.working_time(s[i++ & 4095]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsWorkingTime_Naive);

// Building the tables for 100 years (once per process, or per agency schedule).
void BM_BuildWorkingCalendar100Years(benchmark::State& state) {
  for (auto _ : state) {
    WorkingCalendar c(data(), default_office_hours());
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_BuildWorkingCalendar100Years)->Unit(benchmark::kMillisecond);

}  // namespace
