// Bulk loading of dossiers for benchmarks (`motcua generate dossiers`): the same rows the dossier repository
// writes one at a time, written as multi-row INSERT statements inside the caller's transaction. One SQL text
// per batch size, so both backends reuse the prepared statement; same SQL on SQLite and PostgreSQL.
// Not for the service: it skips the per-dossier audit row and notices on purpose (bench data).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/db.h"
#include "storage/dossier_repo.h"

namespace motcua::storage {

// The generic part: `head` is "INSERT INTO t (c1, …, cn)", `flat` holds ncols values per row, `tail` follows
// the VALUES (e.g. an ON CONFLICT clause). Runs as a few reused multi-row statements.
void insert_many(Connection& tx, const std::string& head, std::size_t ncols, const std::vector<Value>& flat,
                 const std::string& tail = "");

// Reserves `n` consecutive dossier ids and returns the first. The rows must then be inserted with those ids
// in the same transaction. SQLite: above MAX(id) and sqlite_sequence (the single writer holds the lock);
// PostgreSQL: the identity sequence is moved past the block, so later defaults never reuse an id.
// Assumes nobody else inserts dossiers while the generator runs (documented in its help).
std::int64_t reserve_dossier_ids(Connection& tx, std::int64_t n);

// Every column of each record, ids included (from reserve_dossier_ids). The clock is written as JSON.
void insert_dossiers_bulk(Connection& tx, const std::vector<DossierRecord>& rows);
// History rows with their seq already set (1, 2, … per dossier); ids come from the database.
void insert_history_bulk(Connection& tx, const std::vector<HistoryEntry>& rows);
void insert_attachments_bulk(Connection& tx, const std::vector<Attachment>& rows);

struct CodeCounter {
  std::int64_t agency_id = 0;
  std::string day;  // "YYYY-MM-DD" (domain::sequence_key)
  std::int64_t last_seq = 0;
};
// Raises each (agency, day) counter to at least last_seq, so a real reception afterwards continues above the
// generated codes. Keys must be distinct within one call (PostgreSQL refuses to upsert a row twice).
void raise_code_counters(Connection& tx, const std::vector<CodeCounter>& counters);

// The counters as they stand, for the agencies given (the generator continues each day's sequence).
// Bulk loads insert into bare tables and build the secondary indexes afterwards: one sort per index instead of
// millions of random B-tree inserts (10M dossiers: minutes instead of hours). Drops the non-unique indexes of the
// dossier tables and returns the statements that recreate them; unique ones stay, they guard the codes.
std::vector<std::string> drop_secondary_dossier_indexes(Connection& tx);
void create_indexes(Connection& tx, const std::vector<std::string>& statements);

std::vector<CodeCounter> load_code_counters(Connection& c, const std::vector<std::int64_t>& agency_ids);

}  // namespace motcua::storage
