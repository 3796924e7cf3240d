// Small byte-level text helpers shared by the catalogue parsers. The sources are NFC UTF-8, so the
// Vietnamese words are matched as exact byte strings; only ASCII letters are compared case-insensitively
// (enough for "Ngày"/"ngày", "Trường hợp"/"trường hợp": the capitalised first letters are ASCII).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace motcua::domain::text {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Also trims the no-break space (U+00A0) that the portal pages contain.
inline std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    else if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') s.remove_prefix(2);
    else break;
  }
  for (;;) {
    if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') s.remove_suffix(2);
    else break;
  }
  return s;
}

inline bool starts_with_ci(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (ascii_lower(s[i]) != ascii_lower(word[i])) return false;
  return true;
}

inline std::size_t find_ci(std::string_view s, std::string_view word, std::size_t from = 0) {
  if (word.empty()) return from <= s.size() ? from : std::string_view::npos;
  for (std::size_t i = from; i + word.size() <= s.size(); ++i)
    if (starts_with_ci(s.substr(i), word)) return i;
  return std::string_view::npos;
}

inline bool contains_ci(std::string_view s, std::string_view word) { return find_ci(s, word) != std::string_view::npos; }

inline bool ends_with_ci(std::string_view s, std::string_view word) {
  return s.size() >= word.size() && starts_with_ci(s.substr(s.size() - word.size()), word);
}

// "Không có thông tin" (no information) and similar placeholders count as empty source text.
inline bool is_placeholder(std::string_view s) {
  s = trim(s);
  return s.empty() || s == "Không có thông tin" || s == "Không" || s == "--" || s == "-";
}

// Position just after the ')' matching the '(' at `open`; npos when unbalanced.
inline std::size_t skip_parens(std::string_view s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    else if (s[i] == ')' && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace motcua::domain::text
