#include "api/site_hosts.h"

#include <algorithm>
#include <cctype>

namespace motcua::api {

namespace {

bool same_host(std::string_view header, std::string_view name) {
  if (name.empty()) return false;
  if (const auto colon = header.rfind(':'); colon != std::string_view::npos && header.find(']') == std::string_view::npos)
    header = header.substr(0, colon);
  return header.size() == name.size() &&
         std::equal(header.begin(), header.end(), name.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

bool under(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

}  // namespace

bool is_console_path(std::string_view path) { return under(path, "/can-bo") || under(path, "/quan-tri"); }

std::optional<std::string> site_redirect(const SiteHosts& hosts, std::string_view host, std::string_view path) {
  if (hosts.portal.empty() || hosts.officer.empty()) return std::nullopt;
  if (same_host(host, hosts.portal) && is_console_path(path)) return "//" + hosts.officer + std::string(path);
  if (same_host(host, hosts.officer) && path == "/") return std::string("/can-bo");
  return std::nullopt;
}

}  // namespace motcua::api
