#include "storage/sqlite_db.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>
#include <unordered_map>

namespace motcua::storage {

namespace {

constexpr int kWriteAttempts = 5;
constexpr std::size_t kMaxCachedStatements = 256;  // beyond this, statements are prepared per call

struct CloseDb {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* st) const noexcept { sqlite3_finalize(st); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

struct SvHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

std::string excerpt(std::string_view sql) {
  return std::string(sql.substr(0, 200)) + (sql.size() > 200 ? "..." : "");
}

DbError sqlite_error(sqlite3* db, std::string_view sql) {
  const int code = sqlite3_extended_errcode(db);
  DbError::Kind kind = DbError::Kind::other;
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = DbError::Kind::unique_violation;
  } else if ((code & 0xff) == SQLITE_CONSTRAINT) {
    kind = DbError::Kind::constraint;
  } else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    kind = DbError::Kind::busy;
  }
  return DbError(kind, std::string("sqlite: ") + sqlite3_errmsg(db) + " (in: " + excerpt(sql) + ")");
}

// Resets the statement on every exit: an unreset statement keeps its read snapshot (and WAL) pinned.
struct ResetGuard {
  sqlite3_stmt* st;
  ~ResetGuard() {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }
};

void bind_value(sqlite3_stmt* st, int index, const Value& v) {
  if (auto* n = std::get_if<std::int64_t>(&v)) {
    sqlite3_bind_int64(st, index, *n);
  } else if (auto* d = std::get_if<double>(&v)) {
    sqlite3_bind_double(st, index, *d);
  } else if (auto* s = std::get_if<std::string>(&v)) {
    // STATIC is safe: the caller's params outlive the statement run and ResetGuard clears bindings.
    sqlite3_bind_text64(st, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  } else {
    sqlite3_bind_null(st, index);
  }
}

// SQLite numbers "$N" parameters by first appearance ("VALUES($2,$1)" makes $2 index 1), so bind by name.
// The names are read once per prepared statement: sqlite3_bind_parameter_name walks a list, so asking it for
// every parameter of every call costs O(n²) and dominated multi-row INSERTs of thousands of parameters.
std::vector<std::size_t> parameter_numbers(sqlite3_stmt* st, std::string_view sql) {
  const int count = sqlite3_bind_parameter_count(st);
  std::vector<std::size_t> numbers(static_cast<std::size_t>(count));
  for (int i = 1; i <= count; ++i) {
    const char* name = sqlite3_bind_parameter_name(st, i);
    std::size_t n = 0;
    const char* end = name ? name + std::strlen(name) : nullptr;
    if (!name || name[0] != '$' || std::from_chars(name + 1, end, n).ptr != end || n < 1) {
      throw DbError(DbError::Kind::other, "parameter " + std::string(name ? name : "?") + " is not $N (in: " + excerpt(sql) + ")");
    }
    numbers[static_cast<std::size_t>(i - 1)] = n;
  }
  return numbers;
}

void bind_all(sqlite3_stmt* st, const std::vector<std::size_t>& numbers, std::span<const Value> params,
              std::string_view sql) {
  std::vector<bool> used(params.size(), false);
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::size_t n = numbers[i];
    if (n > params.size()) {
      throw DbError(DbError::Kind::other, "parameter $" + std::to_string(n) + " has no value among " +
                                              std::to_string(params.size()) + " (in: " + excerpt(sql) + ")");
    }
    bind_value(st, static_cast<int>(i + 1), params[n - 1]);
    used[n - 1] = true;
  }
  for (std::size_t n = 0; n < used.size(); ++n) {
    if (!used[n]) {  // PostgreSQL rejects unused parameters too; fail the same way on both
      throw DbError(DbError::Kind::other, "parameter $" + std::to_string(n + 1) + " is not used (in: " + excerpt(sql) + ")");
    }
  }
}

Value column_value(sqlite3_stmt* st, int i) {
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return std::int64_t{sqlite3_column_int64(st, i)};
    case SQLITE_FLOAT: return sqlite3_column_double(st, i);
    case SQLITE_NULL: return nullptr;
    case SQLITE_BLOB: {
      auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
      return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
    }
    default: {
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
    }
  }
}

}  // namespace

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, const DbOptions& options, bool reader) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);  // closed even when the open failed
    if (rc != SQLITE_OK) {
      throw DbError(DbError::Kind::connection,
                    "sqlite: cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=";
    pragmas += options.synchronous_full ? "FULL;" : "NORMAL;";
    // Readers refuse writes, so a write outside Db::write() fails loudly instead of bypassing the writer lock.
    if (reader) pragmas += " PRAGMA query_only=1;";
    exec_script(pragmas);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Result exec(std::string_view sql, std::span<const Value> params) override {
    Prepared uncached;
    const Prepared& p = statement(sql, uncached);
    sqlite3_stmt* st = p.st.get();
    ResetGuard guard{st};
    bind_all(st, p.numbers, params, sql);
    Result r;
    const int ncol = sqlite3_column_count(st);
    for (int i = 0; i < ncol; ++i) r.columns.emplace_back(sqlite3_column_name(st, i));
    const auto changes_before = sqlite3_total_changes64(db_.get());
    for (;;) {
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw sqlite_error(db_.get(), sql);
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(ncol));
      for (int i = 0; i < ncol; ++i) values.push_back(column_value(st, i));
      r.rows.emplace_back(std::move(values));
    }
    // sqlite3_changes keeps the last DML count across DDL/SELECT, so read it only when this statement changed rows.
    if (sqlite3_total_changes64(db_.get()) != changes_before) r.affected = sqlite3_changes64(db_.get());
    return r;
  }

  void exec_script(std::string_view sql) override {
    const std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      sqlite3_free(err);  // sqlite3_errmsg holds the same text
      throw sqlite_error(db_.get(), sql);
    }
  }

  void begin_write() override { exec_script("BEGIN IMMEDIATE"); }
  void commit() override { exec_script("COMMIT"); }
  void rollback() noexcept override {
    // Some errors (e.g. SQLITE_FULL) roll the transaction back already.
    if (!sqlite3_get_autocommit(db_.get())) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  struct Prepared {
    StmtPtr st;
    std::vector<std::size_t> numbers;  // the N of "$N" at each parameter index
  };

  const Prepared& statement(std::string_view sql, Prepared& uncached) {
    if (auto it = stmts_.find(sql); it != stmts_.end()) return it->second;
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const bool cache = stmts_.size() < kMaxCachedStatements;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      cache ? SQLITE_PREPARE_PERSISTENT : 0, &raw, &tail);
    StmtPtr st(raw);
    if (rc != SQLITE_OK) throw sqlite_error(db_.get(), sql);
    if (!st) throw DbError(DbError::Kind::other, "empty SQL statement");
    for (const char* p = tail; p < sql.data() + sql.size(); ++p) {
      if (!std::isspace(static_cast<unsigned char>(*p))) {
        throw DbError(DbError::Kind::other, "exec() takes one statement, use exec_script() (in: " + excerpt(sql) + ")");
      }
    }
    auto numbers = parameter_numbers(st.get(), sql);
    if (!cache) {
      uncached = Prepared{std::move(st), std::move(numbers)};
      return uncached;
    }
    return stmts_.emplace(std::string(sql), Prepared{std::move(st), std::move(numbers)}).first->second;
  }

  std::unique_ptr<sqlite3, CloseDb> db_;  // declared first: statements are finalized before the close
  std::unordered_map<std::string, Prepared, SvHash, std::equal_to<>> stmts_;
};

SqliteDb::SqliteDb(const std::string& path, const DbOptions& options) {
  if (path != ":memory:") {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw DbError(DbError::Kind::connection, "sqlite: cannot create " + parent.string() + ": " + ec.message());
  }
  writer_ = std::make_unique<SqliteConnection>(path, options, false);  // first: it switches the file to WAL
  if (path == ":memory:") return;
  for (int i = 0; i < std::max(1, options.pool_size); ++i) {
    idle_readers_.push_back(std::make_unique<SqliteConnection>(path, options, true));
  }
  has_readers_ = true;
}

SqliteDb::~SqliteDb() = default;

void SqliteDb::run_write(const std::function<void(Connection&)>& f) {
  std::lock_guard lock(writer_mutex_);
  // Busy comes only from other processes (this one serializes writers); busy_timeout already waited.
  for (int attempt = 1;; ++attempt) {
    try {
      writer_->begin_write();
      f(*writer_);
      writer_->commit();
      return;
    } catch (const DbError& e) {
      writer_->rollback();
      if (e.kind() != DbError::Kind::busy || attempt >= kWriteAttempts) throw;
    } catch (...) {
      writer_->rollback();
      throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
  }
}

void SqliteDb::run_read(const std::function<void(Connection&)>& f) {
  if (!has_readers_) {
    std::lock_guard lock(writer_mutex_);
    f(*writer_);
    return;
  }
  std::unique_ptr<SqliteConnection> conn;
  {
    std::unique_lock lock(readers_mutex_);
    readers_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
    conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  struct Return {  // gives the reader back even when f throws
    SqliteDb& db;
    std::unique_ptr<SqliteConnection>& conn;
    ~Return() {
      {
        std::lock_guard lock(db.readers_mutex_);
        db.idle_readers_.push_back(std::move(conn));
      }
      db.readers_cv_.notify_one();
    }
  } give_back{*this, conn};
  f(*conn);
}

bool SqliteDb::ping() noexcept {
  try {
    return read([](Connection& c) { return c.exec("SELECT 1").one().i64(0) == 1; });
  } catch (...) {
    return false;
  }
}

}  // namespace motcua::storage
