// The Db contract as repositories rely on it, run unchanged on SQLite and PostgreSQL.
#include <atomic>
#include <cstdint>
#include <limits>
#include <set>
#include <thread>

#include "storage_fixture.h"

namespace motcua::storage::testing {
namespace {

using Kind = DbError::Kind;

// Runs f and returns the kind of the DbError it throws; fails the test when it throws nothing.
template <class F>
std::optional<Kind> error_kind(F&& f) {
  try {
    f();
  } catch (const DbError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "expected a DbError";
  return std::nullopt;
}

TEST_F(StorageTest, PlaceholdersBindByNumberNotByPosition) {
  create("CREATE TABLE p (a TEXT, b BIGINT, c TEXT)");
  db->write([](Connection& c) {
    // $2 appears first and $1 twice: SQLite would number these by appearance if bound by index.
    EXPECT_EQ(c.exec("INSERT INTO p (b, a, c) VALUES ($2, $1, $1)", {std::string("x"), std::int64_t{7}}).affected, 1);
  });
  const Row row = db->read([](Connection& c) {
    return c.exec("SELECT a, b, c FROM p WHERE b = $2 AND a = $1 AND c = $1", {std::string("x"), std::int64_t{7}}).one();
  });
  EXPECT_EQ(row.str(0), "x");
  EXPECT_EQ(row.i64(1), 7);
  EXPECT_EQ(row.str(2), "x");
}

TEST_F(StorageTest, MissingOrUnusedParameterIsAnError) {
  create("CREATE TABLE p (a BIGINT, b BIGINT)");
  db->read([](Connection& c) {
    EXPECT_THROW(c.exec("SELECT a FROM p WHERE a = $1 AND b = $2", {std::int64_t{1}}), DbError);
    EXPECT_THROW(c.exec("SELECT a FROM p WHERE a = $1", {std::int64_t{1}, std::int64_t{2}}), DbError);
  });
}

TEST_F(StorageTest, ValuesRoundTripExactly) {
  create("CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT)");
  const std::string vn = "Nguyễn Thị Hằng, Đắk Lắk — ỦY BAN NHÂN DÂN; 'quotes' \"and\" \\ backslash";
  const std::vector<std::vector<Value>> rows = {
      {std::int64_t{1}, std::numeric_limits<std::int64_t>::min(), 0.1, vn},
      {std::int64_t{2}, std::numeric_limits<std::int64_t>::max(), -2.5e-300, std::string()},
      {std::int64_t{3}, std::int64_t{0}, 1.7976931348623157e308, std::string("0042")},
      {std::int64_t{4}, std::int64_t{-1}, 3.141592653589793, std::string("Đ")},
      {std::int64_t{5}, nullptr, nullptr, nullptr},
  };
  db->write([&](Connection& c) {
    for (const auto& r : rows) c.exec("INSERT INTO v (k, i, d, s) VALUES ($1, $2, $3, $4)", std::span<const Value>(r));
  });
  const Result got = db->read([](Connection& c) { return c.exec("SELECT k, i, d, s FROM v ORDER BY k"); });
  ASSERT_EQ(got.rows.size(), rows.size());
  EXPECT_EQ(got.columns, (std::vector<std::string>{"k", "i", "d", "s"}));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(got.rows[r].at(c), rows[r][c]) << "row " << r << " column " << c;
  }
  const Row& nulls = got.rows[4];
  EXPECT_TRUE(nulls.is_null(1));
  EXPECT_EQ(nulls.opt_i64(1), std::nullopt);
  EXPECT_EQ(nulls.opt_str(3), std::nullopt);
  EXPECT_THROW(nulls.i64(1), DbError);
  EXPECT_EQ(got.rows[1].opt_str(3), std::string());  // empty text is not NULL
  EXPECT_EQ(got.rows[2].str(3), "0042");             // numeric-looking text stays text
}

TEST_F(StorageTest, NullParameterMatchesIsNull) {
  create("CREATE TABLE n (a BIGINT, b TEXT)");
  db->write([](Connection& c) { c.exec("INSERT INTO n (a, b) VALUES ($1, $2)", {nullptr, std::string("x")}); });
  EXPECT_EQ(db->read([](Connection& c) { return c.exec("SELECT b FROM n WHERE a IS NULL").one().str(0); }), "x");
}

TEST_F(StorageTest, ReturningGivesGeneratedKeysAndChangedRows) {
  create("CREATE TABLE r (id " + id_column() + ", name TEXT NOT NULL)");
  const auto [first, second] = db->write([](Connection& c) {
    const Result a = c.exec("INSERT INTO r (name) VALUES ($1) RETURNING id, name", {std::string("Hằng")});
    EXPECT_EQ(a.affected, 1);
    EXPECT_EQ(a.one().str(1), "Hằng");
    const Result b = c.exec("INSERT INTO r (name) VALUES ($1) RETURNING id", {std::string("Lắk")});
    return std::pair{a.one().i64(0), b.one().i64(0)};
  });
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  db->write([&](Connection& c) {
    const Result u = c.exec("UPDATE r SET name = name || $1 RETURNING id", {std::string("!")});
    EXPECT_EQ(u.rows.size(), 2u);
    EXPECT_EQ(u.affected, 2);
    const Result d = c.exec("DELETE FROM r WHERE id = $1 RETURNING name", {second});
    EXPECT_EQ(d.one().str(0), "Lắk!");
    EXPECT_EQ(d.affected, 1);
    EXPECT_EQ(c.exec("DELETE FROM r WHERE id = $1", {second}).affected, 0);
  });
}

TEST_F(StorageTest, OnConflictDoUpdate) {
  create("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  auto add = [&](std::int64_t n) {
    return db->write([&](Connection& c) {
      return c
          .exec("INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = kv.v + excluded.v RETURNING v",
                {std::string("đếm"), n})
          .one()
          .i64(0);
    });
  };
  EXPECT_EQ(add(5), 5);
  EXPECT_EQ(add(3), 8);
  EXPECT_EQ(count("kv"), 1);
}

TEST_F(StorageTest, ConstraintViolationsHaveTheirKind) {
  create("CREATE TABLE parent (id BIGINT PRIMARY KEY, code TEXT UNIQUE)");
  create("CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parent (id))");
  db->write([](Connection& c) { c.exec("INSERT INTO parent (id, code) VALUES (1, 'a')"); });
  auto insert = [&](const char* sql) { return error_kind([&] { db->write([&](Connection& c) { c.exec(sql); }); }); };
  EXPECT_EQ(insert("INSERT INTO parent (id, code) VALUES (1, 'b')"), Kind::unique_violation);  // primary key
  EXPECT_EQ(insert("INSERT INTO parent (id, code) VALUES (2, 'a')"), Kind::unique_violation);  // UNIQUE
  EXPECT_EQ(insert("INSERT INTO child (id, parent_id) VALUES (1, 99)"), Kind::constraint);     // foreign key
  EXPECT_EQ(insert("INSERT INTO child (id, parent_id) VALUES (1, NULL)"), Kind::constraint);   // NOT NULL
  EXPECT_EQ(insert("SELECT * FROM no_such_table"), Kind::other);
  EXPECT_EQ(count("parent"), 1);
  EXPECT_EQ(count("child"), 0);
}

TEST_F(StorageTest, ExceptionInsideWriteRollsBackEverything) {
  create("CREATE TABLE t (id BIGINT PRIMARY KEY, s TEXT)");
  EXPECT_THROW(db->write([](Connection& c) {
    c.exec("INSERT INTO t (id, s) VALUES (1, 'a')");
    c.exec("INSERT INTO t (id, s) VALUES (2, 'b')");
    throw std::runtime_error("handler failed half-way");
  }),
               std::runtime_error);
  EXPECT_EQ(count("t"), 0);

  // A database error half-way rolls back the earlier statements too.
  EXPECT_EQ(error_kind([&] {
              db->write([](Connection& c) {
                c.exec("INSERT INTO t (id, s) VALUES (3, 'c')");
                c.exec("INSERT INTO t (id, s) VALUES (3, 'duplicate')");
              });
            }),
            Kind::unique_violation);
  EXPECT_EQ(count("t"), 0);

  // The connection is usable afterwards and a normal write commits.
  EXPECT_EQ(db->write([](Connection& c) { return c.exec("INSERT INTO t (id, s) VALUES (4, 'd')").affected; }), 1);
  EXPECT_EQ(count("t"), 1);
}

TEST_F(StorageTest, WriteCannotCommitAfterSwallowedError) {
  // PostgreSQL aborts the whole transaction on any error; SQLite undoes only the statement. Either way a
  // handler that swallows the error must not half-commit on PostgreSQL.
  create("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  auto attempt = [&] {
    db->write([](Connection& c) {
      c.exec("INSERT INTO t (id) VALUES (1)");
      try {
        c.exec("INSERT INTO t (id) VALUES (1)");
      } catch (const DbError&) {
      }
    });
  };
  if (pg()) {
    EXPECT_THROW(attempt(), DbError);
    EXPECT_EQ(count("t"), 0);
  } else {
    attempt();
    EXPECT_EQ(count("t"), 1);
  }
}

TEST_F(StorageTest, ConcurrentWritersLoseNothing) {
  create("CREATE TABLE items (thread BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (thread, n))");
  create("CREATE TABLE totals (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
  db->write([](Connection& c) { c.exec("INSERT INTO totals (id, n) VALUES (1, 0)"); });
  constexpr int kThreads = 8, kRows = 200;
  std::atomic<bool> done{false};
  std::atomic<int> inconsistent{0};
  // A reader must never see an item without its counter increment (both are in one transaction).
  std::thread reader([&] {
    while (!done) {
      const Row r = db->read([](Connection& c) {
        return c.exec("SELECT (SELECT COUNT(*) FROM items), (SELECT n FROM totals WHERE id = 1)").one();
      });
      if (r.i64(0) != r.i64(1)) ++inconsistent;
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kRows; ++i) {
        db->write([&](Connection& c) {
          c.exec("INSERT INTO items (thread, n) VALUES ($1, $2)", {std::int64_t{t}, std::int64_t{i}});
          c.exec("UPDATE totals SET n = n + 1 WHERE id = 1");
        });
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  EXPECT_EQ(count("items"), kThreads * kRows);
  EXPECT_EQ(db->read([](Connection& c) { return c.exec("SELECT n FROM totals").one().i64(0); }), kThreads * kRows);
  EXPECT_EQ(inconsistent, 0);
}

TEST_F(StorageTest, TwoDbsOnOneDatabaseSeeEachOthersCommits) {
  create("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  auto other = open_again({.pool_size = 2});
  other->write([](Connection& c) { c.exec("INSERT INTO t (id) VALUES (1)"); });
  EXPECT_EQ(count("t"), 1);
}

TEST_F(StorageTest, ExecScriptRunsSeveralStatements) {
  db->write([](Connection& c) {
    c.exec_script("CREATE TABLE a (x BIGINT); CREATE TABLE b (y BIGINT);\nINSERT INTO a (x) VALUES (1);");
  });
  EXPECT_EQ(count("a"), 1);
  EXPECT_EQ(count("b"), 0);
}

TEST_F(StorageTest, PingAndDialect) {
  EXPECT_TRUE(db->ping());
  EXPECT_EQ(db->dialect(), backend_name() == "postgres" ? Dialect::postgres : Dialect::sqlite);
  db->read([&](Connection& c) { EXPECT_EQ(c.dialect(), db->dialect()); });
}

TEST_F(StorageTest, LostPostgresConnectionIsReportedThenReplaced) {
  if (!pg()) GTEST_SKIP() << "PostgreSQL only: SQLite has no server connection to lose";
  auto one = open_again({.pool_size = 1});
  const auto pid = one->read([](Connection& c) { return c.exec("SELECT pg_backend_pid()").one().i64(0); });
  db->read([&](Connection& c) { c.exec("SELECT pg_terminate_backend($1)", {pid}); });
  EXPECT_EQ(error_kind([&] { one->read([](Connection& c) { c.exec("SELECT 1"); }); }), Kind::connection);
  EXPECT_TRUE(one->ping());  // the dead connection left the pool; a new one was opened
}

TEST_F(StorageTest, AggregatesReadAsIntegers) {
  // PostgreSQL returns SUM(bigint) as numeric; callers still read it with i64().
  create("CREATE TABLE t (x BIGINT)");
  db->write([](Connection& c) { c.exec("INSERT INTO t (x) VALUES (2), (40)"); });
  const Row r = db->read([](Connection& c) { return c.exec("SELECT SUM(x), COUNT(*), MAX(x) FROM t").one(); });
  EXPECT_EQ(r.i64(0), 42);
  EXPECT_EQ(r.i64(1), 2);
  EXPECT_EQ(r.i64(2), 40);
}

}  // namespace
}  // namespace motcua::storage::testing
