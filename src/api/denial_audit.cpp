// Refused changes are evidence too: a logged-in user who tries to act outside their scope, or sends a
// state change without the CSRF token, leaves an "access.denied" row. Anonymous 401s are not recorded
// (they identify no one and would let anybody flood the chain).
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "http/api_error.h"
#include "storage/audit_repo.h"

namespace motcua::api {

void audit_denied_changes(http::Router& r, AppContext& ctx) {
  r.use([&ctx](http::Request& req, const http::Handler& next) -> http::Response {
    try {
      return next(req);
    } catch (const http::ApiError& e) {
      if (e.status() != 403 || !http::is_state_changing(req.method)) throw;
      if (auto p = ctx.auth.authenticate(req)) {
        storage::AuditEntry a;
        a.actor_id = p->user_id;
        a.actor_role = p->primary_role();
        a.agency_id = p->primary_agency();
        a.action = "access.denied";
        a.target = std::string(http::method_name(req.method)) + " " + req.path;
        a.summary = boost::json::serialize(boost::json::object{{"code", e.code()}, {"route", req.route}});
        a.request_id = req.request_id;
        a.at_ms = ctx.now_ms();
        ctx.db.write([&](storage::Connection& tx) { storage::append_audit(tx, a); });
      }
      throw;
    }
  });
}

}  // namespace motcua::api
