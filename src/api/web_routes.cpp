// The built web UI (web/dist, MOTCUA_WEB_DIR) served by the same binary: the single-page app's entry for each of
// its public paths (so a QR link /tra-cuu/<token> opens directly), and its hashed assets with a year-long cache.
// Only names made of safe characters are looked up, and only directly under <web_dir>/assets: no path walks.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/routes.h"
#include "api/site_hosts.h"
#include "app/profiles.h"
#include "http/api_error.h"

namespace motcua::api {

using http::ApiError;
using http::Request;
using http::Response;

namespace {

ApiError ui_missing() {
  return ApiError(404, "ui_not_built", "Chưa có giao diện web (chạy make run hoặc đặt MOTCUA_WEB_DIR)",
                  "The web UI is not built (run make run or set MOTCUA_WEB_DIR)");
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string_view mime_of(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".ico")) return "image/x-icon";
  return "";
}

bool safe_name(std::string_view n) {
  if (n.empty() || n.size() > 200 || n.front() == '.') return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
  return n.find("..") == std::string_view::npos;
}

// The UI's own pages allow only their own scripts and styles (no inline script can run if text were injected).
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

}  // namespace

void register_web_routes(http::Router& r, AppContext& ctx) {
  // The two site addresses: configured, else the active province profile's (read once; a broken profile
  // already stopped `motcua serve`, so failing to read it here only leaves the sites unsplit).
  SiteHosts hosts{ctx.config.portal_host, ctx.config.officer_host};
  if (!ctx.config.profile.empty() && (hosts.portal.empty() || hosts.officer.empty())) {
    try {
      const auto p = app::load_profile(app::rules_data_dir(), ctx.config.profile);
      if (hosts.portal.empty()) hosts.portal = p.portal_host.value;
      if (hosts.officer.empty()) hosts.officer = p.officer_site_host.value.value_or("");
    } catch (const std::exception&) {
    }
  }
  auto page = [&ctx, hosts](Request& req) {
    if (auto to = site_redirect(hosts, req.header("Host").value_or(""), req.path)) {
      auto res = Response::text(302, "", "text/plain; charset=utf-8");
      res.with_header("Location", *to);
      return res;
    }
    if (ctx.config.web_dir.empty()) throw ui_missing();
    auto html = read_file(std::filesystem::path(ctx.config.web_dir) / "index.html");
    if (!html) throw ui_missing();
    auto res = Response::text(200, std::move(*html), "text/html; charset=utf-8");
    res.with_header("Cache-Control", "no-cache");  // revalidated: a new build's asset names take effect at once
    res.with_header("Content-Security-Policy", kCsp);
    res.with_header("Referrer-Policy", "same-origin");
    return res;
  };
  // The UI's own paths (web/src/router.ts): each must be listed here, in docs/openapi.json and in the access matrix.
  for (const char* path : {"/", "/thu-tuc", "/thu-tuc/{code}", "/tra-cuu", "/tra-cuu/{token}", "/dang-nhap", "/dang-ky",
                           "/nop-ho-so/{code}", "/ho-so", "/ho-so/{id}", "/can-bo", "/can-bo/ho-so/{id}",
                           "/can-bo/tiep-nhan", "/quan-tri", "/doi-mat-khau"})
    r.get(path, page);

  r.get("/assets/{file}", [&ctx](Request& req) {
    const auto& name = req.param("file");
    const auto mime = mime_of(name);
    if (ctx.config.web_dir.empty() || !safe_name(name) || mime.empty())
      throw ApiError::not_found("tệp giao diện", "UI file");
    auto body = read_file(std::filesystem::path(ctx.config.web_dir) / "assets" / name);
    if (!body) throw ApiError::not_found("tệp giao diện", "UI file");
    auto res = Response::text(200, std::move(*body), std::string(mime));
    res.with_header("Cache-Control", "public, max-age=31536000, immutable");  // names carry the content hash
    return res;
  });
}

}  // namespace motcua::api
