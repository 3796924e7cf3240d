// Row accessors and the URL dispatch of Db::open.
#include "storage/db.h"

#include <charconv>
#include <cmath>

#include "storage/postgres_db.h"
#include "storage/sqlite_db.h"

namespace motcua::storage {

namespace {

std::optional<std::int64_t> parse_i64(const std::string& s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string format_double(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that reads back exactly
  return std::string(buf, end);
}

DbError type_error(std::size_t i, const char* want) {
  return DbError(DbError::Kind::other, "column " + std::to_string(i) + " is not " + want);
}

}  // namespace

const Value& Row::at(std::size_t i) const {
  if (i >= values_.size()) {
    throw DbError(DbError::Kind::other,
                  "column " + std::to_string(i) + " out of range (row has " + std::to_string(values_.size()) + ")");
  }
  return values_[i];
}

bool Row::is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(at(i)); }

std::int64_t Row::i64(std::size_t i) const {
  const Value& v = at(i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) {
    // PostgreSQL SUM()/AVG() over integers may arrive as a whole double; accept it only when exact.
    if (std::trunc(*d) == *d && std::abs(*d) < 9.2e18) return static_cast<std::int64_t>(*d);
    throw type_error(i, "a whole number");
  }
  if (auto* s = std::get_if<std::string>(&v)) {
    if (auto n = parse_i64(*s)) return *n;
  }
  throw type_error(i, "an integer");
}

double Row::f64(std::size_t i) const {
  const Value& v = at(i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* s = std::get_if<std::string>(&v)) {
    double d = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), d);
    if (ec == std::errc() && end == s->data() + s->size()) return d;
  }
  throw type_error(i, "a number");
}

std::string Row::str(std::size_t i) const {
  const Value& v = at(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return format_double(*d);
  throw type_error(i, "text (it is null)");
}

std::optional<std::string> Row::opt_str(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

const Row& Result::one() const {
  if (rows.size() != 1) {
    throw DbError(DbError::Kind::other, "expected exactly one row, got " + std::to_string(rows.size()));
  }
  return rows.front();
}

std::unique_ptr<Db> Db::open(const std::string& url, const DbOptions& options) {
  std::string_view u = url;
  if (u == "sqlite::memory:") return std::make_unique<SqliteDb>(":memory:", options);
  if (u.starts_with("sqlite://")) {
    std::string path(u.substr(9));  // "sqlite:///abs" leaves "/abs"; "sqlite://rel" leaves "rel"
    if (path.empty()) throw DbError(DbError::Kind::other, "sqlite URL has no file path: " + url);
    return std::make_unique<SqliteDb>(path, options);
  }
  if (u.starts_with("postgresql://") || u.starts_with("postgres://")) return std::make_unique<PgDb>(url, options);
  // Only the scheme goes into the message: the rest of a URL may hold a password.
  auto scheme = u.substr(0, u.find(':'));
  throw DbError(DbError::Kind::other,
                "unsupported database URL scheme '" + std::string(scheme) +
                    "': use sqlite:///abs/path.db, sqlite://relative/path.db, sqlite::memory: or postgresql://...");
}

}  // namespace motcua::storage
