// The procedure catalogue in the database: versioned procedures (a version per publishing decision), their
// processing times, fees and dossier components, the diacritics-insensitive search, and the per-agency
// service configuration (which agency offers which procedure, how).
//
// Search: the query goes through domain::vn_fold like the index did, then is reduced to [a-z0-9] words.
// Matching uses SQLite FTS5 / a PostgreSQL GIN tsvector index (every word present, the last one as a
// prefix, or the exact code); ordering is computed by the same portable SQL on both backends, so both
// return the same hits in the same order:
//   0. the code equals the query;
//   1. the folded name equals the query;
//   2. the folded name starts with the query (as whole words, the last one as a prefix);
//   3. the folded name contains the query as a phrase;
//   4. every query word is a whole word of the name;
//   5. every query word is a whole word of the name, code or sector;
//   6. the rest (the last word found only as a prefix: "tam tru" also finds "trung tâm");
// then the shorter name first, then the code.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/procedure.h"
#include "storage/db.h"

namespace motcua::storage {

// The version key of a parsed procedure: its publishing decision number, whitespace trimmed and collapsed;
// "" when the source names none.
std::string procedure_version_key(const domain::Procedure& p);

// SHA-256 (hex) of the canonical JSON of the procedure: equal hashes mean nothing to update.
std::string procedure_content_hash(const domain::Procedure& p);

// vn_fold, then every run of characters other than [a-z0-9] becomes one space, trimmed: "Đắk Lắk" → "dak lak",
// "1.004194" → "1 004194". The form both the index and the query use.
std::string search_key(std::string_view text);

enum class UpsertResult { inserted, new_version, updated, unchanged };

struct UpsertOutcome {
  UpsertResult result = UpsertResult::unchanged;
  std::int64_t version_id = 0;
};

// Stores p as the version (p.code, procedure_version_key(p)) inside the caller's write transaction:
//  - no procedure with that code: inserted (the procedure and its first version, which becomes current);
//  - the code exists, not that version key: new_version (becomes the current version);
//  - same code and version key, other content: updated in place (children replaced);
//  - same content hash: unchanged (nothing written).
// Throws std::invalid_argument when the code or the name is empty.
UpsertOutcome upsert_procedure(Connection& tx, const domain::Procedure& p, std::int64_t now_ms);

struct CatalogueImportCounts {
  std::int64_t inserted = 0;     // new procedures
  std::int64_t new_versions = 0; // new versions of procedures already present
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

// Progress: (done, total), called every `every` procedures and at the end.
using CatalogueProgress = std::function<void(std::size_t done, std::size_t total)>;

// Upserts every procedure in ONE write transaction: when any fails (an empty code or name, a database
// error) nothing is kept. Errors name the position: "procedure #12 (1.000178): ...".
CatalogueImportCounts import_procedures(Db& db, const std::vector<domain::Procedure>& procedures, std::int64_t now_ms,
                                        const CatalogueProgress& progress = {}, std::size_t every = 250);

struct VersionSummary {
  std::int64_t id = 0;
  std::string version_key;
  std::string decision_number;
  std::optional<std::string> decision_date;
  std::int64_t imported_ms = 0;
  bool current = false;
};

struct ProcedureRecord {
  domain::Procedure procedure;
  std::int64_t version_id = 0;
  std::string version_key;
  std::string content_hash;
  std::int64_t imported_ms = 0;
  bool current = false;
  std::vector<VersionSummary> versions;  // every version of the code, oldest first
};

// The current version of the code, or the version with that version key; nullopt when absent.
std::optional<ProcedureRecord> get_procedure(Connection& c, std::string_view code,
                                             const std::optional<std::string>& version_key = std::nullopt);

bool procedure_exists(Connection& c, std::string_view code);
std::int64_t count_procedures(Connection& c);

struct ProcedureQuery {
  std::optional<std::string> q;             // free text (any case, with or without diacritics) or a code
  std::optional<std::string> sector;        // lĩnh vực, compared folded: "Ho tich" = "Hộ tịch"
  std::optional<std::int64_t> agency_id;    // only procedures this agency offers (an active agency service)
  std::optional<std::string> level;         // "bo" | "tinh" | "xa" | "khac" | "huyen"
  std::optional<std::string> online_level;  // "full" | "partial" | "none" | "unknown"
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};

struct ProcedureSummary {
  std::string code;
  std::string name;
  std::string sector;
  std::vector<std::string> levels;
  std::string procedure_type;
  std::string online_level;
  std::string decision_number;
  std::string version_key;
  std::string source;
  std::vector<std::string> review_flags;
};

struct ProcedurePage {
  std::vector<ProcedureSummary> items;
  std::int64_t total = 0;
};

// Current versions only, ordered as described at the top of this file (by code without q).
ProcedurePage search_procedures(Connection& c, const ProcedureQuery& q);

// The structured procedure as JSON (the API detail and `motcua catalogue show --json`; also what
// procedure_content_hash hashes).
boost::json::object procedure_json(const domain::Procedure& p);

// --- agency services ---------------------------------------------------------------------------------

struct AgencyService {
  std::int64_t agency_id = 0;
  std::string procedure_code;
  std::string level;  // "bo" | "tinh" | "xa" | "khac" | "huyen"
  std::optional<std::string> workflow_key;
  std::optional<std::string> eform_key;
  std::optional<double> promised_time_amount;  // with promised_time_unit, both or neither
  std::optional<std::string> promised_time_unit;  // domain::time_unit_code values except "unspecified"
  std::optional<std::string> fee_account;
  bool active = true;
  std::int64_t updated_ms = 0;

  bool same_settings(const AgencyService& o) const;  // everything but updated_ms
};

struct ServiceIssue {
  std::string field;
  std::string message_vi;
  std::string message_en;
};

// Checks a service before it is stored: the level and unit are known, the procedure exists, and a promised
// time does not exceed the legal one. The promise is compared with every processing time of the current
// version that was parsed into an amount and a unit comparable with the promise's (the same unit; working
// hours and working days at 8 hours a day) and must not exceed the shortest of them. When the legal time is
// not known in a comparable unit the promise cannot be checked and is refused (nothing guessed).
// An unknown procedure gives an issue on field "procedure_code".
std::vector<ServiceIssue> validate_agency_service(Connection& c, const AgencyService& s);

// Inserts or replaces; returns true when the row was created. The caller has validated it.
bool set_agency_service(Connection& tx, const AgencyService& s);
std::optional<AgencyService> get_agency_service(Connection& c, std::int64_t agency_id, std::string_view code);
// Returns false when there was no such row.
bool delete_agency_service(Connection& tx, std::int64_t agency_id, std::string_view code);

struct AgencyServiceRow {
  AgencyService service;
  std::string procedure_name;  // of the current version
};
struct AgencyServicePage {
  std::vector<AgencyServiceRow> items;
  std::int64_t total = 0;
};
// Ordered by procedure code.
AgencyServicePage list_agency_services(Connection& c, std::int64_t agency_id, std::int64_t page = 1,
                                       std::int64_t per_page = 50);

}  // namespace motcua::storage
