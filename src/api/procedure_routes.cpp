// The procedure catalogue (danh mục TTHC): public search and detail; the per-agency service configuration
// (which agency offers which procedure, at which level, with which workflow, e-form, promised time and fee
// account), public to read and changed by system admins anywhere and agency admins inside their subtree.
// Every change is audited in its own transaction.
#include <boost/json.hpp>
#include <charconv>

#include "api/auth.h"
#include "domain/eform_schema.h"
#include "api/pagination.h"
#include "api/routes.h"
#include "http/api_error.h"
#include "http/json_input.h"
#include "storage/agency_repo.h"
#include "storage/audit_repo.h"
#include "storage/procedure_repo.h"

namespace motcua::api {

using domain::Role;
namespace json = boost::json;

namespace {

const char* const kLevels[] = {"bo", "tinh", "xa", "khac", "huyen"};
const char* const kOnlineLevels[] = {"full", "partial", "none", "unknown"};

template <std::size_t N>
bool one_of(const char* const (&set)[N], std::string_view v) {
  for (const char* s : set)
    if (v == s) return true;
  return false;
}

json::value opt_json(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::array string_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object summary_json(const storage::ProcedureSummary& s) {
  return {{"code", s.code},
          {"name", s.name},
          {"sector", s.sector},
          {"levels", string_array(s.levels)},
          {"procedure_type", s.procedure_type},
          {"online_level", s.online_level},
          {"decision_number", s.decision_number},
          {"version_key", s.version_key},
          {"source", s.source},
          {"review_flags", string_array(s.review_flags)}};
}

json::object detail_json(const storage::ProcedureRecord& r) {
  json::object o = storage::procedure_json(r.procedure);
  o["version_key"] = r.version_key;
  o["current"] = r.current;
  o["imported_at_ms"] = r.imported_ms;
  json::array versions;
  for (const auto& v : r.versions)
    versions.push_back(json::object{{"version_key", v.version_key},
                                    {"decision_number", v.decision_number},
                                    {"decision_date", opt_json(v.decision_date)},
                                    {"imported_at_ms", v.imported_ms},
                                    {"current", v.current}});
  o["versions"] = std::move(versions);
  return o;
}

// The client-settable fields, also what the audit summary compares.
json::object service_fields_json(const storage::AgencyService& s) {
  return {{"level", s.level},
          {"workflow_key", opt_json(s.workflow_key)},
          {"eform_key", opt_json(s.eform_key)},
          {"promised_time_amount", s.promised_time_amount ? json::value(*s.promised_time_amount) : json::value(nullptr)},
          {"promised_time_unit", opt_json(s.promised_time_unit)},
          {"fee_account", opt_json(s.fee_account)},
          {"active", s.active}};
}

json::object service_json(const storage::AgencyService& s, const std::string& procedure_name) {
  json::object o = service_fields_json(s);
  o["agency_id"] = s.agency_id;
  o["procedure_code"] = s.procedure_code;
  o["procedure_name"] = procedure_name;
  o["updated_at_ms"] = s.updated_ms;
  return o;
}

http::ApiError agency_not_found() { return http::ApiError::not_found("cơ quan", "agency"); }
http::ApiError procedure_not_found() { return http::ApiError::not_found("thủ tục hành chính", "procedure"); }
http::ApiError service_not_found() {
  return http::ApiError::not_found("cấu hình thủ tục của cơ quan", "agency service");
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 1) return std::nullopt;
  return n;
}

// A procedure code as the catalogue writes them ("1.004194", "2.000635"): short, no spaces or slashes.
bool plausible_code(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  for (char c : code)
    if (c == ' ' || c == '/' || static_cast<unsigned char>(c) < 0x20) return false;
  return true;
}

void audit(storage::Connection& tx, AppContext& ctx, const http::Request& req, const Principal& p, std::string action,
           std::int64_t agency_id, json::object summary) {
  storage::append_audit(tx, storage::AuditEntry{.actor_id = p.user_id,
                                                .actor_role = p.primary_role(),
                                                .agency_id = p.primary_agency(),
                                                .action = std::move(action),
                                                .target = "agency:" + std::to_string(agency_id),
                                                .summary = json::serialize(summary),
                                                .request_id = req.request_id,
                                                .at_ms = ctx.now_ms()});
}

// The agency must exist (404) and lie inside the caller's agency_admin scope (403).
void check_scope(storage::Connection& tx, const Principal& p, std::int64_t agency_id) {
  const auto path = storage::agency_path(tx, agency_id);
  if (!path) throw agency_not_found();
  if (!p.covers_agency({Role::agency_admin}, *path)) throw http::ApiError::forbidden();
}

std::string current_name(storage::Connection& c, const std::string& code) {
  const auto rec = storage::get_procedure(c, code);
  return rec ? rec->procedure.name : std::string();
}

}  // namespace

namespace {

http::ApiError no_eform() {
  return http::ApiError(404, "no_eform", "Thủ tục không có biểu mẫu điện tử", "The procedure has no e-form");
}

// The e-form key for the request: ?agency_id= naming an agency service with an eform_key, else the code.
std::string eform_key_of(AppContext& ctx, const http::Request& req) {
  const std::string code = req.param("code");
  const auto a = req.query_param("agency_id");
  if (!a) return code;
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), id);
  if (ec != std::errc() || p != a->data() + a->size() || id <= 0)
    throw http::ApiError::validation({{"agency_id", "Mã cơ quan phải là số nguyên dương", "agency_id must be a positive integer"}});
  const auto svc = ctx.db.read([&](storage::Connection& c) { return storage::get_agency_service(c, id, code); });
  return svc && svc->active && svc->eform_key && !svc->eform_key->empty() ? *svc->eform_key : code;
}

}  // namespace

void register_procedure_routes(http::Router& r, AppContext& ctx) {
  // ?q=&sector=&agency_id=&level=&online_level=&page=&per_page=
  r.get("/api/procedures", [&ctx](http::Request& req) {
    storage::ProcedureQuery q;
    std::vector<http::FieldError> errors;
    if (auto t = parse_search_text(req, errors)) q.q = *t;
    if (auto s = req.query_param("sector"); s && !s->empty()) {
      if (s->size() > 200) errors.push_back({"sector", "Không được dài quá 200 ký tự", "Must not exceed 200 characters"});
      q.sector = *s;
    }
    if (auto a = req.query_param("agency_id"); a && !a->empty()) {
      q.agency_id = parse_id(*a);
      if (!q.agency_id)
        errors.push_back({"agency_id", "Phải là mã số cơ quan (số nguyên dương).", "Must be an agency id (a positive integer)."});
    }
    if (auto l = req.query_param("level"); l && !l->empty()) {
      if (!one_of(kLevels, *l))
        errors.push_back({"level", "Cấp thực hiện phải là bo, tinh, xa, khac hoặc huyen.",
                          "The level must be bo, tinh, xa, khac or huyen."});
      q.level = *l;
    }
    if (auto l = req.query_param("online_level"); l && !l->empty()) {
      if (!one_of(kOnlineLevels, *l))
        errors.push_back({"online_level", "Mức độ trực tuyến phải là full, partial, none hoặc unknown.",
                          "The online level must be full, partial, none or unknown."});
      q.online_level = *l;
    }
    if (!errors.empty()) throw http::ApiError::validation(std::move(errors));
    const Page page = parse_page(req);
    q.page = page.page;
    q.per_page = page.per_page;
    const auto result = ctx.db.read([&](storage::Connection& c) { return storage::search_procedures(c, q); });
    json::array items;
    for (const auto& s : result.items) items.push_back(summary_json(s));
    return http::Response::json(200, page_json(std::move(items), page, result.total));
  });

  // ?version=KEY (the publishing decision number) for an older version.
  // The e-form of a procedure (data/eforms), as the UI renders it: the agency service's eform_key when
  // ?agency_id= names an agency that set one, else the procedure code. Public, like the catalogue.
  r.get("/api/procedures/{code}/eform", [&ctx](http::Request& req) {
    const std::string* text = ctx.eform_text ? ctx.eform_text(eform_key_of(ctx, req)) : nullptr;
    if (!text) throw no_eform();
    auto res = http::Response::text(200, *text, "application/json; charset=utf-8");
    res.with_header("Cache-Control", "public, max-age=300");
    return res;
  });
  // Inline validation for the UI with the server's own validator (one implementation of the rules):
  // {"data": {…}, "mode": "draft"|"submit"} → {"problems": [{field, message_vi, message_en}]}. Nothing is stored.
  r.post("/api/procedures/{code}/eform/check", [&ctx](http::Request& req) {
    const auto* schema = ctx.eform_schema ? ctx.eform_schema(eform_key_of(ctx, req)) : nullptr;
    if (!schema) throw no_eform();
    http::JsonInput in(req.body);
    const auto mode = in.optional_string("mode", {.max_len = 10}).value_or("submit");
    const auto* data = in.raw("data");
    if (!data || !data->is_object()) in.fail("data", "Cần dữ liệu tờ khai (một đối tượng JSON)", "data must be a JSON object");
    if (mode != "draft" && mode != "submit") in.fail("mode", "Chế độ phải là draft hoặc submit", "mode must be draft or submit");
    in.finish();
    json::array problems;
    for (const auto& p : schema->validate(json::serialize(*data), mode == "draft" ? domain::EformMode::draft
                                                                                   : domain::EformMode::submit))
      problems.push_back({{"field", p.path.empty() ? "eform_data" : "eform_data." + p.path},
                          {"message_vi", p.message_vi},
                          {"message_en", p.message_en}});
    return http::Response::json(200, json::object{{"problems", std::move(problems)}});
  });

  r.get("/api/procedures/{code}", [&ctx](http::Request& req) {
    const std::string code = req.param("code");
    if (!plausible_code(code)) throw procedure_not_found();
    std::optional<std::string> version;
    if (auto v = req.query_param("version"); v && !v->empty()) version = *v;
    const auto rec = ctx.db.read([&](storage::Connection& c) { return storage::get_procedure(c, code, version); });
    if (!rec) throw procedure_not_found();
    return http::Response::json(200, detail_json(*rec));
  });

  r.get("/api/agencies/{id}/services", [&ctx](http::Request& req) {
    const auto id = parse_id(req.param("id"));
    if (!id) throw agency_not_found();
    const Page page = parse_page(req);
    const auto result = ctx.db.read([&](storage::Connection& c) {
      if (!storage::agency_path(c, *id)) throw agency_not_found();
      return storage::list_agency_services(c, *id, page.page, page.per_page);
    });
    json::array items;
    for (const auto& row : result.items) items.push_back(service_json(row.service, row.procedure_name));
    return http::Response::json(200, page_json(std::move(items), page, result.total));
  });

  // Creates (201) or replaces (200) the agency's configuration of one procedure. Fields left out are unset
  // (null): a PUT states the whole configuration.
  r.put("/api/agencies/{id}/services/{code}", [&ctx](http::Request& req) {
    const Principal p = ctx.auth.require_role(req, {Role::system_admin, Role::agency_admin});
    const auto id = parse_id(req.param("id"));
    if (!id) throw agency_not_found();
    const std::string code = req.param("code");
    if (!plausible_code(code)) throw procedure_not_found();

    http::JsonInput in(req.body);
    storage::AgencyService s;
    s.agency_id = *id;
    s.procedure_code = code;
    s.level = in.required_string("level", {.min_len = 1, .max_len = 10});
    s.workflow_key = in.optional_string("workflow_key", {.max_len = 100});
    s.eform_key = in.optional_string("eform_key", {.max_len = 100});
    if (auto amount = in.optional_int("promised_time_amount", {.min = 1, .max = 3650}))
      s.promised_time_amount = static_cast<double>(*amount);
    s.promised_time_unit = in.optional_string("promised_time_unit", {.max_len = 20});
    s.fee_account = in.optional_string("fee_account", {.max_len = 100});
    s.active = in.optional_bool("active").value_or(true);
    in.finish();
    s.updated_ms = ctx.now_ms();

    return ctx.db.write([&](storage::Connection& tx) {
      check_scope(tx, p, *id);
      if (!storage::procedure_exists(tx, code)) throw procedure_not_found();
      std::vector<http::FieldError> errors;
      for (auto& issue : storage::validate_agency_service(tx, s))
        errors.push_back({std::move(issue.field), std::move(issue.message_vi), std::move(issue.message_en)});
      if (!errors.empty()) throw http::ApiError::validation(std::move(errors));

      const auto old = storage::get_agency_service(tx, *id, code);
      const std::string name = current_name(tx, code);
      if (old && old->same_settings(s)) return http::Response::json(200, service_json(*old, name));
      const bool created = storage::set_agency_service(tx, s);
      json::object summary{{"procedure_code", code}, {"new", service_fields_json(s)}};
      if (old) {
        const json::object before = service_fields_json(*old), after = service_fields_json(s);
        json::object old_changed, new_changed;
        for (const auto& [key, value] : after) {
          if (before.at(key) == value) continue;
          old_changed[key] = before.at(key);
          new_changed[key] = value;
        }
        summary = {{"procedure_code", code}, {"old", old_changed}, {"new", new_changed}};
      }
      audit(tx, ctx, req, p, created ? "agency_service.create" : "agency_service.update", *id, std::move(summary));
      return http::Response::json(created ? 201 : 200, service_json(s, name));
    });
  });

  r.del("/api/agencies/{id}/services/{code}", [&ctx](http::Request& req) {
    const Principal p = ctx.auth.require_role(req, {Role::system_admin, Role::agency_admin});
    const auto id = parse_id(req.param("id"));
    if (!id) throw agency_not_found();
    const std::string code = req.param("code");
    return ctx.db.write([&](storage::Connection& tx) {
      check_scope(tx, p, *id);
      const auto old = storage::get_agency_service(tx, *id, code);
      if (!old) throw service_not_found();
      storage::delete_agency_service(tx, *id, code);
      audit(tx, ctx, req, p, "agency_service.delete", *id,
            {{"procedure_code", code}, {"old", service_fields_json(*old)}});
      return http::Response::no_content();
    });
  });
}

}  // namespace motcua::api
