#include "api/path_params.h"

#include <charconv>

#include "http/api_error.h"

namespace motcua::api {

std::int64_t positive_id(const http::Request& req, const std::string& name, const char* what_vi, const char* what_en) {
  const auto& s = req.param(name);
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n <= 0) throw http::ApiError::not_found(what_vi, what_en);
  return n;
}

void service_unavailable(const char* what_vi, const char* what_en) {
  throw http::ApiError(503, "unavailable", std::string(what_vi) + " chưa sẵn sàng", std::string(what_en) + " not available");
}

}  // namespace motcua::api
