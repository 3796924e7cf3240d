// Identity data checks (kiểm tra thông tin định danh): CCCD, mã số thuế, mobile phone, e-mail, password
// policy and official usernames. Pure functions; every failure carries a Vietnamese and an English message.
#pragma once

#include <string>
#include <string_view>

namespace motcua::domain {

struct IdentityCheck {
  bool ok = false;
  std::string value;       // the normalised value when ok (e.g. phone as 0xxxxxxxxx, lowercased e-mail)
  std::string message_vi;  // why not, when !ok
  std::string message_en;

  explicit operator bool() const { return ok; }
  static IdentityCheck valid(std::string v) { return {true, std::move(v), {}, {}}; }
  static IdentityCheck invalid(std::string vi, std::string en) { return {false, {}, std::move(vi), std::move(en)}; }
};

// Căn cước công dân / số định danh cá nhân: exactly 12 digits; the first 3 are a place-of-registration
// code from the legacy (pre-2025) province list 001–096; the 4th is the century/gender digit.
IdentityCheck check_cccd(std::string_view s);
// True when `code` (1..96) is one of the 63 legacy province codes used by CCCD numbers.
bool is_cccd_place_code(int code);

// Mã số thuế: 10 digits, 10 digits + "-" + 3 digits (a dependent unit), or since 1/7/2025 a 12-digit
// personal identification number. The mod-11 check digit is NOT verified (formula not confirmed).
IdentityCheck check_tax_code(std::string_view s);

// Vietnamese mobile number: 0 or +84 (or 84) then 9 digits, the first of which is 3, 5, 7, 8 or 9.
// Spaces, dots and hyphens are ignored. Normalised to 0xxxxxxxxx.
IdentityCheck normalise_phone(std::string_view s);

// Practical e-mail syntax (ASCII, one '@', a dotted domain); normalised to lowercase.
IdentityCheck normalise_email(std::string_view s);

// Password policy: 10–256 characters, at least one letter and one digit, not containing the username
// (case-insensitive) nor the local part of an e-mail username.
IdentityCheck check_password(std::string_view password, std::string_view username);

// Official login names chosen by an admin: 3–64 chars of a-z 0-9 . _ -, starting with a letter, so they
// can never collide with a citizen's e-mail or phone login.
IdentityCheck check_official_username(std::string_view s);

// Lowercases ASCII letters only (identifiers here are ASCII).
std::string ascii_lower(std::string_view s);

}  // namespace motcua::domain
