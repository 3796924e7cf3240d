#include "domain/calendar.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <set>

namespace motcua::domain {

namespace json = boost::json;

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

[[noreturn]] void data_error(std::string_view origin, const std::string& what) {
  throw CalendarDataError(std::string(origin) + ": " + what);
}

// ---- strict JSON reading: every object lists the keys it accepts ----

const json::object& as_object(const json::value& v, std::string_view origin, const std::string& where) {
  if (!v.is_object()) data_error(origin, where + " must be an object");
  return v.as_object();
}

void check_keys(const json::object& o, std::initializer_list<std::string_view> allowed, std::string_view origin,
                const std::string& where) {
  for (const auto& kv : o) {
    const std::string_view key = kv.key();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      data_error(origin, where + ": unknown key \"" + std::string(key) + "\" (allowed: " + list + ")");
    }
  }
}

std::string get_string(const json::object& o, std::string_view key, std::string_view origin, const std::string& where,
                       bool required) {
  const auto* v = o.if_contains(key);
  if (!v) {
    if (required) data_error(origin, where + ": missing \"" + std::string(key) + "\"");
    return "";
  }
  if (!v->is_string()) data_error(origin, where + ": \"" + std::string(key) + "\" must be a string");
  return std::string(v->as_string());
}

bool get_bool(const json::object& o, std::string_view key, bool def, std::string_view origin, const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v) return def;
  if (!v->is_bool()) data_error(origin, where + ": \"" + std::string(key) + "\" must be true or false");
  return v->as_bool();
}

const json::array* get_array(const json::object& o, std::string_view key, std::string_view origin,
                             const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v) return nullptr;
  if (!v->is_array()) data_error(origin, where + ": \"" + std::string(key) + "\" must be an array");
  return &v->as_array();
}

json::value parse_json(std::string_view origin, std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) data_error(origin, "invalid JSON: " + ec.message());
  return v;
}

SolarDate date_in_year(const json::value& v, int year, std::string_view origin, const std::string& where) {
  if (!v.is_string()) data_error(origin, where + ": the date must be a string \"YYYY-MM-DD\"");
  const std::string text(v.as_string());
  const auto d = parse_date(text);
  if (!d) data_error(origin, where + ": bad date \"" + text + "\" (expected a real date as YYYY-MM-DD)");
  if (d->year != year)
    data_error(origin, where + ": date " + text + " is outside the file's year " + std::to_string(year));
  return *d;
}

std::vector<NamedDay> parse_entries(const json::object& root, std::string_view key, int year, bool working,
                                    bool file_published, std::string_view origin) {
  std::vector<NamedDay> out;
  const json::array* a = get_array(root, key, origin, std::string(key));
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    const auto& o = as_object((*a)[i], origin, where);
    if (o.contains("date") && o.at("date").is_string()) where += " (" + std::string(o.at("date").as_string()) + ")";
    if (working)
      check_keys(o, {"date", "name", "verified", "note"}, origin, where);
    else
      check_keys(o, {"date", "name", "kind", "verified", "note"}, origin, where);
    if (!o.contains("date")) data_error(origin, where + ": missing \"date\"");
    NamedDay d;
    d.date = date_in_year(o.at("date"), year, origin, where);
    d.name = get_string(o, "name", origin, where, true);
    if (d.name.empty()) data_error(origin, where + ": \"name\" must not be empty");
    d.note = get_string(o, "note", origin, where, false);
    d.verified = get_bool(o, "verified", file_published, origin, where);
    if (working) {
      d.kind = DayOffKind::other;
    } else {
      const std::string kind = get_string(o, "kind", origin, where, true);
      const auto k = parse_day_off_kind(kind);
      if (!k) data_error(origin, where + ": unknown kind \"" + kind + "\" (holiday, compensatory, swap, other)");
      d.kind = *k;
    }
    out.push_back(std::move(d));
  }
  return out;
}

void check_no_duplicates(const std::vector<NamedDay>& days, std::string_view key, std::string_view origin) {
  std::set<SolarDate> seen;
  for (const auto& d : days)
    if (!seen.insert(d.date).second)
      data_error(origin, std::string(key) + ": duplicate date " + format_date(d.date));
}

// ---- computing one year ----

NamedDay make_day(SolarDate date, std::string name, DayOffKind kind, bool verified, std::string note = "") {
  return NamedDay{date, std::move(name), kind, verified, std::move(note)};
}

YearCalendar compute_year(const HolidayRules& r, int year, const CalendarYearFile* file) {
  YearCalendar y;
  y.year = year;
  y.from_file = file != nullptr;
  y.published = file && file->published;
  if (file) y.sources = file->sources;
  const bool chosen_verified = file && file->published;  // the per-year choices are verified only when published

  // BLLĐ 2019 Điều 112.1: the statutory holidays.
  std::vector<NamedDay> statutory;
  for (const auto& f : r.fixed)
    statutory.push_back(make_day({year, f.month, f.day}, f.name, DayOffKind::holiday, true, "BLLĐ 2019 Điều 112.1"));
  if (file && !file->tet_days.empty()) {
    for (const auto& d : file->tet_days)
      statutory.push_back(make_day(d, "Tết Nguyên đán", DayOffKind::holiday, chosen_verified, "BLLĐ 2019 Điều 112.1.b"));
  } else {
    const std::int64_t tet = days_from_civil(tet_day(year));
    for (int i = 0; i < r.tet_days; ++i)
      statutory.push_back(make_day(civil_from_days(tet - r.tet_days_before_new_year + i), "Tết Nguyên đán",
                                   DayOffKind::holiday, false, "BLLĐ 2019 Điều 112.1.b; default rule, not announced"));
  }
  if (r.hung_kings_day) {
    if (const auto d = lunar_to_solar({year, 3, 10, false}))
      statutory.push_back(make_day(*d, "Giỗ Tổ Hùng Vương", DayOffKind::holiday, true, "BLLĐ 2019 Điều 112.1; 10/3 âm lịch"));
  }
  // Quốc khánh: 2/9 plus one adjacent day chosen by the Thủ tướng. Default: Monday 1/9 when 2/9 is a Tuesday
  // (a 4-day break), otherwise 3/9.
  SolarDate adjacent{year, 9, 3};
  if (file && file->national_day_adjacent) {
    adjacent = *file->national_day_adjacent;
  } else if (weekday(days_from_civil({year, 9, 2})) == 2) {
    adjacent = {year, 9, 1};
  }
  statutory.push_back(make_day(adjacent, "Quốc khánh (ngày liền kề)", DayOffKind::holiday,
                               chosen_verified && file->national_day_adjacent.has_value(), "BLLĐ 2019 Điều 112.1.đ"));
  std::sort(statutory.begin(), statutory.end(), [](const NamedDay& a, const NamedDay& b) { return a.date < b.date; });

  std::map<std::int64_t, NamedDay> days;
  for (auto& d : statutory) days.emplace(days_from_civil(d.date), d);

  // Điều 111.3: nghỉ bù on the next day that is neither a weekly rest day nor already a day off.
  if (r.compensate_weekend_holidays) {
    for (const auto& s : statutory) {
      const std::int64_t day = days_from_civil(s.date);
      if (!((r.weekly_rest_mask >> weekday(day)) & 1u)) continue;
      std::int64_t c = day + 1;
      while (((r.weekly_rest_mask >> weekday(c)) & 1u) || days.count(c)) ++c;
      days.emplace(c, make_day(civil_from_days(c), "Nghỉ bù " + s.name, DayOffKind::compensatory, s.verified,
                               "BLLĐ 2019 Điều 111.3"));
    }
  }

  // The year file overrides: its days off replace or add, its working days remove days off.
  if (file) {
    for (const auto& d : file->days_off) days[days_from_civil(d.date)] = d;
    for (const auto& w : file->working_days) {
      const std::int64_t day = days_from_civil(w.date);
      const bool rest = (r.weekly_rest_mask >> weekday(day)) & 1u;
      if (!rest && !days.count(day))
        data_error(file->origin, "working_days (" + format_date(w.date) + "): " +
                                     std::string(weekday_name_vi(weekday(day))) + " is already a working day");
      days.erase(day);
      y.working_days.push_back(w);
    }
  }
  for (auto& kv : days) y.days_off.push_back(kv.second);
  std::sort(y.working_days.begin(), y.working_days.end(),
            [](const NamedDay& a, const NamedDay& b) { return a.date < b.date; });
  return y;
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::vector<Session> parse_sessions(const json::object& o, std::string_view key, std::string_view origin) {
  std::vector<Session> out;
  const json::array* a = get_array(o, key, origin, std::string(key));
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    const auto& s = as_object((*a)[i], origin, where);
    check_keys(s, {"start", "end"}, origin, where);
    const std::string start = get_string(s, "start", origin, where, true);
    const std::string end = get_string(s, "end", origin, where, true);
    const auto a_min = parse_hhmm(start), b_min = parse_hhmm(end);
    if (!a_min || *a_min >= 24 * 60) data_error(origin, where + ": bad start time \"" + start + "\" (HH:MM)");
    if (!b_min) data_error(origin, where + ": bad end time \"" + end + "\" (HH:MM)");
    out.push_back({*a_min, *b_min});
  }
  return out;
}

void validate_sessions(const std::vector<Session>& sessions, std::string_view key, std::string_view origin) {
  if (sessions.size() > kMaxSessionsPerDay)
    data_error(origin, std::string(key) + ": at most " + std::to_string(kMaxSessionsPerDay) + " sessions a day");
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const auto& s = sessions[i];
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    if (s.start_minute < 0 || s.end_minute > 24 * 60 || s.start_minute >= s.end_minute)
      data_error(origin, where + ": " + format_hhmm(s.start_minute) + "–" + format_hhmm(s.end_minute) +
                             " is not a time range within one day (start before end)");
    if (i > 0 && s.start_minute < sessions[i - 1].end_minute)
      data_error(origin, where + ": starts before the previous session ends (sessions must be in order, not overlapping)");
  }
}

json::array sessions_json(const std::vector<Session>& sessions) {
  json::array a;
  for (const auto& s : sessions) a.push_back(json::object{{"start", format_hhmm(s.start_minute)}, {"end", format_hhmm(s.end_minute)}});
  return a;
}

}  // namespace

// ---- Vietnam time ----

std::int64_t local_day(std::int64_t epoch_ms) { return floor_div(epoch_ms + kVietnamOffsetMs, kMsPerDay); }

std::int64_t local_ms_of_day(std::int64_t epoch_ms) {
  return epoch_ms + kVietnamOffsetMs - local_day(epoch_ms) * kMsPerDay;
}

std::int64_t local_to_epoch_ms(const SolarDate& date, int minute_of_day) {
  return days_from_civil(date) * kMsPerDay + minute_of_day * kMsPerMinute - kVietnamOffsetMs;
}

std::optional<std::int64_t> parse_local_datetime(std::string_view text) {
  if (text.size() != 16 || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  const auto date = parse_date(std::string(text.substr(0, 10)));
  const auto minute = parse_hhmm(text.substr(11));
  if (!date || !minute || *minute >= 24 * 60) return std::nullopt;
  return local_to_epoch_ms(*date, *minute);
}

std::string format_local_datetime(std::int64_t epoch_ms) {
  const std::int64_t day = local_day(epoch_ms);
  const int minute = static_cast<int>(local_ms_of_day(epoch_ms) / kMsPerMinute);
  // format_date + " " + format_hhmm in one call: the API prints up to seven of these per answer.
  const SolarDate d = civil_from_days(day);
  char buf[48];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day, minute / 60,
                              minute % 60);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string_view weekday_name_vi(int w) {
  static constexpr std::string_view kNames[] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                                "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};
  return kNames[((w % 7) + 7) % 7];
}

std::string_view day_off_kind_code(DayOffKind k) {
  switch (k) {
    case DayOffKind::holiday: return "holiday";
    case DayOffKind::compensatory: return "compensatory";
    case DayOffKind::swap: return "swap";
    case DayOffKind::other: return "other";
  }
  return "other";
}

std::optional<DayOffKind> parse_day_off_kind(std::string_view code) {
  for (auto k : {DayOffKind::holiday, DayOffKind::compensatory, DayOffKind::swap, DayOffKind::other})
    if (day_off_kind_code(k) == code) return k;
  return std::nullopt;
}

std::optional<int> parse_hhmm(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (std::size_t i : {0, 1, 3, 4})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string format_hhmm(int minute_of_day) { return two(minute_of_day / 60) + ":" + two(minute_of_day % 60); }

// ---- year files ----

CalendarYearFile parse_calendar_year_file(std::string_view origin, std::string_view json_text) {
  const json::value v = parse_json(origin, json_text);
  const auto& root = as_object(v, origin, "the file");
  check_keys(root, {"year", "status", "sources", "note", "tet_days", "national_day_adjacent", "days_off", "working_days"},
             origin, "top level");
  CalendarYearFile f;
  f.origin = std::string(origin);
  const auto* year = root.if_contains("year");
  if (!year || !year->is_int64() || year->as_int64() < 1900 || year->as_int64() > 2199)
    data_error(origin, "\"year\" must be a number between 1900 and 2199");
  f.year = static_cast<int>(year->as_int64());
  // A file named YYYY.json must describe that year.
  std::string_view base = origin.substr(origin.find_last_of('/') == std::string_view::npos ? 0 : origin.find_last_of('/') + 1);
  if (base.size() == 9 && base.substr(4) == ".json" &&
      std::all_of(base.begin(), base.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
      std::stoi(std::string(base.substr(0, 4))) != f.year)
    data_error(origin, "\"year\" is " + std::to_string(f.year) + " but the file name says " + std::string(base.substr(0, 4)));

  const std::string status = get_string(root, "status", origin, "top level", true);
  if (status != "published" && status != "unverified")
    data_error(origin, "\"status\" must be \"published\" or \"unverified\", not \"" + status + "\"");
  f.published = status == "published";
  f.note = get_string(root, "note", origin, "top level", false);
  if (const auto* a = get_array(root, "sources", origin, "top level")) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) data_error(origin, "sources[" + std::to_string(i) + "] must be a string");
      f.sources.emplace_back((*a)[i].as_string());
    }
  }
  if (const auto* a = get_array(root, "tet_days", origin, "top level")) {
    for (std::size_t i = 0; i < a->size(); ++i)
      f.tet_days.push_back(date_in_year((*a)[i], f.year, origin, "tet_days[" + std::to_string(i) + "]"));
    if (f.tet_days.size() != 5)
      data_error(origin, "tet_days must list the 5 days of Tết Âm lịch (BLLĐ 2019 Điều 112.1.b), found " +
                             std::to_string(f.tet_days.size()));
    std::set<SolarDate> seen;
    for (const auto& d : f.tet_days)
      if (!seen.insert(d).second) data_error(origin, "tet_days: duplicate date " + format_date(d));
    std::sort(f.tet_days.begin(), f.tet_days.end());
  }
  if (const auto* v2 = root.if_contains("national_day_adjacent")) {
    const SolarDate d = date_in_year(*v2, f.year, origin, "national_day_adjacent");
    if (d.month != 9 || (d.day != 1 && d.day != 3))
      data_error(origin, "national_day_adjacent " + format_date(d) +
                             " must be the day before or after 2/9 (BLLĐ 2019 Điều 112.1.đ)");
    f.national_day_adjacent = d;
  }
  f.days_off = parse_entries(root, "days_off", f.year, false, f.published, origin);
  f.working_days = parse_entries(root, "working_days", f.year, true, f.published, origin);
  check_no_duplicates(f.days_off, "days_off", origin);
  check_no_duplicates(f.working_days, "working_days", origin);
  for (const auto& w : f.working_days)
    for (const auto& d : f.days_off)
      if (w.date == d.date)
        data_error(origin, "date " + format_date(w.date) + " is both in days_off and in working_days");
  return f;
}

// ---- CalendarData ----

CalendarData CalendarData::build(const HolidayRules& rules, std::span<const CalendarYearFile> files, int first_year,
                                 int last_year) {
  std::map<int, const CalendarYearFile*> by_year;
  for (const auto& f : files) {
    auto [it, inserted] = by_year.emplace(f.year, &f);
    if (!inserted) data_error(f.origin, "year " + std::to_string(f.year) + " is also described by " + it->second->origin);
    first_year = std::min(first_year, f.year);
    last_year = std::max(last_year, f.year);
  }
  if (first_year > last_year) throw CalendarError("calendar range is empty");
  CalendarData out;
  out.rules_ = rules;
  out.first_year_ = first_year;
  out.last_year_ = last_year;
  for (int y = first_year; y <= last_year; ++y) {
    const auto it = by_year.find(y);
    out.years_.push_back(compute_year(rules, y, it == by_year.end() ? nullptr : it->second));
  }
  for (const auto& y : out.years_) {
    for (const auto& d : y.days_off) out.off_[days_from_civil(d.date)] = d;
    for (const auto& w : y.working_days) out.extra_working_[days_from_civil(w.date)] = true;
  }
  // A compensatory day of 31/12 could land in January; a working day given by its own year's file wins.
  for (const auto& kv : out.extra_working_) out.off_.erase(kv.first);
  return out;
}

const YearCalendar& CalendarData::year(int y) const {
  if (y < first_year_ || y > last_year_)
    throw CalendarRangeError("year " + std::to_string(y) + " is outside the calendar years " +
                             std::to_string(first_year_) + "–" + std::to_string(last_year_));
  return years_[static_cast<std::size_t>(y - first_year_)];
}

const NamedDay* CalendarData::day_off(std::int64_t day) const {
  const auto it = off_.find(day);
  return it == off_.end() ? nullptr : &it->second;
}

bool CalendarData::is_extra_working_day(std::int64_t day) const { return extra_working_.count(day) != 0; }

CalendarData load_calendar_data(const HolidayRules& rules, const std::vector<std::pair<std::string, std::string>>& files,
                                int first_year, int last_year) {
  std::vector<CalendarYearFile> parsed;
  parsed.reserve(files.size());
  for (const auto& [origin, text] : files) parsed.push_back(parse_calendar_year_file(origin, text));
  return CalendarData::build(rules, parsed, first_year, last_year);
}

// ---- office hours ----

OfficeHours default_office_hours() {
  OfficeHours h;
  h.sessions = {{7 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}};
  h.basis = "legal-rules §9.3 [R]: example schedule of a UBND tỉnh; set by each province";
  h.verified = false;
  return h;
}

void validate_office_hours(const OfficeHours& h, std::string_view origin) {
  if (h.sessions.empty()) data_error(origin, "sessions: at least one working session is needed");
  validate_sessions(h.sessions, "sessions", origin);
  validate_sessions(h.saturday_reception, "saturday_reception", origin);
  if (h.saturday_counts_for_deadlines && h.saturday_reception.empty())
    data_error(origin, "saturday_counts_for_deadlines is true but saturday_reception has no session");
}

OfficeHours parse_office_hours(std::string_view origin, std::string_view json_text) {
  const json::value v = parse_json(origin, json_text);
  const auto& root = as_object(v, origin, "the file");
  check_keys(root, {"sessions", "saturday_reception", "saturday_counts_for_deadlines", "basis", "verified"}, origin,
             "top level");
  if (!root.contains("sessions")) data_error(origin, "missing \"sessions\"");
  OfficeHours h;
  h.sessions = parse_sessions(root, "sessions", origin);
  h.saturday_reception = parse_sessions(root, "saturday_reception", origin);
  h.saturday_counts_for_deadlines = get_bool(root, "saturday_counts_for_deadlines", false, origin, "top level");
  h.basis = get_string(root, "basis", origin, "top level", false);
  h.verified = get_bool(root, "verified", false, origin, "top level");
  validate_office_hours(h, origin);
  return h;
}

std::string office_hours_to_json(const OfficeHours& h) {
  json::object o;
  o["sessions"] = sessions_json(h.sessions);
  o["saturday_reception"] = sessions_json(h.saturday_reception);
  o["saturday_counts_for_deadlines"] = h.saturday_counts_for_deadlines;
  if (!h.basis.empty()) o["basis"] = h.basis;
  o["verified"] = h.verified;
  return json::serialize(o);
}

// ---- WorkingCalendar ----

WorkingCalendar::WorkingCalendar(const CalendarData& data, const OfficeHours& hours)
    : hours_(hours), first_year_(data.first_year()), last_year_(data.last_year()) {
  validate_office_hours(hours);
  auto fill = [](DaySchedule& s, const std::vector<Session>& sessions) {
    s.count = static_cast<int>(sessions.size());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      s.start[i] = sessions[i].start_minute * kMsPerMinute;
      s.end[i] = sessions[i].end_minute * kMsPerMinute;
      s.total += s.end[i] - s.start[i];
    }
  };
  fill(schedules_[1], hours.sessions);
  if (hours.saturday_counts_for_deadlines) fill(schedules_[2], hours.saturday_reception);

  first_day_ = days_from_civil({first_year_, 1, 1});
  day_count_ = days_from_civil({last_year_ + 1, 1, 1}) - first_day_;
  schedule_of_.resize(static_cast<std::size_t>(day_count_));
  rank_.resize(static_cast<std::size_t>(day_count_) + 1);
  cum_ms_.resize(static_cast<std::size_t>(day_count_) + 1);
  for (std::int64_t i = 0; i < day_count_; ++i) {
    const std::int64_t day = first_day_ + i;
    std::uint8_t s = 1;
    if (data.is_extra_working_day(day)) {
      s = 1;  // làm bù: a full ordinary day
    } else if (data.day_off(day)) {
      s = 0;
    } else if (data.is_weekly_rest(day)) {
      s = (weekday(day) == 6 && hours.saturday_counts_for_deadlines) ? 2 : 0;
    }
    const auto u = static_cast<std::size_t>(i);
    schedule_of_[u] = s;
    rank_[u + 1] = rank_[u] + (s != 0);
    cum_ms_[u + 1] = cum_ms_[u] + schedules_[s].total;
    if (s != 0) working_days_.push_back(static_cast<std::int32_t>(i));
  }
}

void WorkingCalendar::out_of_range(std::string_view what) const {
  throw CalendarRangeError(std::string(what) + " is outside the working calendar (years " + std::to_string(first_year_) +
                           "–" + std::to_string(last_year_) + ")");
}

std::size_t WorkingCalendar::index_of_day(std::int64_t day) const {
  const std::int64_t i = day - first_day_;
  if (i < 0 || i >= day_count_) out_of_range("date " + format_date(civil_from_days(day)));
  return static_cast<std::size_t>(i);
}

bool WorkingCalendar::is_working_day(std::int64_t day) const { return schedule_of_[index_of_day(day)] != 0; }

std::int64_t WorkingCalendar::closing_time(std::int64_t day) const {
  const DaySchedule& s = schedules_[schedule_of_[index_of_day(day)]];
  if (s.count == 0) throw CalendarError(format_date(civil_from_days(day)) + " is not a working day");
  return day * kMsPerDay + s.end[static_cast<std::size_t>(s.count - 1)] - kVietnamOffsetMs;
}

bool WorkingCalendar::is_working_time(std::int64_t t) const {
  const std::int64_t day = local_day(t);
  const std::int64_t tod = t + kVietnamOffsetMs - day * kMsPerDay;
  const DaySchedule& s = schedules_[schedule_of_[index_of_day(day)]];
  for (int i = 0; i < s.count; ++i)
    if (tod >= s.start[static_cast<std::size_t>(i)] && tod < s.end[static_cast<std::size_t>(i)]) return true;
  return false;
}

std::int64_t WorkingCalendar::next_working_start(std::int64_t t) const {
  const std::int64_t day = local_day(t);
  const std::int64_t tod = t + kVietnamOffsetMs - day * kMsPerDay;
  const std::size_t i = index_of_day(day);
  const DaySchedule& s = schedules_[schedule_of_[i]];
  for (int k = 0; k < s.count; ++k) {
    const auto u = static_cast<std::size_t>(k);
    if (tod < s.start[u]) return t - tod + s.start[u];
    if (tod < s.end[u]) return t;
  }
  // The first working day after this one: rank_[i + 1] working days lie before it.
  const auto next_rank = static_cast<std::size_t>(rank_[i + 1]);
  if (next_rank >= working_days_.size()) out_of_range("the working day after " + format_date(civil_from_days(day)));
  const std::int64_t next = first_day_ + working_days_[next_rank];
  return next * kMsPerDay + schedules_[schedule_of_[static_cast<std::size_t>(working_days_[next_rank])]].start[0] -
         kVietnamOffsetMs;
}

std::int64_t WorkingCalendar::add_working_days(std::int64_t t0, std::int64_t n, const DeadlineRules& rules) const {
  if (n < 0) throw CalendarError("the number of working days must not be negative (got " + std::to_string(n) + ")");
  // §9.4 step 1: reception outside working time counts from the next working start.
  const std::int64_t t = next_working_start(t0);
  const std::int64_t day = local_day(t);
  const std::int64_t tod = t + kVietnamOffsetMs - day * kMsPerDay;
  // The reception day is a working day, so its rank is its position in working_days_.
  std::int64_t reception_rank = rank_[static_cast<std::size_t>(day - first_day_)];
  // §9.4 step 2, NĐ 61/2018 Điều 18: after the cut-off the reception counts on the next working day.
  if (rules.cutoff_enabled && tod > rules.cutoff_minute * kMsPerMinute) ++reception_rank;
  // BLDS 2015 Điều 147: day 1 is the working day after the reception day; due at the end of day n.
  const std::int64_t last = reception_rank + n;
  if (last >= static_cast<std::int64_t>(working_days_.size()))
    out_of_range(std::to_string(n) + " working days after " + format_local_datetime(t0));
  const std::size_t due = static_cast<std::size_t>(working_days_[static_cast<std::size_t>(last)]);
  const DaySchedule& s = schedules_[schedule_of_[due]];
  return (first_day_ + static_cast<std::int64_t>(due)) * kMsPerDay + s.end[static_cast<std::size_t>(s.count - 1)] -
         kVietnamOffsetMs;
}

std::int64_t WorkingCalendar::add_calendar_days(std::int64_t t0, std::int64_t n, const DeadlineRules& rules) const {
  if (n < 0) throw CalendarError("the number of days must not be negative (got " + std::to_string(n) + ")");
  const std::int64_t t = next_working_start(t0);
  std::int64_t day = local_day(t);
  const std::int64_t tod = t + kVietnamOffsetMs - day * kMsPerDay;
  if (rules.cutoff_enabled && tod > rules.cutoff_minute * kMsPerMinute)
    day = first_day_ + working_days_[static_cast<std::size_t>(rank_[static_cast<std::size_t>(day - first_day_) + 1])];
  // BLDS 2015 Điều 147: counting starts the day after; Điều 148: a last day off moves to the next working day.
  const std::int64_t last = day + n;
  const std::size_t i = index_of_day(last);
  const auto r = static_cast<std::size_t>(rank_[i]);  // the first working day on or after `last`
  if (r >= working_days_.size()) out_of_range(std::to_string(n) + " days after " + format_local_datetime(t0));
  const auto due = static_cast<std::size_t>(working_days_[r]);
  const DaySchedule& s = schedules_[schedule_of_[due]];
  return (first_day_ + static_cast<std::int64_t>(due)) * kMsPerDay + s.end[static_cast<std::size_t>(s.count - 1)] -
         kVietnamOffsetMs;
}

std::int64_t WorkingCalendar::working_position(std::int64_t t) const {
  const std::int64_t day = local_day(t);
  const std::int64_t tod = t + kVietnamOffsetMs - day * kMsPerDay;
  const std::size_t i = index_of_day(day);
  const DaySchedule& s = schedules_[schedule_of_[i]];
  std::int64_t in_day = 0;
  for (int k = 0; k < s.count; ++k) {
    const auto u = static_cast<std::size_t>(k);
    if (tod <= s.start[u]) break;
    in_day += std::min(tod, s.end[u]) - s.start[u];
  }
  return cum_ms_[i] + in_day;
}

std::int64_t WorkingCalendar::add_working_minutes(std::int64_t t0, std::int64_t minutes) const {
  if (minutes < 0) throw CalendarError("the number of working minutes must not be negative (got " + std::to_string(minutes) + ")");
  if (minutes == 0) return t0;
  const std::int64_t target = working_position(t0) + minutes * kMsPerMinute;
  // The due day is the first day whose end reaches the target: cum_ms_[i] < target <= cum_ms_[i + 1].
  // Gallop forward from t0's day (the usual case is a few days), then binary search.
  std::size_t lo = static_cast<std::size_t>(local_day(t0) - first_day_);
  std::size_t step = 1;
  std::size_t hi = lo + 1;
  const std::size_t n = static_cast<std::size_t>(day_count_);
  while (hi <= n && cum_ms_[hi] < target) {
    lo = hi;
    hi = lo + step;
    step *= 2;
  }
  if (hi > n) {
    hi = n;
    if (cum_ms_[n] < target) out_of_range(std::to_string(minutes) + " working minutes after " + format_local_datetime(t0));
  }
  // cum_ms_[hi] >= target; find the smallest such index in (lo, hi].
  const auto it = std::lower_bound(cum_ms_.begin() + static_cast<std::ptrdiff_t>(lo), cum_ms_.begin() + static_cast<std::ptrdiff_t>(hi) + 1, target);
  const std::size_t day_index = static_cast<std::size_t>(it - cum_ms_.begin()) - 1;
  std::int64_t rest = target - cum_ms_[day_index];
  const DaySchedule& s = schedules_[schedule_of_[day_index]];
  std::int64_t tod = 0;
  for (int k = 0; k < s.count; ++k) {
    const auto u = static_cast<std::size_t>(k);
    const std::int64_t len = s.end[u] - s.start[u];
    if (rest <= len) {
      tod = s.start[u] + rest;
      break;
    }
    rest -= len;
  }
  return (first_day_ + static_cast<std::int64_t>(day_index)) * kMsPerDay + tod - kVietnamOffsetMs;
}

std::int64_t WorkingCalendar::working_time_between(std::int64_t a, std::int64_t b) const {
  return (working_position(b) - working_position(a)) / kMsPerMinute;
}

}  // namespace motcua::domain
