// Parsing of parameterised header values, `type/sub; a=b; c="d"` (RFC 9110 §5.6.6), and of RFC 5987
// extended values (`UTF-8''%E1%BA%A3.pdf`), for Content-Type and Content-Disposition.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::http {

struct HeaderValue {
  std::string value;                                        // the part before the first ';', lower case
  std::vector<std::pair<std::string, std::string>> params;  // names lower case, values unquoted

  // The first parameter with this (lower-case) name.
  const std::string* param(std::string_view name) const;
};

// Returns nullopt when the syntax is broken (an unterminated quoted string, a parameter without '=',
// an empty parameter name). Quoted values keep their bytes; a backslash escapes only '"' and '\',
// so an unescaped Windows path from an old browser ("C:\x\a.pdf") survives.
std::optional<HeaderValue> parse_header_value(std::string_view s);

// Decodes an RFC 5987 ext-value into UTF-8. Charsets UTF-8 and ISO-8859-1 only; nullopt otherwise or
// for broken percent-encoding.
std::optional<std::string> decode_ext_value(std::string_view s);

}  // namespace motcua::http
