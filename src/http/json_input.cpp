#include "http/json_input.h"

#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

namespace motcua::http {

namespace json = boost::json;

namespace {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Control characters other than tab/newline have no place in form fields and break logs and PDFs.
bool has_control_chars(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  return false;
}

}  // namespace

JsonInput::JsonInput(std::string_view body, std::size_t max_depth) {
  json::parse_options opt;
  opt.max_depth = max_depth;
  json::stream_parser p{json::storage_ptr{}, opt};
  boost::system::error_code ec;
  p.write(body.data(), body.size(), ec);
  if (!ec) p.finish(ec);
  if (ec || !p.done())
    throw ApiError(400, "malformed_json", "Dữ liệu gửi lên không phải JSON hợp lệ",
                   "The request body is not valid JSON");
  owned_ = p.release();
  if (!owned_.is_object())
    throw ApiError(400, "malformed_json", "Dữ liệu gửi lên phải là một đối tượng JSON",
                   "The request body must be a JSON object");
  obj_ = &owned_.as_object();
}

JsonInput::JsonInput(const json::object& obj, std::string prefix) : owned_(obj), prefix_(std::move(prefix)) {
  obj_ = &owned_.as_object();
}

std::string JsonInput::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

const json::value* JsonInput::lookup(std::string_view key) {
  read_.emplace(key);
  auto it = obj_->find(key);
  if (it == obj_->end() || it->value().is_null()) return nullptr;
  return &it->value();
}

void JsonInput::fail(std::string field, std::string message_vi, std::string message_en) {
  errors_.push_back({std::move(field), std::move(message_vi), std::move(message_en)});
}

std::optional<std::string> JsonInput::optional_string(std::string_view key, StringRule rule) {
  const json::value* v = lookup(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(path(key), "Phải là chuỗi ký tự", "Must be a string");
    return std::nullopt;
  }
  std::string s = rule.trim ? trim(v->as_string()) : std::string(v->as_string());
  if (has_control_chars(s)) {
    fail(path(key), "Chứa ký tự điều khiển không hợp lệ", "Contains invalid control characters");
    return std::nullopt;
  }
  const auto len = utf8_length(s);
  if (len < rule.min_len) {
    fail(path(key), "Phải có ít nhất " + std::to_string(rule.min_len) + " ký tự",
         "Must have at least " + std::to_string(rule.min_len) + " characters");
    return std::nullopt;
  }
  if (len > rule.max_len) {
    fail(path(key), "Không được dài quá " + std::to_string(rule.max_len) + " ký tự",
         "Must not exceed " + std::to_string(rule.max_len) + " characters");
    return std::nullopt;
  }
  if (s.empty()) return std::nullopt;  // a blank optional field means "not given"
  return s;
}

std::string JsonInput::required_string(std::string_view key, StringRule rule) {
  const std::size_t before = errors_.size();
  auto s = optional_string(key, rule);
  if (!s && errors_.size() == before) fail(path(key), "Trường này là bắt buộc", "This field is required");
  return s.value_or("");
}

std::optional<std::int64_t> JsonInput::optional_int(std::string_view key, IntRule rule) {
  const json::value* v = lookup(key);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    n = static_cast<std::int64_t>(v->as_uint64());
  } else {
    fail(path(key), "Phải là số nguyên", "Must be an integer");
    return std::nullopt;
  }
  if (n < rule.min || n > rule.max) {
    fail(path(key), "Giá trị nằm ngoài khoảng cho phép", "Value is out of the allowed range");
    return std::nullopt;
  }
  return n;
}

std::int64_t JsonInput::required_int(std::string_view key, IntRule rule) {
  const std::size_t before = errors_.size();
  auto n = optional_int(key, rule);
  if (!n && errors_.size() == before) fail(path(key), "Trường này là bắt buộc", "This field is required");
  return n.value_or(0);
}

std::optional<bool> JsonInput::optional_bool(std::string_view key) {
  const json::value* v = lookup(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    fail(path(key), "Phải là true hoặc false", "Must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

bool JsonInput::required_bool(std::string_view key) {
  const std::size_t before = errors_.size();
  auto b = optional_bool(key);
  if (!b && errors_.size() == before) fail(path(key), "Trường này là bắt buộc", "This field is required");
  return b.value_or(false);
}

std::vector<std::string> JsonInput::optional_string_array(std::string_view key, StringRule rule,
                                                          std::size_t max_items) {
  std::vector<std::string> out;
  const json::value* v = lookup(key);
  if (!v) return out;
  if (!v->is_array()) {
    fail(path(key), "Phải là một danh sách", "Must be a list");
    return out;
  }
  const auto& arr = v->as_array();
  if (arr.size() > max_items) {
    fail(path(key), "Danh sách quá dài (tối đa " + std::to_string(max_items) + ")",
         "Too many items (at most " + std::to_string(max_items) + ")");
    return out;
  }
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string item_path = path(key) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_string()) {
      fail(item_path, "Phải là chuỗi ký tự", "Must be a string");
      continue;
    }
    std::string s = rule.trim ? trim(arr[i].as_string()) : std::string(arr[i].as_string());
    const auto len = utf8_length(s);
    if (len < rule.min_len || len > rule.max_len || has_control_chars(s)) {
      fail(item_path, "Độ dài hoặc ký tự không hợp lệ", "Invalid length or characters");
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<json::object> JsonInput::optional_object(std::string_view key) {
  const json::value* v = lookup(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    fail(path(key), "Phải là một đối tượng", "Must be an object");
    return std::nullopt;
  }
  return v->as_object();
}

void JsonInput::finish() {
  for (const auto& kv : *obj_) {
    if (read_.find(std::string_view(kv.key())) == read_.end())
      fail(path(kv.key()), "Trường không được hỗ trợ", "Unknown field");
  }
  if (!errors_.empty()) throw ApiError::validation(errors_);
}

}  // namespace motcua::http
