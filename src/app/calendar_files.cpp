#include "app/calendar_files.h"

#include <algorithm>

#include <boost/json.hpp>
#include <stdexcept>

#include "app/data_dir.h"
#include "app/data_files.h"

namespace motcua::app {

namespace fs = std::filesystem;

fs::path calendar_dir() {
  const auto dir = find_data_dir("calendar");
  if (!dir)
    throw std::runtime_error(
        "cannot find the data/calendar folder; set MOTCUA_DATA_FILES to the data directory or MOTCUA_SOURCE_DIR to "
        "the source tree");
  return fs::path(*dir) / "calendar";
}

domain::CalendarData load_calendar_data(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() == 9 && name.substr(4) == ".json" &&
        std::all_of(name.begin(), name.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
      paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) files.emplace_back(p.string(), read_data_file(p));
  return domain::load_calendar_data(domain::HolidayRules{}, files, kCalendarFirstYear, kCalendarLastYear);
}

domain::OfficeHours default_hours(const fs::path& dir) {
  const fs::path p = dir / "office-hours.json";
  if (!fs::exists(p)) return domain::default_office_hours();
  return domain::parse_office_hours(p.string(), read_data_file(p));
}

boost::json::object calendar_year_json(const domain::CalendarData& data, int year) {
  namespace json = boost::json;
  const auto& cal = data.year(year);
  auto wd = [](const domain::SolarDate& d) { return domain::weekday(domain::days_from_civil(d)); };
  json::array off, work, sources;
  for (const auto& d : cal.days_off)
    off.push_back(json::object{{"date", domain::format_date(d.date)},
                               {"weekday", domain::weekday_name_vi(wd(d.date))},
                               {"name", d.name},
                               {"kind", domain::day_off_kind_code(d.kind)},
                               {"weekly_rest", data.is_weekly_rest(domain::days_from_civil(d.date))},
                               {"verified", d.verified}});
  for (const auto& d : cal.working_days)
    work.push_back(json::object{{"date", domain::format_date(d.date)},
                                {"weekday", domain::weekday_name_vi(wd(d.date))},
                                {"name", d.name},
                                {"verified", d.verified}});
  for (const auto& s : cal.sources) sources.push_back(json::value(s));
  return json::object{{"year", year},         {"published", cal.published}, {"from_file", cal.from_file},
                      {"sources", sources},   {"days_off", off},            {"working_days", work}};
}

}  // namespace motcua::app
