#include "api/pagination.h"

#include <charconv>

#include "http/api_error.h"

namespace motcua::api {

namespace {
std::int64_t number_param(const http::Request& req, const char* name, std::int64_t def, std::int64_t min,
                          std::int64_t max) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return def;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max)
    throw http::ApiError::validation({{name, "Phải là số nguyên từ " + std::to_string(min) + " đến " + std::to_string(max),
                                       "Must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)}});
  return n;
}
}  // namespace

std::optional<std::string> parse_search_text(const http::Request& req, std::vector<http::FieldError>& errors) {
  auto t = req.query_param("q");
  if (!t || t->empty()) return std::nullopt;
  if (t->size() > 200) {
    errors.push_back({"q", "Không được dài quá 200 ký tự", "Must not exceed 200 characters"});
    return std::nullopt;
  }
  return *t;
}

Page parse_page(const http::Request& req, std::int64_t default_per_page, std::int64_t max_per_page) {
  Page p;
  p.page = number_param(req, "page", 1, 1, 1'000'000);
  p.per_page = number_param(req, "per_page", default_per_page, 1, max_per_page);
  return p;
}

boost::json::object page_json(boost::json::array items, const Page& p, std::int64_t total) {
  return {{"items", std::move(items)}, {"page", p.page}, {"per_page", p.per_page}, {"total", total}};
}

}  // namespace motcua::api
