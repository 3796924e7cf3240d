// Strict decoding of JSON request bodies. Every problem becomes a field-level error in Vietnamese and
// English; unknown fields and wrong types are refused, so a client typo never silently does nothing.
//
//   JsonInput in(req.body);                 // throws ApiError 400 on malformed JSON / non-object
//   auto name  = in.required_string("name", {.max_len = 200});
//   auto phone = in.optional_string("phone", {.max_len = 20});
//   in.finish();                            // throws ApiError 422 listing every field error + unknown fields
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/api_error.h"

namespace motcua::http {

struct StringRule {
  std::size_t min_len = 0;      // in Unicode code points, after trimming
  std::size_t max_len = 1000;
  bool trim = true;
};

struct IntRule {
  std::int64_t min = INT64_MIN;
  std::int64_t max = INT64_MAX;
};

class JsonInput {
 public:
  // Limits protect the parser itself (depth and size), independent of the HTTP body limit.
  explicit JsonInput(std::string_view body, std::size_t max_depth = 16);
  explicit JsonInput(const boost::json::object& obj, std::string prefix);  // a nested object

  std::string required_string(std::string_view key, StringRule rule = {});
  std::optional<std::string> optional_string(std::string_view key, StringRule rule = {});
  std::int64_t required_int(std::string_view key, IntRule rule = {});
  std::optional<std::int64_t> optional_int(std::string_view key, IntRule rule = {});
  std::optional<bool> optional_bool(std::string_view key);
  bool required_bool(std::string_view key);
  std::vector<std::string> optional_string_array(std::string_view key, StringRule rule = {}, std::size_t max_items = 100);
  // A nested object, if present and an object; errors inside carry "key.sub" paths.
  std::optional<boost::json::object> optional_object(std::string_view key);

  // The raw value of a key whose shape the caller checks itself (e.g. a list of objects); marks it read.
  const boost::json::value* raw(std::string_view key) { return lookup(key); }

  // Adds a domain-level error (e.g. "CCCD must be 12 digits") against a field.
  void fail(std::string field, std::string message_vi, std::string message_en);
  bool ok() const { return errors_.empty(); }

  // Throws ApiError::validation when any error was recorded or an unread key is present.
  void finish();

  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  const boost::json::value* lookup(std::string_view key);
  std::string path(std::string_view key) const;

  boost::json::value owned_;
  const boost::json::object* obj_ = nullptr;
  std::string prefix_;
  std::set<std::string, std::less<>> read_;
  std::vector<FieldError> errors_;
};

}  // namespace motcua::http
