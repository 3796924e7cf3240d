// `motcua import units [--from DIR]`: loads the administrative units of both schemes and the 2025 merger
// mapping into the database, checking the expected counts. Running it again changes nothing.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "storage/db.h"
#include "storage/unit_repo.h"

namespace motcua::app {

// The three source files, relative to a folder laid out like the reference data; each is read as it is
// or with ".gz" appended.
inline constexpr const char* kUnits2025File = "dvhc-2025-34-tinh/vn_units_34_provinces_3321_wards.json";
inline constexpr const char* kUnitsLegacyFile = "dvhc-2024-63-tinh-legacy/vn_units_63_provinces_legacy.min.json";
inline constexpr const char* kMergerFile = "dvhc-sapnhap-2025/convert_legacy_2025_simple.csv";

// The bundled data/units folder: $MOTCUA_SOURCE_DIR/data/units, then ../data/units and ../../data/units
// next to the executable, then ./data/units. nullopt when none holds the 2025 file.
std::optional<std::string> find_bundled_units_dir();

// Reads and parses the three files, checks the counts and resolves the successors, printing what it
// found. Throws std::runtime_error with a message naming the file or the count that is wrong.
storage::UnitImportData load_unit_sources(const std::string& dir, std::ostream& out);

// Loads the sources (from_dir empty = bundled) and imports them in one transaction into an already
// migrated database. Prints progress and a summary; returns 0 on success, 1 with an "error: …" line otherwise.
int run_import_units(storage::Db& db, const std::string& from_dir, std::ostream& out);

}  // namespace motcua::app
