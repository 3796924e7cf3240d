#include "domain/eform_schema.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <regex>
#include <set>

#include "domain/identity.h"

namespace motcua::domain {

namespace json = boost::json;

enum class EformType { object, string, integer, number, boolean, array };
enum class EformFormat { date, email, cccd, phone_vn };

struct EformProperty;

struct EformNode {
  EformType type = EformType::object;
  std::string title;
  std::string description;
  // object
  // file order; not std::pair: a pair of an incomplete type does not compile with clang (the fuzz build)
  std::vector<EformProperty> properties;
  std::vector<std::string> required;
  bool closed = false;  // additionalProperties: false
  // any type
  std::vector<json::value> enum_values;
  std::optional<json::value> const_value;
  // string
  std::optional<std::size_t> min_length, max_length;
  std::optional<std::regex> pattern;
  std::string pattern_source;
  std::optional<EformFormat> format;
  // integer / number
  std::optional<double> minimum, maximum;
  // array
  std::unique_ptr<EformNode> items;
  std::optional<std::size_t> min_items, max_items;
};

struct EformProperty {
  std::string name;
  EformNode node;
};

namespace {

// ---- loading --------------------------------------------------------------------------------------------

struct Loader {
  std::string source;

  [[noreturn]] void fail(const std::string& at, const std::string& what) const {
    throw EformSchemaError(source + ": " + at + ": " + what);
  }

  static std::optional<EformType> type_of(std::string_view s) {
    if (s == "object") return EformType::object;
    if (s == "string") return EformType::string;
    if (s == "integer") return EformType::integer;
    if (s == "number") return EformType::number;
    if (s == "boolean") return EformType::boolean;
    if (s == "array") return EformType::array;
    return std::nullopt;
  }

  std::size_t count(const json::value& v, const std::string& at, const char* kw) const {
    if (v.is_int64() && v.get_int64() >= 0) return static_cast<std::size_t>(v.get_int64());
    if (v.is_uint64()) return static_cast<std::size_t>(v.get_uint64());
    // Bounded before the cast: converting 1e300 to size_t is undefined behaviour (UBSan, fuzz/eform_fuzz.cpp).
    if (v.is_double() && v.get_double() >= 0 && v.get_double() <= 9007199254740992.0 &&
        std::floor(v.get_double()) == v.get_double())
      return static_cast<std::size_t>(v.get_double());
    fail(at + "." + kw, std::string("\"") + kw + "\" must be a non-negative integer");
  }

  double number(const json::value& v, const std::string& at, const char* kw) const {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    if (v.is_double()) return v.get_double();
    fail(at + "." + kw, std::string("\"") + kw + "\" must be a number");
  }

  std::string text(const json::value& v, const std::string& at, const char* kw) const {
    if (!v.is_string()) fail(at + "." + kw, std::string("\"") + kw + "\" must be a string");
    return std::string(v.get_string());
  }

  EformNode node(const json::value& v, const std::string& at) const {
    if (!v.is_object()) fail(at, "a schema must be a JSON object");
    const auto& o = v.as_object();
    EformNode n;
    const auto* t = o.if_contains("type");
    if (!t) fail(at, "\"type\" is required (one of object, string, integer, number, boolean, array)");
    if (!t->is_string() || !type_of(t->get_string()))
      fail(at + ".type", "\"type\" must be one of object, string, integer, number, boolean, array "
                         "(a list of types is not supported)");
    n.type = *type_of(t->get_string());
    const auto only_for = [&](std::string_view kw, std::initializer_list<EformType> types, const char* what) {
      for (auto ty : types)
        if (ty == n.type) return;
      fail(at + "." + std::string(kw), "\"" + std::string(kw) + "\" applies only to " + what + " schemas, not to \"" +
                                           std::string(t->get_string()) + "\"");
    };
    const auto numeric = {EformType::integer, EformType::number};

    for (const auto& [key, val] : o) {
      const std::string k(key);
      const std::string here = at + "." + k;
      if (k == "type" || k == "$schema" || k == "$id" || k == "$comment") {
        if (k != "type" && !val.is_string()) fail(here, "\"" + k + "\" must be a string");
      } else if (k == "title") {
        n.title = text(val, at, "title");
      } else if (k == "description") {
        n.description = text(val, at, "description");
      } else if (k == "properties") {
        only_for(k, {EformType::object}, "object");
        if (!val.is_object()) fail(here, "\"properties\" must be an object of schemas");
        for (const auto& [pk, pv] : val.as_object()) {
          if (pk.empty()) fail(here, "a property name must not be empty");
          n.properties.push_back({std::string(pk), node(pv, here + "." + std::string(pk))});
        }
      } else if (k == "required") {
        only_for(k, {EformType::object}, "object");
        if (!val.is_array()) fail(here, "\"required\" must be an array of property names");
        for (const auto& r : val.as_array()) {
          if (!r.is_string()) fail(here, "\"required\" must be an array of property names");
          n.required.emplace_back(r.get_string());
        }
      } else if (k == "additionalProperties") {
        only_for(k, {EformType::object}, "object");
        if (!val.is_bool() || val.get_bool())
          fail(here, "only \"additionalProperties\": false is supported (leave it out to allow other fields)");
        n.closed = true;
      } else if (k == "enum") {
        if (!val.is_array() || val.as_array().empty()) fail(here, "\"enum\" must be a non-empty array");
        for (const auto& e : val.as_array()) n.enum_values.push_back(e);
      } else if (k == "const") {
        n.const_value = val;
      } else if (k == "minLength") {
        only_for(k, {EformType::string}, "string");
        n.min_length = count(val, at, "minLength");
      } else if (k == "maxLength") {
        only_for(k, {EformType::string}, "string");
        n.max_length = count(val, at, "maxLength");
      } else if (k == "pattern") {
        only_for(k, {EformType::string}, "string");
        n.pattern_source = text(val, at, "pattern");
        try {
          n.pattern.emplace(n.pattern_source, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
          fail(here, "\"pattern\" is not a valid ECMAScript regular expression: " + std::string(e.what()));
        }
      } else if (k == "format") {
        only_for(k, {EformType::string}, "string");
        const std::string f = text(val, at, "format");
        if (f == "date") n.format = EformFormat::date;
        else if (f == "email") n.format = EformFormat::email;
        else if (f == "cccd") n.format = EformFormat::cccd;
        else if (f == "phone-vn") n.format = EformFormat::phone_vn;
        else fail(here, "unknown format \"" + f + "\" (supported: date, email, cccd, phone-vn)");
      } else if (k == "minimum") {
        only_for(k, numeric, "integer or number");
        n.minimum = number(val, at, "minimum");
      } else if (k == "maximum") {
        only_for(k, numeric, "integer or number");
        n.maximum = number(val, at, "maximum");
      } else if (k == "items") {
        only_for(k, {EformType::array}, "array");
        n.items = std::make_unique<EformNode>(node(val, here));
      } else if (k == "minItems") {
        only_for(k, {EformType::array}, "array");
        n.min_items = count(val, at, "minItems");
      } else if (k == "maxItems") {
        only_for(k, {EformType::array}, "array");
        n.max_items = count(val, at, "maxItems");
      } else {
        fail(here, "unknown or unsupported keyword \"" + k +
                       "\" (supported: type, title, description, properties, required, additionalProperties, enum, "
                       "const, minLength, maxLength, pattern, format, minimum, maximum, items, minItems, maxItems, "
                       "$schema, $id, $comment)");
      }
    }

    // Consistency: what a typo would otherwise turn into a check that never fires.
    std::set<std::string> names;
    for (const auto& p : n.properties) names.insert(p.name);
    std::set<std::string> seen;
    for (const auto& r : n.required) {
      if (!names.count(r)) fail(at + ".required", "\"" + r + "\" is required but is not one of the properties");
      if (!seen.insert(r).second) fail(at + ".required", "\"" + r + "\" is listed twice");
    }
    if (n.type == EformType::array && !n.items) fail(at, "an array schema needs \"items\"");
    if (n.min_length && n.max_length && *n.min_length > *n.max_length) fail(at, "minLength is greater than maxLength");
    if (n.min_items && n.max_items && *n.min_items > *n.max_items) fail(at, "minItems is greater than maxItems");
    if (n.minimum && n.maximum && *n.minimum > *n.maximum) fail(at, "minimum is greater than maximum");
    return n;
  }
};

// ---- validation -----------------------------------------------------------------------------------------

bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

double as_double(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

bool has_type(const json::value& v, EformType t) {
  switch (t) {
    case EformType::object: return v.is_object();
    case EformType::string: return v.is_string();
    case EformType::integer:
      return v.is_int64() || v.is_uint64() || (v.is_double() && std::isfinite(v.get_double()) &&
                                               std::floor(v.get_double()) == v.get_double());
    case EformType::number: return is_number(v);
    case EformType::boolean: return v.is_bool();
    case EformType::array: return v.is_array();
  }
  return false;
}

// JSON equality with numbers compared by value (1 == 1.0), as JSON Schema does for enum/const.
bool same(const json::value& a, const json::value& b) {
  if (is_number(a) && is_number(b)) return as_double(a) == as_double(b);
  if (a.is_array() && b.is_array()) {
    const auto &x = a.as_array(), &y = b.as_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!same(x[i], y[i])) return false;
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const auto &x = a.as_object(), &y = b.as_object();
    if (x.size() != y.size()) return false;
    for (const auto& [k, v] : x) {
      const auto* w = y.if_contains(k);
      if (!w || !same(v, *w)) return false;
    }
    return true;
  }
  return a == b;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// "YYYY-MM-DD", zero-padded, a real Gregorian date, years 0001–9999 (birth dates go far back).
bool is_calendar_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return false;
  const auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool blank(const json::value& v) {
  if (v.is_null()) return true;
  if (!v.is_string()) return false;
  return v.get_string().subview().find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string show(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : json::serialize(v); }

std::string show_number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  std::string s = json::serialize(json::value(d));
  return s;
}

const char* type_vi(EformType t) {
  switch (t) {
    case EformType::object: return "một nhóm thông tin";
    case EformType::string: return "chuỗi ký tự";
    case EformType::integer: return "số nguyên";
    case EformType::number: return "số";
    case EformType::boolean: return "giá trị có/không (true/false)";
    case EformType::array: return "danh sách";
  }
  return "";
}

const char* type_en(EformType t) {
  switch (t) {
    case EformType::object: return "an object";
    case EformType::string: return "a string";
    case EformType::integer: return "an integer";
    case EformType::number: return "a number";
    case EformType::boolean: return "true or false";
    case EformType::array: return "a list";
  }
  return "";
}

constexpr std::size_t kMaxPatternBytes = 1000;

struct Validator {
  EformMode mode;
  std::vector<EformProblem> out;

  void add(const std::string& path, const std::string& label, const std::string& vi, const std::string& en) {
    out.push_back({path, "«" + label + "» " + vi, "“" + label + "” " + en});
  }

  static std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

  void check(const EformNode& n, const json::value& v, const std::string& path, const std::string& label) {
    if (!has_type(v, n.type)) {
      add(path, label, std::string("phải là ") + type_vi(n.type), std::string("must be ") + type_en(n.type));
      return;  // the other checks mean nothing on the wrong type
    }
    if (!n.enum_values.empty()) {
      bool ok = false;
      for (const auto& e : n.enum_values) ok = ok || same(e, v);
      if (!ok) {
        std::string list;
        for (const auto& e : n.enum_values) list += (list.empty() ? "" : ", ") + show(e);
        add(path, label, "phải là một trong các giá trị: " + list, "must be one of: " + list);
      }
    }
    if (n.const_value && !same(*n.const_value, v))
      add(path, label, "phải có giá trị " + show(*n.const_value), "must be " + show(*n.const_value));

    switch (n.type) {
      case EformType::string: check_string(n, std::string_view(v.get_string()), path, label); break;
      case EformType::integer:
      case EformType::number: {
        const double d = as_double(v);
        if (n.minimum && d < *n.minimum)
          add(path, label, "phải lớn hơn hoặc bằng " + show_number(*n.minimum),
              "must be at least " + show_number(*n.minimum));
        if (n.maximum && d > *n.maximum)
          add(path, label, "phải nhỏ hơn hoặc bằng " + show_number(*n.maximum),
              "must be at most " + show_number(*n.maximum));
        break;
      }
      case EformType::array: {
        const auto& a = v.as_array();
        if (n.min_items && a.size() < *n.min_items)
          add(path, label, "phải có ít nhất " + std::to_string(*n.min_items) + " mục",
              "must have at least " + std::to_string(*n.min_items) + " item(s)");
        if (n.max_items && a.size() > *n.max_items)
          add(path, label, "chỉ được có tối đa " + std::to_string(*n.max_items) + " mục",
              "must have at most " + std::to_string(*n.max_items) + " item(s)");
        for (std::size_t i = 0; i < a.size(); ++i) {
          const std::string item_label =
              n.items->title.empty() ? label + " (mục " + std::to_string(i + 1) + ")"
                                     : n.items->title + " (mục " + std::to_string(i + 1) + ")";
          check(*n.items, a[i], path + "[" + std::to_string(i) + "]", item_label);
        }
        break;
      }
      case EformType::object: check_object(n, v.as_object(), path); break;
      case EformType::boolean: break;
    }
  }

  void check_string(const EformNode& n, std::string_view s, const std::string& path, const std::string& label) {
    const std::size_t len = code_points(s);
    if (n.min_length && len < *n.min_length)
      add(path, label, "phải có ít nhất " + std::to_string(*n.min_length) + " ký tự",
          "must be at least " + std::to_string(*n.min_length) + " characters long");
    if (n.max_length && len > *n.max_length)
      add(path, label, "không được dài quá " + std::to_string(*n.max_length) + " ký tự",
          "must be at most " + std::to_string(*n.max_length) + " characters long");
    // std::regex recurses once per byte: a long enough value overflows the worker's stack and kills the server
    // (from about 20,000 bytes for "^[0-9]*$" in the ASan build of fuzz/eform_fuzz.cpp). Patterns describe short codes.
    if (n.pattern && s.size() > kMaxPatternBytes)
      add(path, label, "quá dài để kiểm tra định dạng (tối đa " + std::to_string(kMaxPatternBytes) + " byte)",
          "is too long to check its form (at most " + std::to_string(kMaxPatternBytes) + " bytes)");
    else if (n.pattern && !std::regex_search(s.begin(), s.end(), *n.pattern))
      add(path, label, "không đúng định dạng yêu cầu", "does not have the required form (pattern " + n.pattern_source + ")");
    if (!n.format) return;
    switch (*n.format) {
      case EformFormat::date:
        if (!is_calendar_date(s))
          add(path, label, "phải là một ngày có thật, viết dạng YYYY-MM-DD (ví dụ 1990-05-17)",
              "must be a real calendar date written YYYY-MM-DD (e.g. 1990-05-17)");
        break;
      case EformFormat::email:
        if (!normalise_email(s)) add(path, label, "không phải địa chỉ thư điện tử hợp lệ", "is not a valid e-mail address");
        break;
      case EformFormat::cccd:
        if (auto c = check_cccd(s); !c) add(path, label, "không hợp lệ: " + c.message_vi, "is not valid: " + c.message_en);
        break;
      case EformFormat::phone_vn:
        if (!normalise_phone(s))
          add(path, label, "không phải số điện thoại di động Việt Nam hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08, 09 hoặc +84)",
              "is not a valid Vietnamese mobile number (10 digits starting 03, 05, 07, 08, 09, or +84)");
        break;
    }
  }

  void check_object(const EformNode& n, const json::object& o, const std::string& path) {
    for (const auto& [key, node] : n.properties) {
      const auto* v = o.if_contains(key);
      const bool filled = v && !blank(*v);
      const std::string p = join(path, key);
      const std::string label = node.title.empty() ? key : node.title;
      if (filled) {
        check(node, *v, p, label);
      } else if (mode == EformMode::submit &&
                 std::find(n.required.begin(), n.required.end(), key) != n.required.end()) {
        add(p, label, "là thông tin bắt buộc, chưa được nhập", "is required");
      }
    }
    if (n.closed) {
      for (const auto& [key, v] : o) {
        bool known = false;
        for (const auto& pr : n.properties) known = known || pr.name == key;
        if (!known)
          out.push_back({join(path, std::string(key)), "Trường «" + std::string(key) + "» không có trong tờ khai",
                         "Field “" + std::string(key) + "” is not part of the form"});
      }
    }
  }
};

}  // namespace

EformSchema EformSchema::parse(std::string_view source_name, std::string_view json_text) {
  Loader loader{std::string(source_name)};
  boost::system::error_code ec;
  const auto v = json::parse(json_text, ec);
  if (ec) loader.fail("$", "not valid JSON: " + ec.message());
  auto root = std::make_shared<EformNode>(loader.node(v, "$"));
  if (root->type != EformType::object) loader.fail("$.type", "a form schema must be of type \"object\"");
  EformSchema s;
  s.source_name_ = std::string(source_name);
  s.root_ = std::move(root);
  return s;
}

std::vector<EformProblem> EformSchema::validate(std::string_view data_json, EformMode mode) const {
  boost::system::error_code ec;
  const auto v = json::parse(data_json, ec);
  if (ec || !v.is_object())
    return {{"", "Dữ liệu tờ khai phải là một đối tượng JSON", "The form data must be a JSON object"}};
  Validator val{mode, {}};
  val.check(*root_, v, "", root_->title.empty() ? "Tờ khai" : root_->title);
  return std::move(val.out);
}

const std::string& EformSchema::title() const { return root_->title; }

std::vector<std::string> EformSchema::property_names() const {
  std::vector<std::string> out;
  for (const auto& p : root_->properties) out.push_back(p.name);
  return out;
}

}  // namespace motcua::domain
