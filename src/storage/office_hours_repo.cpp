#include "storage/office_hours_repo.h"

#include <map>

#include "storage/agency_repo.h"

namespace motcua::storage {

namespace {

void check_date(const std::string& date, const char* what) {
  if (!domain::parse_date(date))
    throw domain::CalendarDataError(std::string(what) + " \"" + date + "\" is not a date (YYYY-MM-DD)");
}

// "/1/7/42/" → {42, 7, 1}: nearest first.
std::vector<std::int64_t> ancestry(const std::string& path) {
  std::vector<std::int64_t> ids;
  std::size_t i = 0;
  while (i < path.size()) {
    const std::size_t j = path.find('/', i);
    const std::size_t end = j == std::string::npos ? path.size() : j;
    if (end > i) ids.push_back(std::stoll(path.substr(i, end - i)));
    i = end + 1;
  }
  return {ids.rbegin(), ids.rend()};
}

domain::OfficeHours decode(std::int64_t agency_id, const std::string& effective_from, const std::string& json) {
  return domain::parse_office_hours("agency_office_hours(agency " + std::to_string(agency_id) + ", " + effective_from + ")",
                                    json);
}

}  // namespace

void set_office_hours(Connection& tx, std::int64_t agency_id, const std::string& effective_from,
                      const domain::OfficeHours& hours, std::int64_t now_ms) {
  check_date(effective_from, "effective_from");
  domain::validate_office_hours(hours, "office hours of agency " + std::to_string(agency_id));
  if (!agency_path(tx, agency_id))
    throw DbError(DbError::Kind::constraint, "agency " + std::to_string(agency_id) + " does not exist");
  tx.exec(
      "INSERT INTO agency_office_hours (agency_id, effective_from, hours, updated_ms) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (agency_id, effective_from) DO UPDATE SET hours = excluded.hours, updated_ms = excluded.updated_ms",
      {agency_id, effective_from, domain::office_hours_to_json(hours), now_ms});
}

bool delete_office_hours(Connection& tx, std::int64_t agency_id, const std::string& effective_from) {
  return tx.exec("DELETE FROM agency_office_hours WHERE agency_id = $1 AND effective_from = $2",
                 {agency_id, effective_from})
             .affected > 0;
}

std::vector<OfficeHoursRecord> list_office_hours(Connection& c, std::int64_t agency_id) {
  std::vector<OfficeHoursRecord> out;
  const auto r = c.exec(
      "SELECT agency_id, effective_from, hours, updated_ms FROM agency_office_hours WHERE agency_id = $1 "
      "ORDER BY effective_from",
      {agency_id});
  for (const auto& row : r.rows)
    out.push_back({row.i64(0), row.str(1), decode(row.i64(0), row.str(1), row.str(2)), row.i64(3)});
  return out;
}

ResolvedOfficeHours office_hours_for(Connection& c, std::int64_t agency_id, const std::string& date,
                                     const domain::OfficeHours& fallback) {
  check_date(date, "date");
  const auto path = agency_path(c, agency_id);
  if (!path) throw DbError(DbError::Kind::other, "agency " + std::to_string(agency_id) + " does not exist");
  const std::vector<std::int64_t> chain = ancestry(*path);
  // One query for the whole chain: the latest schedule in force of each ancestor, newest first.
  std::string sql =
      "SELECT agency_id, effective_from, hours FROM agency_office_hours WHERE effective_from <= $1 AND agency_id IN (";
  std::vector<Value> params{date};
  for (std::size_t i = 0; i < chain.size(); ++i) {
    sql += (i ? ", $" : "$") + std::to_string(i + 2);
    params.emplace_back(chain[i]);
  }
  sql += ") ORDER BY effective_from DESC";
  const auto r = c.exec(sql, params);
  std::map<std::int64_t, const Row*> latest;  // agency → its newest schedule in force
  for (const auto& row : r.rows) latest.emplace(row.i64(0), &row);
  for (const std::int64_t id : chain) {
    const auto it = latest.find(id);
    if (it == latest.end()) continue;
    const Row& row = *it->second;
    return {decode(id, row.str(1), row.str(2)), id, row.str(1)};
  }
  return {fallback, std::nullopt, std::nullopt};
}

}  // namespace motcua::storage
