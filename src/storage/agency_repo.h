// The agency tree (cây cơ quan) in the database. Each row carries its materialised path ("/1/7/42/"), so a
// subtree is one prefix match and a role granted on an agency covers everything below it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

// What the caller sets; the repository computes path and timestamps.
struct AgencyFields {
  std::optional<std::int64_t> parent_id;
  std::string kind;  // domain::AgencyKind code
  std::string name;
  std::optional<std::string> short_name;
  std::optional<std::string> qcvn102_code;
  std::optional<std::string> qd20_code;
  std::optional<std::string> unit_scheme;
  std::optional<std::string> unit_code;
  std::optional<std::string> address;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> hotline;
  bool active = true;

  bool operator==(const AgencyFields&) const = default;
};

struct AgencyRecord {
  std::int64_t id = 0;
  std::string path;
  AgencyFields fields;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// Inserts the agency under fields.parent_id (which must exist; throws DbError otherwise) and returns its id.
std::int64_t create_agency(Connection& tx, const AgencyFields& fields, std::int64_t now_ms);

// Replaces the fields. When the parent changes, the paths of the whole subtree move with it. The caller
// has checked that the new parent is not the agency itself or one of its descendants.
void update_agency(Connection& tx, std::int64_t id, const AgencyFields& fields, std::int64_t now_ms);

std::optional<AgencyRecord> get_agency(Connection& c, std::int64_t id);
std::optional<std::string> agency_path(Connection& c, std::int64_t id);
std::optional<AgencyRecord> find_agency_by_qcvn102(Connection& c, const std::string& code);
std::optional<AgencyRecord> find_agency_by_qd20(Connection& c, const std::string& code);

// True when `path` lies inside the subtree rooted at `ancestor_path` (the agency itself included).
bool path_within(const std::string& path, const std::string& ancestor_path);

struct AgencyQuery {
  std::optional<std::int64_t> parent_id;
  std::optional<std::int64_t> subtree_of;  // the agency and everything below it
  std::optional<std::string> kind;
  std::optional<std::string> q;  // folded name or exact code
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};

struct AgencyPage {
  std::vector<AgencyRecord> items;
  std::int64_t total = 0;
};

// Ordered by path, i.e. depth-first from the roots in creation order.
AgencyPage list_agencies(Connection& c, const AgencyQuery& q);

}  // namespace motcua::storage
