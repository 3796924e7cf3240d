// The one pagination convention: ?page=1&per_page=50 (max 200), answered as
// {"items":[...],"page":1,"per_page":50,"total":N}.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/api_error.h"
#include "http/http.h"

namespace motcua::api {

struct Page {
  std::int64_t page = 1;
  std::int64_t per_page = 50;
  std::int64_t offset() const { return (page - 1) * per_page; }
};

// The free-text filter ?q= (at most 200 characters); a problem is added to `errors` as a field error.
std::optional<std::string> parse_search_text(const http::Request& req, std::vector<http::FieldError>& errors);

// Throws ApiError 422 with a field error for a non-numeric or out-of-range value.
Page parse_page(const http::Request& req, std::int64_t default_per_page = 50, std::int64_t max_per_page = 200);
boost::json::object page_json(boost::json::array items, const Page& p, std::int64_t total);

}  // namespace motcua::api
