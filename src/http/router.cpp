#include "http/router.h"

#include <iostream>

#include "http/api_error.h"
#include "storage/db.h"

namespace motcua::http {

namespace {

// A request path has at most this many segments before the router stops looking (no route is that deep).
constexpr std::size_t kMaxSegments = 16;

// Splits "/a/b/c" into its non-empty segments; returns the count, or kMaxSegments + 1 when there are more.
std::size_t split_path(std::string_view p, std::string_view* out) {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') { ++i; continue; }
    std::size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    if (n == kMaxSegments) return kMaxSegments + 1;
    out[n++] = p.substr(i, j - i);
    i = j;
  }
  return n;
}

std::vector<std::string> split_pattern(std::string_view p) {
  std::vector<std::string> out;
  std::string_view buf[kMaxSegments];
  const std::size_t n = split_path(p, buf);
  if (n > kMaxSegments) throw std::logic_error("route pattern too deep: " + std::string(p));
  for (std::size_t i = 0; i < n; ++i) out.emplace_back(buf[i]);
  return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// Returns a score (higher = more specific) or -1 when the pattern does not match.
int match(const Route& r, const std::string_view* segs, std::size_t n) {
  if (r.segments.size() != n) return -1;
  int score = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& ps = r.segments[i];
    if (is_param(ps)) {
      if (segs[i].empty()) return -1;
    } else if (ps == segs[i]) {
      score += 1 << (16 - std::min<std::size_t>(i, 15));  // earlier literal segments weigh more
    } else {
      return -1;
    }
  }
  return score;
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler) {
  auto segments = split_pattern(pattern);
  routes_.push_back({method, std::move(pattern), std::move(handler), false, std::move(segments)});
}

void Router::upload(std::string pattern, Handler handler) {
  auto segments = split_pattern(pattern);
  routes_.push_back({Method::POST, std::move(pattern), std::move(handler), true, std::move(segments)});
}

bool Router::is_upload(Method method, std::string_view path) const {
  if (method != Method::POST) return false;
  std::string_view segs[kMaxSegments];
  const std::size_t n = split_path(path, segs);
  if (n > kMaxSegments) return false;
  for (const auto& r : routes_)
    if (r.upload && match(r, segs, n) >= 0) return true;
  return false;
}

Response Router::call(std::size_t i, const Handler& h, Request& req) const {
  if (i == middlewares_.size()) return h(req);
  return middlewares_[i](req, [this, i, &h](Request& r) { return call(i + 1, h, r); });
}

Response Router::dispatch(Request& req) const {
  std::string_view segs[kMaxSegments];
  std::size_t n = split_path(req.path, segs);
  const Route* best = nullptr;
  int best_score = -1;
  std::string allow;
  if (n <= kMaxSegments) {
    for (const auto& r : routes_) {
      int s = match(r, segs, n);
      if (s < 0) continue;
      const bool method_ok = r.method == req.method || (req.method == Method::HEAD && r.method == Method::GET);
      if (!method_ok) {
        if (!allow.empty()) allow += ", ";
        allow += method_name(r.method);
        continue;
      }
      if (s > best_score) { best = &r; best_score = s; }
    }
  }
  try {
    if (!best) {
      if (!allow.empty()) {
        auto resp = ApiError(405, "method_not_allowed", "Phương thức không được hỗ trợ",
                             "Method not allowed").to_response();
        resp.with_header("Allow", allow);
        return resp;
      }
      req.route = "unmatched";
      throw ApiError::not_found("đường dẫn", "Path");
    }
    req.route = best->pattern;
    for (std::size_t i = 0; i < n; ++i)
      if (is_param(best->segments[i]))
        req.path_params[best->segments[i].substr(1, best->segments[i].size() - 2)] = std::string(segs[i]);
    return call(0, best->handler, req);
  } catch (const ApiError& e) {
    return e.to_response();
  } catch (const storage::DbError& e) {
    std::cerr << "request " << req.request_id << " database error: " << e.what() << "\n";
    if (e.kind() == storage::DbError::Kind::busy || e.kind() == storage::DbError::Kind::connection)
      return ApiError(503, "unavailable", "Hệ thống đang bận, vui lòng thử lại",
                      "The service is busy, please retry").to_response();
    if (e.kind() == storage::DbError::Kind::unique_violation)
      return ApiError::conflict("conflict", "Dữ liệu đã tồn tại", "The record already exists").to_response();
    return ApiError(500, "internal", "Lỗi hệ thống", "Internal error").to_response();
  } catch (const std::exception& e) {
    std::cerr << "request " << req.request_id << " failed: " << e.what() << "\n";
    return ApiError(500, "internal", "Lỗi hệ thống", "Internal error").to_response();
  }
}

}  // namespace motcua::http
