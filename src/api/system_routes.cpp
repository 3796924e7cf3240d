// Operational endpoints: liveness, readiness (database reachable), Prometheus metrics, the OpenAPI
// document. None needs a session: probes and scrapers have none.
#include <boost/json.hpp>

#include "api/routes.h"

namespace motcua {
std::string_view embedded_openapi_json();
}

namespace motcua::api {

void register_system_routes(http::Router& r, AppContext& ctx, const http::Metrics& metrics) {
  r.get("/healthz", [](http::Request&) {
    return http::Response::json(200, boost::json::object{{"status", "ok"}});
  });
  r.get("/readyz", [&ctx](http::Request&) {
    const bool db_ok = ctx.db.ping();
    return http::Response::json(db_ok ? 200 : 503,
                                boost::json::object{{"status", db_ok ? "ready" : "unavailable"},
                                                    {"database", db_ok ? "ok" : "unreachable"}});
  });
  r.get("/metrics", [&metrics](http::Request&) {
    return http::Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  r.get("/api/openapi.json", [](http::Request&) {
    auto resp = http::Response::text(200, std::string(embedded_openapi_json()), "application/json; charset=utf-8");
    resp.with_header("Cache-Control", "public, max-age=300");
    return resp;
  });
}

}  // namespace motcua::api
