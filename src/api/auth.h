// Who is calling: resolved only from the server-side session named by the HttpOnly cookie.
// Never from a header or body field (an OpenCPS defect, lessons-from-peers.md).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "api/context.h"
#include "domain/roles.h"
#include "http/http.h"
#include "storage/user_repo.h"

namespace motcua::api {

inline constexpr const char* kSessionCookie = "motcua_sid";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct RoleGrant {
  domain::Role role;
  std::optional<std::int64_t> agency_id;  // null for citizen
  std::string agency_path;                // materialised path of the agency, e.g. "/1/7/42/"
};

struct Principal {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;
  std::string username;
  std::string full_name;
  std::string account_type;  // citizen | organisation | official
  std::vector<RoleGrant> grants;
  std::string csrf_token;
  bool must_change_password = false;

  bool has_role(domain::Role r) const;
  bool has_any_role(std::initializer_list<domain::Role> roles) const;
  // True when a grant of one of `roles` sits on the agency or one of its ancestors
  // (its path is a prefix of agency_path). system_admin covers everything.
  bool covers_agency(std::initializer_list<domain::Role> roles, const std::string& agency_path) const;
  // True for system_admin, or a grant of one of `roles` at the root agency (path "/<id>/").
  bool holds_province_wide(std::initializer_list<domain::Role> roles) const;
  // The first grant's role and agency, for the audit trail.
  std::string primary_role() const;
  std::optional<std::int64_t> primary_agency() const;
};

// The rows authenticate() read to build the principal, for a caller that answers with them (GET /api/auth/me)
// instead of reading them again.
struct SessionRecords {
  storage::UserRecord user;
  std::vector<storage::GrantRecord> grants;
};

class Auth {
 public:
  explicit Auth(AppContext& ctx) : ctx_(ctx) {}

  // The principal of a valid, unexpired session, touching its last-seen time; nullopt otherwise.
  // With records, also the user and grant rows it was built from.
  std::optional<Principal> authenticate(const http::Request& req, SessionRecords* records = nullptr);

  // 401 without a session. For state-changing methods, 403 csrf_failed unless the X-CSRF-Token
  // header equals the session's token. 403 password_change_required while the official has not yet
  // changed the initial password (Sơn La QĐ 19/2024 Điều 19.2), except where allow_pending_change.
  Principal require(const http::Request& req, bool allow_pending_change = false, SessionRecords* records = nullptr);
  // require() plus at least one of the roles (403 otherwise).
  Principal require_role(const http::Request& req, std::initializer_list<domain::Role> roles);

 private:
  AppContext& ctx_;
};

}  // namespace motcua::api
