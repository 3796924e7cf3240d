// SQLite backend: one writer connection behind a mutex plus a pool of query-only readers (WAL lets
// readers run while the writer commits).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

class SqliteConnection;

class SqliteDb final : public Db {
 public:
  // path ":memory:" opens one private in-memory connection that serves reads and writes.
  SqliteDb(const std::string& path, const DbOptions& options);
  ~SqliteDb() override;

  Dialect dialect() const override { return Dialect::sqlite; }
  bool ping() noexcept override;

 protected:
  void run_write(const std::function<void(Connection&)>& f) override;
  void run_read(const std::function<void(Connection&)>& f) override;

 private:
  // Recursive so that a read() nested in a write() on a ":memory:" database does not deadlock.
  std::recursive_mutex writer_mutex_;
  std::unique_ptr<SqliteConnection> writer_;

  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
  bool has_readers_ = false;
};

}  // namespace motcua::storage
