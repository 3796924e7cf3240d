// Public verification of signed e-results (NĐ 45/2020 Điều 14; TT 01/2023: the QR on a result links here).
// Anyone holding a result's code sees its verdict, issuing agency and date, and may upload a file to check
// that it is the issued one; the file is hashed and dropped, never stored. No session is needed, so these
// POSTs carry no CSRF token: they change nothing. The agencies' public keys are published for offline checks.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/dossier_views.h"
#include "api/path_params.h"
#include "api/routes.h"
#include "api/verification_views.h"
#include "app/dossier_service.h"
#include "app/result_verification.h"
#include "http/api_error.h"
#include "http/upload_hash.h"
#include "storage/agency_key_repo.h"
#include "storage/result_repo.h"

namespace motcua::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using http::Response;

namespace {

ApiError result_not_found() { return ApiError::not_found("kết quả", "result"); }

// Styles are inline and nothing is scripted: the page needs no other origin and no JavaScript at all.
Response html(int status, std::string body) {
  auto r = Response::text(status, std::move(body), "text/html; charset=utf-8");
  r.with_header("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  return r;
}

http::HashedUpload hashed_upload(const Request& req) {
  return http::hash_upload(req);  // spooled or, when small, in memory
}

}  // namespace

void register_verification_routes(http::Router& r, AppContext& ctx) {
  // Every key ever used, with its status: a verifier needs retired and revoked keys too.
  r.get("/.well-known/motcua-keys.json", [&ctx](Request&) {
    const auto keys = ctx.db.read([](storage::Connection& c) { return storage::list_keys(c); });
    auto resp = Response::json(200, published_keys_json(keys, ctx.config.effective_base_url()));
    resp.with_header("Cache-Control", "public, max-age=300");  // a revocation shows within five minutes
    return resp;
  });

  r.get("/api/verify/{code}", [&ctx](Request& req) {
    const auto v = app::verify_result(ctx.db, req.param("code"));
    if (!v) throw result_not_found();
    return Response::json(200, verification_json(*v, ctx.config.effective_base_url()));
  });
  r.upload("/api/verify/{code}", [&ctx](Request& req) {
    // 404 before reading the body, so an unknown code costs no hashing.
    if (!app::verify_result(ctx.db, req.param("code"))) throw result_not_found();
    const auto up = hashed_upload(req);
    const auto v = app::verify_result(ctx.db, req.param("code"), up.sha256);
    if (!v) throw result_not_found();
    auto o = verification_json(*v, ctx.config.effective_base_url());
    o["file"].as_object()["filename"] = up.filename;
    o["file"].as_object()["size"] = static_cast<std::int64_t>(up.size);
    return Response::json(200, o);
  });

  // The QR target: the same, as a page for a phone.
  r.get("/verify/{code}", [&ctx](Request& req) {
    const auto& code = req.param("code");
    const auto v = app::verify_result(ctx.db, code);
    return html(v ? 200 : 404, verification_page(v ? &*v : nullptr, code, std::nullopt));
  });
  r.upload("/verify/{code}", [&ctx](Request& req) {
    const auto& code = req.param("code");
    const auto v = app::verify_result(ctx.db, code);
    if (!v) return html(404, verification_page(nullptr, code, std::nullopt));
    try {
      const auto up = hashed_upload(req);
      const auto checked = app::verify_result(ctx.db, code, up.sha256);
      if (!checked) return html(404, verification_page(nullptr, code, std::nullopt));
      return html(200, verification_page(&*checked, code, UploadedFile{up.filename, up.sha256}));
    } catch (const ApiError& e) {  // no file, too large, malformed: say so on the page, not in JSON
      return html(e.status(), verification_page(&*v, code, std::nullopt, e.message_vi(), e.message_en()));
    }
  });

  // A dossier's results with their verification links: its owner and the officials in scope.
  r.get("/api/dossiers/{id}/results", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const auto id = positive_id(req, "id", "hồ sơ", "Dossier");
    available(ctx.dossiers, "Chức năng hồ sơ", "Dossiers").visible(dossier_actor(p, req), id);  // 404 unless the caller may see the dossier
    const auto results = ctx.db.read([&](storage::Connection& c) { return storage::list_results(c, id); });
    json::array items;
    for (const auto& res : results) items.push_back(result_json(res, ctx.config.effective_base_url()));
    return Response::json(200, json::object{{"items", std::move(items)}});
  });
}

}  // namespace motcua::api
