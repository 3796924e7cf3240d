// Versioned schema migrations, one SQL file per version and dialect (migrations/<dialect>/NNNN_name.sql),
// embedded in the binary at build time.
#pragma once

#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& embedded_migrations_sqlite();
const std::vector<Migration>& embedded_migrations_postgres();

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this run
  int current_version = 0;
};

// Applies every migration newer than the recorded version, each in its own transaction.
// Safe to run again: a second run applies nothing.
MigrationReport migrate(Db& db);

// The runner behind migrate(db), for tests and tools: applies the given list, which must be sorted by
// strictly increasing version (throws DbError otherwise, before touching the database).
MigrationReport migrate(Db& db, const std::vector<Migration>& migrations);

}  // namespace motcua::storage
