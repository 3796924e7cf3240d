// The agency tree (cây cơ quan): public reading; creating and editing for system admins anywhere and for
// agency admins inside the subtree their grant covers. Every change is audited in its own transaction.
#include <boost/json.hpp>
#include <charconv>
#include <set>

#include "api/auth.h"
#include "api/pagination.h"
#include "api/routes.h"
#include "domain/agency.h"
#include "http/api_error.h"
#include "http/json_input.h"
#include "storage/agency_repo.h"
#include "storage/audit_repo.h"
#include "storage/unit_repo.h"

namespace motcua::api {

using domain::Role;
namespace json = boost::json;

namespace {

json::value opt_json(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

// The client-settable fields, also what the audit summary compares.
json::object fields_json(const storage::AgencyFields& f) {
  return {{"parent_id", f.parent_id ? json::value(*f.parent_id) : json::value(nullptr)},
          {"kind", f.kind},
          {"name", f.name},
          {"short_name", opt_json(f.short_name)},
          {"qcvn102_code", opt_json(f.qcvn102_code)},
          {"qd20_code", opt_json(f.qd20_code)},
          {"unit_scheme", opt_json(f.unit_scheme)},
          {"unit_code", opt_json(f.unit_code)},
          {"address", opt_json(f.address)},
          {"phone", opt_json(f.phone)},
          {"email", opt_json(f.email)},
          {"hotline", opt_json(f.hotline)},
          {"active", f.active}};
}

json::object agency_json(const storage::AgencyRecord& a) {
  json::object o = fields_json(a.fields);
  o["id"] = a.id;
  o["path"] = a.path;
  if (auto k = domain::parse_agency_kind(a.fields.kind)) o["kind_name"] = domain::agency_kind_name_vi(*k);
  o["created_at_ms"] = a.created_at_ms;
  o["updated_at_ms"] = a.updated_at_ms;
  return o;
}

http::ApiError agency_not_found() { return http::ApiError::not_found("cơ quan", "agency"); }

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 1) return std::nullopt;
  return n;
}

std::optional<std::int64_t> id_query(const http::Request& req, const char* name, std::vector<http::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  auto id = parse_id(*v);
  if (!id) errors.push_back({name, "Phải là mã số cơ quan (số nguyên dương).", "Must be an agency id (a positive integer)."});
  return id;
}

const http::StringRule kNameRule{.min_len = 1, .max_len = 300};
const http::StringRule kKindRule{.min_len = 1, .max_len = 40};

// The optional text fields: read the same way by POST and PATCH (where null or "" clears them).
struct OptionalText {
  const char* key;
  std::optional<std::string> storage::AgencyFields::*member;
  http::StringRule rule;
};
const OptionalText kOptionalTexts[] = {
    {"short_name", &storage::AgencyFields::short_name, {.max_len = 100}},
    {"qcvn102_code", &storage::AgencyFields::qcvn102_code, {.max_len = 35}},
    {"qd20_code", &storage::AgencyFields::qd20_code, {.max_len = 35}},
    {"unit_scheme", &storage::AgencyFields::unit_scheme, {.max_len = 10}},
    {"unit_code", &storage::AgencyFields::unit_code, {.max_len = 10}},
    {"address", &storage::AgencyFields::address, {.max_len = 500}},
    {"phone", &storage::AgencyFields::phone, {.max_len = 30}},
    {"email", &storage::AgencyFields::email, {.max_len = 254}},
    {"hotline", &storage::AgencyFields::hotline, {.max_len = 30}},
};

domain::AgencyDraft draft_of(const storage::AgencyFields& f) {
  return {f.kind, f.name, f.short_name, f.qcvn102_code, f.qd20_code, f.unit_scheme, f.unit_code,
          f.address, f.phone, f.email, f.hotline};
}

// Checks that need the database: the unit exists, the identifier codes are not taken by another agency.
// On an update (`old` given) the unit is checked only when it changes, so editing a phone number never
// fails because of a unit list that was re-imported without the agency's old unit.
void check_against_db(storage::Connection& tx, const storage::AgencyFields& f, std::optional<std::int64_t> self,
                      const storage::AgencyFields* old = nullptr) {
  std::vector<http::FieldError> errors;
  for (const auto& issue : domain::validate_agency(draft_of(f)))
    errors.push_back({issue.field, issue.message_vi, issue.message_en});
  if (!errors.empty()) throw http::ApiError::validation(std::move(errors));

  const bool unit_changed = !old || old->unit_scheme != f.unit_scheme || old->unit_code != f.unit_code;
  if (unit_changed && f.unit_scheme && !storage::get_unit(tx, *f.unit_scheme, *f.unit_code))
    throw http::ApiError::validation({{"unit_code", "Không có đơn vị hành chính này.", "No such administrative unit."}});
  std::vector<http::FieldError> taken;
  if (f.qcvn102_code)
    if (auto other = storage::find_agency_by_qcvn102(tx, *f.qcvn102_code); other && other->id != self)
      taken.push_back({"qcvn102_code", "Mã định danh đã được dùng cho cơ quan khác.",
                       "The identifier is already used by another agency."});
  if (f.qd20_code)
    if (auto other = storage::find_agency_by_qd20(tx, *f.qd20_code); other && other->id != self)
      taken.push_back({"qd20_code", "Mã định danh đã được dùng cho cơ quan khác.",
                       "The identifier is already used by another agency."});
  if (!taken.empty())
    throw http::ApiError(409, "agency_code_taken", "Mã định danh cơ quan đã được dùng.",
                         "The agency identifier is already in use.", std::move(taken));
}

// What an agency admin may edit on the very agency its grant sits on.
const std::set<std::string> kContactFields = {"address", "phone", "email", "hotline"};

// An agency's identity (name, kind, codes, unit, parent, status) is set by the level above it: the caller
// must cover the agency's parent, not just the agency (a commune's admin cannot rename or close it).
bool may_change_identity(const Principal& p, const std::string& path) {
  if (p.has_role(Role::system_admin)) return true;
  const auto cut = path.find_last_of('/', path.size() >= 2 ? path.size() - 2 : 0);
  if (cut == std::string::npos || cut == 0) return false;  // the root: only a system admin
  return p.covers_agency({Role::agency_admin}, path.substr(0, cut + 1));
}

// The parent must exist and lie inside the caller's scope; returns its path.
std::string check_parent(storage::Connection& tx, const Principal& p, std::int64_t parent_id) {
  auto path = storage::agency_path(tx, parent_id);
  if (!path)
    throw http::ApiError::validation({{"parent_id", "Không có cơ quan cấp trên này.", "No such parent agency."}});
  if (!p.covers_agency({Role::agency_admin}, *path)) throw http::ApiError::forbidden();
  return *path;
}

void audit(storage::Connection& tx, AppContext& ctx, const http::Request& req, const Principal& p,
           std::string action, std::int64_t id, json::object summary) {
  storage::append_audit(tx, storage::AuditEntry{.actor_id = p.user_id,
                                                .actor_role = p.primary_role(),
                                                .agency_id = p.primary_agency(),
                                                .action = std::move(action),
                                                .target = "agency:" + std::to_string(id),
                                                .summary = json::serialize(summary),
                                                .request_id = req.request_id,
                                                .at_ms = ctx.now_ms()});
}

// A unique index may still fire when two requests race past check_against_db.
template <class F>
http::Response translating_conflicts(F&& f) {
  try {
    return f();
  } catch (const storage::DbError& e) {
    if (e.kind() != storage::DbError::Kind::unique_violation) throw;
    throw http::ApiError::conflict("agency_code_taken", "Mã định danh cơ quan đã được dùng.",
                                   "The agency identifier is already in use.");
  }
}

}  // namespace

void register_agency_routes(http::Router& r, AppContext& ctx) {
  // ?parent_id=&subtree_of=&kind=&q=&page=&per_page=
  r.get("/api/agencies", [&ctx](http::Request& req) {
    storage::AgencyQuery q;
    std::vector<http::FieldError> errors;
    q.parent_id = id_query(req, "parent_id", errors);
    q.subtree_of = id_query(req, "subtree_of", errors);
    if (auto k = req.query_param("kind"); k && !k->empty()) {
      if (!domain::parse_agency_kind(*k))
        errors.push_back({"kind", "Loại cơ quan không hợp lệ.", "Unknown agency kind."});
      q.kind = *k;
    }
    if (auto t = parse_search_text(req, errors)) q.q = *t;
    if (!errors.empty()) throw http::ApiError::validation(std::move(errors));
    const Page page = parse_page(req);
    q.page = page.page;
    q.per_page = page.per_page;
    const auto result = ctx.db.read([&](storage::Connection& c) { return storage::list_agencies(c, q); });
    json::array items;
    for (const auto& a : result.items) items.push_back(agency_json(a));
    return http::Response::json(200, page_json(std::move(items), page, result.total));
  });

  r.get("/api/agencies/{id}", [&ctx](http::Request& req) {
    const auto id = parse_id(req.param("id"));
    if (!id) throw agency_not_found();
    const auto a = ctx.db.read([&](storage::Connection& c) { return storage::get_agency(c, *id); });
    if (!a) throw agency_not_found();
    return http::Response::json(200, agency_json(*a));
  });

  r.post("/api/agencies", [&ctx](http::Request& req) {
    const Principal p = ctx.auth.require_role(req, {Role::system_admin, Role::agency_admin});
    http::JsonInput in(req.body);
    storage::AgencyFields f;
    f.parent_id = in.optional_int("parent_id", {.min = 1});
    f.kind = in.required_string("kind", kKindRule);
    f.name = in.required_string("name", kNameRule);
    for (const auto& t : kOptionalTexts) f.*t.member = in.optional_string(t.key, t.rule);
    f.active = in.optional_bool("active").value_or(true);
    // Report the domain rules together with the type errors, one message per field.
    std::set<std::string> failed;
    for (const auto& e : in.errors()) failed.insert(e.field);
    for (const auto& issue : domain::validate_agency(draft_of(f)))
      if (!failed.contains(issue.field)) in.fail(issue.field, issue.message_vi, issue.message_en);
    in.finish();

    return translating_conflicts([&] {
      return ctx.db.write([&](storage::Connection& tx) {
        // A new root (a whole province) is for system admins only.
        if (f.parent_id) check_parent(tx, p, *f.parent_id);
        else if (!p.has_role(Role::system_admin)) throw http::ApiError::forbidden();
        check_against_db(tx, f, std::nullopt);
        const std::int64_t id = storage::create_agency(tx, f, ctx.now_ms());
        audit(tx, ctx, req, p, "agency.create", id, {{"new", fields_json(f)}});
        return http::Response::json(201, agency_json(*storage::get_agency(tx, id)));
      });
    });
  });

  // Fields left out stay as they are; null or "" clears an optional field. parent_id moves the agency.
  r.patch("/api/agencies/{id}", [&ctx](http::Request& req) {
    const Principal p = ctx.auth.require_role(req, {Role::system_admin, Role::agency_admin});
    const auto id = parse_id(req.param("id"));
    if (!id) throw agency_not_found();
    http::JsonInput in(req.body);
    const auto parent_id = in.optional_int("parent_id", {.min = 1});
    const auto kind = in.optional_string("kind", kKindRule);
    const auto name = in.optional_string("name", kNameRule);
    std::vector<std::optional<std::string>> texts;
    for (const auto& t : kOptionalTexts) texts.push_back(in.optional_string(t.key, t.rule));
    const auto active = in.optional_bool("active");
    in.finish();
    // JsonInput reads null and "" as "not given"; for PATCH they mean "clear", so look at the raw keys.
    const json::object raw = json::parse(req.body).as_object();
    auto given = [&](const char* key) { return raw.contains(key); };

    return translating_conflicts([&] {
      return ctx.db.write([&](storage::Connection& tx) {
        const auto old = storage::get_agency(tx, *id);
        if (!old) throw agency_not_found();
        if (!p.covers_agency({Role::agency_admin}, old->path)) throw http::ApiError::forbidden();

        storage::AgencyFields f = old->fields;
        if (kind) f.kind = *kind;
        if (name) f.name = *name;
        if (active) f.active = *active;
        for (std::size_t i = 0; i < std::size(kOptionalTexts); ++i)
          if (given(kOptionalTexts[i].key)) f.*kOptionalTexts[i].member = texts[i];
        if (given("name") && !name)
          throw http::ApiError::validation({{"name", "Tên cơ quan không được để trống.", "The name cannot be empty."}});
        if (parent_id && parent_id != old->fields.parent_id) {
          const std::string parent_path = check_parent(tx, p, *parent_id);
          if (storage::path_within(parent_path, old->path))
            throw http::ApiError::validation({{"parent_id", "Không thể chuyển cơ quan vào chính nó hoặc cơ quan cấp dưới của nó.",
                                               "An agency cannot move under itself or one of its descendants."}});
          f.parent_id = parent_id;
        }
        if (f == old->fields) return http::Response::json(200, agency_json(*old));
        if (!may_change_identity(p, old->path)) {
          const json::object before = fields_json(old->fields), after = fields_json(f);
          for (const auto& [key, value] : after)
            if (before.at(key) != value && !kContactFields.contains(std::string(key)))
              throw http::ApiError(403, "agency_identity_locked",
                                   "Chỉ cấp trên mới thay đổi được tên, loại, mã định danh, trực thuộc hoặc trạng thái của cơ quan; "
                                   "quản trị đơn vị chỉ sửa được địa chỉ, điện thoại, thư điện tử, đường dây nóng",
                                   "Only the level above may change an agency's name, kind, codes, parent or status; "
                                   "its own admin may change the address, phone, e-mail and hotline",
                                   {{std::string(key), "Không được phép thay đổi", "Not allowed to change"}});
        }

        check_against_db(tx, f, *id, &old->fields);
        storage::update_agency(tx, *id, f, ctx.now_ms());
        json::object before = fields_json(old->fields), after = fields_json(f), old_changed, new_changed;
        for (const auto& [key, value] : after) {
          if (before.at(key) == value) continue;
          old_changed[key] = before.at(key);
          new_changed[key] = value;
        }
        audit(tx, ctx, req, p, "agency.update", *id, {{"old", old_changed}, {"new", new_changed}});
        return http::Response::json(200, agency_json(*storage::get_agency(tx, *id)));
      });
    });
  });
}

}  // namespace motcua::api
