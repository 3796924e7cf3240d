// Parsing the national catalogue sources into structured procedures. Pure: the caller reads the files.
//  - the national portal scrape (shared/data/real/tthc-dvcqg-bo-nganh/procedures.jsonl): flattened text;
//  - the Ministry of Defence export (tthc-bqp-quoc-phong/procedures_bqp.jsonl): real table columns.
// Nothing is guessed: a value that cannot be parsed keeps its raw text and its field is added to
// Procedure::review_flags.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "domain/procedure.h"

namespace motcua::domain {

// Throws std::invalid_argument naming the missing field when the record lacks a code or a name.
Procedure parse_dvcqg_procedure(const boost::json::object& record);
Procedure parse_bqp_procedure(const boost::json::object& record);

// Per-field parse rates over a set of procedures, for the import report.
struct FieldParseRate {
  std::string field;            // "processing_time", "fees", "components", "decision", "levels", ...
  std::int64_t with_source = 0; // procedures whose source text for this field is not empty
  std::int64_t parsed = 0;      // of those, fully parsed into structure
};
std::vector<FieldParseRate> parse_rates(const std::vector<Procedure>& procedures);

}  // namespace motcua::domain
