// Backend-independent pieces: URL dispatch, in-memory SQLite, Row and Result accessors.
#include <gtest/gtest.h>

#include "storage/db.h"
#include "storage_fixture.h"

namespace motcua::storage::testing {
namespace {

TEST(DbOpen, UnknownSchemeFailsWithoutEchoingTheUrl) {
  try {
    Db::open("mysql://user:secret@host/db");
    FAIL() << "expected DbError";
  } catch (const DbError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'mysql'"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("secret"), std::string::npos) << msg;
  }
}

TEST(DbOpen, InMemorySqliteSharesDataBetweenWriteAndRead) {
  auto db = Db::open("sqlite::memory:");
  EXPECT_EQ(db->dialect(), Dialect::sqlite);
  db->write([](Connection& c) { c.exec_script("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (42);"); });
  EXPECT_EQ(db->read([](Connection& c) { return c.exec("SELECT x FROM t").one().i64(0); }), 42);
  EXPECT_TRUE(db->ping());
}

TEST(DbOpen, SqliteReadersRefuseWrites) {
  // Writes must go through write(), which holds the single writer; a reader connection rejects them.
  const auto dir = std::filesystem::temp_directory_path() / ("motcua-open-" + random_suffix());
  {
    auto db = Db::open("sqlite://" + (dir / "x.db").string());
    db->write([](Connection& c) { c.exec("CREATE TABLE t (x BIGINT)"); });
    EXPECT_THROW(db->read([](Connection& c) { c.exec("INSERT INTO t VALUES (1)"); }), DbError);
  }
  std::filesystem::remove_all(dir);
}

TEST(RowAccess, ConversionsAndErrors) {
  const Row r({nullptr, std::int64_t{42}, 2.5, std::string("17"), std::string("abc"), 3.0});
  EXPECT_TRUE(r.is_null(0));
  EXPECT_EQ(r.str(1), "42");
  EXPECT_EQ(r.f64(1), 42.0);
  EXPECT_EQ(r.str(2), "2.5");
  EXPECT_EQ(r.i64(3), 17);
  EXPECT_EQ(r.i64(5), 3);
  EXPECT_THROW(r.i64(0), DbError);
  EXPECT_THROW(r.str(0), DbError);
  EXPECT_THROW(r.i64(2), DbError);  // not a whole number
  EXPECT_THROW(r.i64(4), DbError);
  EXPECT_THROW(r.at(6), DbError);
}

TEST(ResultAccess, OneRequiresExactlyOneRow) {
  Result r;
  EXPECT_THROW(r.one(), DbError);
  EXPECT_EQ(r.first(), nullptr);
  r.rows.emplace_back(std::vector<Value>{std::int64_t{1}});
  EXPECT_EQ(r.one().i64(0), 1);
  r.rows.emplace_back(std::vector<Value>{std::int64_t{2}});
  EXPECT_THROW(r.one(), DbError);
}

}  // namespace
}  // namespace motcua::storage::testing
