#include "domain/identity.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace motcua::domain {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Number of UTF-8 code points (continuation bytes are not counted).
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Legacy province codes (mã tỉnh) used as CCCD place-of-registration codes (Thông tư 07/2016/TT-BCA,
// later 59/2021/TT-BCA): the 63 provinces before the 2025 merger.
constexpr std::array<int, 63> kCccdPlaceCodes = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_cccd_place_code(int code) {
  return std::find(kCccdPlaceCodes.begin(), kCccdPlaceCodes.end(), code) != kCccdPlaceCodes.end();
}

IdentityCheck check_cccd(std::string_view raw) {
  auto s = trim(raw);
  if (s.size() != 12 || !all_digits(s))
    return IdentityCheck::invalid("Số CCCD phải gồm đúng 12 chữ số.",
                                  "The citizen ID (CCCD) number must be exactly 12 digits.");
  int place = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  if (!is_cccd_place_code(place))
    return IdentityCheck::invalid("Số CCCD không hợp lệ: 3 chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.",
                                  "Invalid citizen ID (CCCD): the first 3 digits are not a province of birth registration code.");
  // The 4th digit (century + gender) may be 0–9, so any digit passes.
  return IdentityCheck::valid(std::string(s));
}

IdentityCheck check_tax_code(std::string_view raw) {
  auto s = trim(raw);
  const auto bad = [] {
    return IdentityCheck::invalid(
        "Mã số thuế phải gồm 10 chữ số, 10 chữ số kèm \"-\" và 3 chữ số (đơn vị phụ thuộc), hoặc 12 chữ số (số định danh cá nhân).",
        "The tax code must be 10 digits, 10 digits + \"-\" + 3 digits (a dependent unit), or 12 digits (a personal ID number).");
  };
  if (s.size() == 10 && all_digits(s)) return IdentityCheck::valid(std::string(s));
  if (s.size() == 14 && s[10] == '-' && all_digits(s.substr(0, 10)) && all_digits(s.substr(11)))
    return IdentityCheck::valid(std::string(s));
  if (s.size() == 12 && all_digits(s)) {
    // A personal identification number used as the tax code (from 1/7/2025) follows the CCCD rules.
    auto c = check_cccd(s);
    if (!c) return IdentityCheck::invalid("Mã số thuế 12 chữ số phải là số định danh cá nhân hợp lệ: " + c.message_vi,
                                          "A 12-digit tax code must be a valid personal ID number: " + c.message_en);
    return c;
  }
  return bad();
}

IdentityCheck normalise_phone(std::string_view raw) {
  std::string s;
  for (char c : trim(raw))
    if (c != ' ' && c != '.' && c != '-') s.push_back(c);
  std::string national;  // the 9 digits after the trunk prefix
  if (s.size() == 10 && s[0] == '0') national = s.substr(1);
  else if (s.size() == 12 && s.starts_with("+84")) national = s.substr(3);
  else if (s.size() == 11 && s.starts_with("84")) national = s.substr(2);
  if (national.size() != 9 || !all_digits(national))
    return IdentityCheck::invalid("Số điện thoại di động phải có dạng 0xxxxxxxxx hoặc +84xxxxxxxxx (9 chữ số sau đầu số).",
                                  "The mobile number must look like 0xxxxxxxxx or +84xxxxxxxxx (9 digits after the prefix).");
  if (std::string_view("35789").find(national[0]) == std::string_view::npos)
    return IdentityCheck::invalid("Số điện thoại di động phải bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
                                  "A Vietnamese mobile number must start with 03, 05, 07, 08 or 09.");
  return IdentityCheck::valid("0" + national);
}

IdentityCheck normalise_email(std::string_view raw) {
  auto s = trim(raw);
  const auto bad = [] {
    return IdentityCheck::invalid("Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.vn).",
                                  "Invalid e-mail address (expected something like name@example.vn).");
  };
  if (s.size() > 254) return bad();
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return bad();
  auto local = s.substr(0, at);
  auto domain = s.substr(at + 1);
  if (local.size() > 64 || domain.size() < 3) return bad();
  const std::string_view local_extra = ".!#$%&'*+/=?^_`{|}~-";
  for (unsigned char c : local)
    if (!std::isalnum(c) && local_extra.find(static_cast<char>(c)) == std::string_view::npos) return bad();
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return bad();
  // Domain: dot-separated labels of letters, digits and inner hyphens; the last label alphabetic, ≥ 2.
  std::size_t start = 0, labels = 0;
  std::string_view last;
  while (start <= domain.size()) {
    auto dot = domain.find('.', start);
    auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return bad();
    for (unsigned char c : label)
      if (!std::isalnum(c) && c != '-') return bad();
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2 || last.size() < 2 ||
      !std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isalpha(c); }))
    return bad();
  return IdentityCheck::valid(ascii_lower(s));
}

IdentityCheck check_password(std::string_view password, std::string_view username) {
  auto n = code_points(password);
  if (n < 10)
    return IdentityCheck::invalid("Mật khẩu phải có ít nhất 10 ký tự.", "The password must be at least 10 characters long.");
  if (n > 256)
    return IdentityCheck::invalid("Mật khẩu không được dài quá 256 ký tự.", "The password must be at most 256 characters long.");
  bool letter = false, digit = false;
  for (unsigned char c : password) {
    if (c >= '0' && c <= '9') digit = true;
    else if (std::isalpha(c) || c >= 0x80) letter = true;  // non-ASCII bytes are Vietnamese letters in practice
  }
  if (!letter || !digit)
    return IdentityCheck::invalid("Mật khẩu phải có cả chữ cái và chữ số.", "The password must contain both letters and digits.");
  auto pw = ascii_lower(password);
  auto user = ascii_lower(trim(username));
  auto check_part = [&](std::string_view part) { return part.size() >= 3 && pw.find(part) != std::string::npos; };
  bool contains = check_part(user);
  if (auto at = user.find('@'); at != std::string::npos) contains = contains || check_part(std::string_view(user).substr(0, at));
  if (contains)
    return IdentityCheck::invalid("Mật khẩu không được chứa tên đăng nhập.", "The password must not contain the username.");
  return IdentityCheck::valid({});
}

IdentityCheck check_official_username(std::string_view raw) {
  auto s = ascii_lower(trim(raw));
  bool ok = s.size() >= 3 && s.size() <= 64 && std::isalpha(static_cast<unsigned char>(s[0])) &&
            std::all_of(s.begin(), s.end(), [](unsigned char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            });
  if (!ok)
    return IdentityCheck::invalid(
        "Tên đăng nhập phải dài 3–64 ký tự, bắt đầu bằng chữ cái, chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
        "The username must be 3–64 characters, start with a letter and use only a-z, 0-9, '.', '_' or '-'.");
  return IdentityCheck::valid(std::move(s));
}

}  // namespace motcua::domain
