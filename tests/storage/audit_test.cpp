// The audit trail on both backends: rows chain, updates and deletes are refused, and tampering by
// someone who bypasses the guard (a DBA with direct access) is found at the exact row.
#include "storage/audit_repo.h"

#include "storage/migrations.h"
#include "storage_fixture.h"

namespace motcua::storage::testing {
namespace {

class AuditTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    migrate(*db);
  }
  void append(int n) {
    for (int i = 0; i < n; ++i) {
      db->write([&](Connection& c) {
        AuditEntry e;
        e.actor_id = 1;
        e.actor_role = "system_admin";
        e.agency_id = std::nullopt;
        e.action = "agency.update";
        e.target = "agency:" + std::to_string(i);
        e.summary = R"({"name":["UBND xã A","UBND xã Chiềng An"]})";
        e.request_id = "req" + std::to_string(i);
        e.at_ms = 1763900000000 + i;
        append_audit(c, e);
      });
    }
  }
  // Simulates a direct edit that bypasses the append-only guard.
  void tamper(const std::string& sql) {
    db->write([&](Connection& c) {
      if (pg()) {
        c.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
        c.exec(sql);
        c.exec("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change");
      } else {
        c.exec("DROP TRIGGER audit_log_no_update");
        c.exec("DROP TRIGGER audit_log_no_delete");
        c.exec(sql);
      }
    });
  }
};

TEST_F(AuditTest, AnIntactChainVerifies) {
  append(25);
  const auto r = verify_audit(*db);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.rows_checked, 25);
}

TEST_F(AuditTest, UpdatesAndDeletesAreRefused) {
  append(3);
  EXPECT_THROW(db->write([](Connection& c) { c.exec("UPDATE audit_log SET summary = 'x' WHERE id = 2"); }),
               DbError);
  EXPECT_THROW(db->write([](Connection& c) { c.exec("DELETE FROM audit_log WHERE id = 3"); }), DbError);
  EXPECT_TRUE(verify_audit(*db).ok);
}

TEST_F(AuditTest, AnEditedRowIsReportedAtThatRow) {
  append(10);
  tamper("UPDATE audit_log SET summary = '{\"name\":\"forged\"}' WHERE id = 6");
  const auto r = verify_audit(*db);
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.first_bad_id);
  EXPECT_EQ(*r.first_bad_id, 6);
}

TEST_F(AuditTest, ADeletedRowBreaksTheChainWhereItWas) {
  append(10);
  tamper("DELETE FROM audit_log WHERE id = 4");
  const auto r = verify_audit(*db);
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.first_bad_id);
  EXPECT_EQ(*r.first_bad_id, 5);
}

TEST_F(AuditTest, ARecomputedHashStillBreaksTheNextLink) {
  append(5);
  // A forger who rewrites row 2 and its hash still leaves row 3's prev_hash pointing at the old one.
  tamper("UPDATE audit_log SET hash = '" + std::string(64, 'f') + "' WHERE id = 2");
  const auto r = verify_audit(*db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(*r.first_bad_id, 2);
}

TEST_F(AuditTest, ConcurrentAppendsKeepOneChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([this] {
      auto other = open_again();
      for (int i = 0; i < 25; ++i)
        other->write([&](Connection& c) {
          AuditEntry e;
          e.actor_role = "system";
          e.action = "test.concurrent";
          e.target = "x";
          e.summary = "{}";
          e.request_id = "r";
          e.at_ms = 1;
          append_audit(c, e);
        });
    });
  for (auto& th : threads) th.join();
  const auto r = verify_audit(*db);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.rows_checked, 100);
}

}  // namespace
}  // namespace motcua::storage::testing
