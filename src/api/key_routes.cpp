// The agencies' signing keys (khóa ký số): a system administrator rotates an agency's key or revokes a
// key, always with a reason; each change is one audit row (app/agency_keys.h). Reading is public at
// /.well-known/motcua-keys.json (verification_routes.cpp).
#include <boost/json.hpp>

#include "api/account_views.h"
#include "api/auth.h"
#include "api/path_params.h"
#include "api/routes.h"
#include "api/verification_views.h"
#include "app/agency_keys.h"
#include "http/api_error.h"
#include "http/json_input.h"

namespace motcua::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using http::Response;

namespace {

app::AgencyKeys& keys(AppContext& ctx) { return available(ctx.keys, "Chức năng khóa ký số", "Signing keys"); }

std::string read_reason(const Request& req) {
  http::JsonInput in(req.body);
  auto reason = in.required_string("reason", {.min_len = 1, .max_len = 500});
  in.finish();
  return reason;
}

}  // namespace

void register_key_routes(http::Router& r, AppContext& ctx) {
  // Rotation (thay khóa): the agency's next results are signed with a new key; the old one is retired and
  // still verifies what it signed.
  r.post("/api/agencies/{id}/keys/rotate", [&ctx](Request& req) {
    const auto p = ctx.auth.require_role(req, {domain::Role::system_admin});
    const auto id = positive_id(req, "id", "cơ quan", "agency");
    const auto reason = read_reason(req);
    const auto rot = keys(ctx).rotate(id, reason, audit_from(p, req, "", "", "", 0));
    return Response::json(201, json::object{{"agency_id", id},
                                            {"active", key_json(rot.active)},
                                            {"retired", rot.retired ? json::value(key_json(*rot.retired))
                                                                    : json::value(nullptr)}});
  });

  // Revocation (thu hồi khóa), e.g. after the key file leaked: everything the key signed shows as revoked.
  r.post("/api/keys/{key_id}/revoke", [&ctx](Request& req) {
    const auto p = ctx.auth.require_role(req, {domain::Role::system_admin});
    const auto reason = read_reason(req);
    return Response::json(200, key_json(keys(ctx).revoke(req.param("key_id"), reason, audit_from(p, req, "", "", "", 0))));
  });
}

}  // namespace motcua::api
