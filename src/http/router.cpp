#include "http/router.h"

#include <iostream>

#include "http/api_error.h"
#include "storage/db.h"

namespace motcua::http {

namespace {

std::vector<std::string_view> split_path(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') { ++i; continue; }
    std::size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// Returns a score (higher = more specific) or -1 when the pattern does not match.
int match(std::string_view pattern, const std::vector<std::string_view>& segs,
          std::map<std::string, std::string>* params) {
  auto ps = split_path(pattern);
  if (ps.size() != segs.size()) return -1;
  int score = 0;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (is_param(ps[i])) {
      if (segs[i].empty()) return -1;
      if (params) (*params)[std::string(ps[i].substr(1, ps[i].size() - 2))] = std::string(segs[i]);
    } else if (ps[i] == segs[i]) {
      score += 1 << (16 - std::min<std::size_t>(i, 15));  // earlier literal segments weigh more
    } else {
      return -1;
    }
  }
  return score;
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler) {
  routes_.push_back({method, std::move(pattern), std::move(handler)});
}

void Router::upload(std::string pattern, Handler handler) {
  routes_.push_back({Method::POST, std::move(pattern), std::move(handler), true});
}

bool Router::is_upload(Method method, const std::string& path) const {
  if (method != Method::POST) return false;
  const auto segs = split_path(path);
  for (const auto& r : routes_)
    if (r.upload && match(r.pattern, segs, nullptr) >= 0) return true;
  return false;
}

Response Router::call(std::size_t i, const Handler& h, Request& req) const {
  if (i == middlewares_.size()) return h(req);
  return middlewares_[i](req, [this, i, &h](Request& r) { return call(i + 1, h, r); });
}

Response Router::dispatch(Request& req) const {
  const auto segs = split_path(req.path);
  const Route* best = nullptr;
  int best_score = -1;
  std::string allow;
  for (const auto& r : routes_) {
    int s = match(r.pattern, segs, nullptr);
    if (s < 0) continue;
    const bool method_ok = r.method == req.method || (req.method == Method::HEAD && r.method == Method::GET);
    if (!method_ok) {
      if (!allow.empty()) allow += ", ";
      allow += method_name(r.method);
      continue;
    }
    if (s > best_score) { best = &r; best_score = s; }
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
    match(best->pattern, segs, &req.path_params);
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
