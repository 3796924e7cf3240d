// Two addresses, one server (Sơn La QĐ 19/2024 Điều 5): citizens use the portal host, officials the one-stop
// host. A page asked on the wrong one is redirected to the right one; with either host unset nothing is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace motcua::api {

struct SiteHosts {
  std::string portal;   // e.g. dichvucong.sonla.gov.vn
  std::string officer;  // e.g. motcua.sonla.gov.vn
};

// Console paths are /can-bo… and /quan-tri…; everything else belongs to the portal.
bool is_console_path(std::string_view path);

// The Location to redirect to, or nullopt to serve the page. `host` is the request's Host header (a port
// is ignored, names compare case-insensitively). The console asked on the portal host goes to the officer
// host (protocol-relative, so TLS in front is kept); the officer host's "/" opens the console.
std::optional<std::string> site_redirect(const SiteHosts& hosts, std::string_view host, std::string_view path);

}  // namespace motcua::api
