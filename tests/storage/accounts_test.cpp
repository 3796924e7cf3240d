// Accounts on both backends: the repositories, the outbox file sink, and the time-dependent rules of
// the auth routes (reset-token expiry, lockout expiry, idle sessions) driven through the router with a
// fake clock, which the API tests cannot move.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "api/auth.h"
#include "api/routes.h"
#include "jobs/outbox_file_sink.h"
#include "storage/agency_repo.h"
#include "storage/audit_repo.h"
#include "storage/migrations.h"
#include "storage/outbox_repo.h"
#include "storage/session_repo.h"
#include "storage/user_repo.h"
#include "storage_fixture.h"

namespace motcua {
namespace {

using storage::testing::StorageTest;

class AccountsTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    storage::migrate(*db);
  }

  std::int64_t citizen(const std::string& email, const std::string& phone = "0912345678") {
    return db->write([&](storage::Connection& tx) {
      storage::NewUser u;
      u.username = email;
      u.account_type = "citizen";
      u.full_name = "Nguyễn Văn Thử";
      u.email = email;
      u.phone = phone;
      u.password_hash = "$argon2id$placeholder";
      return storage::insert_user(tx, u, 1000);
    });
  }
};

TEST_F(AccountsTest, FindsByUsernameEmailOrPhoneAndRefusesDuplicates) {
  auto id = citizen("a@example.vn");
  db->read([&](storage::Connection& c) {
    EXPECT_EQ(storage::find_user_by_login(c, "a@example.vn")->id, id);
    EXPECT_EQ(storage::find_user_by_login(c, "0912345678")->id, id);
    EXPECT_FALSE(storage::find_user_by_login(c, "b@example.vn"));
    EXPECT_TRUE(storage::email_taken(c, "a@example.vn"));
  });
  try {
    citizen("a@example.vn");
    FAIL() << "duplicate accepted";
  } catch (const storage::DbError& e) {
    EXPECT_EQ(e.kind(), storage::DbError::Kind::unique_violation);
  }
}

TEST_F(AccountsTest, LoginFailuresLockAtTheLimitAndRestart) {
  auto id = citizen("a@example.vn");
  db->write([&](storage::Connection& tx) {
    EXPECT_FALSE(storage::record_login_failure(tx, id, 3, 9000, 2000));
    EXPECT_FALSE(storage::record_login_failure(tx, id, 3, 9000, 2000));
    EXPECT_EQ(storage::record_login_failure(tx, id, 3, 9000, 2000), 9000);
  });
  auto u = db->read([&](storage::Connection& c) { return *storage::find_user(c, id); });
  EXPECT_EQ(u.locked_until_ms, 9000);
  EXPECT_EQ(u.failed_logins, 0);
  db->write([&](storage::Connection& tx) { storage::clear_login_failures(tx, id, 3000); });
  EXPECT_FALSE(db->read([&](storage::Connection& c) { return storage::find_user(c, id)->locked_until_ms; }));
}

TEST_F(AccountsTest, SessionsRevokeAllButOne) {
  auto id = citizen("a@example.vn");
  auto [s1, s2] = db->write([&](storage::Connection& tx) {
    auto a = storage::insert_session(tx, {"h1", "c1", id, 99'000, "127.0.0.1", "ua"}, 1000);
    auto b = storage::insert_session(tx, {"h2", "c2", id, 99'000, "127.0.0.1", "ua"}, 1000);
    EXPECT_EQ(storage::revoke_user_sessions(tx, id, a), 1);
    return std::pair{a, b};
  });
  db->read([&](storage::Connection& c) {
    EXPECT_FALSE(storage::find_session_holder(c, "h1")->session.revoked);
    EXPECT_TRUE(storage::find_session_holder(c, "h2")->session.revoked);
    EXPECT_EQ(storage::find_session_holder(c, "h2")->session.id, s2);
  });
  (void)s1;
}

// The session check reads the session, its user and every grant with its agency path in one statement; a
// user without grants still has a session, and a token nobody holds finds nothing.
TEST_F(AccountsTest, SessionHolderCarriesTheUserAndEveryGrantInOrder) {
  auto officer = citizen("canbo@example.vn");
  auto bare = citizen("dan@example.vn", "0987654321");
  db->write([&](storage::Connection& tx) {
    storage::AgencyFields f;
    f.kind = "ubnd_xa";
    f.name = "UBND xã Chiềng Mung";
    const auto xa = storage::create_agency(tx, f, 1000);
    storage::insert_grant(tx, officer, "one_stop_officer", xa, 1000);
    storage::insert_grant(tx, officer, "citizen", std::nullopt, 1000);
    storage::insert_session(tx, {"h-officer", "c1", officer, 99'000, "127.0.0.1", "ua"}, 1000);
    storage::insert_session(tx, {"h-bare", "c2", bare, 99'000, "127.0.0.1", "ua"}, 1000);
  });
  db->read([&](storage::Connection& c) {
    auto h = storage::find_session_holder(c, "h-officer");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->session.csrf_token, "c1");
    EXPECT_EQ(h->user.id, officer);
    EXPECT_EQ(h->user.email, "canbo@example.vn");
    ASSERT_EQ(h->grants.size(), 2u);
    EXPECT_EQ(h->grants[0].role, "one_stop_officer");
    EXPECT_EQ(h->grants[0].agency_name, "UBND xã Chiềng Mung");
    EXPECT_TRUE(h->grants[0].agency_path.ends_with("/"));
    EXPECT_EQ(h->grants[1].role, "citizen");
    EXPECT_FALSE(h->grants[1].agency_id);
    auto b = storage::find_session_holder(c, "h-bare");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->user.id, bare);
    EXPECT_TRUE(b->grants.empty());
    EXPECT_FALSE(storage::find_session_holder(c, "h-nobody"));
  });
}

TEST_F(AccountsTest, OutboxFileSinkWritesEachMailOnce) {
  db->write([&](storage::Connection& tx) {
    storage::enqueue_email(tx, "a@example.vn", "Thử nghiệm", "Nội dung\n", 1000);
    storage::enqueue_sms(tx, "0912345678", "sms", 1000);
  });
  auto dir = std::filesystem::temp_directory_path() / ("motcua-mail-" + storage::testing::random_suffix());
  EXPECT_EQ(jobs::deliver_outbox_to_files(*db, dir.string(), 5000), 1);
  EXPECT_EQ(jobs::deliver_outbox_to_files(*db, dir.string(), 6000), 0);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path().filename().string());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(files[0].ends_with(".eml"));
  std::ifstream in(dir / files[0]);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find("To: a@example.vn"), std::string::npos);
  EXPECT_NE(text.find("Nội dung"), std::string::npos);
  EXPECT_EQ(db->read([](storage::Connection& c) { return storage::fetch_undelivered(c, "sms").size(); }), 1u);
  std::filesystem::remove_all(dir);
}

// The auth routes on a fake clock.
struct Api {
  app::Config config;
  std::int64_t now = 1'750'000'000'000;
  api::AppContext ctx;
  api::Auth auth;
  http::Router router;
  std::string cookie, csrf;

  explicit Api(storage::Db& db) : ctx{db, config, auth, [this] { return now; }}, auth(ctx) {
    api::register_auth_routes(router, ctx);
    api::register_user_routes(router, ctx);
  }

  http::Response call(http::Method m, const std::string& path, const std::string& body = "") {
    http::Request req;
    req.method = m;
    req.path = req.target = path;
    req.body = body;
    req.remote_ip = "10.0.0.1";
    req.request_id = "test";
    if (!cookie.empty()) req.headers["Cookie"] = std::string(api::kSessionCookie) + "=" + cookie;
    if (!csrf.empty()) req.headers[api::kCsrfHeader] = csrf;
    auto r = router.dispatch(req);
    for (const auto& [k, v] : r.headers)
      if (k == "Set-Cookie") cookie = v.substr(v.find('=') + 1, v.find(';') - v.find('=') - 1);
    if (r.status == 200 && path == "/api/auth/login")
      csrf = std::string(boost::json::parse(r.body).at("csrf_token").as_string());
    return r;
  }
  http::Response login(const std::string& who, const std::string& pw) {
    return call(http::Method::POST, "/api/auth/login",
                boost::json::serialize(boost::json::object{{"login", who}, {"password", pw}}));
  }
  std::string error_code(const http::Response& r) {
    return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
  }
};

TEST_F(AccountsTest, TimeLimitsOfResetTokensLockoutsAndSessions) {
  Api api(*db);
  auto r = api.call(http::Method::POST, "/api/auth/register",
                    R"({"account_type":"citizen","full_name":"Lò Văn Giờ","email":"gio@example.vn",)"
                    R"("password":"Matkhau2026x","id_number":"014190000123"})");
  ASSERT_EQ(r.status, 201) << r.body;

  // Idle session: valid before the idle limit, gone after it.
  ASSERT_EQ(api.login("gio@example.vn", "Matkhau2026x").status, 200);
  api.now += 29 * 60'000;
  EXPECT_EQ(api.call(http::Method::GET, "/api/auth/me").status, 200);
  api.now += 29 * 60'000;  // touched at the previous call, so still alive
  EXPECT_EQ(api.call(http::Method::GET, "/api/auth/me").status, 200);
  api.now += 31 * 60'000;
  EXPECT_EQ(api.call(http::Method::GET, "/api/auth/me").status, 401);

  // Lockout ends after login_lock_minutes.
  for (int i = 0; i < api.config.login_max_failures - 1; ++i) EXPECT_EQ(api.login("gio@example.vn", "Sai2026xxxx").status, 401);
  EXPECT_EQ(api.login("gio@example.vn", "Sai2026xxxx").status, 423);
  api.now += std::int64_t{api.config.login_lock_minutes} * 60'000 - 1000;
  EXPECT_EQ(api.login("gio@example.vn", "Matkhau2026x").status, 423);
  api.now += 2000;
  EXPECT_EQ(api.login("gio@example.vn", "Matkhau2026x").status, 200);

  // A reset token expires after reset_token_minutes.
  api.cookie.clear();
  api.csrf.clear();
  EXPECT_EQ(api.call(http::Method::POST, "/api/auth/password-reset/request", R"({"login":"gio@example.vn"})").status, 202);
  auto mails = db->read([](storage::Connection& c) { return storage::fetch_undelivered(c, "email"); });
  ASSERT_FALSE(mails.empty());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(mails.back().body, m, std::regex("token=([0-9a-f]{64})")));
  const std::string token = m[1];
  api.now += std::int64_t{api.config.reset_token_minutes} * 60'000 + 1;
  r = api.call(http::Method::POST, "/api/auth/password-reset/confirm",
               R"({"token":")" + token + R"(","new_password":"Datlai2026moi"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(api.error_code(r), "reset_token_expired");

  // The audit trail holds one row per state change, failures included, and stays verifiable.
  auto actions = db->read([](storage::Connection& c) {
    std::vector<std::string> out;
    for (const auto& row : c.exec("SELECT action FROM audit_log ORDER BY id").rows) out.push_back(row.str(0));
    return out;
  });
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "session.login_failed"), api.config.login_max_failures + 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "user.register"), 1);
  EXPECT_TRUE(storage::verify_audit(*db).ok);
}

}  // namespace
}  // namespace motcua
