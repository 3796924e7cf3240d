#include "api/auth.h"

#include <algorithm>

#include "api/tokens.h"
#include "http/api_error.h"
#include "storage/session_repo.h"
#include "storage/user_repo.h"

namespace motcua::api {

using domain::Role;

bool Principal::has_role(Role r) const {
  return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) { return g.role == r; });
}

bool Principal::has_any_role(std::initializer_list<Role> roles) const {
  return std::any_of(roles.begin(), roles.end(), [&](Role r) { return has_role(r); });
}

bool Principal::covers_agency(std::initializer_list<Role> roles, const std::string& agency_path) const {
  if (has_role(Role::system_admin)) return true;
  if (agency_path.empty()) return false;
  for (const auto& g : grants) {
    if (std::find(roles.begin(), roles.end(), g.role) == roles.end()) continue;
    // Paths end in '/', so "/1/7/" never matches "/1/70/".
    if (!g.agency_path.empty() && agency_path.starts_with(g.agency_path)) return true;
  }
  return false;
}

bool Principal::holds_province_wide(std::initializer_list<Role> roles) const {
  if (has_role(Role::system_admin)) return true;
  for (const auto& g : grants) {
    if (std::find(roles.begin(), roles.end(), g.role) == roles.end()) continue;
    if (std::count(g.agency_path.begin(), g.agency_path.end(), '/') == 2) return true;  // "/<root id>/"
  }
  return false;
}

std::string Principal::primary_role() const {
  if (grants.empty()) return account_type.empty() ? "anonymous" : account_type;
  return std::string(domain::role_code(grants.front().role));
}

std::optional<std::int64_t> Principal::primary_agency() const {
  if (grants.empty()) return std::nullopt;
  return grants.front().agency_id;
}

namespace {

// Touching last_seen costs a write transaction; once a minute is precise enough for idle expiry.
constexpr std::int64_t kTouchEveryMs = 60'000;

}  // namespace

std::optional<Principal> Auth::authenticate(const http::Request& req, SessionRecords* records) {
  auto token = req.cookie(kSessionCookie);
  if (!token || token->size() != 64) return std::nullopt;
  const auto token_hash = sha256_hex(*token);
  const auto now = ctx_.now_ms();

  auto loaded = ctx_.db.read([&](storage::Connection& c) { return storage::find_session_holder(c, token_hash); });
  if (!loaded) return std::nullopt;
  const auto& s = loaded->session;
  const std::int64_t idle_ms = std::int64_t{ctx_.config.session_idle_minutes} * 60'000;
  if (s.revoked || s.expires_ms <= now || s.last_seen_ms + idle_ms <= now || !loaded->user.active) return std::nullopt;

  if (now - s.last_seen_ms >= kTouchEveryMs) {
    try {
      ctx_.db.write([&](storage::Connection& tx) { storage::touch_session(tx, s.id, now); });
    } catch (const storage::DbError&) {
      // A busy database must not fail the request; the next one touches again.
    }
  }

  Principal p;
  p.user_id = loaded->user.id;
  p.session_id = s.id;
  p.username = loaded->user.username;
  p.full_name = loaded->user.full_name;
  p.account_type = loaded->user.account_type;
  p.csrf_token = s.csrf_token;
  p.must_change_password = loaded->user.must_change_password;
  for (const auto& g : loaded->grants)
    if (auto role = domain::parse_role(g.role)) p.grants.push_back(RoleGrant{*role, g.agency_id, g.agency_path});
  if (records) *records = SessionRecords{std::move(loaded->user), std::move(loaded->grants)};
  return p;
}

Principal Auth::require(const http::Request& req, bool allow_pending_change, SessionRecords* records) {
  auto p = authenticate(req, records);
  if (!p) throw http::ApiError::unauthenticated();
  if (http::is_state_changing(req.method)) {
    auto sent = req.header(kCsrfHeader);
    if (!sent || !constant_time_equals(*sent, p->csrf_token))
      throw http::ApiError(403, "csrf_failed", "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token)",
                           "Missing or wrong anti-forgery token (X-CSRF-Token)");
  }
  if (p->must_change_password && !allow_pending_change)
    throw http::ApiError(403, "password_change_required",
                         "Bạn phải đổi mật khẩu khi đăng nhập lần đầu trước khi sử dụng hệ thống",
                         "You must change your initial password before using the system");
  return std::move(*p);
}

Principal Auth::require_role(const http::Request& req, std::initializer_list<Role> roles) {
  auto p = require(req);
  if (!p.has_any_role(roles)) throw http::ApiError::forbidden();
  return p;
}

}  // namespace motcua::api
