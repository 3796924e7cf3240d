// The agency tree the benchmark dossiers spread over: every 2025 commune of the demo province gets a one-stop
// unit (created when missing, under a UBND of the commune, each creation audited like `seed --demo`), the
// province's public-service centre takes province-level procedures, and each receiving unit offers the
// catalogue procedures of its level (agency_services rows added when missing, never changed when present).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/dossier_code.h"
#include "storage/db.h"

namespace motcua::app {

struct BenchAgency {
  std::int64_t id = 0;
  std::string path;
  domain::AgencyIdentifiers identifiers;  // for the dossier codes
  std::string place;                      // "phường Tô Hiệu", for addresses
  bool province_centre = false;           // Trung tâm Phục vụ hành chính công tỉnh
  bool demo_a = false, demo_b = false;    // the demo communes (seed --demo)
};

struct BenchTree {
  std::vector<BenchAgency> agencies;  // communes in unit-code order, then the province centre
  int created = 0;                    // agencies created by this call
};

// Needs `motcua seed --demo` (the province root) and `motcua import units` (its communes); throws
// std::runtime_error saying which is missing.
BenchTree ensure_bench_tree(storage::Connection& tx, std::int64_t now_ms);

// Adds the missing agency_services rows: commune units offer the procedures whose current version lists level
// "xa", the province centre those listing "tinh". `workflow_for(procedure_code)` names the workflow of a new
// row. Returns the rows added.
int ensure_bench_services(storage::Connection& tx, const BenchTree& tree,
                          const std::function<std::string(const std::string&)>& workflow_for, std::int64_t now_ms);

}  // namespace motcua::app
