// /api/auth/*: registration (đăng ký), login/logout (đăng nhập/đăng xuất), the current user, password
// change (đổi mật khẩu, required at an official's first login: Sơn La QĐ 19/2024 Điều 19.2) and password
// reset by e-mailed token (đặt lại mật khẩu).
#include <boost/json.hpp>
#include <ctime>
#include <memory>

#include "api/account_views.h"
#include "api/auth.h"
#include "api/login_rate_limiter.h"
#include "api/password_hash.h"
#include "api/routes.h"
#include "api/tokens.h"
#include "domain/identity.h"
#include "http/api_error.h"
#include "http/json_input.h"
#include "storage/audit_repo.h"
#include "storage/outbox_repo.h"
#include "storage/session_repo.h"
#include "storage/user_repo.h"

namespace motcua::api {

namespace json = boost::json;
using http::ApiError;
using http::JsonInput;
using http::Request;
using http::Response;

namespace {

constexpr int kLoginAttemptsPerMinute = 30;
constexpr int kResetRequestsPerMinute = 10;

// A login is an e-mail, a phone number or an official's username; all are stored normalised.
std::string normalise_login(std::string_view raw) {
  if (raw.find('@') != std::string_view::npos) return domain::ascii_lower(raw);
  if (auto phone = domain::normalise_phone(raw)) return phone.value;
  return domain::ascii_lower(raw);
}

std::string session_cookie(const app::Config& cfg, const std::string& value, std::int64_t max_age_s) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; HttpOnly; SameSite=Lax; Path=/; Max-Age=" +
                  std::to_string(max_age_s);
  if (cfg.cookies_secure()) c += "; Secure";
  return c;
}

// "14:05 ngày 03/07/2025" / "2025-07-03 14:05" in Vietnam time (UTC+7, no daylight saving).
std::pair<std::string, std::string> vn_time(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000 + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char vi[64], en[64];
  std::strftime(vi, sizeof vi, "%H:%M ngày %d/%m/%Y", &tm);
  std::strftime(en, sizeof en, "%Y-%m-%d %H:%M (UTC+7)", &tm);
  return {vi, en};
}

// An ApiError response with extra members inside "error" (e.g. locked_until_ms).
Response error_response(const ApiError& e, const json::object& extra = {}) {
  auto r = e.to_response();
  if (extra.empty()) return r;
  auto v = json::parse(r.body);
  auto& err = v.as_object()["error"].as_object();
  for (const auto& [k, val] : extra) err[k] = val;
  auto out = Response::json(e.status(), v);
  out.headers = r.headers;
  return out;
}

Response too_many(int retry_after_s) {
  return ApiError(429, "rate_limited", "Quá nhiều lần thử, vui lòng thử lại sau " + std::to_string(retry_after_s) + " giây",
                  "Too many attempts, please retry in " + std::to_string(retry_after_s) + " seconds")
      .to_response()
      .with_header("Retry-After", std::to_string(retry_after_s));
}

Response invalid_credentials() {
  return ApiError(401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng",
                  "Wrong username or password")
      .to_response();
}

Response locked_response(std::int64_t until_ms, std::int64_t now_ms) {
  auto [vi, en] = vn_time(until_ms);
  auto retry = std::max<std::int64_t>(1, (until_ms - now_ms + 999) / 1000);
  return error_response(ApiError(423, "account_locked",
                                 "Tài khoản tạm khóa do đăng nhập sai nhiều lần, vui lòng thử lại sau " + vi,
                                 "The account is temporarily locked after repeated failed logins; try again after " + en),
                        json::object{{"locked_until_ms", until_ms}})
      .with_header("Retry-After", std::to_string(retry));
}

ApiError field_error(std::string field, std::string vi, std::string en) {
  return ApiError::validation({{std::move(field), std::move(vi), std::move(en)}});
}

json::object session_body(const storage::UserRecord& u, const std::vector<storage::GrantRecord>& grants,
                          const std::string& csrf) {
  return json::object{{"user", user_json(u)},
                      {"roles", grants_json(grants)},
                      {"csrf_token", csrf},
                      {"must_change_password", u.must_change_password}};
}

std::string summary(const json::object& o) { return json::serialize(o); }

const http::StringRule kPasswordRule{.min_len = 1, .max_len = 1024, .trim = false};

void welcome_mail(storage::Connection& tx, const AppContext& ctx, const storage::UserRecord& u, std::int64_t now) {
  std::string body =
      "Xin chào " + u.full_name + ",\n\n"
      "Tài khoản của bạn trên Hệ thống thông tin giải quyết thủ tục hành chính đã được tạo.\n"
      "Tên đăng nhập: " + u.username + "\n"
      "Đăng nhập tại: " + ctx.config.effective_base_url() + "/\n\n"
      "Nếu bạn không đăng ký tài khoản này, hãy liên hệ Bộ phận Một cửa.\n\n"
      "---\n"
      "Hello " + u.full_name + ",\n\n"
      "Your account on the administrative procedure system has been created.\n"
      "Username: " + u.username + "\n";
  storage::enqueue_email(tx, *u.email, "Chào mừng bạn đến với Cổng Dịch vụ công / Welcome", body, now);
}

Response handle_register(AppContext& ctx, Request& req) {
  JsonInput in(req.body);
  auto type = in.required_string("account_type", {.min_len = 1, .max_len = 20});
  auto full_name = in.required_string("full_name", {.min_len = 2, .max_len = 200});
  auto email_raw = in.optional_string("email", {.max_len = 254});
  auto phone_raw = in.optional_string("phone", {.max_len = 20});
  auto password = in.required_string("password", kPasswordRule);
  auto id_raw = in.optional_string("id_number", {.max_len = 20});
  auto tax_raw = in.optional_string("tax_code", {.max_len = 20});
  auto org_name = in.optional_string("organisation_name", {.max_len = 300});

  const bool citizen = type == "citizen", organisation = type == "organisation";
  if (!type.empty() && !citizen && !organisation)
    in.fail("account_type", "Loại tài khoản phải là citizen (công dân) hoặc organisation (tổ chức)",
            "The account type must be citizen or organisation");

  storage::NewUser nu;
  nu.account_type = type;
  nu.full_name = full_name;
  nu.organisation_name = org_name;
  auto check = [&](const char* field, const std::optional<std::string>& raw, auto fn) -> std::optional<std::string> {
    if (!raw) return std::nullopt;
    auto c = fn(*raw);
    if (!c) {
      in.fail(field, c.message_vi, c.message_en);
      return std::nullopt;
    }
    return c.value;
  };
  nu.email = check("email", email_raw, domain::normalise_email);
  nu.phone = check("phone", phone_raw, domain::normalise_phone);
  nu.id_number = check("id_number", id_raw, domain::check_cccd);
  nu.tax_code = check("tax_code", tax_raw, domain::check_tax_code);
  if (!email_raw && !phone_raw)
    in.fail("email", "Cần nhập thư điện tử hoặc số điện thoại (ít nhất một)",
            "An e-mail address or a phone number is required (at least one)");
  if (citizen && !id_raw) in.fail("id_number", "Công dân phải nhập số CCCD", "A citizen must give the CCCD number");
  if (organisation && !tax_raw) in.fail("tax_code", "Tổ chức phải nhập mã số thuế", "An organisation must give its tax code");
  if (organisation && !org_name)
    in.fail("organisation_name", "Tổ chức phải nhập tên tổ chức", "An organisation must give its name");
  nu.username = nu.email ? *nu.email : nu.phone.value_or("");
  if (!password.empty()) {
    auto pc = domain::check_password(password, nu.username);
    if (!pc) in.fail("password", pc.message_vi, pc.message_en);
  }
  in.finish();

  nu.password_hash = hash_password(password);  // outside the transaction: 20 ms of CPU
  const auto now = ctx.now_ms();
  try {
    auto created = ctx.db.write([&](storage::Connection& tx) {
      if (nu.email && storage::email_taken(tx, *nu.email))
        throw ApiError::conflict("email_taken", "Địa chỉ thư điện tử đã được dùng cho một tài khoản khác",
                                 "This e-mail address is already used by another account");
      if (nu.phone && storage::phone_taken(tx, *nu.phone))
        throw ApiError::conflict("phone_taken", "Số điện thoại đã được dùng cho một tài khoản khác",
                                 "This phone number is already used by another account");
      auto id = storage::insert_user(tx, nu, now);
      storage::insert_grant(tx, id, "citizen", std::nullopt, now);
      auto u = *storage::find_user(tx, id);
      if (u.email) welcome_mail(tx, ctx, u, now);
      storage::append_audit(tx, audit_anonymous(req, "user.register", "user:" + std::to_string(id),
                                                summary({{"account_type", u.account_type}, {"username", u.username}}),
                                                now));
      auto body = user_json(u);
      body["roles"] = grants_json(storage::grants_of(tx, id));
      return body;
    });
    return Response::json(201, created);
  } catch (const storage::DbError& e) {
    if (e.kind() != storage::DbError::Kind::unique_violation) throw;
    throw ApiError::conflict("account_exists", "Thư điện tử hoặc số điện thoại đã được dùng cho một tài khoản khác",
                             "The e-mail address or phone number is already used by another account");
  }
}

Response handle_login(AppContext& ctx, AttemptLimiter& limiter, Request& req) {
  const auto now = ctx.now_ms();
  if (int retry = limiter.hit(req.remote_ip, now)) return too_many(retry);
  JsonInput in(req.body);
  auto login = normalise_login(in.required_string("login", {.min_len = 1, .max_len = 254}));
  auto password = in.required_string("password", kPasswordRule);
  in.finish();

  auto user = ctx.db.read([&](storage::Connection& c) { return storage::find_user_by_login(c, login); });
  if (!user) {
    verify_password_dummy(password);  // same cost as a real check: no account enumeration by timing
    ctx.db.write([&](storage::Connection& tx) {
      storage::append_audit(tx, audit_anonymous(req, "session.login_failed", "user:unknown",
                                                summary({{"reason", "unknown_login"}, {"ip", req.remote_ip}}), now));
    });
    return invalid_credentials();
  }
  const std::string target = "user:" + std::to_string(user->id);
  if (user->locked_until_ms && *user->locked_until_ms > now) {
    // Locked: the password is not even checked, so guessing during the lock is useless.
    ctx.db.write([&](storage::Connection& tx) {
      storage::append_audit(tx, audit_anonymous(req, "session.login_failed", target,
                                                summary({{"reason", "locked"}, {"ip", req.remote_ip}}), now));
    });
    return locked_response(*user->locked_until_ms, now);
  }
  if (!verify_password(user->password_hash, password)) {
    const auto lock_until = now + std::int64_t{ctx.config.login_lock_minutes} * 60'000;
    // Committed even though the answer is an error: the counter and the audit row must persist.
    auto locked = ctx.db.write([&](storage::Connection& tx) {
      auto l = storage::record_login_failure(tx, user->id, ctx.config.login_max_failures, lock_until, now);
      json::object s{{"reason", "bad_password"}, {"ip", req.remote_ip}};
      if (l) s["locked_until_ms"] = *l;
      storage::append_audit(tx, audit_anonymous(req, "session.login_failed", target, summary(s), now));
      return l;
    });
    if (locked) return locked_response(*locked, now);
    return invalid_credentials();
  }
  if (!user->active) {
    ctx.db.write([&](storage::Connection& tx) {
      storage::append_audit(tx, audit_anonymous(req, "session.login_failed", target,
                                                summary({{"reason", "disabled"}, {"ip", req.remote_ip}}), now));
    });
    return ApiError(403, "account_disabled", "Tài khoản đã bị vô hiệu hóa, vui lòng liên hệ quản trị đơn vị",
                    "The account is disabled; please contact your agency administrator")
        .to_response();
  }

  const auto token = random_token();
  const auto csrf = random_token();
  const auto absolute_ms = std::int64_t{ctx.config.session_absolute_hours} * 3'600'000;
  std::optional<std::string> rehash;
  if (password_needs_rehash(user->password_hash)) rehash = hash_password(password);
  auto body = ctx.db.write([&](storage::Connection& tx) {
    storage::clear_login_failures(tx, user->id, now);
    if (rehash) storage::set_password(tx, user->id, *rehash, user->must_change_password, now);
    auto sid = storage::insert_session(
        tx, {sha256_hex(token), csrf, user->id, now + absolute_ms, req.remote_ip, req.header("User-Agent").value_or("")},
        now);
    auto grants = storage::grants_of(tx, user->id);
    Principal p;
    p.user_id = user->id;
    p.account_type = user->account_type;
    for (const auto& g : grants)
      if (auto r = domain::parse_role(g.role)) p.grants.push_back({*r, g.agency_id, g.agency_path});
    storage::append_audit(tx, audit_from(p, req, "session.login", target,
                                         summary({{"session_id", sid}, {"ip", req.remote_ip}}), now));
    return session_body(*storage::find_user(tx, user->id), grants, csrf);
  });
  return Response::json(200, body).with_header("Set-Cookie", session_cookie(ctx.config, token, absolute_ms / 1000));
}

Response handle_logout(AppContext& ctx, Request& req) {
  auto cleared = Response::no_content().with_header("Set-Cookie", session_cookie(ctx.config, "", 0));
  if (!ctx.auth.authenticate(req)) return cleared;  // nothing to revoke; just drop the cookie
  auto p = ctx.auth.require(req, true);             // enforces the CSRF header
  const auto now = ctx.now_ms();
  ctx.db.write([&](storage::Connection& tx) {
    storage::revoke_session(tx, p.session_id);
    storage::append_audit(tx, audit_from(p, req, "session.logout", "user:" + std::to_string(p.user_id),
                                         summary({{"session_id", p.session_id}}), now));
  });
  return cleared;
}

Response handle_me(AppContext& ctx, Request& req) {
  // Must work while the first-login password change is pending. The user and grants are the rows the session
  // check has just read (one database read, not two).
  SessionRecords rec;
  auto p = ctx.auth.require(req, true, &rec);
  return Response::json(200, session_body(rec.user, rec.grants, p.csrf_token));
}

Response handle_password_change(AppContext& ctx, AttemptLimiter& limiter, Request& req) {
  auto p = ctx.auth.require(req, true);
  const auto now = ctx.now_ms();
  if (int retry = limiter.hit(req.remote_ip, now)) return too_many(retry);
  JsonInput in(req.body);
  auto current = in.required_string("current_password", kPasswordRule);
  auto next = in.required_string("new_password", kPasswordRule);
  in.finish();

  auto user = ctx.db.read([&](storage::Connection& c) { return storage::find_user(c, p.user_id); });
  if (!user) throw ApiError::unauthenticated();
  if (!verify_password(user->password_hash, current))
    throw field_error("current_password", "Mật khẩu hiện tại không đúng", "The current password is wrong");
  if (auto pc = domain::check_password(next, user->username); !pc) throw field_error("new_password", pc.message_vi, pc.message_en);
  if (next == current)
    throw field_error("new_password", "Mật khẩu mới phải khác mật khẩu hiện tại",
                      "The new password must differ from the current one");
  auto hash = hash_password(next);
  ctx.db.write([&](storage::Connection& tx) {
    storage::set_password(tx, p.user_id, hash, false, now);
    auto revoked = storage::revoke_user_sessions(tx, p.user_id, p.session_id);
    storage::append_audit(tx, audit_from(p, req, "user.password_change", "user:" + std::to_string(p.user_id),
                                         summary({{"was_initial", user->must_change_password},
                                                  {"other_sessions_revoked", revoked}}),
                                         now));
  });
  return Response::no_content();
}

Response handle_reset_request(AppContext& ctx, AttemptLimiter& limiter, Request& req) {
  const auto now = ctx.now_ms();
  if (int retry = limiter.hit(req.remote_ip, now)) return too_many(retry);
  JsonInput in(req.body);
  auto login = normalise_login(in.required_string("login", {.min_len = 1, .max_len = 254}));
  in.finish();

  const auto token = random_token();
  const auto expires = now + std::int64_t{ctx.config.reset_token_minutes} * 60'000;
  ctx.db.write([&](storage::Connection& tx) {
    auto user = storage::find_user_by_login(tx, login);
    if (!user || !user->active || !user->email) {
      storage::append_audit(tx, audit_anonymous(req, "user.password_reset_request", "user:unknown",
                                                summary({{"sent", false}, {"ip", req.remote_ip}}), now));
      return;
    }
    storage::void_password_resets(tx, user->id, now);  // only the newest link works
    storage::insert_password_reset(tx, sha256_hex(token), user->id, expires, now);
    const auto link = ctx.config.effective_base_url() + "/reset-password?token=" + token;
    const auto minutes = std::to_string(ctx.config.reset_token_minutes);
    std::string body =
        "Xin chào " + user->full_name + ",\n\n"
        "Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản " + user->username + ".\n"
        "Mở liên kết sau để đặt mật khẩu mới (có hiệu lực trong " + minutes + " phút và chỉ dùng được một lần):\n\n" +
        link + "\n\n"
        "Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.\n\n"
        "---\n"
        "Hello " + user->full_name + ",\n\n"
        "Someone asked to reset the password of the account " + user->username + ".\n"
        "Open the link above within " + minutes + " minutes to choose a new password (it works once).\n"
        "If it was not you, ignore this e-mail; your password stays the same.\n";
    storage::enqueue_email(tx, *user->email, "Đặt lại mật khẩu / Password reset", body, now);
    storage::append_audit(tx, audit_anonymous(req, "user.password_reset_request", "user:" + std::to_string(user->id),
                                              summary({{"sent", true}, {"expires_ms", expires}, {"ip", req.remote_ip}}),
                                              now));
  });
  return Response::json(202, json::object{
      {"message_vi", "Nếu tài khoản tồn tại và có địa chỉ thư điện tử, một liên kết đặt lại mật khẩu đã được gửi"},
      {"message_en", "If the account exists and has an e-mail address, a reset link has been sent"}});
}

Response handle_reset_confirm(AppContext& ctx, AttemptLimiter& limiter, Request& req) {
  const auto now = ctx.now_ms();
  if (int retry = limiter.hit(req.remote_ip, now)) return too_many(retry);
  JsonInput in(req.body);
  auto token = in.required_string("token", {.min_len = 1, .max_len = 200});
  auto next = in.required_string("new_password", kPasswordRule);
  in.finish();

  const auto invalid = [] {
    return ApiError(400, "reset_token_invalid", "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã được sử dụng",
                    "The password reset link is invalid or has already been used");
  };
  const auto token_hash = sha256_hex(token);
  auto found = ctx.db.read([&](storage::Connection& c) -> std::optional<std::pair<storage::ResetRecord, storage::UserRecord>> {
    auto r = storage::find_password_reset(c, token_hash);
    if (!r) return std::nullopt;
    auto u = storage::find_user(c, r->user_id);
    if (!u) return std::nullopt;
    return std::pair{*r, *u};
  });
  if (!found || found->first.used_ms || !found->second.active) throw invalid();
  if (found->first.expires_ms <= now)
    throw ApiError(400, "reset_token_expired", "Liên kết đặt lại mật khẩu đã hết hạn, vui lòng yêu cầu liên kết mới",
                   "The password reset link has expired; please request a new one");
  const auto& user = found->second;
  if (auto pc = domain::check_password(next, user.username); !pc) throw field_error("new_password", pc.message_vi, pc.message_en);
  auto hash = hash_password(next);
  ctx.db.write([&](storage::Connection& tx) {
    if (!storage::use_password_reset(tx, found->first.id, now)) throw invalid();  // used meanwhile
    storage::void_password_resets(tx, user.id, now);
    storage::set_password(tx, user.id, hash, false, now);  // also lifts a lockout
    auto revoked = storage::revoke_user_sessions(tx, user.id);
    auto e = audit_anonymous(req, "user.password_reset", "user:" + std::to_string(user.id),
                             summary({{"via", "email_token"}, {"sessions_revoked", revoked}}), now);
    e.actor_id = user.id;  // whoever holds the e-mailed token acts as the account holder
    storage::append_audit(tx, e);
  });
  return Response::no_content();
}

}  // namespace

void register_auth_routes(http::Router& r, AppContext& ctx) {
  auto login_limiter = std::make_shared<AttemptLimiter>(kLoginAttemptsPerMinute, 60'000);
  auto reset_limiter = std::make_shared<AttemptLimiter>(kResetRequestsPerMinute, 60'000);
  r.post("/api/auth/register", [&ctx](Request& req) { return handle_register(ctx, req); });
  r.post("/api/auth/login", [&ctx, login_limiter](Request& req) { return handle_login(ctx, *login_limiter, req); });
  r.post("/api/auth/logout", [&ctx](Request& req) { return handle_logout(ctx, req); });
  r.get("/api/auth/me", [&ctx](Request& req) { return handle_me(ctx, req); });
  r.post("/api/auth/password",
         [&ctx, login_limiter](Request& req) { return handle_password_change(ctx, *login_limiter, req); });
  r.post("/api/auth/password-reset/request",
         [&ctx, reset_limiter](Request& req) { return handle_reset_request(ctx, *reset_limiter, req); });
  r.post("/api/auth/password-reset/confirm",
         [&ctx, reset_limiter](Request& req) { return handle_reset_confirm(ctx, *reset_limiter, req); });
}

}  // namespace motcua::api
