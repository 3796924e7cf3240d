// /api/users*: official accounts (tài khoản cán bộ) created by an admin, and their role grants.
// system_admin manages everyone; agency_admin manages officials inside the agency subtree its grant
// covers and never grants system_admin; provincial_monitor may read within its subtree.
#include <boost/json.hpp>
#include <charconv>

#include "api/account_views.h"
#include "api/auth.h"
#include "api/pagination.h"
#include "api/password_hash.h"
#include "api/routes.h"
#include "api/tokens.h"
#include "domain/identity.h"
#include "domain/vn_fold.h"
#include "http/api_error.h"
#include "http/json_input.h"
#include "storage/audit_repo.h"
#include "storage/outbox_repo.h"
#include "storage/session_repo.h"
#include "storage/user_repo.h"

namespace motcua::api {

namespace json = boost::json;
using domain::Role;
using http::ApiError;
using http::JsonInput;
using http::Request;
using http::Response;

namespace {

constexpr std::initializer_list<Role> kManagers = {Role::system_admin, Role::agency_admin};
constexpr std::initializer_list<Role> kReaders = {Role::system_admin, Role::agency_admin, Role::provincial_monitor};

std::vector<std::string> scope_paths(const Principal& p, std::initializer_list<Role> roles) {
  std::vector<std::string> out;
  for (const auto& g : p.grants)
    if (!g.agency_path.empty() && std::find(roles.begin(), roles.end(), g.role) != roles.end())
      out.push_back(g.agency_path);
  return out;
}

ApiError user_not_found() { return ApiError::not_found("người dùng", "User"); }

std::int64_t id_param(const Request& req, const std::string& name) {
  const auto& s = req.param(name);
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n <= 0) throw user_not_found();
  return n;
}

// Readers see a user when they hold a reading grant over one of the user's agencies.
bool can_read(storage::Connection& c, const Principal& p, std::int64_t user_id) {
  if (p.user_id == user_id || p.has_role(Role::system_admin)) return true;
  return storage::user_has_grant_under(c, user_id, scope_paths(p, {Role::agency_admin, Role::provincial_monitor}));
}

// Changing an account (disable/enable) needs agency_admin over every one of its grants, so an admin
// of one commune cannot switch off someone who also works for another.
bool can_manage_account(const Principal& p, const std::vector<storage::GrantRecord>& grants) {
  if (p.has_role(Role::system_admin)) return true;
  if (grants.empty()) return false;
  for (const auto& g : grants)
    if (g.role == "system_admin" || !p.covers_agency({Role::agency_admin}, g.agency_path)) return false;
  return true;
}

json::object user_with_roles(storage::Connection& c, const storage::UserRecord& u) {
  auto o = user_json(u);
  o["roles"] = grants_json(storage::grants_of(c, u.id));
  return o;
}

struct GrantRequest {
  Role role;
  storage::AgencyRef agency;
};

// Checks one requested grant: an official role, an existing agency, and the actor's right to grant it.
// Field problems are recorded on `in`; a missing right throws 403.
std::optional<GrantRequest> check_grant(storage::Connection& c, const Principal& p, JsonInput& in, const std::string& field,
                                        const std::string& role_code, std::int64_t agency_id) {
  auto role = domain::parse_role(role_code);
  if (!role || !domain::is_official_role(*role)) {
    in.fail(field + "role", "Vai trò không hợp lệ cho tài khoản cán bộ", "Not a valid role for an official account");
    return std::nullopt;
  }
  auto agency = storage::find_agency(c, agency_id);
  if (!agency) {
    in.fail(field + "agency_id", "Cơ quan không tồn tại", "No such agency");
    return std::nullopt;
  }
  if (domain::is_province_wide_role(*role)) {
    // Province-wide roles see the whole province (the audit trail included), so only a system
    // admin grants them, and only at the root: a commune's admin cannot widen its own view.
    if (!p.has_role(Role::system_admin)) throw ApiError::forbidden();
    if (agency->parent_id) {
      in.fail(field + "agency_id", "Vai trò cấp tỉnh chỉ được cấp tại cơ quan gốc",
              "Province-wide roles are granted only at the root agency");
      return std::nullopt;
    }
  } else if (!p.covers_agency({Role::agency_admin}, agency->path)) {
    throw ApiError::forbidden();
  }
  return GrantRequest{*role, *agency};
}

std::string initial_password_mail(const AppContext& ctx, const storage::UserRecord& u, const std::string& password) {
  return "Xin chào " + u.full_name + ",\n\n"
         "Quản trị viên đã tạo tài khoản cán bộ cho bạn trên Hệ thống thông tin giải quyết thủ tục hành chính.\n"
         "Tên đăng nhập: " + u.username + "\n"
         "Mật khẩu tạm thời: " + password + "\n"
         "Đăng nhập tại: " + ctx.config.effective_base_url() + "/\n\n"
         "Bạn phải đổi mật khẩu ngay khi đăng nhập lần đầu và không được cung cấp mật khẩu cho người khác.\n\n"
         "---\n"
         "Hello " + u.full_name + ",\n\n"
         "An administrator created an official account for you.\n"
         "Username: " + u.username + "\n"
         "Temporary password: " + password + "\n"
         "You must change it at your first login.\n";
}

Response handle_create(AppContext& ctx, Request& req) {
  auto p = ctx.auth.require_role(req, kManagers);
  JsonInput probe(req.body);  // the same 400 for malformed JSON as everywhere else
  auto root = json::parse(req.body).as_object();
  json::value roles_v = root.contains("roles") ? root.at("roles") : json::value(nullptr);
  root.erase("roles");  // JsonInput has no array-of-objects reader: roles are read below
  JsonInput in(root, "");

  auto username_raw = in.required_string("username", {.min_len = 1, .max_len = 64});
  auto full_name = in.required_string("full_name", {.min_len = 2, .max_len = 200});
  auto email_raw = in.required_string("email", {.min_len = 1, .max_len = 254});
  auto phone_raw = in.optional_string("phone", {.max_len = 20});

  storage::NewUser nu;
  nu.account_type = "official";
  nu.full_name = full_name;
  nu.must_change_password = true;  // Sơn La QĐ 19/2024 Điều 19.2
  if (!username_raw.empty()) {
    if (auto c = domain::check_official_username(username_raw)) nu.username = c.value;
    else in.fail("username", c.message_vi, c.message_en);
  }
  if (!email_raw.empty()) {
    if (auto c = domain::normalise_email(email_raw)) nu.email = c.value;
    else in.fail("email", c.message_vi, c.message_en);
  }
  if (phone_raw) {
    if (auto c = domain::normalise_phone(*phone_raw)) nu.phone = c.value;
    else in.fail("phone", c.message_vi, c.message_en);
  }

  std::vector<GrantRequest> grants;
  ctx.db.read([&](storage::Connection& c) {
    if (roles_v.is_null()) {
      in.fail("roles", "Cần cấp ít nhất một vai trò", "At least one role grant is required");
      return;
    }
    if (!roles_v.is_array() || roles_v.as_array().empty() || roles_v.as_array().size() > 20) {
      in.fail("roles", "Phải là danh sách từ 1 đến 20 vai trò {role, agency_id}",
              "Must be a list of 1 to 20 grants {role, agency_id}");
      return;
    }
    const auto& arr = roles_v.as_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string prefix = "roles." + std::to_string(i);
      if (!arr[i].is_object()) {
        in.fail(prefix, "Phải là đối tượng {role, agency_id}", "Must be an object {role, agency_id}");
        continue;
      }
      JsonInput gi(arr[i].as_object(), prefix);
      auto role = gi.required_string("role", {.min_len = 1, .max_len = 40});
      auto agency_id = gi.required_int("agency_id", {.min = 1});
      try {
        gi.finish();
      } catch (const ApiError& e) {
        for (const auto& f : e.fields()) in.fail(f.field, f.message_vi, f.message_en);
        continue;
      }
      if (auto g = check_grant(c, p, in, prefix + ".", role, agency_id)) grants.push_back(*g);
    }
  });
  in.finish();

  const auto initial_password = temporary_password();
  nu.password_hash = hash_password(initial_password);
  const auto now = ctx.now_ms();
  try {
    auto body = ctx.db.write([&](storage::Connection& tx) {
      if (storage::username_taken(tx, nu.username))
        throw ApiError::conflict("username_taken", "Tên đăng nhập đã tồn tại", "This username is already taken");
      if (storage::email_taken(tx, *nu.email))
        throw ApiError::conflict("email_taken", "Địa chỉ thư điện tử đã được dùng cho một tài khoản khác",
                                 "This e-mail address is already used by another account");
      if (nu.phone && storage::phone_taken(tx, *nu.phone))
        throw ApiError::conflict("phone_taken", "Số điện thoại đã được dùng cho một tài khoản khác",
                                 "This phone number is already used by another account");
      auto id = storage::insert_user(tx, nu, now);
      json::array granted;
      for (const auto& g : grants) {
        storage::insert_grant(tx, id, std::string(domain::role_code(g.role)), g.agency.id, now);
        granted.push_back({{"role", domain::role_code(g.role)}, {"agency_id", g.agency.id}});
      }
      auto u = *storage::find_user(tx, id);
      storage::enqueue_email(tx, *u.email, "Tài khoản cán bộ mới / Your official account",
                             initial_password_mail(ctx, u, initial_password), now);
      storage::append_audit(tx, audit_from(p, req, "user.create", "user:" + std::to_string(id),
                                           json::serialize(json::object{{"username", u.username},
                                                                        {"full_name", u.full_name},
                                                                        {"roles", granted}}),
                                           now));
      auto out = user_with_roles(tx, u);
      out["initial_password"] = initial_password;  // shown once; only the hash is kept
      return out;
    });
    return Response::json(201, body);
  } catch (const storage::DbError& e) {
    if (e.kind() != storage::DbError::Kind::unique_violation) throw;
    throw ApiError::conflict("account_exists", "Tên đăng nhập, thư điện tử hoặc số điện thoại đã tồn tại",
                             "The username, e-mail address or phone number already exists");
  }
}

Response handle_list(AppContext& ctx, Request& req) {
  auto p = ctx.auth.require_role(req, kReaders);
  auto page = parse_page(req, 50, 200);
  storage::UserQuery uq;
  uq.page = page.page;
  uq.per_page = page.per_page;
  if (!p.has_role(Role::system_admin)) {
    uq.scoped = true;
    uq.scope_paths = scope_paths(p, {Role::agency_admin, Role::provincial_monitor});
  }
  std::vector<http::FieldError> errors;
  if (auto q = parse_search_text(req, errors)) uq.q = domain::vn_fold(*q);
  if (!errors.empty()) throw ApiError::validation(std::move(errors));
  auto body = ctx.db.read([&](storage::Connection& c) {
    if (auto a = req.query_param("agency_id"); a && !a->empty()) {
      std::int64_t id = 0;
      auto [ptr, ec] = std::from_chars(a->data(), a->data() + a->size(), id);
      if (ec != std::errc() || ptr != a->data() + a->size() || id <= 0)
        throw ApiError::validation({{"agency_id", "Phải là mã cơ quan (số nguyên dương)", "Must be an agency id (a positive integer)"}});
      auto agency = storage::find_agency(c, id);
      if (!agency) throw ApiError::not_found("cơ quan", "Agency");
      if (!p.covers_agency({Role::agency_admin, Role::provincial_monitor}, agency->path)) throw ApiError::forbidden();
      uq.under_path = agency->path;
    }
    auto res = storage::list_users(c, uq);
    json::array items;
    for (const auto& u : res.items) items.push_back(user_with_roles(c, u));
    return page_json(std::move(items), page, res.total);
  });
  return Response::json(200, body);
}

Response handle_get(AppContext& ctx, Request& req) {
  auto p = ctx.auth.require(req);
  auto id = id_param(req, "id");
  auto body = ctx.db.read([&](storage::Connection& c) {
    auto u = storage::find_user(c, id);
    if (!u || !can_read(c, p, id)) throw user_not_found();  // out of scope looks the same as absent
    return user_with_roles(c, *u);
  });
  return Response::json(200, body);
}

Response handle_grant(AppContext& ctx, Request& req) {
  auto p = ctx.auth.require_role(req, kManagers);
  auto id = id_param(req, "id");
  JsonInput in(req.body);
  auto role = in.required_string("role", {.min_len = 1, .max_len = 40});
  auto agency_id = in.required_int("agency_id", {.min = 1});
  in.finish();
  const auto now = ctx.now_ms();
  try {
    auto body = ctx.db.write([&](storage::Connection& tx) {
      auto u = storage::find_user(tx, id);
      if (!u) throw user_not_found();
      if (!p.has_role(Role::system_admin) &&
          !storage::user_has_grant_under(tx, id, scope_paths(p, {Role::agency_admin})))
        throw user_not_found();
      auto g = check_grant(tx, p, in, "", role, agency_id);
      if (g && u->account_type != "official")
        in.fail("role", "Chỉ cấp vai trò cán bộ cho tài khoản cán bộ", "Official roles go to official accounts only");
      in.finish();
      auto grant_id = storage::insert_grant(tx, id, std::string(domain::role_code(g->role)), g->agency.id, now);
      storage::append_audit(tx, audit_from(p, req, "role.grant", "user:" + std::to_string(id),
                                           json::serialize(json::object{{"grant_id", grant_id},
                                                                        {"role", domain::role_code(g->role)},
                                                                        {"agency_id", g->agency.id}}),
                                           now));
      return grant_json(*storage::find_grant(tx, grant_id));
    });
    return Response::json(201, body);
  } catch (const storage::DbError& e) {
    if (e.kind() != storage::DbError::Kind::unique_violation) throw;
    throw ApiError::conflict("grant_exists", "Người dùng đã có vai trò này tại cơ quan này",
                             "The user already holds this role at this agency");
  }
}

Response handle_revoke(AppContext& ctx, Request& req) {
  auto p = ctx.auth.require_role(req, kManagers);
  auto id = id_param(req, "id");
  auto grant_id = id_param(req, "grant_id");
  const auto now = ctx.now_ms();
  ctx.db.write([&](storage::Connection& tx) {
    // A user outside the caller's scope looks absent, as on GET: revoking must not reveal grants.
    if (!can_read(tx, p, id)) throw user_not_found();
    auto g = storage::find_grant(tx, grant_id);
    if (!g || g->user_id != id) throw ApiError::not_found("vai trò", "Role grant");
    if (g->role == "system_admin") {
      if (!p.has_role(Role::system_admin)) throw ApiError::forbidden();
      if (storage::count_active_grants(tx, "system_admin") <= 1)
        throw ApiError::conflict("last_system_admin", "Không thể thu hồi vai trò quản trị hệ thống cuối cùng",
                                 "The last system_admin grant cannot be revoked");
    } else if (!p.covers_agency({Role::agency_admin}, g->agency_path)) {
      throw ApiError::forbidden();  // includes citizen grants (no agency) for non-system admins
    }
    storage::delete_grant(tx, grant_id);
    storage::append_audit(tx, audit_from(p, req, "role.revoke", "user:" + std::to_string(id),
                                         json::serialize(json::object{{"grant_id", grant_id},
                                                                      {"role", g->role},
                                                                      {"agency_id", g->agency_id ? json::value(*g->agency_id)
                                                                                                 : json::value(nullptr)}}),
                                         now));
  });
  return Response::no_content();
}

Response handle_set_active(AppContext& ctx, Request& req, bool active) {
  auto p = ctx.auth.require_role(req, kManagers);
  auto id = id_param(req, "id");
  const auto now = ctx.now_ms();
  auto body = ctx.db.write([&](storage::Connection& tx) {
    auto u = storage::find_user(tx, id);
    if (!u) throw user_not_found();
    auto grants = storage::grants_of(tx, id);
    if (!can_manage_account(p, grants)) {
      if (!p.has_role(Role::system_admin) &&
          !storage::user_has_grant_under(tx, id, scope_paths(p, {Role::agency_admin})))
        throw user_not_found();
      throw ApiError::forbidden();
    }
    if (!active && id == p.user_id)
      throw ApiError::conflict("cannot_disable_self", "Không thể tự vô hiệu hóa tài khoản của mình",
                               "You cannot disable your own account");
    std::int64_t revoked = 0;
    storage::set_active(tx, id, active, now);
    if (!active) revoked = storage::revoke_user_sessions(tx, id);
    storage::append_audit(tx, audit_from(p, req, active ? "user.enable" : "user.disable", "user:" + std::to_string(id),
                                         json::serialize(json::object{{"active", active}, {"sessions_revoked", revoked}}),
                                         now));
    return user_with_roles(tx, *storage::find_user(tx, id));
  });
  return Response::json(200, body);
}

}  // namespace

void register_user_routes(http::Router& r, AppContext& ctx) {
  r.post("/api/users", [&ctx](Request& req) { return handle_create(ctx, req); });
  r.get("/api/users", [&ctx](Request& req) { return handle_list(ctx, req); });
  r.get("/api/users/{id}", [&ctx](Request& req) { return handle_get(ctx, req); });
  r.post("/api/users/{id}/roles", [&ctx](Request& req) { return handle_grant(ctx, req); });
  r.del("/api/users/{id}/roles/{grant_id}", [&ctx](Request& req) { return handle_revoke(ctx, req); });
  r.post("/api/users/{id}/disable", [&ctx](Request& req) { return handle_set_active(ctx, req, false); });
  r.post("/api/users/{id}/enable", [&ctx](Request& req) { return handle_set_active(ctx, req, true); });
}

}  // namespace motcua::api
