// The thin database interface: one SQL text with $1..$n placeholders runs on SQLite and PostgreSQL.
// Dialect differences live only in migrations/<dialect>/ and in the few places that ask dialect().
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace motcua::storage {

enum class Dialect { sqlite, postgres };

// A bound parameter or a column value. Booleans are stored as 0/1 integers on both backends,
// timestamps as epoch milliseconds (int64), JSON as text.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t i64(std::size_t i) const;  // throws DbError on null or text that is not a number
  double f64(std::size_t i) const;
  std::string str(std::size_t i) const;   // numbers are formatted; null throws
  std::optional<std::string> opt_str(std::size_t i) const;
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  const Value& at(std::size_t i) const;

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  // The single row of a query that must return exactly one; throws DbError otherwise.
  const Row& one() const;
  const Row* first() const { return rows.empty() ? nullptr : &rows.front(); }
};

class DbError : public std::runtime_error {
 public:
  enum class Kind { unique_violation, constraint, busy, connection, other };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // One statement with $1..$n placeholders. Prepared statements are cached by SQL text.
  virtual Result exec(std::string_view sql, std::span<const Value> params) = 0;
  Result exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Several statements separated by ';', no parameters (migrations, pragmas).
  virtual void exec_script(std::string_view sql) = 0;
  // Transaction control; Db::write() calls these, handlers do not.
  virtual void begin_write() = 0;  // SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

struct DbOptions {
  int pool_size = 4;                // reader connections (SQLite) / connections (PostgreSQL)
  int busy_timeout_ms = 5000;       // SQLite busy_timeout
  bool synchronous_full = false;    // SQLite synchronous=FULL instead of NORMAL
};

// A pool of connections. SQLite: one writer connection behind a mutex plus reader connections (WAL);
// PostgreSQL: a pool where any connection may write.
class Db {
 public:
  virtual ~Db() = default;
  // url: "sqlite:///abs/path.db", "sqlite://relative/path.db", "sqlite::memory:" or "postgresql://..."/"postgres://..."
  static std::unique_ptr<Db> open(const std::string& url, const DbOptions& options = {});

  virtual Dialect dialect() const = 0;

  // Runs f inside one write transaction; commits when f returns, rolls back when it throws.
  // Busy/serialization failures are retried a few times before the error reaches the caller.
  template <class F>
  auto write(F&& f) -> decltype(f(std::declval<Connection&>())) {
    using R = decltype(f(std::declval<Connection&>()));
    if constexpr (std::is_void_v<R>) {
      run_write([&](Connection& c) { f(c); });
    } else {
      std::optional<R> out;
      run_write([&](Connection& c) { out.emplace(f(c)); });
      return std::move(*out);
    }
  }

  // Runs f on a connection for reading (no explicit transaction).
  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<Connection&>())) {
    using R = decltype(f(std::declval<Connection&>()));
    if constexpr (std::is_void_v<R>) {
      run_read([&](Connection& c) { f(c); });
    } else {
      std::optional<R> out;
      run_read([&](Connection& c) { out.emplace(f(c)); });
      return std::move(*out);
    }
  }

  // True when a trivial query succeeds (used by /readyz).
  virtual bool ping() noexcept = 0;

 protected:
  virtual void run_write(const std::function<void(Connection&)>& f) = 0;
  virtual void run_read(const std::function<void(Connection&)>& f) = 0;
};

}  // namespace motcua::storage
