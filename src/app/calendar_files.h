// The bundled calendar data (data/calendar/YYYY.json + office-hours.json), loaded the same way by the CLI
// and by the server's dossier lifecycle.
#pragma once

#include <filesystem>

#include <boost/json/object.hpp>

#include "domain/calendar.h"

namespace motcua::app {

// The years precomputed; year files outside it widen it.
inline constexpr int kCalendarFirstYear = 2000;
inline constexpr int kCalendarLastYear = 2099;

// data/calendar, found by find_data_dir(); throws std::runtime_error saying how to point at it.
std::filesystem::path calendar_dir();
// Every YYYY.json of the folder, parsed before anything is built (all-or-nothing).
domain::CalendarData load_calendar_data(const std::filesystem::path& dir);
// office-hours.json of the folder, or the built-in default when absent.
domain::OfficeHours default_hours(const std::filesystem::path& dir);

// One year as people check it: every day off with its name and kind, the Saturdays or Sundays worked, and
// where the year's data comes from (`motcua calendar holidays YEAR --json` and GET /api/calendar/{year}).
boost::json::object calendar_year_json(const domain::CalendarData& data, int year);

}  // namespace motcua::app
