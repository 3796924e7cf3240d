// PostgreSQL backend over libpq: a pool of connections opened on demand, any of which may write.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

class PgConnection;

class PgDb final : public Db {
 public:
  // url goes to PQconnectdb as-is; it is only syntax-checked here, connections open on first use.
  PgDb(std::string url, const DbOptions& options);
  ~PgDb() override;

  Dialect dialect() const override { return Dialect::postgres; }
  bool ping() noexcept override;

 protected:
  void run_write(const std::function<void(Connection&)>& f) override;
  void run_read(const std::function<void(Connection&)>& f) override;

 private:
  class Lease;
  std::unique_ptr<PgConnection> acquire();
  void release(std::unique_ptr<PgConnection> conn) noexcept;

  std::string url_;
  int pool_size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;  // connections in idle_ plus those leased out
};

}  // namespace motcua::storage
