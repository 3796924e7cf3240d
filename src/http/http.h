// Plain request/response values. Handlers see only these; Boost.Beast stays inside server.cpp so
// that the other translation units compile fast.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::http {

enum class Method { GET, HEAD, POST, PUT, PATCH, DELETE_, OPTIONS, OTHER };
std::string_view method_name(Method m);
Method parse_method(std::string_view s);
inline bool is_state_changing(Method m) {
  return m == Method::POST || m == Method::PUT || m == Method::PATCH || m == Method::DELETE_;
}

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct Request {
  Method method = Method::GET;
  std::string target;  // as received, path + query
  std::string path;    // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;       // the body, except on upload routes
  std::string body_file;  // upload routes: the spooled body's path, removed after the response
  std::string remote_ip;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router from {name} segments
  std::string route;                               // the matched route pattern, e.g. /api/agencies/{id}

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  const std::string& param(const std::string& name) const;  // a path parameter; throws if absent
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, const boost::json::value& v);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
  Response& with_header(std::string name, std::string value);
};

}  // namespace motcua::http
