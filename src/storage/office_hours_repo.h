// Giờ làm việc per agency (agency_office_hours): a schedule takes effect on a date and stays until the
// next one. An agency without its own schedule inherits its nearest ancestor's in the agency tree, and
// the province default (data/calendar/office-hours.json) applies above the root.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "storage/db.h"

namespace motcua::storage {

struct OfficeHoursRecord {
  std::int64_t agency_id = 0;
  std::string effective_from;  // "YYYY-MM-DD", Vietnam date
  domain::OfficeHours hours;
  std::int64_t updated_ms = 0;
};

// Where the hours in force came from: an agency's row (own or an ancestor's), or the fallback.
struct ResolvedOfficeHours {
  domain::OfficeHours hours;
  std::optional<std::int64_t> from_agency_id;  // nullopt: the fallback (default file)
  std::optional<std::string> effective_from;
};

// Inserts or replaces the schedule of an agency from a date. Throws domain::CalendarDataError for invalid
// hours or a bad date, DbError when the agency does not exist.
void set_office_hours(Connection& tx, std::int64_t agency_id, const std::string& effective_from,
                      const domain::OfficeHours& hours, std::int64_t now_ms);

// Removes one schedule; true when a row was deleted.
bool delete_office_hours(Connection& tx, std::int64_t agency_id, const std::string& effective_from);

// The agency's own schedules, oldest first.
std::vector<OfficeHoursRecord> list_office_hours(Connection& c, std::int64_t agency_id);

// The hours in force for the agency on `date`: its own latest schedule with effective_from <= date, else
// the nearest ancestor's, else `fallback`. Throws DbError when the agency does not exist.
ResolvedOfficeHours office_hours_for(Connection& c, std::int64_t agency_id, const std::string& date,
                                     const domain::OfficeHours& fallback);

}  // namespace motcua::storage
