// Administrative units and the legacy → 2025 successor mapping in the database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/units.h"
#include "storage/db.h"

namespace motcua::storage {

struct UnitImportData {
  std::vector<domain::AdminUnit> units;  // both schemes; parents before children
  std::vector<domain::UnitSuccessor> successors;
};

struct UpsertCounts {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t removed = 0;  // rows in the database that the new data no longer has
};

struct UnitImportReport {
  UpsertCounts units;
  UpsertCounts successors;
};

// Called every 1,000 rows and at the end of each stage (stage e.g. "units 2025").
using ImportProgress = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

// Makes the tables equal to `data` in ONE write transaction: on any error nothing changes. Rows that are
// already equal are not written, so importing the same data again reports only "unchanged".
UnitImportReport import_units(Db& db, const UnitImportData& data, const ImportProgress& progress = {});

struct UnitRecord {
  std::string scheme;  // "2025" | "legacy"
  std::string code;
  std::string level;   // province | district | commune
  std::string name;
  std::string full_name;
  std::string name_en;
  std::string code_name;
  std::optional<std::string> parent_code;
  std::string kind;
};

struct UnitQuery {
  std::string scheme = "2025";
  std::optional<std::string> parent_code;
  std::optional<std::string> level;
  std::optional<std::string> q;  // matched against the folded full name
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};

struct UnitPage {
  std::vector<UnitRecord> items;
  std::int64_t total = 0;
};

UnitPage list_units(Connection& c, const UnitQuery& q);
std::optional<UnitRecord> get_unit(Connection& c, std::string_view scheme, std::string_view code);
std::int64_t count_unit_children(Connection& c, std::string_view scheme, std::string_view code);

struct SuccessorRecord {
  UnitRecord unit;  // the 2025 commune
  bool divided = false;
};

// The LIKE pattern (escape character '\\') finding vn_fold(query) anywhere in a search_text column;
// the agency list uses it too.
std::string fold_search_pattern(std::string_view query);

// The 2025 commune(s) a legacy commune (or island district) became; empty when unknown.
std::vector<SuccessorRecord> unit_successors(Connection& c, std::string_view legacy_code);

}  // namespace motcua::storage
