// Path parameters that name a row by its numeric id: anything but a positive integer is a 404 for that
// kind of thing, exactly like a missing row, so a malformed id reveals nothing more than an unknown one.
#pragma once

#include <cstdint>
#include <string>

#include "http/http.h"

namespace motcua::api {

// req.param(name) as a positive integer; ApiError::not_found(what_vi, what_en) otherwise.
std::int64_t positive_id(const http::Request& req, const std::string& name, const char* what_vi, const char* what_en);

// A service of the AppContext, or 503 "unavailable" naming it when this process runs without it (e.g.
// `motcua routes`, or a test context).
[[noreturn]] void service_unavailable(const char* what_vi, const char* what_en);
template <class T>
T& available(T* service, const char* what_vi, const char* what_en) {
  if (!service) service_unavailable(what_vi, what_en);
  return *service;
}

}  // namespace motcua::api
