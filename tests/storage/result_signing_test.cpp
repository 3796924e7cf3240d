// Signed e-results on both backends (NĐ 45/2020 Điều 14; TT 01/2023 QR lookup): the agencies' keys (one
// active at a time, rotation, revocation, each audited), signing inside the caller's transaction, and the
// verdicts of app::verify_result, including a record altered in the database after issue.
#include <filesystem>
#include <thread>

#include "app/agency_keys.h"
#include "app/result_verification.h"
#include "http/api_error.h"
#include "storage/agency_key_repo.h"
#include "storage/agency_repo.h"
#include "storage/audit_repo.h"
#include "storage/dossier_repo.h"
#include "storage/migrations.h"
#include "storage/result_repo.h"
#include "storage_fixture.h"

namespace motcua::storage {
namespace {

namespace fs = std::filesystem;
using domain::Verdict;

class ResultSigningTest : public testing::StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    migrate(*db);
    keys_dir = fs::temp_directory_path() / ("motcua-signing-" + testing::random_suffix());
    keys = std::make_unique<app::AgencyKeys>(*db, app::KeyFiles(keys_dir, std::nullopt), [this] { return now; });
    agency = db->write([&](Connection& tx) {
      AgencyFields f;
      f.kind = "ubnd_xa";
      f.name = "UBND phường Tô Hiệu";
      f.qcvn102_code = "000.00.61.H52";
      return create_agency(tx, f, 0);
    });
    db->write([&](Connection& tx) {
      tx.exec("INSERT INTO procedures (code, created_ms, updated_ms) VALUES ('1.004194', 0, 0)");
    });
  }
  void TearDown() override {
    keys.reset();
    fs::remove_all(keys_dir);
    StorageTest::TearDown();
  }

  // A received dossier with one result (with or without a file), signed in the same transaction.
  std::string issue(std::optional<std::string> sha256, std::int64_t* result_id = nullptr) {
    return db->write([&](Connection& tx) {
      auto d = testing::completed_dossier(agency, "1.004194", "one-step");
      d.code = "000.01.61.H52-261123-" + testing::random_suffix().substr(0, 4);
      insert_dossier(tx, d, now);
      const auto rid = insert_result(tx, d.id, "Xác nhận tạm trú số 12/XN", sha256, std::nullopt, now);
      if (result_id) *result_id = rid;
      return keys->sign_result(tx, rid, agency, who());
    });
  }
  static AuditEntry who() {
    AuditEntry e;
    e.actor_role = "specialist";
    e.request_id = "test";
    return e;
  }
  std::int64_t audits(const std::string& action) {
    return db->read([&](Connection& c) {
      return c.exec("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action}).one().i64(0);
    });
  }

  fs::path keys_dir;
  std::unique_ptr<app::AgencyKeys> keys;
  std::int64_t agency = 0;
  std::int64_t now = 1795400100000;
  const std::string sha = std::string(64, 'a');
};

TEST_F(ResultSigningTest, FirstSigningMakesTheKeyAndTheResultVerifies) {
  const auto code = issue(sha);
  const auto k = db->read([&](Connection& c) { return active_key(c, agency); });
  ASSERT_TRUE(k);
  EXPECT_EQ(k->agency_code, "000.00.61.H52");
  EXPECT_EQ(audits("agency_key.create"), 1);
  EXPECT_TRUE(fs::exists(keys_dir / (k->key_id + ".key")));
  const auto v = app::verify_result(*db, code);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->verdict, Verdict::valid);
  EXPECT_EQ(v->result.key_id, k->key_id);
  EXPECT_EQ(v->result.issuer_code, "000.00.61.H52");
  EXPECT_EQ(v->result.agency_name, "UBND phường Tô Hiệu");
  EXPECT_EQ(v->result.signed_at_ms, now);
  EXPECT_EQ(app::verify_result(*db, code, sha)->verdict, Verdict::valid);
  EXPECT_EQ(app::verify_result(*db, code, std::string(64, 'b'))->verdict, Verdict::file_mismatch);
  // The same key signs the next result: no second key.
  issue(sha);
  EXPECT_EQ(audits("agency_key.create"), 1);
  EXPECT_FALSE(app::verify_result(*db, "abcdefghijklmnopqrstuvwx"));
  EXPECT_FALSE(app::verify_result(*db, "not a code"));
}

TEST_F(ResultSigningTest, ARecordAlteredAfterIssueFailsItsSignature) {
  std::int64_t rid = 0;
  const auto code = issue(sha, &rid);
  db->write([&](Connection& tx) { tx.exec("UPDATE results SET title = 'Giấy phép khác' WHERE id = $1", {rid}); });
  EXPECT_EQ(app::verify_result(*db, code)->verdict, Verdict::bad_signature);
  db->write([&](Connection& tx) {
    tx.exec("UPDATE results SET title = 'Xác nhận tạm trú số 12/XN', sha256 = $2 WHERE id = $1",
            {rid, std::string(64, 'c')});
  });
  EXPECT_EQ(app::verify_result(*db, code, std::string(64, 'c'))->verdict, Verdict::bad_signature);
}

TEST_F(ResultSigningTest, AResultWithoutAFileIsRecordedUnsigned) {
  std::int64_t rid = 0;
  const auto code = issue(std::nullopt, &rid);
  const auto r = db->read([&](Connection& c) { return load_result(c, rid); });
  EXPECT_EQ(r->verify_code, code);
  EXPECT_FALSE(r->signature);
  EXPECT_FALSE(r->key_id);
  EXPECT_EQ(app::verify_result(*db, code)->verdict, Verdict::unsigned_result);
  EXPECT_EQ(audits("agency_key.create"), 0);  // nothing to sign, no key needed
}

TEST_F(ResultSigningTest, RotationRetiresAndTheOldSignatureStaysValid) {
  const auto before = issue(sha);
  const auto old_key = db->read([&](Connection& c) { return active_key(c, agency); })->key_id;
  const auto rot = keys->rotate(agency, "định kỳ", who());
  ASSERT_TRUE(rot.retired);
  EXPECT_EQ(rot.retired->key_id, old_key);
  EXPECT_EQ(rot.retired->status, "retired");
  EXPECT_EQ(rot.retired->retired_ms, now);
  EXPECT_NE(rot.active.key_id, old_key);
  EXPECT_EQ(audits("agency_key.rotate"), 1);
  const auto after = issue(sha);
  EXPECT_EQ(app::verify_result(*db, before)->verdict, Verdict::valid);
  EXPECT_EQ(app::verify_result(*db, before)->key->status, "retired");
  EXPECT_EQ(app::verify_result(*db, after)->result.key_id, rot.active.key_id);
  EXPECT_EQ(db->read([](Connection& c) { return list_keys(c); }).size(), 2u);
  // An unknown agency, a blank reason.
  EXPECT_THROW(keys->rotate(999999, "x", who()), http::ApiError);
  EXPECT_THROW(keys->rotate(agency, "  ", who()), http::ApiError);
}

TEST_F(ResultSigningTest, RevocationShowsOnEveryResultTheKeySigned) {
  const auto code = issue(sha);
  const auto key_id = app::verify_result(*db, code)->result.key_id.value();
  const auto k = keys->revoke(key_id, "tệp khóa bị lộ", who());
  EXPECT_EQ(k.status, "revoked");
  EXPECT_EQ(k.revoked_reason, "tệp khóa bị lộ");
  EXPECT_EQ(audits("agency_key.revoke"), 1);
  EXPECT_EQ(app::verify_result(*db, code)->verdict, Verdict::key_revoked);
  EXPECT_EQ(app::verify_result(*db, code, sha)->verdict, Verdict::key_revoked);
  try {
    keys->revoke(key_id, "again", who());
    ADD_FAILURE() << "revoked twice";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.code(), "key_already_revoked");
  }
  // The agency signs again with a fresh key, made lazily.
  const auto next = issue(sha);
  EXPECT_EQ(app::verify_result(*db, next)->verdict, Verdict::valid);
  EXPECT_NE(app::verify_result(*db, next)->result.key_id, key_id);
  EXPECT_TRUE(verify_audit(*db).ok);
}

TEST_F(ResultSigningTest, InitGivesEveryOpenAgencyOneKeyOnce) {
  const auto made = keys->init_all(who());
  EXPECT_EQ(made.size(), 1u);
  EXPECT_TRUE(keys->init_all(who()).empty());
}

TEST_F(ResultSigningTest, ConcurrentFirstSigningsShareOneKey) {
  // Two transactions racing to create the agency's first key: the one-active-key index and ON CONFLICT make
  // the loser use the winner's key instead of failing the completion.
  auto db2 = open_again();
  app::AgencyKeys keys2(*db2, app::KeyFiles(keys_dir, std::nullopt), [this] { return now; });
  std::string a, b;
  std::thread t1([&] { a = db->write([&](Connection& tx) { return keys->ensure_active(tx, agency, who(), "t").key_id; }); });
  std::thread t2([&] { b = db2->write([&](Connection& tx) { return keys2.ensure_active(tx, agency, who(), "t").key_id; }); });
  t1.join();
  t2.join();
  EXPECT_EQ(a, b);
  EXPECT_EQ(db->read([](Connection& c) { return list_keys(c); }).size(), 1u);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(keys_dir)) ++files;
  EXPECT_EQ(files, 1u);  // the loser removed its file
}

}  // namespace
}  // namespace motcua::storage
