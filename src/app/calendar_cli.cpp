// motcua calendar: the working calendar for people (Vietnamese day and holiday names) and scripts (--json).
// The year files and the default office hours come from data/calendar (app/data_dir.h); --agency CODE takes
// that agency's hours from the database (storage/office_hours_repo.h).
#include <boost/json.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <set>

#include "app/cli.h"
#include "app/data_dir.h"
#include "app/calendar_files.h"
#include "app/data_files.h"
#include "domain/calendar.h"
#include "storage/agency_repo.h"
#include "storage/office_hours_repo.h"

namespace motcua::app {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using domain::WorkingCalendar;

const char* const kUsage =
    "motcua calendar holidays|add-working-days|add-working-hours|between ...";

const char* const kHelp =
    "The working calendar (Asia/Ho_Chi_Minh, UTC+7): holidays of BLLĐ 2019 Điều 112 with nghỉ bù (Điều 111.3),\n"
    "the yearly announced days off and swaps (data/calendar/YYYY.json), and office hours.\n\n"
    "  motcua calendar holidays YEAR [--json]\n"
    "      Each day off of the year with its name, and the working Saturdays (làm bù).\n"
    "  motcua calendar add-working-days \"YYYY-MM-DD HH:MM\" N [--agency CODE] [--cutoff HH:MM | --no-cutoff] [--json]\n"
    "      The due date-time of N working days from reception: outside office hours counts from the next\n"
    "      opening; after the cut-off (default 15:00, NĐ 61/2018 Điều 18) from the next working day; counting\n"
    "      starts the day after (BLDS 2015 Điều 147) and ends at closing time of the N-th working day.\n"
    "  motcua calendar add-working-hours \"YYYY-MM-DD HH:MM\" H [--agency CODE] [--json]\n"
    "      The moment H working hours later (H may have a fraction, e.g. 1.5), across lunch breaks and days off\n"
    "      (NĐ 45/2020 Điều 11: 08 giờ làm việc).\n"
    "  motcua calendar between \"YYYY-MM-DD HH:MM\" \"YYYY-MM-DD HH:MM\" [--agency CODE] [--json]\n"
    "      Working time between two moments, in minutes.\n\n"
    "--agency CODE: the office hours of the agency with that QCVN 102 code (own, else its nearest ancestor's),\n"
    "in force on the start date, from the database (MOTCUA_DB). Data files: $MOTCUA_DATA_FILES, else\n"
    "$MOTCUA_SOURCE_DIR/data, else data/ next to the binary. Bad input exits with status 2.";

// A mistake in the command line: exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check_options(const Args& args, std::initializer_list<const char*> allowed, const std::string& sub) {
  for (const auto& kv : args.options) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return kv.first == a; }))
      throw UsageError("calendar " + sub + ": unknown option --" + kv.first);
  }
}

std::int64_t parse_time_arg(const std::string& text) {
  const auto t = domain::parse_local_datetime(text);
  if (!t) throw UsageError("bad date-time \"" + text + "\": expected \"YYYY-MM-DD HH:MM\" (Vietnam time), e.g. \"2026-08-28 15:01\"");
  return *t;
}

std::int64_t parse_count(const std::string& text, const std::string& what) {
  if (text.empty() || text.size() > 6 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw UsageError("bad " + what + " \"" + text + "\": expected a whole number from 0 to 999999");
  return std::stoll(text);
}

// Hours with an optional fraction, as whole minutes.
std::int64_t parse_hours_as_minutes(const std::string& text) {
  std::size_t used = 0;
  double h = -1;
  try {
    h = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(h >= 0) || h > 100000)
    throw UsageError("bad number of hours \"" + text + "\": expected a number ≥ 0, e.g. 8 or 1.5");
  const double minutes = h * 60;
  if (std::fabs(minutes - std::round(minutes)) > 1e-9)
    throw UsageError("bad number of hours \"" + text + "\": it must be a whole number of minutes");
  return static_cast<std::int64_t>(std::llround(minutes));
}

struct HoursChoice {
  domain::OfficeHours hours;
  std::string agency;  // the QCVN 102 code asked for, or empty
  std::optional<std::int64_t> from_agency_id;
  std::optional<std::string> effective_from;
};

HoursChoice office_hours(const Config& config, const Args& args, const fs::path& dir, std::int64_t at_ms) {
  HoursChoice c{default_hours(dir), "", std::nullopt, std::nullopt};
  if (!args.has("agency")) return c;
  c.agency = args.get("agency");
  if (c.agency.empty()) throw UsageError("--agency needs a QCVN 102 code, e.g. 000.00.12.H52");
  const std::string date = domain::format_date(domain::civil_from_days(domain::local_day(at_ms)));
  auto db = storage::Db::open(config.effective_db_url());
  std::optional<storage::ResolvedOfficeHours> resolved;
  try {
    resolved = db->read([&](storage::Connection& conn) -> std::optional<storage::ResolvedOfficeHours> {
      const auto agency = storage::find_agency_by_qcvn102(conn, c.agency);
      if (!agency) return std::nullopt;
      return storage::office_hours_for(conn, agency->id, date, c.hours);
    });
  } catch (const storage::DbError& e) {
    throw std::runtime_error(std::string("cannot read the agency's office hours (has 'motcua migrate' run?): ") + e.what());
  }
  if (!resolved) throw UsageError("no agency with QCVN 102 code " + c.agency);
  c.hours = resolved->hours;
  c.from_agency_id = resolved->from_agency_id;
  c.effective_from = resolved->effective_from;
  return c;
}

json::object hours_json(const HoursChoice& c) {
  json::object o = json::parse(domain::office_hours_to_json(c.hours)).as_object();
  o["agency"] = c.agency.empty() ? json::value(nullptr) : json::value(c.agency);
  o["from_agency_id"] = c.from_agency_id ? json::value(*c.from_agency_id) : json::value(nullptr);
  o["effective_from"] = c.effective_from ? json::value(*c.effective_from) : json::value(nullptr);
  return o;
}

std::string day_label(std::int64_t t_ms) {
  return domain::format_local_datetime(t_ms) + " (" + std::string(domain::weekday_name_vi(domain::weekday(domain::local_day(t_ms)))) + ")";
}

json::object moment_json(std::int64_t t_ms) {
  return {{"local", domain::format_local_datetime(t_ms)},
          {"weekday", domain::weekday_name_vi(domain::weekday(domain::local_day(t_ms)))},
          {"epoch_ms", t_ms}};
}

int cmd_holidays(const Config&, const Args& args) {
  check_options(args, {"json"}, "holidays");
  if (args.positional.size() != 2) throw UsageError("usage: motcua calendar holidays YEAR [--json]");
  const std::string& y = args.positional[1];
  if (y.size() != 4 || !std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw UsageError("bad year \"" + y + "\": expected 4 digits, e.g. 2026");
  const int year = std::stoi(y);
  const auto data = load_calendar_data(calendar_dir());
  if (year < data.first_year() || year > data.last_year())
    throw UsageError("year " + y + " is outside the calendar years " + std::to_string(data.first_year()) + "–" +
                     std::to_string(data.last_year()));
  const auto& cal = data.year(year);
  auto wd = [](const domain::SolarDate& d) { return domain::weekday(domain::days_from_civil(d)); };
  if (args.has("json")) {
    std::cout << json::serialize(calendar_year_json(data, year)) << "\n";
    return 0;
  }
  std::cout << "Ngày nghỉ năm " << year << " ("
            << (cal.published ? "đã công bố" : cal.from_file ? "tệp dữ liệu chưa xác minh" : "tính theo BLLĐ 2019, chưa công bố")
            << ")\n";
  for (const auto& d : cal.days_off) {
    std::cout << domain::format_date(d.date) << " " << domain::weekday_name_vi(wd(d.date)) << "  " << d.name;
    if (data.is_weekly_rest(domain::days_from_civil(d.date))) std::cout << " (trùng ngày nghỉ hằng tuần)";
    if (!d.verified) std::cout << " [chưa xác minh]";
    std::cout << "\n";
  }
  if (!cal.working_days.empty()) {
    std::cout << "Ngày làm bù:\n";
    for (const auto& d : cal.working_days)
      std::cout << domain::format_date(d.date) << " " << domain::weekday_name_vi(wd(d.date)) << "  " << d.name
                << (d.verified ? "" : " [chưa xác minh]") << "\n";
  }
  for (const auto& s : cal.sources) std::cout << "Nguồn: " << s << "\n";
  return 0;
}

int cmd_add_working_days(const Config& config, const Args& args) {
  check_options(args, {"json", "agency", "cutoff", "no-cutoff"}, "add-working-days");
  if (args.positional.size() != 3)
    throw UsageError("usage: motcua calendar add-working-days \"YYYY-MM-DD HH:MM\" N [--agency CODE] [--json]");
  const std::int64_t t0 = parse_time_arg(args.positional[1]);
  const std::int64_t n = parse_count(args.positional[2], "number of working days");
  domain::DeadlineRules rules;
  if (args.has("no-cutoff") && args.has("cutoff")) throw UsageError("--cutoff and --no-cutoff exclude each other");
  if (args.has("no-cutoff")) rules.cutoff_enabled = false;
  if (args.has("cutoff")) {
    const auto m = domain::parse_hhmm(args.get("cutoff"));
    if (!m || *m >= 24 * 60) throw UsageError("bad --cutoff \"" + args.get("cutoff") + "\": expected HH:MM, e.g. 15:00");
    rules.cutoff_minute = *m;
  }
  const fs::path dir = calendar_dir();
  const auto hours = office_hours(config, args, dir, t0);
  const WorkingCalendar cal(load_calendar_data(dir), hours.hours);
  const std::int64_t start = cal.next_working_start(t0);
  const std::int64_t due = cal.add_working_days(t0, n, rules);
  if (args.has("json")) {
    std::cout << json::serialize(json::object{
                     {"received", moment_json(t0)},
                     {"counted_from", moment_json(start)},
                     {"working_days", n},
                     {"cutoff", rules.cutoff_enabled ? json::value(domain::format_hhmm(rules.cutoff_minute)) : json::value(nullptr)},
                     {"due", moment_json(due)},
                     {"office_hours", hours_json(hours)}})
              << "\n";
  } else {
    std::cout << "Tiếp nhận: " << day_label(t0) << "\n";
    if (start != t0) std::cout << "Ngoài giờ làm việc, tính từ: " << day_label(start) << "\n";
    std::cout << "Thời hạn: " << n << " ngày làm việc"
              << (rules.cutoff_enabled ? ", tiếp nhận sau " + domain::format_hhmm(rules.cutoff_minute) + " tính từ ngày làm việc tiếp theo" : "")
              << "\nHẹn trả: " << day_label(due) << "\n";
  }
  return 0;
}

int cmd_add_working_hours(const Config& config, const Args& args) {
  check_options(args, {"json", "agency"}, "add-working-hours");
  if (args.positional.size() != 3)
    throw UsageError("usage: motcua calendar add-working-hours \"YYYY-MM-DD HH:MM\" H [--agency CODE] [--json]");
  const std::int64_t t0 = parse_time_arg(args.positional[1]);
  const std::int64_t minutes = parse_hours_as_minutes(args.positional[2]);
  const fs::path dir = calendar_dir();
  const auto hours = office_hours(config, args, dir, t0);
  const WorkingCalendar cal(load_calendar_data(dir), hours.hours);
  const std::int64_t due = cal.add_working_minutes(t0, minutes);
  if (args.has("json")) {
    std::cout << json::serialize(json::object{{"start", moment_json(t0)},
                                              {"working_minutes", minutes},
                                              {"due", moment_json(due)},
                                              {"office_hours", hours_json(hours)}})
              << "\n";
  } else {
    std::cout << "Bắt đầu: " << day_label(t0) << "\n"
              << "Thời hạn: " << minutes / 60 << " giờ " << minutes % 60 << " phút làm việc\n"
              << "Đến hạn: " << day_label(due) << "\n";
  }
  return 0;
}

int cmd_between(const Config& config, const Args& args) {
  check_options(args, {"json", "agency"}, "between");
  if (args.positional.size() != 3)
    throw UsageError("usage: motcua calendar between \"YYYY-MM-DD HH:MM\" \"YYYY-MM-DD HH:MM\" [--agency CODE] [--json]");
  const std::int64_t a = parse_time_arg(args.positional[1]);
  const std::int64_t b = parse_time_arg(args.positional[2]);
  const fs::path dir = calendar_dir();
  const auto hours = office_hours(config, args, dir, a);
  const WorkingCalendar cal(load_calendar_data(dir), hours.hours);
  const std::int64_t minutes = cal.working_time_between(a, b);
  if (args.has("json")) {
    std::cout << json::serialize(json::object{{"from", moment_json(a)},
                                              {"to", moment_json(b)},
                                              {"working_minutes", minutes},
                                              {"office_hours", hours_json(hours)}})
              << "\n";
  } else {
    const std::int64_t m = minutes < 0 ? -minutes : minutes;
    std::cout << "Thời gian làm việc: " << (minutes < 0 ? "-" : "") << m / 60 << " giờ " << m % 60 << " phút ("
              << minutes << " phút)\n";
  }
  return 0;
}

int cmd_calendar(const Config& config, const Args& args) {
  try {
    if (args.positional.empty()) throw UsageError("what to do? Try: motcua calendar --help");
    const std::string& sub = args.positional[0];
    if (sub == "holidays") return cmd_holidays(config, args);
    if (sub == "add-working-days") return cmd_add_working_days(config, args);
    if (sub == "add-working-hours") return cmd_add_working_hours(config, args);
    if (sub == "between") return cmd_between(config, args);
    throw UsageError("unknown subcommand '" + sub + "' (holidays, add-working-days, add-working-hours, between)");
  } catch (const UsageError& e) {
    std::cerr << "motcua calendar: " << e.what() << "\n";
    return 2;
  } catch (const domain::CalendarRangeError& e) {
    std::cerr << "motcua calendar: " << e.what() << "\n";
    return 2;
  } catch (const domain::CalendarDataError& e) {
    std::cerr << "motcua calendar: invalid calendar data: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

std::vector<Command> calendar_commands() {
  return {{"calendar", kUsage, kHelp, {"agency", "cutoff"}, cmd_calendar}};
}

}  // namespace motcua::app
