#include "storage/migrations.h"

#include <thread>

#include "storage_fixture.h"

namespace motcua::storage::testing {
namespace {

std::int64_t recorded_version(Db& db) {
  return db.read([](Connection& c) {
    return c.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").one().i64(0);
  });
}

const std::vector<Migration> kTwo = {
    {1, "0001_people", "CREATE TABLE people (id BIGINT PRIMARY KEY, name TEXT NOT NULL);"},
    // Depends on 0001, so it only works when applied after it.
    {2, "0002_seed", "INSERT INTO people (id, name) VALUES (1, 'Nguyễn Thị Hằng');\nCREATE TABLE notes (x TEXT);"},
};

TEST_F(StorageTest, EmbeddedMigrationsApplyOnceOnAFreshDatabase) {
  const auto& embedded = pg() ? embedded_migrations_postgres() : embedded_migrations_sqlite();
  const MigrationReport first = migrate(*db);
  EXPECT_EQ(first.applied.size(), embedded.size());
  EXPECT_EQ(first.current_version, embedded.empty() ? 0 : embedded.back().version);
  EXPECT_EQ(recorded_version(*db), first.current_version);  // schema_migrations exists even with no migrations

  const MigrationReport second = migrate(*db);
  EXPECT_TRUE(second.applied.empty());
  EXPECT_EQ(second.current_version, first.current_version);
}

TEST_F(StorageTest, MigrationsApplyInOrderAndOnlyNewOnes) {
  const MigrationReport first = migrate(*db, kTwo);
  EXPECT_EQ(first.applied, (std::vector<std::string>{"0001_people", "0002_seed"}));
  EXPECT_EQ(first.current_version, 2);
  EXPECT_EQ(db->read([](Connection& c) { return c.exec("SELECT name FROM people").one().str(0); }), "Nguyễn Thị Hằng");

  auto three = kTwo;
  three.push_back({3, "0003_more", "ALTER TABLE people ADD COLUMN phone TEXT;"});
  const MigrationReport second = migrate(*db, three);
  EXPECT_EQ(second.applied, (std::vector<std::string>{"0003_more"}));
  EXPECT_EQ(second.current_version, 3);
  EXPECT_EQ(recorded_version(*db), 3);
}

TEST_F(StorageTest, MigrationListOutOfOrderIsRejectedBeforeAnythingRuns) {
  const std::vector<Migration> swapped = {kTwo[1], kTwo[0]};
  EXPECT_THROW(migrate(*db, swapped), DbError);
  const std::vector<Migration> duplicate = {kTwo[0], {1, "0001_again", "SELECT 1;"}};
  EXPECT_THROW(migrate(*db, duplicate), DbError);
  EXPECT_THROW(db->read([](Connection& c) { c.exec("SELECT COUNT(*) FROM people"); }), DbError);
}

TEST_F(StorageTest, MigrationAddedBelowTheCurrentVersionIsRejected) {
  const std::vector<Migration> gap = {kTwo[0], {3, "0003_x", "CREATE TABLE x (a BIGINT);"}};
  migrate(*db, gap);
  const std::vector<Migration> filled = {kTwo[0], kTwo[1], gap[1]};  // 0002 appeared after 0003 was applied
  EXPECT_THROW(migrate(*db, filled), DbError);
}

TEST_F(StorageTest, FailedMigrationLeavesNothingHalfApplied) {
  auto broken = kTwo;
  broken.push_back({3, "0003_broken", "CREATE TABLE half (a BIGINT);\nINSERT INTO no_such_table VALUES (1);"});
  try {
    migrate(*db, broken);
    ADD_FAILURE() << "expected the broken migration to throw";
  } catch (const DbError& e) {
    EXPECT_NE(std::string(e.what()).find("0003_broken"), std::string::npos) << e.what();
  }
  EXPECT_EQ(recorded_version(*db), 2);
  EXPECT_THROW(db->read([](Connection& c) { c.exec("SELECT COUNT(*) FROM half"); }), DbError);
}

TEST_F(StorageTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::vector<Migration> many;
  for (int v = 1; v <= 10; ++v) {
    many.push_back({v, "m" + std::to_string(v), "CREATE TABLE m" + std::to_string(v) + " (a BIGINT);"});
  }
  auto other = open_again();
  MigrationReport a, b;
  std::thread t([&] { a = migrate(*other, many); });
  b = migrate(*db, many);
  t.join();
  EXPECT_EQ(a.applied.size() + b.applied.size(), many.size());
  EXPECT_EQ(a.current_version, 10);
  EXPECT_EQ(b.current_version, 10);
  EXPECT_EQ(db->read([](Connection& c) { return c.exec("SELECT COUNT(*) FROM schema_migrations").one().i64(0); }), 10);
}

}  // namespace
}  // namespace motcua::storage::testing
