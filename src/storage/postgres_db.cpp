#include "storage/postgres_db.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>
#include <unordered_map>

namespace motcua::storage {

namespace {

constexpr int kWriteAttempts = 5;
constexpr std::size_t kMaxPrepared = 256;  // beyond this, statements run unnamed (PQexecParams)

// Type oids from catalog/pg_type.h (a server header, not shipped with libpq-dev).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

struct FinishConn {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
struct ClearResult {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ClearResult>;

struct SvHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

std::string excerpt(std::string_view sql) {
  return std::string(sql.substr(0, 200)) + (sql.size() > 200 ? "..." : "");
}

std::string trimmed(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

DbError pg_error(PGconn* conn, const PGresult* res, std::string_view sql) {
  const std::string state = res && PQresultErrorField(res, PG_DIAG_SQLSTATE) ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "";
  DbError::Kind kind = DbError::Kind::other;
  if (PQstatus(conn) == CONNECTION_BAD || !res) {
    kind = DbError::Kind::connection;
  } else if (state == "23505") {
    kind = DbError::Kind::unique_violation;
  } else if (state.starts_with("23")) {
    kind = DbError::Kind::constraint;
  } else if (state == "40001" || state == "40P01") {
    kind = DbError::Kind::busy;
  }
  const std::string msg = trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  return DbError(kind, "postgres: " + msg + (state.empty() ? "" : " [" + state + "]") + " (in: " + excerpt(sql) + ")");
}

std::optional<std::int64_t> whole_number(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

Value column_value(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return nullptr;
  const std::string_view text(PQgetvalue(res, row, col), static_cast<std::size_t>(PQgetlength(res, row, col)));
  switch (PQftype(res, col)) {
    case kInt2: case kInt4: case kInt8: case kOid:
      if (auto n = whole_number(text)) return *n;
      break;
    case kNumeric:  // whole numerics (e.g. SUM of bigint) stay integers, as they are on SQLite
      if (auto n = whole_number(text)) return *n;
      [[fallthrough]];
    case kFloat4: case kFloat8: {
      double d = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec == std::errc() && end == text.data() + text.size()) return d;
      break;
    }
    case kBool: return std::int64_t{text == "t" ? 1 : 0};
    default: break;
  }
  return std::string(text);
}

}  // namespace

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (!conn_) throw DbError(DbError::Kind::connection, "postgres: out of memory");
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      throw DbError(DbError::Kind::connection, "postgres: cannot connect: " + trimmed(PQerrorMessage(conn_.get())));
    }
    // NOTICEs ("relation ... already exists, skipping") are not errors; libpq would print them to stderr.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
    exec_script("SET client_encoding TO 'UTF8'; SET TimeZone TO 'UTC'");
  }

  Dialect dialect() const override { return Dialect::postgres; }

  // Parameters go as text with unspecified types, so the server infers each from its use.
  Result exec(std::string_view sql, std::span<const Value> params) override {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
        continue;
      }
      char buf[32];
      std::to_chars_result r{buf, {}};
      if (auto* n = std::get_if<std::int64_t>(&params[i])) r = std::to_chars(buf, buf + sizeof buf, *n);
      else if (auto* d = std::get_if<double>(&params[i])) r = std::to_chars(buf, buf + sizeof buf, *d);
      else continue;  // null stays nullptr
      texts[i].assign(buf, r.ptr);
      values[i] = texts[i].c_str();
    }
    const int n = static_cast<int>(params.size());
    const std::string* name = prepared_name(sql);
    ResultPtr res(name ? PQexecPrepared(conn_.get(), name->c_str(), n, values.data(), nullptr, nullptr, 0)
                       : PQexecParams(conn_.get(), std::string(sql).c_str(), n, nullptr, values.data(), nullptr,
                                      nullptr, 0));
    check(res.get(), sql);

    Result r;
    const int ncol = PQnfields(res.get());
    for (int c = 0; c < ncol; ++c) r.columns.emplace_back(PQfname(res.get(), c));
    const int nrow = PQntuples(res.get());
    r.rows.reserve(static_cast<std::size_t>(nrow));
    for (int row = 0; row < nrow; ++row) {
      std::vector<Value> v;
      v.reserve(static_cast<std::size_t>(ncol));
      for (int c = 0; c < ncol; ++c) v.push_back(column_value(res.get(), row, c));
      r.rows.emplace_back(std::move(v));
    }
    const std::string_view tag = PQcmdStatus(res.get());
    if (tag.starts_with("INSERT") || tag.starts_with("UPDATE") || tag.starts_with("DELETE") || tag.starts_with("MERGE")) {
      r.affected = whole_number(PQcmdTuples(res.get())).value_or(0);
    }
    return r;
  }

  void exec_script(std::string_view sql) override {
    ResultPtr res(PQexec(conn_.get(), std::string(sql).c_str()));
    check(res.get(), sql);
  }

  void begin_write() override { exec_script("BEGIN"); }

  void commit() override {
    ResultPtr res(PQexec(conn_.get(), "COMMIT"));
    check(res.get(), "COMMIT");
    // COMMIT of a transaction that already failed succeeds with the tag ROLLBACK; that is not a commit.
    if (std::string_view(PQcmdStatus(res.get())) != "COMMIT") {
      throw DbError(DbError::Kind::other, "postgres: transaction was rolled back after an earlier error");
    }
  }

  void rollback() noexcept override {
    const auto s = PQtransactionStatus(conn_.get());
    if (s == PQTRANS_INTRANS || s == PQTRANS_INERROR) PQclear(PQexec(conn_.get(), "ROLLBACK"));
  }

  // True when the connection can go back to the pool: alive and outside any transaction.
  bool reusable() const { return PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }

 private:
  void check(const PGresult* res, std::string_view sql) {
    const auto st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) throw pg_error(conn_.get(), res, sql);
  }

  // Prepares sql once per connection; nullptr when the cache is full.
  const std::string* prepared_name(std::string_view sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return &it->second;
    if (prepared_.size() >= kMaxPrepared) return nullptr;
    std::string name = "motcua_" + std::to_string(prepared_.size() + 1);
    ResultPtr res(PQprepare(conn_.get(), name.c_str(), std::string(sql).c_str(), 0, nullptr));
    check(res.get(), sql);
    return &prepared_.emplace(std::string(sql), std::move(name)).first->second;
  }

  std::unique_ptr<PGconn, FinishConn> conn_;
  std::unordered_map<std::string, std::string, SvHash, std::equal_to<>> prepared_;  // SQL text -> statement name
};

// A pooled connection for one call; returned (or dropped when broken) on destruction.
class PgDb::Lease {
 public:
  explicit Lease(PgDb& db) : db_(db), conn_(db.acquire()) {}
  ~Lease() { db_.release(std::move(conn_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  PgConnection& operator*() const { return *conn_; }
  PgConnection* operator->() const { return conn_.get(); }

 private:
  PgDb& db_;
  std::unique_ptr<PgConnection> conn_;
};

PgDb::PgDb(std::string url, const DbOptions& options) : url_(std::move(url)), pool_size_(std::max(1, options.pool_size)) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url_.c_str(), &err);
  if (!opts) {
    const std::string msg = trimmed(err ? err : "out of memory");
    PQfreemem(err);
    throw DbError(DbError::Kind::other, "postgres: invalid URL: " + msg);
  }
  PQconninfoFree(opts);
  idle_.reserve(static_cast<std::size_t>(pool_size_));  // release() must not allocate
}

PgDb::~PgDb() = default;

std::unique_ptr<PgConnection> PgDb::acquire() {
  {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < pool_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserve the slot, then connect without holding the lock
  }
  try {
    return std::make_unique<PgConnection>(url_);
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    cv_.notify_one();
    throw;
  }
}

void PgDb::release(std::unique_ptr<PgConnection> conn) noexcept {
  if (conn) conn->rollback();  // a read() that left a transaction open must not leak it to the next user
  {
    std::lock_guard lock(mutex_);
    if (conn && conn->reusable()) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;  // a lost connection is dropped; the next acquire opens a fresh one
    }
  }
  cv_.notify_one();
}

void PgDb::run_write(const std::function<void(Connection&)>& f) {
  for (int attempt = 1;; ++attempt) {
    Lease conn(*this);
    try {
      conn->begin_write();
      f(*conn);
      conn->commit();
      return;
    } catch (const DbError& e) {
      conn->rollback();
      if (e.kind() != DbError::Kind::busy || attempt >= kWriteAttempts) throw;
    } catch (...) {
      conn->rollback();
      throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
  }
}

void PgDb::run_read(const std::function<void(Connection&)>& f) {
  Lease conn(*this);
  f(*conn);
}

bool PgDb::ping() noexcept {
  try {
    return read([](Connection& c) { return c.exec("SELECT 1").one().i64(0) == 1; });
  } catch (...) {
    return false;
  }
}

}  // namespace motcua::storage
