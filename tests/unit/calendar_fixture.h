// The bundled calendar (data/calendar 2025–2027, default office hours) for tests that need real
// holidays, plus "YYYY-MM-DD HH:MM" helpers. Header-only: tests/CMakeLists.txt compiles *_test.cpp.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "app/data_dir.h"
#include "domain/calendar.h"

namespace motcua::domain::testing {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The bundled data/calendar files, as the CLI loads them (years 2020–2035 precomputed).
inline const CalendarData& bundled_calendar() {
  static const CalendarData data = [] {
    const auto dir = app::find_data_dir("calendar");
    if (!dir) throw std::runtime_error("data/calendar not found; set MOTCUA_SOURCE_DIR");
    std::vector<std::pair<std::string, std::string>> files;
    for (int y : {2025, 2026, 2027}) {
      const auto p = std::filesystem::path(*dir) / "calendar" / (std::to_string(y) + ".json");
      files.emplace_back(p.string(), slurp(p));
    }
    return load_calendar_data(HolidayRules{}, files, 2020, 2035);
  }();
  return data;
}

inline const WorkingCalendar& cal() {
  static const WorkingCalendar c(bundled_calendar(), default_office_hours());
  return c;
}

inline std::int64_t at(const char* local) {
  const auto t = parse_local_datetime(local);
  if (!t) throw std::runtime_error(std::string("bad test time ") + local);
  return *t;
}

inline std::string fmt(std::int64_t t) { return format_local_datetime(t); }

}  // namespace motcua::domain::testing
