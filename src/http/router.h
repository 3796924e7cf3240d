// Routes: METHOD + pattern with {name} segments -> handler. Matching is by segments, exact before
// parameter, so /api/agencies/tree wins over /api/agencies/{id}.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http.h"

namespace motcua::http {

using Handler = std::function<Response(Request&)>;
// Runs around every matched handler (inside the router's error handling); calls next to continue.
using Middleware = std::function<Response(Request&, const Handler& next)>;

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  bool upload = false;  // body spooled to Request::body_file under the upload limit
  std::vector<std::string> segments;  // the pattern split at '/', once when the route is added
};

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler);
  void get(std::string pattern, Handler h) { add(Method::GET, std::move(pattern), std::move(h)); }
  void post(std::string pattern, Handler h) { add(Method::POST, std::move(pattern), std::move(h)); }
  void put(std::string pattern, Handler h) { add(Method::PUT, std::move(pattern), std::move(h)); }
  void patch(std::string pattern, Handler h) { add(Method::PATCH, std::move(pattern), std::move(h)); }
  void del(std::string pattern, Handler h) { add(Method::DELETE_, std::move(pattern), std::move(h)); }
  // A POST whose (possibly large) body is spooled to a file: multipart attachment uploads.
  void upload(std::string pattern, Handler h);
  bool is_upload(Method method, std::string_view path) const;

  // Middlewares run in the order added, the first outermost.
  void use(Middleware m) { middlewares_.push_back(std::move(m)); }

  // Finds the route, fills req.path_params and req.route, runs the handler and converts any
  // exception into the JSON error shape. 404 for no path, 405 (with Allow) for a wrong method.
  Response dispatch(Request& req) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  Response call(std::size_t i, const Handler& h, Request& req) const;

  std::vector<Route> routes_;
  std::vector<Middleware> middlewares_;
};

}  // namespace motcua::http
