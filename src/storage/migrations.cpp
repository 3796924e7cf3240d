#include "storage/migrations.h"

#include <chrono>
#include <set>

namespace motcua::storage {

namespace {

// Serializes migrators on one PostgreSQL database (two instances starting at once); held until commit.
constexpr std::int64_t kMigrationLockKey = 0x4d6f74437561;  // "MotCua"

void lock_migrations(Connection& c) {
  if (c.dialect() == Dialect::postgres) c.exec("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

DbError migration_error(const std::string& what) { return DbError(DbError::Kind::other, "migrations: " + what); }

void check_order(const std::vector<Migration>& list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version <= 0) throw migration_error(list[i].name + " has no positive version number");
    if (i > 0 && list[i].version <= list[i - 1].version) {
      throw migration_error(list[i].name + " does not come after " + list[i - 1].name +
                            " (versions must strictly increase; zero-pad file names: 0001_name.sql)");
    }
  }
}

}  // namespace

MigrationReport migrate(Db& db) {
  return migrate(db, db.dialect() == Dialect::sqlite ? embedded_migrations_sqlite() : embedded_migrations_postgres());
}

MigrationReport migrate(Db& db, const std::vector<Migration>& migrations) {
  check_order(migrations);
  db.write([](Connection& c) {
    lock_migrations(c);
    c.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  });
  const auto recorded = db.read([](Connection& c) {
    std::set<std::int64_t> versions;
    for (const Row& r : c.exec("SELECT version FROM schema_migrations").rows) versions.insert(r.i64(0));
    return versions;
  });

  MigrationReport report;
  report.current_version = recorded.empty() ? 0 : static_cast<int>(*recorded.rbegin());
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (report.current_version > newest_known) {
    throw migration_error("the database is at version " + std::to_string(report.current_version) +
                          ", newer than this build knows (" + std::to_string(newest_known) + ")");
  }
  for (const Migration& m : migrations) {
    if (m.version < report.current_version && !recorded.contains(m.version)) {
      throw migration_error(m.name + " is older than the database version " + std::to_string(report.current_version) +
                            " but was never applied; give it a new number");
    }
  }

  for (const Migration& m : migrations) {
    if (m.version <= report.current_version) continue;
    try {
      const bool applied = db.write([&](Connection& c) {
        lock_migrations(c);
        // Another process may have applied it between our read and the lock.
        if (c.exec("SELECT 1 FROM schema_migrations WHERE version = $1", {std::int64_t{m.version}}).first()) return false;
        c.exec_script(m.sql);
        c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
               {std::int64_t{m.version}, m.name, now_ms()});
        return true;
      });
      if (applied) report.applied.push_back(m.name);
    } catch (const DbError& e) {
      throw DbError(e.kind(), "migration " + m.name + " failed: " + e.what());
    }
    report.current_version = m.version;
  }
  return report;
}

}  // namespace motcua::storage
