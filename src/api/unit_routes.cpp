// Administrative units (đơn vị hành chính), public and read-only: both schemes and legacy → 2025 successors.
#include <boost/json.hpp>

#include "api/pagination.h"
#include "api/routes.h"
#include "domain/units.h"
#include "http/api_error.h"
#include "storage/unit_repo.h"

namespace motcua::api {

namespace json = boost::json;

namespace {

json::object unit_json(const storage::UnitRecord& u) {
  return {{"scheme", u.scheme},       {"code", u.code},       {"level", u.level},
          {"kind", u.kind},           {"name", u.name},       {"full_name", u.full_name},
          {"name_en", u.name_en},     {"code_name", u.code_name},
          {"parent_code", u.parent_code ? json::value(*u.parent_code) : json::value(nullptr)}};
}

http::ApiError unit_not_found() { return http::ApiError::not_found("đơn vị hành chính", "administrative unit"); }

}  // namespace

void register_unit_routes(http::Router& r, AppContext& ctx) {
  // ?scheme=2025|legacy (default 2025) &parent=CODE &level=province|district|commune &q=text
  r.get("/api/units", [&ctx](http::Request& req) {
    storage::UnitQuery q;
    std::vector<http::FieldError> errors;
    if (auto s = req.query_param("scheme"); s && !s->empty()) {
      if (!domain::parse_unit_scheme(*s))
        errors.push_back({"scheme", "Phải là \"2025\" hoặc \"legacy\".", "Must be \"2025\" or \"legacy\"."});
      q.scheme = *s;
    }
    if (auto l = req.query_param("level"); l && !l->empty()) {
      if (!domain::parse_unit_level(*l))
        errors.push_back({"level", "Phải là province, district hoặc commune.",
                          "Must be province, district or commune."});
      q.level = *l;
    }
    if (auto p = req.query_param("parent"); p && !p->empty()) q.parent_code = *p;
    if (auto t = parse_search_text(req, errors)) q.q = *t;
    if (!errors.empty()) throw http::ApiError::validation(std::move(errors));
    const Page page = parse_page(req);
    q.page = page.page;
    q.per_page = page.per_page;
    const auto result = ctx.db.read([&](storage::Connection& c) { return storage::list_units(c, q); });
    json::array items;
    for (const auto& u : result.items) items.push_back(unit_json(u));
    return http::Response::json(200, page_json(std::move(items), page, result.total));
  });

  // One unit with its parent and the number of its children.
  r.get("/api/units/{scheme}/{code}", [&ctx](http::Request& req) {
    const auto& scheme = req.param("scheme");
    const auto& code = req.param("code");
    if (!domain::parse_unit_scheme(scheme)) throw unit_not_found();
    return ctx.db.read([&](storage::Connection& c) {
      const auto unit = storage::get_unit(c, scheme, code);
      if (!unit) throw unit_not_found();
      json::object o = unit_json(*unit);
      o["children_count"] = storage::count_unit_children(c, scheme, code);
      json::value parent = nullptr;
      if (unit->parent_code)
        if (auto p = storage::get_unit(c, scheme, *unit->parent_code)) parent = unit_json(*p);
      o["parent"] = std::move(parent);
      return http::Response::json(200, o);
    });
  });

  // What an old address became: the 2025 commune(s) of a legacy commune (several when it was divided).
  r.get("/api/units/legacy/{code}/successors", [&ctx](http::Request& req) {
    const auto& code = req.param("code");
    return ctx.db.read([&](storage::Connection& c) {
      const auto legacy = storage::get_unit(c, "legacy", code);
      if (!legacy) throw unit_not_found();
      json::array items;
      for (const auto& s : storage::unit_successors(c, code)) {
        json::object o = unit_json(s.unit);
        o["divided"] = s.divided;
        if (s.unit.parent_code)
          if (auto p = storage::get_unit(c, "2025", *s.unit.parent_code)) o["province"] = unit_json(*p);
        items.push_back(std::move(o));
      }
      return http::Response::json(200, json::object{{"legacy", unit_json(*legacy)}, {"successors", std::move(items)}});
    });
  });
}

}  // namespace motcua::api
