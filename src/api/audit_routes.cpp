// Reading the audit trail: system admins and provincial monitors only. Nothing here writes.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/pagination.h"
#include "api/routes.h"
#include "http/api_error.h"
#include "storage/audit_repo.h"

namespace motcua::api {

using domain::Role;
namespace json = boost::json;

void register_audit_routes(http::Router& r, AppContext& ctx) {
  r.get("/api/audit", [&ctx](http::Request& req) {
    // The trail covers the whole province, so only province-wide readers see it.
    const auto p = ctx.auth.require_role(req, {Role::system_admin, Role::provincial_monitor});
    if (!p.holds_province_wide({Role::provincial_monitor})) throw http::ApiError::forbidden();
    const Page page = parse_page(req);
    std::string where = " WHERE 1=1";
    std::vector<storage::Value> params;
    if (auto t = req.query_param("target"); t && !t->empty()) {
      params.emplace_back(*t);
      where += " AND target = $" + std::to_string(params.size());
    }
    if (auto a = req.query_param("action"); a && !a->empty()) {
      params.emplace_back(*a);
      where += " AND action = $" + std::to_string(params.size());
    }
    return ctx.db.read([&](storage::Connection& c) {
      const auto total = c.exec("SELECT COUNT(*) FROM audit_log" + where, params).one().i64(0);
      auto p2 = params;
      p2.emplace_back(page.per_page);
      p2.emplace_back(page.offset());
      const auto res = c.exec(
          "SELECT id, actor_id, actor_role, agency_id, action, target, summary, request_id, at_ms, hash "
          "FROM audit_log" + where + " ORDER BY id DESC LIMIT $" + std::to_string(p2.size() - 1) +
              " OFFSET $" + std::to_string(p2.size()),
          p2);
      json::array items;
      for (const auto& row : res.rows) {
        json::object o{{"id", row.i64(0)},
                       {"actor_role", row.str(2)},
                       {"action", row.str(4)},
                       {"target", row.str(5)},
                       {"summary", row.str(6)},
                       {"request_id", row.str(7)},
                       {"at_ms", row.i64(8)},
                       {"hash", row.str(9)}};
        o["actor_id"] = row.is_null(1) ? json::value(nullptr) : json::value(row.i64(1));
        o["agency_id"] = row.is_null(3) ? json::value(nullptr) : json::value(row.i64(3));
        items.push_back(std::move(o));
      }
      return http::Response::json(200, page_json(std::move(items), page, total));
    });
  });

  r.get("/api/audit/verify", [&ctx](http::Request& req) {
    ctx.auth.require_role(req, {Role::system_admin});
    const auto v = storage::verify_audit(ctx.db);
    json::object o{{"ok", v.ok}, {"rows_checked", v.rows_checked}, {"reason", v.reason}};
    o["first_bad_id"] = v.first_bad_id ? json::value(*v.first_bad_id) : json::value(nullptr);
    return http::Response::json(200, o);
  });
}

}  // namespace motcua::api
