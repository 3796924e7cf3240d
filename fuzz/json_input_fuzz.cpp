// Fuzzes the strict request-body decoder: any input must either decode or throw ApiError (never
// crash, hang, or throw anything else), and an error must render as the JSON error shape.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/json_input.h"

using motcua::http::ApiError;
using motcua::http::JsonInput;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    JsonInput in(body);
    // The shape of a typical registration body, with nested objects and arrays.
    in.required_string("full_name", {.min_len = 2, .max_len = 100});
    in.optional_string("email", {.max_len = 254});
    in.optional_int("agency_id", {.min = 1});
    in.optional_bool("active");
    in.optional_string_array("roles", {.max_len = 40}, 20);
    if (auto addr = in.optional_object("address")) {
      JsonInput sub(*addr, "address");
      sub.optional_string("commune_code", {.max_len = 5});
      sub.finish();
    }
    in.finish();
  } catch (const ApiError& e) {
    auto r = e.to_response();
    if (r.status < 400 || r.status > 499 || r.body.find("\"error\"") == std::string::npos) std::abort();
  }
  return 0;
}
